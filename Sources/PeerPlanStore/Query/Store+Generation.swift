import Foundation
import GRDB

extension Store {
    /// A value that changes whenever data a page shows changes: rows changed through this
    /// process's connection (SQLite's total-changes count, which — unlike update hooks — also
    /// counts WITHOUT ROWID tables) less those changed by `bookkeepingWrite` (sessions, sign-in
    /// attempts), and commits by other processes (SQLite's `data_version`). Equal generations mean
    /// a page built from the store is still right (the web app's page cache relies on it).
    package func generation() throws -> Generation {
        try writer.read { db in try generation(db) }
    }

    /// The generation, read inside a read or write of the caller's.
    func generation(_ db: Database) throws -> Generation {
        Generation(changes: db.totalChangesCount - bookkeeping.value, otherCommits: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
    }

    /// A write that changes no page — a session's last-seen time, a sign-in attempt, the audit
    /// line of a sign-in — counted apart so that it does not make the pages look changed.
    func bookkeepingWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write { db in
            let before = db.totalChangesCount
            let result = try body(db)
            bookkeeping.add(db.totalChangesCount - before)
            return result
        }
    }

    package struct Generation: Hashable, Sendable {
        var changes: Int
        var otherCommits: Int
    }
}

/// Rows changed by bookkeeping writes, since the store was opened.
final class BookkeepingCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func add(_ n: Int) {
        lock.lock()
        count += n
        lock.unlock()
    }
}
