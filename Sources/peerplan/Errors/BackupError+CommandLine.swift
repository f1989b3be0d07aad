import PeerPlanStore

extension BackupError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .destinationExists(let path): "--to: \(path) exists already; a backup never overwrites a file (give a new name, e.g. with the date)"
        case .newerSchema: description + "; restore it with that version of `peerplan`"
        default: description
        }
    }
}
