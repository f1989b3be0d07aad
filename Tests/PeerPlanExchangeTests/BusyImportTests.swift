import Foundation
import GRDB
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanExchange

// `peerplan import busy` against the fixture district (fall term 2026-08-10..2026-12-18, DST ends
// 1 Nov) and the hand-written calendars in Fixtures/calendars (see the README there).

private let calendars = fixturesDirectory.appendingPathComponent("calendars")
private let septemberFirst = CalendarDate(year: 2026, month: 9, day: 1)!

private func slot(_ day: String, _ period: String) -> Slot { Slot(day: ScheduleDay(parsing: day)!, period: period) }

private func busyRows(_ store: Store, teacher: String) throws -> [String] {
    try store.writer.read { db in
        try Row.fetchAll(db, sql: "SELECT schoolId, day, period, source, summary FROM externalBusy WHERE teacherId = ? ORDER BY schoolId, day, period", arguments: [teacher])
            .map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String) \($0[4] as String)" }
    }
}

/// The bytes of the store file and its WAL (a failed import must change neither).
private func storeBytes(_ path: String) throws -> [Data] {
    try [path, path + "-wal"].map { FileManager.default.fileExists(atPath: $0) ? try Data(contentsOf: URL(fileURLWithPath: $0)) : Data() }
}

private func freeSlots(_ store: Store, school: String, teacher: String) throws -> Set<Slot> {
    try store.writer.read { db in try FreeTime.load(db, schools: [school])[school]?[teacher] ?? [] }
}

