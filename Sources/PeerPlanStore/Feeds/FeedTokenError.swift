/// Why a feed token could not be issued or revoked.
package enum FeedTokenError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A token to revoke was given by fewer characters than `minimum`.
    case tooShort(minimum: Int)
    /// No active token starts with these characters (as lists show them: shortened).
    case noActiveToken(startingWith: String)
    /// More than one active token starts with these characters.
    case ambiguous(startingWith: String)
    /// A teacher's feed, but no teacher has this sourcedId.
    case unknownTeacher(String)
    /// A teacher's feed, but the teacher works at no school.
    case teacherWithoutSchool(String)
    /// A PLC team's feed, but no team has this id.
    case unknownPLC(Int64)

    package var description: String {
        switch self {
        case .tooShort(let minimum): "give the whole token, or at least its first \(minimum) characters"
        case .noActiveToken(let prefix): "no active feed token starts with \"\(prefix)\""
        case .ambiguous(let prefix): "more than one active feed token starts with \"\(prefix)\"; give the whole token"
        case .unknownTeacher(let teacher): "unknown teacher \"\(teacher)\""
        case .teacherWithoutSchool(let teacher): "teacher \"\(teacher)\" belongs to no school"
        case .unknownPLC(let id): "no PLC team \"\(id)\""
        }
    }
}
