import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// The read models behind the three home pages, on the Fixtures district with Cedar Middle's
/// cycle run (pairs accepted, PLCs, the week placed).
@Suite struct OverviewTests {
    let tmp: TempDir
    let store: Store

    init() throws {
        let config = try loadTestConfig()
        tmp = try TempDir()
        let db = tmp.path("overview.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        store = try Store(path: db)
        let pairing = PairingStore(store: store, config: config)
        try pairing.propose(schools: ["sch-mid", "sch-elm"], policy: config.pairing)
        try pairing.accept(school: "sch-mid", runId: nil)
        _ = try PLCStore(store: store).propose(school: "sch-mid")
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid")
    }

    @Test func aSchoolAtAGlanceMatchesTheStatusReportAndTheCycle() throws {
        let mid = try store.schoolOverview(school: "sch-mid")
        let status = try #require(try store.status().perSchool.first { $0.sourcedId == "sch-mid" })
        #expect(mid.name == "Cedar Middle")
        #expect(mid.teachers == status.teachers && mid.participatingTeachers == status.participatingTeachers)
        #expect(mid.ratedTeachers == status.ratedTeachers)
        #expect(mid.targetCandidates == status.targetCandidates && mid.partnerCandidates == status.partnerCandidates)
        // Fixtures/README.md: three pairs at Cedar Middle.
        #expect(mid.acceptedPairs == 3)
        let week = try Scheduler(store: store, config: try loadTestConfig()).week(school: "sch-mid", teacher: nil)
        #expect(mid.schedule?.placedSessions == week.sessions.count)
        #expect(mid.schedule?.unplacedSessions == week.unplaced.count)
        #expect(mid.plcTeams > 0)
        #expect(mid.publication == nil)
        // Maple Elementary proposed but did not accept; Oak Ridge has done nothing yet.
        let elm = try store.schoolOverview(school: "sch-elm")
        #expect(elm.hasProposal && elm.acceptedPairs == nil && elm.schedule == nil)
        #expect(throws: StoreError.self) { try store.schoolOverview(school: "sch-nowhere") }
    }

    @Test func theDistrictTableHasOneRowPerSchoolAndCountsOnly() throws {
        let district = try store.districtOverview()
        #expect(district.schools.map(\.school) == ["sch-mid", "sch-elm", "sch-high"])  // by name: Cedar, Maple, Oak Ridge
        let mid = try #require(district.schools.first { $0.school == "sch-mid" })
        let overview = try store.schoolOverview(school: "sch-mid")
        #expect(mid.teachers == overview.teachers && mid.pairs == 3)
        #expect(mid.placedSessions == overview.schedule?.placedSessions && mid.unplacedSessions == overview.schedule?.unplacedSessions)
        // Fixtures/README.md: t-mid-14 is Cedar Middle's one target left unpaired.
        #expect(mid.unpairedTargets == 1)
        let high = try #require(district.schools.first { $0.school == "sch-high" })
        #expect(high.pairs == nil && high.unpairedTargets == nil && high.placedSessions == nil && !high.published)
    }

    @Test func aTeachersWeekHoldsOnlyTheirSessionsAndTheirOwnPairsFocus() throws {
        let week = try store.teacherWeek(teacher: "t-mid-02")
        #expect(week.name == "Keisha Williams")
        #expect(week.schools.map(\.id) == ["sch-mid"])
        #expect(!week.sessions.isEmpty)
        let schedule = try Scheduler(store: store, config: try loadTestConfig()).week(school: "sch-mid", teacher: "t-mid-02")
        #expect(week.sessions.count == schedule.sessions.count)
        // Her pair is with t-mid-03; its focus is Grouping Students and Problem Solving (Fixtures/README.md).
        let pair = try #require(week.sessions.first { $0.kind == "pair" })
        #expect(pair.focusSkills.sorted() == ["Grouping Students", "Problem Solving"])
        let partnerName = try store.teacherWeek(teacher: "t-mid-03").name
        #expect(pair.with == [partnerName])
        // Other pairs' focus skills never appear in her week.
        let others = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT p.focus FROM cyclePair p WHERE p.targetId <> 't-mid-02'")
        }.flatMap { $0.split(separator: ",").map { String($0.split(separator: "/").last!) } }
        let mine = Set(["grouping-students", "problem-solving"])
        let shown = Set(week.sessions.flatMap(\.focusSkills).map { $0.lowercased().replacingOccurrences(of: " ", with: "-") })
        #expect(shown.isSubset(of: mine))
        #expect(!others.filter { !mine.contains($0) }.isEmpty)  // there are other focus skills to leak
        // Observations say who visits whom.
        let visits = week.sessions.compactMap(\.visit)
        #expect(visits.contains(.visiting(host: partnerName)) || visits.contains(.hosting(observer: partnerName)))
        // Every session has its times from the bell schedule.
        #expect(week.sessions.allSatisfy { !$0.start.isEmpty && !$0.end.isEmpty })
        #expect(throws: StoreError.unknownTeacher("t-nobody")) { try store.teacherWeek(teacher: "t-nobody") }
    }

    /// A teacher's page says which turn an every-other-week observation takes: the week the
    /// schedule chose (stored), for the observer and the host alike; weekly sessions take none.
    @Test func observationsSayWhichWeekTheyTake() throws {
        let rows = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT members, day, periods, weekOffset FROM scheduledSession WHERE kind = 'observation'
                AND runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = 'sch-mid') ORDER BY meetingId
                """)
        }
        #expect(!rows.isEmpty)
        for row in rows {
            let week: Int = row[3]
            for member in (row[0] as String).split(separator: ",").map(String.init) {
                let sessions = try store.teacherWeek(teacher: member).sessions
                let seen = sessions.first { $0.kind == "observation" && $0.day == (row[1] as String) && $0.periods.joined(separator: ",") == (row[2] as String) }
                #expect(seen?.turn == week, "\(member): \(String(describing: seen))")
                #expect(sessions.filter { $0.kind != "observation" }.allSatisfy { $0.turn == nil })
            }
        }
    }
}
