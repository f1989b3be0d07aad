import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Cedar Middle starts at 09:30 on Wednesdays, with shorter morning periods (Fixtures/README.md).
@Suite("Late-start Wednesday")
struct LateStartSchedulerTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let store: Store

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        store = try importFixture(db: tmp.path("late.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: ["sch-mid", "sch-high"], formingPLCs: true)
    }

    @Test func wednesdayKeepsItsOwnPeriodsInTheProblem() throws {
        let (problem, _) = try store.writer.read { try Scheduler.buildProblem($0, school: "sch-mid", policy: config.placement) }
        #expect(problem.periods.map { "\($0.name) \($0.start)-\($0.end)" } == [
            "1 08:00-08:50", "2 08:55-09:45", "3 09:50-10:40", "4 10:45-11:35", "L 11:40-12:10", "5 12:15-13:05", "6 13:10-14:00", "7 14:05-14:55",
        ])
        #expect(problem.periodsByDay?.keys.sorted() == ["Wed"])
        #expect(problem.periodsByDay?["Wed"]?.map { "\($0.name) \($0.start)-\($0.end)" } == [
            "1 09:30-10:00", "2 10:05-10:35", "3 10:40-11:05", "4 11:10-11:35", "L 11:40-12:10", "5 12:15-13:05", "6 13:10-14:00", "7 14:05-14:55",
        ])
        // Ethan Kowalski teaches 2–6 and has bus duty in 7 every day: only Wednesday's 1 is free.
        let ethan = try #require(problem.teachers.first { $0.id == "t-mid-14" })
        #expect(ethan.busy.filter { $0.day == "Wed" }.map(\.period) == ["2", "3", "4", "L", "5", "6", "7"])
        #expect(ethan.teaching?.filter { $0.day == "Wed" }.map(\.period) == ["2", "3", "4", "5", "6"])
        // A school whose days share their times is unchanged: one list, block positions merged.
        let (high, _) = try store.writer.read { try Scheduler.buildProblem($0, school: "sch-high", policy: config.placement) }
        #expect(high.periodsByDay == nil)
        #expect(high.periods.map(\.name) == ["1/5", "2/6", "L", "3/7", "4/8"])
    }

    @Test func theWeekIsPlacedAndWednesdaySessionsShowWednesdaysTimes() throws {
        let scheduler = Scheduler(store: store, config: config)
        let outcome = try scheduler.schedule(school: "sch-mid")
        #expect(outcome.answer.objective <= outcome.answer.upperBound)
        let bell = try store.writer.read { try BellSchedule.load($0, school: "sch-mid") }
        let week = try scheduler.week(school: "sch-mid", teacher: nil)
        let wednesday = week.sessions.filter { $0.day == "Wed" }
        #expect(!wednesday.isEmpty)
        for day in bell.days {
            let periods = bell.periods(on: day)
            for s in week.sessions where s.day == day.description {
                #expect(s.start == periods.first { $0.name == s.periods.first }?.start.description, "\(s.meeting) \(s.day) \(s.periods)")
                #expect(s.end == periods.first { $0.name == s.periods.last }?.end.description, "\(s.meeting) \(s.day) \(s.periods)")
                #expect(!s.periods.contains("L"))
            }
        }
        // The objective counts Wednesday's real minutes: each placed session's minutes come from its day.
        let minutes = try outcome.answer.placements.reduce(0) { total, p in
            let day = try #require(ScheduleDay(parsing: p.day))
            let priority = try #require(outcome.problem.meetings.first { $0.id == p.meeting }).priority
            return total + priority * p.periods.reduce(0) { sum, name in sum + (bell.periods(on: day).first { $0.name == name }?.minutes ?? 0) }
        }
        #expect(minutes == outcome.answer.objective)
    }

    @Test func sessionsInWednesdaysShortenedMorningShowItsTimes() throws {
        // With pairs meeting every day and all free periods open to meetings, the common planning
        // periods (2–4) fill on every day, Wednesday's shorter ones included.
        var policy = config
        policy.placement.pairSessionsPerWeek = 5
        policy.placement.maxShareOfFreePeriods = 1
        let scheduler = Scheduler(store: store, config: policy)
        let outcome = try scheduler.schedule(school: "sch-mid")
        let bell = try store.writer.read { try BellSchedule.load($0, school: "sch-mid") }
        let wednesday = bell.periods(on: .weekday(.wednesday)), monday = bell.periods(on: .weekday(.monday))
        let morning = try scheduler.week(school: "sch-mid", teacher: nil).sessions.filter { $0.day == "Wed" && ["1", "2", "3", "4"].contains($0.periods.first) }
        #expect(!morning.isEmpty)
        for s in morning {
            let first = try #require(wednesday.first { $0.name == s.periods.first })
            let last = try #require(wednesday.first { $0.name == s.periods.last })
            #expect(s.start == first.start.description && s.end == last.end.description, "\(s.meeting) \(s.periods)")
            #expect(s.start != monday.first { $0.name == s.periods.first }?.start.description)
            // Placed on Wednesday's own periods, by their real names.
            #expect(outcome.answer.placements.contains { $0.meeting == s.meeting && $0.day == "Wed" && $0.periods == s.periods })
        }
    }

    @Test func aBlockDayWithItsOwnTimesKeepsItsRealPeriodNames() throws {
        // Oak Ridge High's B day starts 30 minutes later: B-day blocks no longer share A's times,
        // so A keeps the one list and B gets its own periods under their real names (5–8).
        let dir = try TempDir()
        let district = dir.path("district")
        try FileManager.default.copyItem(at: fixturesDirectory.appendingPathComponent("district"), to: district)
        let bells = district.appendingPathComponent("bell-schedules.csv")
        var text = try String(contentsOf: bells, encoding: .utf8)
        for (old, new) in [("B,5,07:30,08:55", "B,5,08:00,09:15"), ("B,6,09:05,10:30", "B,6,09:20,10:35"), ("B,L,10:35,11:10", "B,L,10:40,11:10")] {
            #expect(text.contains(old))
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: bells, atomically: true, encoding: .utf8)
        let db = dir.path("block.sqlite").path
        try importDistrict(district, db: db, config: config)
        let store = try Store(path: db)
        try acceptProposedPairs(store, config: config, schools: ["sch-high"], formingPLCs: true)
        let (problem, _) = try store.writer.read { try Scheduler.buildProblem($0, school: "sch-high", policy: config.placement) }
        #expect(problem.periods.map(\.name) == ["1", "2", "L", "3", "4"])
        #expect(problem.periodsByDay?["B"]?.map { "\($0.name) \($0.start)-\($0.end)" } == [
            "5 08:00-09:15", "6 09:20-10:35", "L 10:40-11:10", "7 11:15-12:40", "8 12:50-14:15",
        ])
        let scheduler = Scheduler(store: store, config: config)
        let outcome = try scheduler.schedule(school: "sch-high")
        #expect(!outcome.answer.placements.isEmpty)
        let names = ["A": Set(["1", "2", "3", "4"]), "B": Set(["5", "6", "7", "8"])]
        #expect(outcome.answer.placements.allSatisfy { p in p.periods.allSatisfy { names[p.day]!.contains($0) } })
        let bell = try store.writer.read { try BellSchedule.load($0, school: "sch-high") }
        for s in try scheduler.week(school: "sch-high", teacher: nil).sessions {
            let today = bell.periods(on: try #require(ScheduleDay(parsing: s.day)))
            #expect(s.start == today.first { $0.name == s.periods.first }?.start.description, "\(s.meeting) \(s.day) \(s.periods)")
        }
    }
}