@Suite("import busy") struct BusyImportTests {
    @Test("Omar Haddad's calendar: the weekly slots it blocks, with DST, zones, EXDATE and overrides applied")
    func expectedSlots() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("p.sqlite").path, config: try loadTestConfig())
        let report = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                               on: septemberFirst, into: store)
        #expect(report.term == "term-fall-2026")
        #expect(report.source == "omar-haddad.ics")
        #expect(report.schools.map(\.id) == ["sch-mid"])
        let mid = try #require(report.schools.first)
        // Wed 6: staff meeting, 18 school Wednesdays minus the EXDATE and the moved week.
        // Tue 3: 15:00Z is 10:00 CDT until 27 Oct (12 of 18 Tuesdays); from 3 Nov it is 09:00 CST (Tue 2).
        // Mon 5: 13:10 New York is 12:10 Chicago (not Mon 6). Fri 7: floating 14:10, every school Friday.
        #expect(mid.busy.map { "\($0.day) \($0.period) \($0.datesBusy)/\($0.datesInTerm)" } == ["Mon 5 16/17", "Tue 3 12/18", "Wed 6 16/18", "Fri 7 17/17"])
        #expect(mid.busy.map(\.events) == [
            ["Graduate seminar (Columbia, online)"], ["Online tutoring (district program)"], ["ELA department meeting"], ["Yoga"],
        ])
        // One-offs and too-rare overlaps are reported, not stored.
        #expect(mid.notBlocking.map { "\($0.event): \($0.day) \($0.period) x\($0.dates.count)" } == [
            "Dentist: Tue 1 x1", "Dentist: Tue 2 x1",
            "ELA department meeting (moved to Thursday): Thu 2 x1",
            "Online tutoring (district program): Tue 2 x6",
        ])
        #expect(mid.notBlocking.first { $0.event.hasPrefix("ELA") }?.dates == ["2026-10-08"])
        #expect(mid.notBlocking.first { $0.event.hasPrefix("Online") }?.dates.first == "2026-11-03")
        #expect(report.ignored.map { "\($0.event) \($0.reason)" } == [
            "NCTE regional conference all-day", "Book club cancelled", "Lunch walk transparent",
        ])
        #expect(report.changed && report.written == 4 && report.removed == 0)
        #expect(try busyRows(store, teacher: "t-mid-05") == [
            "sch-mid Fri 7 omar-haddad.ics Yoga",
            "sch-mid Mon 5 omar-haddad.ics Graduate seminar (Columbia, online)",
            "sch-mid Tue 3 omar-haddad.ics Online tutoring (district program)",
            "sch-mid Wed 6 omar-haddad.ics ELA department meeting",
        ])
    }

    @Test("the threshold is a parameter: at 30% the after-DST tutoring slot blocks too")
    func threshold() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("p.sqlite").path, config: try loadTestConfig())
        let report = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                               on: septemberFirst, threshold: 0.3, into: store)
        #expect(report.schools[0].busy.map { "\($0.day) \($0.period)" } == ["Mon 5", "Tue 2", "Tue 3", "Wed 6", "Fri 7"])
        #expect(throws: BusyImportError.thresholdOutOfRange(0)) {
            _ = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                          on: septemberFirst, threshold: 0, into: store)
        }
    }

    @Test("FreeTime loses exactly the busy periods that were free")
    func freeTime() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("p.sqlite").path, config: try loadTestConfig())
        let before = try freeSlots(store, school: "sch-mid", teacher: "t-mid-05")
        #expect(before.count == 10)  // periods 3 and 6, Mon–Fri
        _ = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                      on: septemberFirst, into: store)
        let after = try freeSlots(store, school: "sch-mid", teacher: "t-mid-05")
        #expect(before.subtracting(after) == [slot("Tue", "3"), slot("Wed", "6")])
        #expect(after.isSubset(of: before))
        // Colleagues are untouched.
        #expect(try freeSlots(store, school: "sch-mid", teacher: "t-mid-04").count == 10)
    }

    @Test("re-importing the same file changes nothing; a new version replaces that file's rows only")
    func reimport() throws {
        let dir = try TempDir()
        let db = dir.path("p.sqlite").path
        let store = try importFixture(db: db, config: try loadTestConfig())
        let haddad = calendars.appendingPathComponent("omar-haddad.ics")
        _ = try BusyImport.importFile(haddad, teacher: "t-mid-05", on: septemberFirst, into: store)
        _ = try BusyImport.importFile(calendars.appendingPathComponent("morning-carpool.ics"), teacher: "t-mid-05",
                                      on: septemberFirst, into: store)
        // The carpool (07:40–08:10) blocks period 1 on four days: Wednesday starts at 09:30.
        #expect(try busyRows(store, teacher: "t-mid-05").count == 4 + 4)
        let bytes = try storeBytes(db)
        let again = try BusyImport.importFile(haddad, teacher: "t-mid-05", on: septemberFirst, into: store)
        #expect(!again.changed && again.written == 0 && again.removed == 0 && again.runId == nil)
        #expect(try storeBytes(db) == bytes)

        // A new export under the same name without the yoga class: Fri 7 is released, the rest stays.
        let text = try String(contentsOf: haddad, encoding: .utf8)
        let withoutYoga = text.replacingOccurrences(of: "RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=30\r\n", with: "")
        #expect(withoutYoga != text)
        let copy = dir.path("omar-haddad.ics")
        try withoutYoga.write(to: copy, atomically: true, encoding: .utf8)
        let second = try BusyImport.importFile(copy, teacher: "t-mid-05", on: septemberFirst, into: store)
        #expect(second.schools[0].released == ["Fri 7"])
        #expect(second.removed == 1 && second.written == 0)
        let rows = try busyRows(store, teacher: "t-mid-05")
        #expect(rows.filter { $0.contains("omar-haddad.ics") }.count == 3)
        #expect(rows.filter { $0.contains("morning-carpool.ics") }.count == 4)
    }

    @Test("a teacher at two schools: each school's slots from its own bell schedule and rotation")
    func twoSchools() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("p.sqlite").path, config: try loadTestConfig())
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO teacherSchool (teacherId, schoolId, isPrimary) VALUES ('t-mid-05', 'sch-high', 0)")
        }
        let carpool = try BusyImport.importFile(calendars.appendingPathComponent("morning-carpool.ics"), teacher: "t-mid-05",
                                                on: septemberFirst, into: store)
        #expect(carpool.schools.map(\.id) == ["sch-high", "sch-mid"] || carpool.schools.map(\.id) == ["sch-mid", "sch-high"])
        let high = try #require(carpool.schools.first { $0.id == "sch-high" })
        let mid = try #require(carpool.schools.first { $0.id == "sch-mid" })
        // Each day's own bell times: Cedar Middle's late-start Wednesday begins after the carpool.
        #expect(mid.busy.map { "\($0.day) \($0.period)" } == ["Mon 1", "Tue 1", "Thu 1", "Fri 1"])
        #expect(high.busy.map { "\($0.day) \($0.period)" } == ["A 1", "B 5"])
        #expect(high.busy.allSatisfy { $0.datesBusy == $0.datesInTerm })

        // A weekly Wednesday meeting falls on A and B days in turn: it blocks nothing at the block school.
        let meeting = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                                on: septemberFirst, into: store)
        let highMeeting = try #require(meeting.schools.first { $0.id == "sch-high" })
        #expect(!highMeeting.busy.contains { $0.events.contains("ELA department meeting") })
        #expect(highMeeting.notBlocking.contains { $0.event == "ELA department meeting" && $0.day == "A" && $0.period == "4" })
        #expect(highMeeting.notBlocking.contains { $0.event == "ELA department meeting" && $0.day == "B" && $0.period == "8" })
    }

    @Test("sessions of the latest weekly pattern that now conflict are explained")
    func conflicts() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("p.sqlite").path, config: try loadTestConfig())
        try store.writer.write { db in
            for runId in [900, 901] {
                try db.execute(sql: "INSERT INTO run (id, kind, startedAt, inputsFingerprint) VALUES (?, 'schedule', '2026-08-20T00:00:00Z', 'x')", arguments: [runId])
                try db.execute(sql: "INSERT INTO scheduleRun (runId, schoolId, objective, upperBound, kept, moved, termId) VALUES (?, 'sch-mid', 0, 0, 0, 0, 'term-fall-2026')", arguments: [runId])
            }
            let sessions: [[DatabaseValueConvertible?]] = [
                [900, "old:t-mid-05", "pair", "An older run", 0, "Tue", "3", "t-mid-04,t-mid-05"],
                [901, "pair:t-mid-04:t-mid-05", "pair", "Peer collaboration: Laura Bennett and Omar Haddad", 0, "Tue", "3", "t-mid-04,t-mid-05"],
                [901, "pair:t-mid-04:t-mid-05", "pair", "Peer collaboration: Laura Bennett and Omar Haddad", 1, "Thu", "3", "t-mid-04,t-mid-05"],
                [901, "plc:ela", "plc", "ELA PLC", 0, "Wed", "5,6", "t-mid-04,t-mid-05,t-mid-06"],
                [901, "pd:t-mid-04", "pd", "Protected PD time: Laura Bennett", 0, "Tue", "3", "t-mid-04"],
            ]
            for s in sessions {
                try db.execute(sql: "INSERT INTO scheduledSession (runId, meetingId, kind, title, session, day, periods, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: StatementArguments(s))
            }
        }
        let report = try BusyImport.importFile(calendars.appendingPathComponent("omar-haddad.ics"), teacher: "t-mid-05",
                                               on: septemberFirst, into: store)
        let mid = report.schools[0]
        #expect(mid.scheduleRunId == 901)
        #expect(mid.conflicts.map { "\($0.meetingId)#\($0.session) \($0.day) \($0.busyPeriods) \($0.events)" } == [
            "pair:t-mid-04:t-mid-05#0 Tue [\"3\"] [\"Online tutoring (district program)\"]",
            "plc:ela#0 Wed [\"6\"] [\"ELA department meeting\"]",
        ])
    }

    @Test("malformed files and unknown teachers: a clear error, and the database stays byte-identical",
          arguments: [
            ("not-a-calendar.ics", nil as Int?, "not an iCalendar file"),
            ("no-vcalendar.ics", nil, "not an iCalendar file"),
            ("bad-date.ics", 7, "2026AB25T080000"),
            ("unknown-tzid.ics", 7, "Central Standard Time"),
            ("latin1.ics", 9, "not UTF-8"),
          ])
    func malformed(file: String, line: Int?, message: String) throws {
        let dir = try TempDir()
        let db = dir.path("p.sqlite").path
        let store = try importFixture(db: db, config: try loadTestConfig())
        _ = try BusyImport.importFile(calendars.appendingPathComponent("morning-carpool.ics"), teacher: "t-mid-05",
                                      on: septemberFirst, into: store)
        let before = try storeBytes(db)
        let rowsBefore = try busyRows(store, teacher: "t-mid-05")
        let url = calendars.appendingPathComponent("malformed").appendingPathComponent(file)
        #expect {
            _ = try BusyImport.importFile(url, displayName: "x/" + file, teacher: "t-mid-05", on: septemberFirst, into: store)
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.file == "x/" + file && error.line == line && error.description.contains(message)
        }
        #expect(try storeBytes(db) == before)
        #expect(try busyRows(store, teacher: "t-mid-05") == rowsBefore)
    }

    @Test("an unknown teacher or term is a clear error and changes nothing")
    func unknownTeacher() throws {
        let dir = try TempDir()
        let db = dir.path("p.sqlite").path
        let store = try importFixture(db: db, config: try loadTestConfig())
        let before = try storeBytes(db)
        let file = calendars.appendingPathComponent("omar-haddad.ics")
        #expect {
            _ = try BusyImport.importFile(file, teacher: "t-nobody", on: septemberFirst, into: store)
        } throws: { error in
            "\(error)".contains("unknown teacher \"t-nobody\"")
        }
        #expect {
            _ = try BusyImport.importFile(file, teacher: "t-mid-05", term: "term-never", into: store)
        } throws: { error in
            "\(error)".contains("unknown term \"term-never\"")
        }
        #expect(try storeBytes(db) == before)
        #expect(try busyRows(store, teacher: "t-mid-05").isEmpty)
    }
}
