import Foundation
import GRDB

/// Backups of a live store and restoring them, with SQLite's online backup API (through GRDB's
/// `backup(to:)`): the copy is one consistent snapshot — the pages as of one read transaction —
/// even while `peerplan serve` or another command writes, and it never blocks them for long
/// (WAL readers do not block the writer).
package enum StoreBackup {
    /// What a backup or a check found.
    package struct Summary: Sendable, Equatable {
        package var path: String
        package var bytes: Int64
        /// The newest schema step the file holds (`v11-…`).
        package var schema: String
        /// Schema steps this PeerPlan would still apply when the file is opened (an older backup).
        package var pending: [String]
    }

    /// Copies the store to a new file `destination` (never overwriting one): first to a temporary
    /// file beside it, checked (`PRAGMA integrity_check`), switched to a self-contained rollback
    /// journal (no `-wal` file to carry along), flushed, then renamed into place, so `destination`
    /// is either absent or a whole backup.
    package static func backup(_ store: Store, to destination: String) throws -> Summary {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: destination) else { throw BackupError.destinationExists(destination) }
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent()
        try? manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = destination + ".partial-\(getpid())"
        try? manager.removeItem(atPath: temporary)
        do {
            do {
                let copy = try DatabaseQueue(path: temporary)
                try store.writer.backup(to: copy)
                try copy.writeWithoutTransaction { db in
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                }
                try copy.close()
            } catch let error as DatabaseError {
                throw BackupError.copyFailed(path: destination, reason: error.message ?? "\(error)")
            }
            _ = try check(temporary)
            try flush(temporary)
            guard !manager.fileExists(atPath: destination) else { throw BackupError.destinationExists(destination) }
            guard rename(temporary, destination) == 0 else {
                throw BackupError.copyFailed(path: destination, reason: String(cString: strerror(errno)))
            }
            try flush(folder.path)
        } catch {
            try? manager.removeItem(atPath: temporary)
            try? manager.removeItem(atPath: temporary + "-journal")
            throw error
        }
        var summary = try check(destination)
        summary.path = destination
        return summary
    }

    /// Checks a backup without changing it: an SQLite file that passes `PRAGMA integrity_check`,
    /// with PeerPlan's schema steps, none of them unknown to this PeerPlan.
    package static func check(_ path: String) throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.notADatabase(path: path, reason: "no such file") }
        var configuration = Configuration()
        configuration.readonly = true
        let applied: [String]
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let problems = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(20)") }
            guard problems == ["ok"] else { throw BackupError.damaged(path: path, problems: problems) }
            applied = try queue.read { db -> [String]? in
                guard try db.tableExists("grdb_migrations") else { return nil }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            } ?? []
        } catch let error as DatabaseError {
            throw BackupError.notADatabase(path: path, reason: error.message ?? "\(error)")
        }
        let known = Migrations.migrator.migrations
        guard !applied.isEmpty, applied.contains(known[0]) else { throw BackupError.notPeerPlan(path) }
        let unknown = applied.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else { throw BackupError.newerSchema(path: path, unknown: unknown) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return Summary(path: path, bytes: size, schema: known.last { applied.contains($0) } ?? known[0],
                       pending: known.filter { !applied.contains($0) })
    }

    /// Replaces the store at `target` with the backup `source`, after `check(source)` passes
    /// (otherwise nothing is touched). The pages are copied into the live database with the same
    /// backup API, under its write lock, so a server running on `target` sees the restored data
    /// at its next read (no file is swapped under it); an older backup's missing schema steps are
    /// then applied. The database being replaced is first saved as `keepPrevious` when given.
    package static func restore(_ source: String, into target: String, keepPrevious: String?) throws -> Summary {
        let summary = try check(source)
        var configuration = Configuration()
        configuration.readonly = true
        let existed = FileManager.default.fileExists(atPath: target)
        let store = try Store(path: target)
        if existed, let keepPrevious { _ = try backup(store, to: keepPrevious) }
        do {
            let from = try DatabaseQueue(path: source, configuration: configuration)
            defer { try? from.close() }
            try from.backup(to: store.writer)
            try Migrations.migrator.migrate(store.writer)
        } catch let error as DatabaseError {
            throw BackupError.copyFailed(path: target, reason: error.message ?? "\(error)")
        }
        let problems = try store.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(20)") }
        guard problems == ["ok"] else { throw BackupError.damaged(path: target, problems: problems) }
        return summary
    }

    /// fsync of a file or folder, so a rename survives a power cut.
    static func flush(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BackupError.copyFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw BackupError.copyFailed(path: path, reason: String(cString: strerror(errno))) }
    }
}
