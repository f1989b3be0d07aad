import PeerPlanStore

extension FeedTokenError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .tooShort(let minimum): "TOKEN: give the whole token, or at least its first \(minimum) characters"
        case .noActiveToken(let prefix): "TOKEN: no active feed token starts with \"\(prefix)\" (`peerplan feeds list` shows them)"
        case .ambiguous(let prefix): "TOKEN: more than one active feed token starts with \"\(prefix)\"; give the whole token"
        case .unknownTeacher(let teacher): "--teacher: unknown teacher \"\(teacher)\""
        case .teacherWithoutSchool(let teacher): "--teacher: teacher \"\(teacher)\" belongs to no school"
        case .unknownPLC(let id): "--plc: no PLC team \"\(id)\" (`peerplan plcs show --school S` lists the teams)"
        }
    }
}
