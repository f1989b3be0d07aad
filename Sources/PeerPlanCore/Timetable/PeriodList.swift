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
