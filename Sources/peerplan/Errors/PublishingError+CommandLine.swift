import PeerPlanStore

extension PublishingError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .unknownSchool(let school): "--school: unknown school \"\(school)\""
        case .noSchedule(let school): "--school: no schedule for \(school) yet; run `peerplan schedule --school \(school)` first"
        case .teacherNotAtSchool(let teacher, let school): "--teacher: \(teacher) does not teach at \(school)"
        // Feeds are only rendered by `peerplan serve`, which logs these.
        case .noScheduleForTeacher(let teacher): "feed: no schedule for teacher \(teacher)"
        case .unknownPLC(let id): "feed: unknown PLC \(id)"
        case .nothingPublished(let audience): "feed: nothing published for \(audience)"
        case .cannotWriteFile(let path, let reason): "\(path): cannot write the file (\(reason))"
        }
    }
}
