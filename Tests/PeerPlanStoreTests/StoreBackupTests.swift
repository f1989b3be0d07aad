import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// `StoreBackup`: consistent copies of a live store, and restores that check first.
@Suite struct StoreBackupTests {
    let tmp: TempDir
    let dbPath: String
    let store: Store

    init() throws {
        tmp = try TempDir()
        dbPath = tmp.path("live.sqlite").path
        store = try importFixture(db: dbPath, config: try loadTestConfig())
    }

    func count(_ store: Store, _ table: String) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    func count(file: String, _ table: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: file, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func aBackupTakenWhileAnotherConnectionWritesHoldsWholeTransactionsOnly() throws {
        // A second connection (as `peerplan serve` would be) commits two audit rows per
        // transaction while backups are taken: each backup must hold an even number of them.
        let writer = try Store(path: dbPath)
        final class Flag: @unchecked Sendable { let lock = NSLock(); var stop = false; var commits = 0; var failure: String? }
        let flag = Flag()
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: the shared queues may be busy with other suites' work.
        Thread.detachNewThread {
            while true {
                flag.lock.lock(); let stop = flag.stop; flag.lock.unlock()
                if stop { break }
                do {
                    try writer.writer.write { db in
                        for k in 0..<2 {
                            try db.execute(sql: "INSERT INTO auditEntry (at, actor, action, details) VALUES ('2026-09-01T00:00:00Z', 'test', 'pair', ?)", arguments: ["\(k)"])
                        }
                    }
                    flag.lock.lock(); flag.commits += 1; flag.lock.unlock()
                } catch {
                    flag.lock.lock(); flag.failure = flag.failure ?? "\(error)"; flag.lock.unlock()
                }
            }
            done.signal()
        }
        func commits() -> Int { flag.lock.lock(); defer { flag.lock.unlock() }; return flag.commits }
        var counts: [Int] = []
        for k in 0..<5 {
            // Each backup is taken while the writer is going: wait for a few more commits first.
            let seen = commits()
            let deadline = Date().addingTimeInterval(30)
            while commits() < seen + 3 && Date() < deadline { usleep(1_000) }
            let file = tmp.path("backup-\(k).sqlite").path
            let summary = try StoreBackup.backup(store, to: file)
            #expect(summary.pending.isEmpty && summary.schema == Migrations.migrator.migrations.last)
            counts.append(try count(file: file, "auditEntry"))
            #expect(try count(file: file, "teacher") == count(store, "teacher"))
            // Self-contained: a rollback journal, no -wal beside it.
            #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
            #expect(try DatabaseQueue(path: file).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        }
        flag.lock.lock(); flag.stop = true; flag.lock.unlock()
        done.wait()
        #expect(flag.commits > 0 && flag.failure == nil, "\(flag.failure ?? "")")
        #expect(counts.allSatisfy { $0 % 2 == 0 }, "a backup holds half a transaction: \(counts)")
        #expect(counts == counts.sorted() && Set(counts).count > 1, "\(counts)")
    }

    @Test func aBackupNeverOverwritesAFile() throws {
        let file = tmp.path("exists.sqlite").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: BackupError.destinationExists(file)) { try StoreBackup.backup(store, to: file) }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).filter { $0.contains("partial") }.isEmpty)
    }

    @Test func restoreBringsBackTheBackupAndKeepsWhatItReplaced() throws {
        let backup = tmp.path("before.sqlite").path
        _ = try StoreBackup.backup(store, to: backup)
        let teachers = try count(store, "teacher")
        // A change after the backup, seen by a connection that stays open (a running server).
        let server = try Store(path: dbPath)
        try store.writer.write { db in try db.execute(sql: "DELETE FROM teacherSchool WHERE teacherId = 't-mid-02'") }
        #expect(try server.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacherSchool WHERE teacherId = 't-mid-02'") } == 0)
        let previous = tmp.path("previous.sqlite").path
        let summary = try StoreBackup.restore(backup, into: dbPath, keepPrevious: previous)
        #expect(summary.schema == Migrations.migrator.migrations.last)
        // The open connection sees the restored data at its next read.
        #expect(try server.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacherSchool WHERE teacherId = 't-mid-02'") }! > 0)
        #expect(try count(server, "teacher") == teachers)
        // What was replaced is kept.
        var readOnly = Configuration()
        readOnly.readonly = true
        let kept = try DatabaseQueue(path: previous, configuration: readOnly)
        #expect(try kept.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacherSchool WHERE teacherId = 't-mid-02'") } == 0)
        try kept.close()
        #expect(try server.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func restoreRefusesADamagedFileAndChangesNothing() throws {
        let backup = tmp.path("damaged.sqlite").path
        _ = try StoreBackup.backup(store, to: backup)
        // Garbage over a page in the middle (page 1, the header, is left alone).
        var bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        #expect(bytes.count > 40 * 4096)
        for k in (20 * 4096)..<(21 * 4096) { bytes[k] = UInt8(truncatingIfNeeded: k &* 31) }
        try bytes.write(to: URL(fileURLWithPath: backup))
        try store.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let before = try Data(contentsOf: URL(fileURLWithPath: dbPath))
        do {
            _ = try StoreBackup.restore(backup, into: dbPath, keepPrevious: tmp.path("kept.sqlite").path)
            Issue.record("a damaged backup was restored")
        } catch let error as BackupError {
            switch error {
            case .damaged, .notADatabase: break
            default: Issue.record("unexpected \(error)")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dbPath)) == before)
        #expect(!FileManager.default.fileExists(atPath: tmp.path("kept.sqlite").path))
    }

    @Test func restoreRefusesWhatIsNotAPeerPlanStoreOfAKnownSchema() throws {
        let other = tmp.path("other.sqlite").path
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: BackupError.notPeerPlan(other)) { try StoreBackup.restore(other, into: dbPath, keepPrevious: nil) }

        let text = tmp.path("text.sqlite").path
        try Data("not a database at all, just text that is long enough to be read as a header....".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: BackupError.self) { try StoreBackup.check(text) }

        let newer = tmp.path("newer.sqlite").path
        _ = try StoreBackup.backup(store, to: newer)
        try DatabaseQueue(path: newer).write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(throws: BackupError.newerSchema(path: newer, unknown: ["v99-from-the-future"])) { try StoreBackup.restore(newer, into: dbPath, keepPrevious: nil) }
        #expect(try count(store, "teacher") > 0)
    }

    @Test func anOlderBackupIsBroughtUpToDateWhenRestored() throws {
        let old = tmp.path("old.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try Migrations.migrator.migrate(queue, upTo: "v10-web-accounts")
        try queue.close()
        let summary = try StoreBackup.check(old)
        #expect(summary.schema == "v10-web-accounts" && summary.pending == Array(Migrations.migrator.migrations.drop { $0 != "v11-feed-token-hashes" }))
        let fresh = tmp.path("fresh.sqlite").path
        _ = try StoreBackup.restore(old, into: fresh, keepPrevious: tmp.path("none.sqlite").path)
        #expect(try StoreBackup.check(fresh).pending.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: tmp.path("none.sqlite").path))  // nothing was there to keep
    }
}
