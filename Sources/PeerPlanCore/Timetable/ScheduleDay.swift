/// A day of a school's bell schedule: a weekday, or a rotation day ("A", "B") of a block schedule.
public enum ScheduleDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    case weekday(Weekday)
    case rotation(String)

    /// Parses `Mon`, `monday`, `MONDAY`, … or a rotation label of one or two letters/digits.
    public init?(parsing text: String) {
        // Fast path: the canonical forms the store holds.
        switch text {
        case "Mon": self = .weekday(.monday); return
        case "Tue": self = .weekday(.tuesday); return
        case "Wed": self = .weekday(.wednesday); return
        case "Thu": self = .weekday(.thursday); return
        case "Fri": self = .weekday(.friday); return
        case "A": self = .rotation("A"); return
        case "B": self = .rotation("B"); return
        default: break
        }
        let trimmed = text.trimmingWhitespace()
        if let weekday = Weekday(parsing: trimmed) {
            self = .weekday(weekday)
            return
        }
        let upper = trimmed.uppercased()
        guard (1...2).contains(upper.count),
              upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        self = .rotation(upper)
    }

    /// The canonical text stored in the database and written to files.
    public var description: String {
        switch self {
        case .weekday(let w): return w.shortName
        case .rotation(let label): return label
        }
    }

    public var isWeekday: Bool {
        if case .weekday = self { return true }
        return false
    }

    public static func < (lhs: ScheduleDay, rhs: ScheduleDay) -> Bool {
        switch (lhs, rhs) {
        case (.weekday(let a), .weekday(let b)): return a < b
        case (.rotation(let a), .rotation(let b)): return a < b
        case (.weekday, .rotation): return true
        case (.rotation, .weekday): return false
        }
    }
}

/// ISO weekday order, Monday first.
public enum Weekday: Int, CaseIterable, Sendable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var shortName: String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue - 1]
    }

    public var fullName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }

    public init?(parsing text: String) {
        let lower = text.lowercased()
        for day in Weekday.allCases {
            let full = day.fullName.lowercased()
            if lower == full || lower == String(full.prefix(3)) || (lower.count >= 3 && full.hasPrefix(lower)) {
                self = day
                return
            }
        }
        return nil
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension String {
    /// Trims spaces, tabs and line ends (Foundation-free).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
