/// Why a backup could not be made, or a file could not be restored. Nothing was changed.
package enum BackupError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The backup's destination exists already: a backup never overwrites a file.
    case destinationExists(String)
    /// The file cannot be read as an SQLite database.
    case notADatabase(path: String, reason: String)
    /// SQLite's `PRAGMA integrity_check` found problems (its first lines).
    case damaged(path: String, problems: [String])
    /// An SQLite database, but not a PeerPlan one (no schema migrations recorded).
    case notPeerPlan(String)
    /// Made by a newer PeerPlan: it has schema steps this one does not know.
    case newerSchema(path: String, unknown: [String])
    /// Copying the pages failed.
    case copyFailed(path: String, reason: String)

    package var description: String {
        switch self {
        case .destinationExists(let path): "\(path) exists already; a backup never overwrites a file"
        case .notADatabase(let path, let reason): "\(path) is not a readable SQLite database (\(reason))"
        case .damaged(let path, let problems): "\(path) is damaged: " + problems.joined(separator: "; ")
        case .notPeerPlan(let path): "\(path) is an SQLite database but not a PeerPlan one (it records no PeerPlan schema)"
        case .newerSchema(let path, let unknown): "\(path) was made by a newer PeerPlan (schema steps \(unknown.joined(separator: ", ")) are unknown to this one)"
        case .copyFailed(let path, let reason): "could not copy to \(path): \(reason)"
        }
    }
}
