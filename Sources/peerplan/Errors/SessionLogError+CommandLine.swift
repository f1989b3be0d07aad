import PeerPlanStore

extension SessionLogError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .unknownMeeting(_, let school):
            "--meeting: \(description); `peerplan schedule show --school \(school) --format json` lists its meetings"
        case .notScheduledOn:
            "--date: \(description)"
        }
    }
}
