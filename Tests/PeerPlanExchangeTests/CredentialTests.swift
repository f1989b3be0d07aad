import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
@testable import PeerPlanStore
import Testing
@testable import PeerPlanExchange

@Suite struct CredentialTests {
    @Test func attachingToPairsPicksTheTeachersWorkingOnThoseSkills() throws {
        let f = try ScheduledFixture()
        let mcs = CredentialStore(store: f.store, config: f.config)
        let focus = try f.store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT p.targetId, p.focus FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId WHERE c.schoolId = 'sch-mid' AND c.active = 1")
        }
        let expected = focus.filter { row in ["team/questioning", "team/thinking"].contains { (row[1] as String).lowercased().contains($0) } }.map { $0[0] as String }.sorted()
        let made = try mcs.attach(credential: "mc-questioning", teacher: nil, pairsOf: "sch-mid", term: "term-fall-2026", start: CalendarDate(parsing: "2026-08-17"))
        #expect(made.map(\.teacher).sorted() == expected)
        #expect(!made.isEmpty)
        // Attaching again changes nothing.
        #expect(try mcs.attach(credential: "mc-questioning", teacher: nil, pairsOf: "sch-mid", term: "term-fall-2026", start: nil).isEmpty)
        #expect(throws: StoreError.self) { try mcs.attach(credential: "mc-nope", teacher: "t-mid-02", pairsOf: nil, term: nil, start: nil) }
        #expect(throws: StoreError.unknownTeacher("t-nobody")) { try mcs.attach(credential: "mc-questioning", teacher: "t-nobody", pairsOf: nil, term: nil, start: nil) }
    }

    @Test func checkpointsAreAllDayEventsInTheTeachersOwnCalendarOnly() throws {
        let f = try ScheduledFixture()
        let mcs = CredentialStore(store: f.store, config: f.config)
        let a = try #require(try mcs.attach(credential: "mc-academic-feedback", teacher: "t-mid-02", pairsOf: nil, term: "term-fall-2026", start: CalendarDate(parsing: "2026-08-17")).first)
        #expect(a.checkpoints.count == 7) // 5 evidence, final, review
        let docs = try f.export("sch-mid")
        let mine = try #require(docs.first { $0.audience == .teacher("t-mid-02") })
        let parsed = try ICalendarReader.parse(mine.text)
        let checkpoints = parsed.events.filter { $0.summary?.hasPrefix("Micro-credential: Actionable Academic Feedback") == true }
        #expect(checkpoints.count == 7)
        #expect(checkpoints.allSatisfy { $0.start?.isDate == true && $0.end?.value.date == $0.start?.value.date.adding(days: 1) })
        #expect(Set(checkpoints.compactMap { $0.start?.value.date }) == Set(a.checkpoints.map(\.date)))
        for doc in docs where doc.audience != .teacher("t-mid-02") { #expect(!doc.text.contains("Micro-credential")) }

        // Awarded early: later checkpoints are cancelled, and only those events change (SEQUENCE + 1).
        let before = eventBlocks(mine.text)
        let awarded = try mcs.record(teacher: "t-mid-02", credential: "mc-academic-feedback", status: .awarded, on: CalendarDate(parsing: "2026-10-20")!)
        #expect(awarded.cancelled == a.checkpoints.filter { $0.date > CalendarDate(parsing: "2026-10-20")! }.map(\.sequence))
        let after = eventBlocks(try #require(try f.export("sch-mid").first { $0.audience == .teacher("t-mid-02") }).text)
        let changed = after.keys.filter { after[$0] != before[$0] }
        #expect(changed.count == awarded.cancelled.count)
        for key in changed {
            #expect(after[key]!.contains("STATUS:CANCELLED"))
            #expect(sequence(after[key]!) == sequence(before[key]!)! + 1)
        }
    }

    @Test func aResubmissionAddsASubmissionAndAReview() throws {
        let f = try ScheduledFixture()
        let mcs = CredentialStore(store: f.store, config: f.config)
        let a = try #require(try mcs.attach(credential: "mc-questioning", teacher: "t-mid-07", pairsOf: nil, term: "term-fall-2026", start: CalendarDate(parsing: "2026-08-17")).first)
        let again = try mcs.record(teacher: "t-mid-07", credential: "mc-questioning", status: .resubmission, on: CalendarDate(parsing: "2026-12-11")!)
        #expect(again.status == "resubmission")
        #expect(again.checkpoints.count == a.checkpoints.count + 2)
        #expect(again.checkpoints.suffix(2).map(\.kind) == [.resubmission, .review])
        #expect(throws: StoreError.credentialNotAttached(teacher: "t-mid-02", credential: "mc-questioning")) { try mcs.record(teacher: "t-mid-02", credential: "mc-questioning", status: .awarded, on: CalendarDate(parsing: "2026-12-11")!) }
    }
}
