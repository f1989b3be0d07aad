/// The `periods` value of a OneRoster class: `"1,2"`, `"1-3"`, `"2,4-5"`, `"A1"`.
public enum PeriodList {
    public struct ParseError: Error, Sendable, Equatable {
        public var message: String
    }

    /// Parses a period list into period names, in order, without duplicates.
    /// An empty value is an empty list (a class with no fixed period).
    public static func parse(_ text: String) throws(ParseError) -> [String] {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return [] }
        var names: [String] = []
        func fail() -> ParseError {
            ParseError(message: "\"\(text)\" is not a period list; expected period names separated by commas, with numeric ranges allowed, e.g. \"1,2\" or \"1-3\"")
        }
        for rawToken in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let token = String(rawToken).trimmingWhitespace()
            guard !token.isEmpty else { throw fail() }
            if token.contains("-") {
                let ends = token.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
                guard ends.count == 2, let low = Int(ends[0]), let high = Int(ends[1]),
                      ends[0].allSatisfy(\.isASCIIDigit), ends[1].allSatisfy(\.isASCIIDigit) else { throw fail() }
                guard low <= high, high - low < 24 else {
                    throw ParseError(message: "\"\(text)\": the range \(token) runs backwards or is too long; write it low-high, e.g. \"1-3\"")
                }
                for n in low...high where !names.contains(String(n)) { names.append(String(n)) }
            } else {
                guard token.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { throw fail() }
                if !names.contains(token) { names.append(token) }
            }
        }
        return names
    }
}

extension PeriodList {
    /// What a class's `periods` value means at its school.
    public enum Resolution: Sendable, Equatable {
        /// The periods the class meets in.
        case periods([String])
        /// The value matches neither the bell schedule's period names nor a period list; why.
        case unknown(String)
    }

    /// Reads a `periods` value against a school's period names (nil: the school has no bell
    /// schedule). The whole value, then each comma-separated part, is first matched against the
    /// names (so `2-1`, `A1` or `HR` are names when the bell schedule has them); what is not a
    /// name is read as a period or a numeric range. With a bell schedule, every period must be in it.
    public static func resolve(_ text: String, periodNames names: Set<String>?) -> Resolution {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .periods([]) }
        if let names, names.contains(trimmed) { return .periods([trimmed]) }
        var periods: [String] = []
        for rawToken in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let token = String(rawToken).trimmingWhitespace()
            if let names, names.contains(token) {
                if !periods.contains(token) { periods.append(token) }
                continue
            }
            do {
                let parsed = try parse(token.isEmpty ? "," : token)
                for period in parsed where !periods.contains(period) { periods.append(period) }
            } catch {
                return .unknown("\"\(text)\" is " + (names == nil ? "not a period list" : "neither a period name of the school's bell schedule nor a period list")
                                + " (\"\(token)\" is not a period or a low-high range such as 1-3)")
            }
        }
        if let names {
            let missing = periods.filter { !names.contains($0) }
            if !missing.isEmpty {
                let known = names.sorted { $0.localizedStandardLess($1) }
                return .unknown("period\(missing.count == 1 ? "" : "s") \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) "
                                + "\(missing.count == 1 ? "is" : "are") not in the school's bell schedule (it has \(known.joined(separator: ", ")))")
            }
        }
        return .periods(periods)
    }
}
