/// Number formatting for formulas and reports, without Foundation (Core does no I/O and has no
/// locale): `$4,240.00`, `134.5`, `1.149`.
package enum CostFormat {
    /// Money with two decimals and thousands separators: `$4,240.00`, `-$12.50`.
    package static func money(_ value: Double, symbol: String = "$") -> String {
        guard value.isFinite else { return "\(value)" }
        let cents = Int64((abs(value) * 100).rounded())
        let whole = grouped(cents / 100)
        let fraction = cents % 100
        return (value < 0 && cents != 0 ? "-" : "") + symbol + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// A plain number with up to `decimals` decimals, trailing zeros dropped: `36`, `134.5`, `1.149`.
    package static func number(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let unit = Int64(scale)
        let whole = scaled / unit
        var fraction = String(scaled % unit)
        while fraction.count < decimals { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (value < 0 && scaled != 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Hours with one decimal: `27 h`, `13.5 h`.
    package static func hours(_ value: Double) -> String { number(value, decimals: 1) + " h" }

    /// A fixed number of decimals (for CSV): `4240.00`.
    package static func fixed(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let unit = Int64(scale)
        var fraction = String(scaled % unit)
        while fraction.count < decimals { fraction = "0" + fraction }
        return (value < 0 && scaled != 0 ? "-" : "") + String(scaled / unit) + (decimals > 0 ? "." + fraction : "")
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(n)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
