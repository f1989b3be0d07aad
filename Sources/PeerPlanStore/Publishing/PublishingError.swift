import PeerPlanCore

/// Why a school's calendars could not be published (exported or served as a feed).
package enum PublishingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No school with this sourcedId.
    case unknownSchool(String)
    /// The school has no weekly pattern yet.
    case noSchedule(school: String)
    /// A teacher's own calendar was asked for at a school where they do not work.
    case teacherNotAtSchool(teacher: String, school: String)
    /// A teacher's feed, but none of their schools has a weekly pattern yet.
    case noScheduleForTeacher(String)
    /// A PLC team's feed, but there is no team with this id.
    case unknownPLC(Int64)
    /// The calendar asked for has nothing to publish (a PLC team missing from the schedule).
    case nothingPublished(CalendarAudience)
    /// A calendar file could not be written (`reason`: the system's words).
    case cannotWriteFile(path: String, reason: String)

    package var description: String {
        switch self {
        case .unknownSchool(let school): "unknown school \"\(school)\""
        case .noSchedule(let school): "no schedule for \(school) yet"
        case .teacherNotAtSchool(let teacher, let school): "\(teacher) does not teach at \(school)"
        case .noScheduleForTeacher(let teacher): "no schedule for teacher \(teacher)"
        case .unknownPLC(let id): "unknown PLC \(id)"
        case .nothingPublished(let audience): "nothing published for \(audience)"
        case .cannotWriteFile(let path, let reason): "\(path): cannot write the file (\(reason))"
        }
    }
}
