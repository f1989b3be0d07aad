import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// The commands that work school by school read schools on several read-only connections at
/// once, under the write lock (`Store.readInParallel`): what they record must not depend on it.
@Suite struct ParallelReadsTests {
    let config: PeerPlanConfig

    init() throws { config = try loadTestConfig() }

    /// The main file and its WAL, as they are on disk now.
    func fileBytes(_ db: String) -> [Data] {
        [db, db + "-wal"].map { FileManager.default.contents(atPath: $0) ?? Data() }
    }

    @Test func openingAndReadingOnReadersChangesNoByteOfTheFile() throws {
        let tmp = try TempDir()
        let db = tmp.path("readers.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        let closed = try databaseBytes(db)
        do {
            let store = try Store(path: db, readers: 3)
            let open = fileBytes(db)
            let counts = try store.writeLocked { writer in
                try store.readInParallel(7, on: writer) { reader, k in
                    // A reader cannot write.
                    #expect(throws: DatabaseError.self) { try reader.execute(sql: "DELETE FROM rubric") }
                    return try Int.fetchOne(reader, sql: "SELECT COUNT(*) + ? FROM teacher", arguments: [k])!
                }
            }
            let teachers = try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM teacher")! }
            #expect(teachers > 0 && counts == (0..<7).map { teachers + $0 })
            #expect(fileBytes(db) == open, "reading on the readers changed the file or its WAL")
        }
        #expect(try databaseBytes(db) == closed, "the store changed after reading on readers")
    }

    @Test func theFirstFailingItemDecidesTheError() throws {
        let tmp = try TempDir()
        let store = try importFixture(db: tmp.path("errors.sqlite").path, config: config)
        struct Failed: Error, Equatable { var item: Int }
        for readers in [1, 2, 3] {
            let reading = try Store(path: store.path, readers: readers)
            #expect(throws: Failed(item: 4)) {
                try reading.writeLocked { writer in
                    try reading.readInParallel(9, on: writer) { _, k in if k == 4 || k == 7 || k == 8 { throw Failed(item: k) } }
                }
            }
        }
    }

    /// One school's teachers, read alone (as a reader does), are the teachers the whole read gives that school.
    @Test func aSchoolReadAloneHasTheTeachersOfTheWholeRead() throws {
        let tmp = try TempDir()
        let store = try importFixture(db: tmp.path("alone.sqlite").path, config: config)
        try store.writer.read { db in
            let rubrics = try Rubric.stored(db)
            let schools = try PairingStore.schools(db).map(\.id)
            #expect(schools.count == 3)
            let (all, everyone) = try PairingStore.loadTeachers(db, schools: Set(schools))
            var seen = 0
            for school in schools {
                let (alone, people) = try PairingStore.loadTeachers(db, school: school, rubrics: rubrics)
                #expect(!alone.isEmpty)
                #expect(alone == all.filter { $0.school == school }, "\(school)")
                #expect(people == everyone.filter { $0.value.school == school }, "\(school)")
                seen += alone.count
            }
            #expect(seen == all.count)
            #expect(all.contains { !$0.scores.isEmpty } && all.contains { !$0.freeSlots.isEmpty } && all.contains { !$0.subjects.isEmpty })
        }
    }

    /// What the weekly job records (pairs, PLC teams, schedules) with every school read on the
    /// writer, and with schools read on three connections at once.
    func weeklyJob(readers: Int, in tmp: TempDir) throws -> [String: [String]] {
        let db = tmp.path("job-\(readers).sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        let store = try Store(path: db, readers: readers)
        let pairing = PairingStore(store: store, config: config)
        let proposals = try pairing.propose(schools: nil, policy: config.pairing)
        for proposal in proposals { try pairing.accept(school: proposal.school, runId: proposal.runId) }
        let teams = try PLCStore(store: store).proposeAll()
        let schools = proposals.map(\.school)
        let outcomes = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        #expect(teams.map(\.school) == schools && outcomes.map(\.school) == schools)
        #expect(proposals.compactMap(\.runId) == proposals.compactMap(\.runId).sorted())
        return try store.writer.read { db in
            var tables: [String: [String]] = [:]
            for (table, order) in [("run", "id"), ("pairingProposal", "runId"), ("proposedPair", "runId, targetId"), ("unmatchedTarget", "runId, teacherId"),
                                   ("plc", "id"), ("plcMember", "plcId, teacherId"), ("scheduleRun", "runId"),
                                   ("scheduledSession", "runId, meetingId, session"), ("unplacedSession", "runId, meetingId, session")] {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map { row in
                    // When each run started is the one thing that may differ.
                    row.columnNames.filter { $0 != "startedAt" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|")
                }
            }
            return tables
        }
    }

    @Test func theWeeklyJobRecordsTheSameWithParallelReaders() throws {
        let tmp = try TempDir()
        let one = try weeklyJob(readers: 1, in: tmp), three = try weeklyJob(readers: 3, in: tmp)
        #expect(one["proposedPair"]!.count > 5 && one["plcMember"]!.count > 5 && one["scheduledSession"]!.count > 10)
        for table in one.keys.sorted() { #expect(one[table] == three[table], "\(table)") }
    }

    /// While a command reads on its readers and solves, it holds the write lock: another connection
    /// (another process) cannot commit between its reads and its recording.
    @Test func noOtherConnectionCanWriteWhileACommandReadsOnItsReaders() throws {
        let tmp = try TempDir()
        let db = tmp.path("lock.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        let store = try Store(path: db, readers: 2)
        final class Attempts: @unchecked Sendable {
            let lock = NSLock()
            var outcomes: [String] = []
            let other: DatabaseQueue
            init(_ other: DatabaseQueue) { self.other = other }
            func attempt() {
                // No busy timeout: the write lock is either free now or refused.
                let outcome: String
                do {
                    try other.writeWithoutTransaction { db in
                        try db.inTransaction(.immediate) {
                            try db.execute(sql: "UPDATE teacher SET participationNote = 'sneaked in' WHERE rowid = 1")
                            return .commit
                        }
                    }
                    outcome = "wrote"
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    outcome = "busy"
                } catch { outcome = "\(error)" }
                lock.lock()
                outcomes.append(outcome)
                lock.unlock()
            }
        }
        let attempts = Attempts(try DatabaseQueue(path: db))
        let pairing = PairingStore(store: store, config: config)
        let proposals = try pairing.propose(schools: nil, policy: config.pairing) { _ in attempts.attempt() }
        for proposal in proposals { try pairing.accept(school: proposal.school, runId: proposal.runId) }
        _ = try PLCStore(store: store).proposeAll { _ in attempts.attempt() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: proposals.map(\.school)) { _ in attempts.attempt() }
        #expect(attempts.outcomes == Array(repeating: "busy", count: 9))
        // Once the command is done, the other connection writes.
        attempts.attempt()
        #expect(attempts.outcomes.last == "wrote")
    }
}
