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

    /// The generation, read inside a read or write of the caller's. What it reads of other
    /// processes' commits is noted for `knownGeneration(maxAge:)`.
    func generation(_ db: Database) throws -> Generation {
        let generation = Generation(changes: db.totalChangesCount - bookkeeping.value, otherCommits: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
        watch.checked(otherCommits: generation.otherCommits)
        return generation
    }

    /// The generation without touching SQLite, for a server answering many requests from memory:
    /// this process's own writes are counted as they commit (a transaction observer), so they
    /// show at once; other processes' commits (`data_version`) as of the last time the store was
    /// read for its generation. nil when that was more than `maxAge` ago: the caller then reads
    /// `generation()` (which notes the new value). Only one caller at a time is given nil; the
    /// others keep the value known so far until that read has finished.
    package func knownGeneration(maxAge: Duration) -> Generation? {
        watch.known(maxAge: maxAge)
    }

    /// Lets another caller read the generation after the one given nil by `knownGeneration`
    /// failed to (a thrown error): without it, no caller would be asked again.
    package func abandonGenerationCheck() {
        watch.abandon()
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

/// What `Store.knownGeneration(maxAge:)` answers from: the changes this process's connection has
/// committed (updated by GRDB at every commit, after `bookkeepingWrite` has counted its rows) and
/// the last `data_version` read, with when it was read.
final class GenerationWatch: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private let bookkeeping: BookkeepingCount
    private var changes: Int
    private var otherCommits: Int?
    private var checkedAt: ContinuousClock.Instant?
    private var checking = false

    init(bookkeeping: BookkeepingCount, changes: Int) {
        self.bookkeeping = bookkeeping
        self.changes = changes
    }

    func known(maxAge: Duration) -> Store.Generation? {
        let now = ContinuousClock.now
        lock.lock()
        defer { lock.unlock() }
        guard let otherCommits, let checkedAt else {
            if checking { return nil }
            checking = true
            return nil
        }
        let generation = Store.Generation(changes: changes, otherCommits: otherCommits)
        if now - checkedAt <= maxAge || checking { return generation }
        checking = true
        return nil
    }

    func checked(otherCommits: Int) {
        let now = ContinuousClock.now
        lock.lock()
        self.otherCommits = otherCommits
        checkedAt = now
        checking = false
        lock.unlock()
    }

    func abandon() {
        lock.lock()
        checking = false
        lock.unlock()
    }

    // Only commits matter: what changed is read from the connection's total-changes count.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { note(db) }
    // Rolled-back rows still count in SQLite's total (as `generation()` reads it): noted too, so
    // both agree.
    func databaseDidRollback(_ db: Database) { note(db) }

    private func note(_ db: Database) {
        let total = db.totalChangesCount - bookkeeping.value
        lock.lock()
        changes = total
        lock.unlock()
    }
}
