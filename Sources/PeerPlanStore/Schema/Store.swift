import Foundation
import GRDB

/// The PeerPlan SQLite store: one file, one `DatabaseQueue` in WAL mode, foreign keys on.
///
/// A queue rather than a `DatabasePool`: GRDB's pool creates and drops a table each time it
/// opens a file whose WAL is empty, so merely opening the store would change its bytes, and a
/// failed or no-op import must leave the file exactly as it was.
public final class Store: Sendable {
    /// The database, for this module only: every query of PeerPlan lives in PeerPlanStore (tests
    /// reach it with `@testable import`).
    let writer: DatabaseQueue
    public let path: String
    /// Rows changed by writes that change no page, for `generation()`.
    let bookkeeping = BookkeepingCount()
    /// The generation as known without reading SQLite (`knownGeneration(maxAge:)`).
    let watch: GenerationWatch
    /// How many connections read schools at once in the commands that work school by school
    /// (`readInParallel`): one per core by default; 1 reads them all on the writer.
    let readers: Int

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// `readers`: how many connections read schools at once (default: one per core).
    public init(path: String, readers: Int? = nil) throws {
        self.path = path
        self.readers = max(1, readers ?? ProcessInfo.processInfo.activeProcessorCount)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "PeerPlan"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL is persistent: on a store already in WAL mode this writes nothing.
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else { throw DatabaseError(message: "could not turn on WAL mode for \(path)") }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let writer = try DatabaseQueue(path: path, configuration: configuration)
        try Migrations.migrator.migrate(writer)
        let watch = GenerationWatch(bookkeeping: bookkeeping, changes: try writer.read { $0.totalChangesCount })
        writer.add(transactionObserver: watch, extent: .databaseLifetime)
        self.writer = writer
        self.watch = watch
    }

}
