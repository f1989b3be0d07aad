/// What a bell-schedule period is used for. Only `instruction` periods can be free periods.
public enum PeriodKind: String, CaseIterable, Sendable, Codable {
    case instruction
    case lunch
    case passing
    case advisory
    case beforeSchool = "before-school"
    case afterSchool = "after-school"

    /// Case-insensitive; accepts `before_school`, `Before School` as well.
    public init?(parsing text: String) {
        let normalized = text.trimmingWhitespace().lowercased()
            .replacingAll("_", with: "-").replacingAll(" ", with: "-")
        guard let kind = PeriodKind(rawValue: normalized) else { return nil }
        self = kind
    }
}

/// A school-calendar day that is not an ordinary instructional day.
public enum CalendarDayKind: String, CaseIterable, Sendable, Codable {
    case holiday
    case `break`
    case noSchool = "no-school"
    case earlyRelease = "early-release"
    case testing
    /// An ordinary instructional day, listed only to give its rotation day.
    case instruction

    public init?(parsing text: String) {
        let normalized = text.trimmingWhitespace().lowercased()
            .replacingAll("_", with: "-").replacingAll(" ", with: "-")
        guard let kind = CalendarDayKind(rawValue: normalized) else { return nil }
        self = kind
    }

    /// No sessions at all take place on this day.
    public var hasNoSessions: Bool {
        self == .holiday || self == .break || self == .noSchool
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
