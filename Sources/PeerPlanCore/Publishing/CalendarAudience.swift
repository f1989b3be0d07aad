/// Whose calendar: one teacher's, a whole school's, or one PLC team's. The one name for it
/// everywhere: what a feed token opens, what a feed serves, which calendars an export writes.
public enum CalendarAudience: Hashable, Sendable {
    /// A teacher's own calendar (their sourcedId): every session they are in, at every school.
    case teacher(String)
    /// A school's calendar (its sourcedId): every published session there, for its principal.
    case school(String)
    /// A PLC team's calendar, by the team's id (`plc.id`). A team is known in calendars by its
    /// name, so the id stands for every scheduled team of that school with the same name.
    case plc(Int64)

    /// The kind of audience without its id: how tokens store it and how lists print it.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case teacher, school, plc
    }

    public var kind: Kind {
        switch self {
        case .teacher: .teacher
        case .school: .school
        case .plc: .plc
        }
    }

    /// The id as text: a teacher's or school's sourcedId, a PLC team's number.
    public var subject: String {
        switch self {
        case .teacher(let id), .school(let id): id
        case .plc(let id): String(id)
        }
    }

    /// The audience of a kind and an id as text; nil when a PLC id is not a number.
    public init?(kind: Kind, subject: String) {
        switch kind {
        case .teacher: self = .teacher(subject)
        case .school: self = .school(subject)
        case .plc:
            guard let id = Int64(subject) else { return nil }
            self = .plc(id)
        }
    }
}

extension CalendarAudience: CustomStringConvertible {
    /// `teacher t-mid-02`, `school sch-mid`, `plc 7`.
    public var description: String { "\(kind.rawValue) \(subject)" }
}

extension CalendarAudience: Codable {
    private enum CodingKeys: String, CodingKey { case kind, subject }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let subject = try container.decode(String.self, forKey: .subject)
        guard let audience = CalendarAudience(kind: kind, subject: subject) else {
            throw DecodingError.dataCorruptedError(forKey: .subject, in: container, debugDescription: "a PLC team's id is a number, not \"\(subject)\"")
        }
        self = audience
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(subject, forKey: .subject)
    }
}
