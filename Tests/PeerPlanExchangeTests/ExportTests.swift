import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanExchange

/// The Fixtures district with every school paired, teamed and scheduled for the fall term.
struct ScheduledFixture {
    let config: PeerPlanConfig
    let tmp: TempDir
    let store: Store
    static let schools = ["sch-elm", "sch-high", "sch-mid"]
    static let stamp = UTCDateTime(year: 2026, month: 11, day: 29, hour: 8, minute: 0)!
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    init() throws {
        try Exchange.prepare()
        config = try loadTestConfig()
        tmp = try TempDir()
        store = try importFixture(db: tmp.path("export.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: Self.schools, formingPLCs: true)
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: Self.schools, term: "term-fall-2026")
    }

    var publisher: Publisher { Publisher(store: store, config: config) }

    func export(_ school: String) throws -> [RenderedCalendar] {
        try publisher.documents(school: school, stamp: Self.stamp, now: Self.now)
    }
}

@Suite struct ExportTests {
    @Test func everyCalendarParsesBackCleanlyAndMatchesTheSchedule() throws {
        let f = try ScheduledFixture()
        // An absence moves one session, so overrides are exercised too.
        let pattern = try f.store.writer.read { try Row.fetchAll($0, sql: "SELECT meetingId, day FROM scheduledSession WHERE meetingId LIKE 'pair:%' AND runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = 'sch-mid') ORDER BY meetingId") }
        let pair = try #require(pattern.first)
        let weekdays = ["Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4]
        let absent = CalendarDate(parsing: "2026-09-14")!.adding(days: weekdays[pair[1] as String]!)
        let member = String((pair[0] as String).split(separator: ":")[2])
        _ = try WeekChanges(store: f.store, config: f.config).apply(school: "sch-mid", date: absent, absences: [.init(teacher: member, date: absent)])

        let term = (CalendarDate(parsing: "2026-08-10")!, CalendarDate(parsing: "2026-12-18")!)
        let closed: Set<CalendarDate> = try f.store.writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT date FROM calendarDay WHERE schoolId = 'sch-mid' AND kind IN ('holiday', 'break', 'no-school')").compactMap(CalendarDate.init(parsing:)))
        }
        var overrides = 0
        for school in ScheduledFixture.schools {
            for doc in try f.export(school) {
                let errors = ICalendarReader.validationErrors(doc.text)
                #expect(errors.parse.isEmpty, "\(doc.path): \(errors.parse)")
                let parsed = try ICalendarReader.parse(doc.text)
                #expect(parsed.timeZoneIDs == ["America/Chicago"])
                for event in parsed.events where event.recurrenceID == nil && event.recurrenceRule != nil {
                    let start = try #require(event.start)
                    let all = try parsed.occurrences(of: event.uid, from: LocalDateTime(date: term.0, hour: 0, minute: 0), to: LocalDateTime(date: term.1, hour: 23, minute: 59))
                    #expect(!all.isEmpty)
                    for occurrence in all {
                        // Same weekday and the same local time across the DST change on 1 November.
                        #expect(occurrence.date.weekday == start.value.date.weekday)
                        #expect(occurrence.clockTime == start.value.clockTime, "\(event.uid) at \(occurrence)")
                        #expect(occurrence.date >= term.0 && occurrence.date <= term.1)
                        if school == "sch-mid" { #expect(!closed.contains(occurrence.date), "\(event.uid) on closed \(occurrence.date)") }
                    }
                    // No occurrence on Thanksgiving break (all schools).
                    #expect(!all.contains { $0.date >= CalendarDate(parsing: "2026-11-23")! && $0.date <= CalendarDate(parsing: "2026-11-27")! })
                }
                overrides += parsed.events.filter { $0.recurrenceID != nil }.count
            }
        }
        #expect(overrides > 0)
    }

    @Test func occurrencesMatchTheStoredWeekOneByOne() throws {
        let f = try ScheduledFixture()
        let docs = try f.export("sch-mid")
        let school = try #require(docs.first { $0.audience == .school("sch-mid") })
        let parsed = try ICalendarReader.parse(school.text)
        // Independent expectation from SQLite: each weekly session of the pattern, on every
        // matching weekday of the term that is not closed (and, for observations, every other
        // week, not on testing or early-release days when the session runs past release).
        let rows = try f.store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.meetingId, s.kind, s.day, b.startMinute, b.endMinute, s.periods, s.weekOffset FROM scheduledSession s
                JOIN bellPeriod b ON b.schoolId = 'sch-mid' AND b.day = s.day AND b.period = substr(s.periods, 1, instr(s.periods || ',', ',') - 1)
                WHERE s.runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = 'sch-mid') ORDER BY s.meetingId, s.session
                """)
        }
        let special: [CalendarDate: String] = try f.store.writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT date, kind FROM calendarDay WHERE schoolId = 'sch-mid'").map { (CalendarDate(parsing: $0[0])!, $0[1] as String) })
        }
        var expected: [String] = []
        for row in rows {
            #expect(!(row[5] as String).contains(","), "single-period sessions in the fixture")
            let day = try #require(Weekday(parsing: row[2]))
            let minute: Int = row[3], end: Int = row[4]
            let kind: String = row[1]
            // Alternating observations: each in the week of the two-week cycle the placement chose
            // (0: the term's first week), the pair's two directions in opposite weeks.
            var parity: Int?
            if kind == "observation" {
                parity = row[6]
                #expect(parity != nil, "\(row[0] as String) has its week")
                let parts = (row[0] as String).split(separator: ":")
                if let other = rows.first(where: { ($0[0] as String) == "observe:\(parts[2]):\(parts[1])" }) {
                    #expect((other[6] as Int?) == parity.map { 1 - $0 }, "\(row[0] as String) alternates")
                }
            }
            var date = CalendarDate(parsing: "2026-08-10")!.adding(days: day.rawValue - 1)
            var week = 0
            while date <= CalendarDate(parsing: "2026-12-18")! {
                defer { date = date.adding(days: 7); week += 1 }
                if let parity, week % 2 != parity { continue }
                if ["holiday", "break", "no-school"].contains(special[date] ?? "") { continue }
                if kind == "observation" && special[date] == "testing" { continue }
                if special[date] == "early-release" && end > 12 * 60 + 30 { continue }
                expected.append("\(kind) \(date) \(minute / 60):\(minute % 60)")
            }
        }
        #expect(rows.contains { ($0[1] as String) == "observation" })
        var actual: [String] = []
        for event in parsed.events where event.recurrenceID == nil {
            let kind = String(event.uid.split(separator: "-")[0])
            for o in try parsed.occurrences(of: event.uid, from: LocalDateTime(year: 2026, month: 8, day: 1, hour: 0, minute: 0)!, to: LocalDateTime(year: 2027, month: 1, day: 1, hour: 0, minute: 0)!) {
                actual.append("\(kind) \(o.date) \(o.hour):\(o.minute)")
            }
        }
        #expect(actual.sorted() == expected.sorted())
    }
}

@Suite struct ExportRestrictionTests {
    @Test func restrictionCheckReportsOnlyTheAttendeesPublishFormallyOmits() throws {
        let f = try ScheduledFixture()
        for doc in try f.export("sch-mid") {
            let errors = ICalendarReader.validationErrors(doc.text)
            #expect(errors.parse.isEmpty)
            let other = errors.restrictions.filter { !$0.contains("ATTENDEE") }
            #expect(other.isEmpty, "\(doc.path): \(other)")
        }
    }
}

@Suite struct ExportTimeZoneTests {
    @Test(arguments: [("America/Chicago", true, -5, -6), ("America/Phoenix", false, -7, -7), ("Pacific/Honolulu", false, -10, -10), ("Europe/London", true, 1, 0)])
    func aSchoolInAnyZoneKeepsItsLocalTimes(zone: String, daylight: Bool, septemberOffset: Int, decemberOffset: Int) throws {
        let f = try ScheduledFixture()
        try f.store.writer.write { try $0.execute(sql: "UPDATE school SET timezone = ? WHERE sourcedId = 'sch-mid'", arguments: [zone]) }
        let doc = try #require(try f.export("sch-mid").first { $0.audience == .school("sch-mid") })
        #expect(ICalendarReader.validationErrors(doc.text).parse.isEmpty)
        let parsed = try ICalendarReader.parse(doc.text)
        #expect(parsed.timeZoneIDs == [zone])
        #expect(doc.text.contains("X-WR-TIMEZONE:\(zone)"))
        #expect(doc.text.contains("BEGIN:DAYLIGHT") == daylight)
        #expect(doc.text.components(separatedBy: "BEGIN:STANDARD").count == 2)
        #expect(!doc.text.contains("freeassociation"))
        let event = try #require(parsed.events.first { $0.recurrenceRule != nil && $0.summary?.hasPrefix("Peer collaboration") == true })
        let start = try #require(event.start)
        #expect(start.timeZoneID == zone)
        let all = try parsed.occurrences(of: event.uid, from: LocalDateTime(year: 2026, month: 8, day: 1, hour: 0, minute: 0)!, to: LocalDateTime(year: 2026, month: 12, day: 31, hour: 0, minute: 0)!)
        let september = try #require(all.first { $0.date.month == 9 }), december = try #require(all.last { $0.date.month == 12 })
        #expect(september.clockTime == december.clockTime)
        func offset(_ local: LocalDateTime) throws -> Int {
            let utc = try LibicalRuntime.utc(for: local, timeZoneID: zone).dateTime
            return ((local.date.dayNumber - utc.date.dayNumber) * 1440 + local.hour * 60 + local.minute - utc.hour * 60 - utc.minute) / 60
        }
        #expect(try offset(september) == septemberOffset)
        #expect(try offset(december) == decemberOffset)
        // UNTIL is the last occurrence's start in UTC.
        let untilText = try #require(event.recurrenceRule?.components(separatedBy: ";").first { $0.hasPrefix("UNTIL=") })
        let lastUTC = try LibicalRuntime.utc(for: try #require(all.last), timeZoneID: zone)
        #expect(untilText == "UNTIL=" + lastUTC.description.filter { $0.isNumber || $0 == "T" || $0 == "Z" })
    }
}
