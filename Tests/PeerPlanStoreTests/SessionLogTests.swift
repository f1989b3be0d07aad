import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// `peerplan log` and `peerplan import log`: only sessions the latest weekly pattern has on a
/// date can be logged; logging again is idempotent; a bad file changes nothing; the dose counts
/// scheduled and held hours apart, collaboration apart from protected PD.
@Suite struct SessionLogTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let store: Store
    let sessions: [DatedSession]

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        store = try importFixture(db: tmp.path("log.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: ["sch-mid"], formingPLCs: true)
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid")
        sessions = try store.datedSessions(school: "sch-mid", config: config)
    }

    func pairSession() throws -> DatedSession { try #require(sessions.first { $0.kind == "pair" }) }

    func logCount() throws -> Int { try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sessionLog") ?? 0 } }

    @Test func loggingTwiceChangesNothingAndLoggingOtherwiseUpdates() throws {
        let s = try pairSession()
        let request = SessionLogRequest(school: "sch-mid", meeting: s.meeting, date: s.date, status: .held, note: "went well")
        #expect(try store.logSession(request, config: config).change == .added)
        let digest = try store.contentDigest()
        #expect(try store.logSession(request, config: config).change == .unchanged)
        #expect(try store.contentDigest() == digest)
        var missed = request
        missed.status = .missed
        let updated = try store.logSession(missed, config: config)
        #expect(updated.change == .updated && updated.status == .missed && updated.minutes == s.minutes)
        #expect(try logCount() == 1)
    }

    @Test func theCostInputsCarryHeldHoursOnlyWhereLogged() throws {
        // Nothing logged: no held figure at all (the report says so), not a 0.
        #expect(try CostInputsLoader.load(from: store, school: "sch-mid", config: config).schools.first?.logged == nil)
        let s = try pairSession()
        _ = try store.logSession(SessionLogRequest(school: "sch-mid", meeting: s.meeting, date: s.date, status: .held), config: config)
        let logged = try #require(try CostInputsLoader.load(from: store, school: "sch-mid", config: config).schools.first?.logged)
        #expect(logged.from == s.date && logged.through == s.date)
        // Held: the pair meeting, once per member; scheduled: every collaboration session of that date.
        #expect(abs(logged.heldHours - Double(s.minutes) / 60 * Double(s.members.count)) < 1e-9)
        #expect(logged.missedHours == 0)
        let scheduled = sessions.filter { $0.date == s.date && $0.kind != "pd" }.reduce(0.0) { $0 + Double($1.minutes) / 60 * Double($1.members.count) }
        #expect(abs(logged.scheduledHours - scheduled) < 1e-9 && logged.scheduledHours >= logged.heldHours)
        let teachers = Set(sessions.filter { $0.date == s.date && $0.kind != "pd" }.flatMap(\.members))
        #expect(logged.teachers == teachers.count)
    }

    @Test func aSessionNotScheduledOnTheDateIsRefused() throws {
        let s = try pairSession()
        // The day after a pair meeting: pairs meet once a week, so not then.
        let next = s.date.adding(days: 1)
        #expect(!sessions.contains { $0.meeting == s.meeting && $0.date == next })
        #expect(throws: SessionLogError.self) {
            try store.logSession(SessionLogRequest(school: "sch-mid", meeting: s.meeting, date: next, status: .held), config: config)
        }
        do {
            _ = try store.logSession(SessionLogRequest(school: "sch-mid", meeting: s.meeting, date: next, status: .held), config: config)
        } catch let error as SessionLogError {
            guard case .notScheduledOn(_, _, _, let nearest) = error else { Issue.record("\(error)"); return }
            #expect(nearest.contains(s.date))
        }
        #expect(throws: SessionLogError.unknownMeeting(meeting: "pair:nobody:none", school: "sch-mid")) {
            try store.logSession(SessionLogRequest(school: "sch-mid", meeting: "pair:nobody:none", date: s.date, status: .held), config: config)
        }
        #expect(throws: StoreError.self) {
            try store.logSession(SessionLogRequest(school: "sch-nowhere", meeting: s.meeting, date: s.date, status: .held), config: config)
        }
        // A school without a placed week has nothing to log.
        #expect(throws: StoreError.noSchedule(school: "sch-elm", purpose: .viewing)) {
            try store.logSession(SessionLogRequest(school: "sch-elm", meeting: s.meeting, date: s.date, status: .held), config: config)
        }
        #expect(try logCount() == 0)
    }

    @Test func aBadLogFileNamesLineAndColumnAndChangesNothing() throws {
        let s = try pairSession()
        let off = s.date.adding(days: 1)
        try tmp.write("log.csv", """
        schoolSourcedId,meetingId,date,status,note
        sch-mid,\(s.meeting),\(s.date),held,
        sch-mid,\(s.meeting),\(off),held,
        sch-mid,\(s.meeting),2026-13-40,held,
        sch-mid,\(s.meeting),\(s.date),maybe,
        sch-mid,\(s.meeting),\(s.date),missed,again

        """)
        let digest = try store.contentDigest()
        do {
            _ = try store.importSessionLog(tmp.path("log.csv"), displayName: "log.csv", config: config)
            Issue.record("the import should be refused")
        } catch let refused as ImportRefused {
            #expect(refused.errors.map { "\($0.line ?? 0):\($0.column ?? 0):\($0.field ?? "")" } == ["3:3:date", "4:3:date", "5:4:status", "6:2:meetingId"])
            #expect(refused.errors[0].description.contains("is not scheduled on \(off)"))
            #expect(refused.errors[3].description.contains("first on line 2"))
        }
        #expect(try store.contentDigest() == digest)
    }

    @Test func aLogFileIsImportedOnceAndTheDoseCountsHeldHoursApart() throws {
        let pair = try pairSession()
        let pd = try #require(sessions.first { $0.kind == "pd" && $0.date >= pair.date })
        let plc = try #require(sessions.first { $0.kind == "plc" })
        try tmp.write("log.csv", """
        schoolSourcedId,meetingId,date,status,note
        sch-mid,\(pair.meeting),\(pair.date),held,
        sch-mid,\(pd.meeting),\(pd.date),HELD,
        sch-mid,\(plc.meeting),\(plc.date),missed,"sub shortage, no cover"

        """)
        let report = try store.importSessionLog(tmp.path("log.csv"), displayName: "log.csv", config: config)
        #expect(report.added == 3)
        let again = try store.importSessionLog(tmp.path("log.csv"), displayName: "log.csv", config: config)
        #expect(again.unchanged == 3 && again.added == 0)

        let from = [pair.date, pd.date, plc.date].min()!, through = [pair.date, pd.date, plc.date].max()!
        let dose = try store.sessionDose(schools: ["sch-mid"], from: from, through: through, config: config)
        let school = try #require(dose.schools.first)
        let target = pair.members[1]
        let targetLine = dose.teacher(target, school: "sch-mid")
        // Held collaboration of the pair's target: the pair meeting, plus the PLC only if it was held (it was missed).
        #expect(targetLine.collaboration.held == Double(pair.minutes) / 60)
        // Scheduled hours: every dated session of the range the target is in, collaboration apart from PD.
        let scheduled = sessions.filter { $0.members.contains(target) && $0.date >= from && $0.date <= through }
        #expect(targetLine.collaboration.scheduled == scheduled.filter { $0.kind != "pd" }.reduce(0) { $0 + Double($1.minutes) / 60 })
        #expect(targetLine.protectedPD.scheduled == scheduled.filter { $0.kind == "pd" }.reduce(0) { $0 + Double($1.minutes) / 60 })
        #expect(school.hours.protectedPD.held == Double(pd.minutes) / 60)
        #expect(school.hours.collaboration.missed == Double(plc.minutes * plc.members.count) / 60)
        #expect(school.pairs["\(pair.members[0])|\(pair.members[1])"]?.collaboration.held == Double(pair.minutes) / 60)
    }
}
