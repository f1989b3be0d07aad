import Foundation
import PeerPlanCalendar
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanExchange

/// Cedar Middle's late-start Wednesday (Fixtures/README.md): calendars carry each day's real times.
@Suite struct LateStartCalendarTests {
    @Test func wednesdaySessionsHaveWednesdaysRealStartAndEnd() throws {
        try Exchange.prepare()
        // Pairs meet every day, so some meet in Wednesday's shortened morning (the default week of
        // one pair session avoids it: shorter periods are worth fewer minutes).
        var config = try loadTestConfig()
        config.placement.pairSessionsPerWeek = 5
        config.placement.maxShareOfFreePeriods = 1
        let tmp = try TempDir()
        let store = try importFixture(db: tmp.path("late.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: ["sch-mid"], formingPLCs: true)
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid", term: "term-fall-2026")
        let bell = try store.writer.read { try BellSchedule.load($0, school: "sch-mid") }
        let docs = try Publisher(store: store, config: config).documents(school: "sch-mid", stamp: ScheduledFixture.stamp, now: ScheduledFixture.now)
        let doc = try #require(docs.first { $0.audience == .school("sch-mid") })
        let parsed = try ICalendarReader.parse(doc.text)
        var wednesdays = 0
        for event in parsed.events where event.recurrenceID == nil {
            let start = try #require(event.start).value, end = try #require(event.end).value
            let day = ScheduleDay.weekday(start.date.weekday)
            let today = bell.periods(on: day)
            // Every event starts at the start of one of its day's periods and ends at the end of one.
            #expect(today.contains { $0.start == start.clockTime }, "\(event.uid) starts \(start)")
            #expect(today.contains { $0.end == end.clockTime }, "\(event.uid) ends \(end)")
            if day == .weekday(.wednesday) { wednesdays += 1 }
        }
        #expect(wednesdays > 0)
        // The placed Wednesday sessions, from the store: each event on a Wednesday has the real times
        // of its first and last period on Wednesday, not Monday's.
        let sessions = try Scheduler(store: store, config: config).week(school: "sch-mid", teacher: nil).sessions.filter { $0.day == "Wed" }
        let wednesday = bell.periods(on: .weekday(.wednesday))
        for s in sessions {
            let first = try #require(wednesday.first { $0.name == s.periods.first })
            let last = try #require(wednesday.first { $0.name == s.periods.last })
            let uid = parsed.events.first { e in
                e.recurrenceID == nil && e.start?.value.date.weekday == .wednesday && e.start?.value.clockTime == first.start
                    && e.end?.value.clockTime == last.end
            }
            #expect(uid != nil, "\(s.meeting) Wed \(s.periods) \(first.start)–\(last.end)")
        }
        // At least one of them lies in the shortened morning (a time no other day has).
        let monday = bell.periods(on: .weekday(.monday))
        #expect(sessions.contains { s in
            let start = wednesday.first { $0.name == s.periods.first }!.start
            return !monday.contains { $0.start == start }
        })
    }

    @Test func aSessionMovedOntoWednesdayGetsWednesdaysTimes() throws {
        try Exchange.prepare()
        let config = try loadTestConfig()
        let tmp = try TempDir()
        let store = try importFixture(db: tmp.path("moved.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: ["sch-mid"], formingPLCs: true)
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid", term: "term-fall-2026")
        // Laura Bennett (t-mid-04) is away every day of the week but Wednesday: her Monday PD block
        // (period 7) moves to Wednesday's period 3, 10:40–11:05 on that day (09:50–10:40 on others).
        let days = ["2026-09-14", "2026-09-15", "2026-09-17", "2026-09-18"].map { CalendarDate(parsing: $0)! }
        let outcome = try WeekChanges(store: store, config: config).apply(school: "sch-mid", date: days[0],
                                                                        absences: days.map { .init(teacher: "t-mid-04", date: $0) })
        let pd = try #require(outcome.changes.first { $0.meeting == "pd:t-mid-04" })
        #expect(pd.action == "moved" && pd.to == "2026-09-16" && pd.toPeriods == ["3"])
        let docs = try Publisher(store: store, config: config).documents(school: "sch-mid", stamp: ScheduledFixture.stamp, now: ScheduledFixture.now)
        let laura = try ICalendarReader.parse(try #require(docs.first { $0.audience == .teacher("t-mid-04") }).text)
        // Every session moved off that date onto Wednesday (other meetings of hers may move too):
        // the PD block among them at Wednesday's period 3, and none at the other days' 09:50.
        let from = try #require(CalendarDate(parsing: pd.from))
        let moved = laura.events.filter {
            $0.recurrenceID?.value.date == from && $0.start?.value.date == CalendarDate(parsing: "2026-09-16")
        }
        #expect(moved.contains { $0.start?.value.clockTime == ClockTime(parsing: "10:40") && $0.end?.value.clockTime == ClockTime(parsing: "11:05") },
                "moved from \(pd.from): \(moved.map { "\($0.start!.value)–\($0.end!.value)" })")
        #expect(!moved.contains { $0.start?.value.clockTime == ClockTime(parsing: "09:50") })
    }
}
