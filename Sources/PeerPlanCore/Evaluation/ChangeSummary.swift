/// n, mean and 95% interval of a set of score changes (the mean ± t(0.975, n−1) · s/√n, with the
/// sample standard deviation s). Pure arithmetic, so a reader can redo it by hand.
public struct ChangeSummary: Sendable, Codable, Equatable {
    public var n: Int
    /// nil when there is no change to average.
    public var mean: Double?
    /// [low, high]; nil with fewer than two changes (no spread to estimate).
    public var ci95: [Double]?

    public init(n: Int, mean: Double?, ci95: [Double]?) {
        self.n = n
        self.mean = mean
        self.ci95 = ci95
    }

    public static func of(_ changes: [Double]) -> ChangeSummary {
        let n = changes.count
        guard n > 0 else { return ChangeSummary(n: 0, mean: nil, ci95: nil) }
        let mean = changes.reduce(0, +) / Double(n)
        guard n > 1 else { return ChangeSummary(n: 1, mean: mean, ci95: nil) }
        let variance = changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let half = tQuantile975(degreesOfFreedom: n - 1) * (variance / Double(n)).squareRoot()
        return ChangeSummary(n: n, mean: mean, ci95: [mean - half, mean + half])
    }

    /// The 97.5th percentile of Student's t: tabulated to four decimals for 1–30 degrees of
    /// freedom, above that the Cornish–Fisher expansion about the normal's 1.959964 (within
    /// 0.0001 of the exact value from 30 on).
    public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                               2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                               2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423]
        precondition(df >= 1, "degrees of freedom must be at least 1")
        if df <= table.count { return table[df - 1] }
        let z = 1.959964, v = Double(df)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }
}
