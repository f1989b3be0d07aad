import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanTestSupport
import Testing

// The busy reader against hand-written exports in Fixtures/calendars (see the comments there).

private let calendarsDirectory = fixturesDirectory.appendingPathComponent("calendars")

private func fixture(_ name: String) throws -> String {
    try String(contentsOf: calendarsDirectory.appendingPathComponent(name), encoding: .utf8)
}

private func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
    LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)!
}

/// The fall term of the fixture district, as UTC instants.
private let termStart = UTCDateTime(year: 2026, month: 8, day: 10, hour: 0, minute: 0)!
private let termEnd = UTCDateTime(year: 2026, month: 12, day: 19, hour: 6, minute: 0)!

@Suite("busy reader")
struct BusyReaderTests {
    init() throws {
        try LibicalRuntime.prepare()
    }

    private func read(_ name: String, zone: String = "America/Chicago") throws -> BusyCalendar {
        try BusyReader.read(try fixture(name), from: termStart, to: termEnd, timeZoneID: zone)
    }

    /// Found by fuzzing (Fuzz/corpus/ical/finding-year-1013.ics): a DTSTART in the year 1013 kept
    /// libical expanding time-zone rules for minutes; a file cannot ask for unbounded work.
    @Test("years outside 1900–2200 and recurrences more often than hourly are errors")
    func unboundedWorkIsRefused() throws {
        func calendar(_ lines: [String]) -> String {
            (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:e@example.org", "DTSTAMP:20260801T120000Z"]
                + lines + ["END:VEVENT", "END:VCALENDAR", ""]).joined(separator: "\r\n")
        }
        #expect {
            try BusyReader.read(calendar(["DTSTART:10130408T131000Z", "DTEND:10130408T140000Z", "RRULE:FREQ=WEEKLY"]),
                                from: termStart, to: termEnd, timeZoneID: "America/Chicago")
        } throws: { "\($0)" == "event e@example.org: the year 1013 is out of range (1900–2200)" }
        #expect {
            try BusyReader.read(calendar(["DTSTART:20260817T181000Z", "DTEND:20260817T181100Z", "RRULE:FREQ=SECONDLY"]),
                                from: termStart, to: termEnd, timeZoneID: "America/Chicago")
        } throws: { "\($0)" == "event e@example.org: it repeats more often than hourly" }
        // Found by fuzzing (Fuzz/corpus/ical/finding-month-59.ics): month 59 crashed the reader.
        #expect {
            try BusyReader.read(calendar(["DTSTART:20260814T141000Z", "DTEND:20285915T145000Z"]),
                                from: termStart, to: termEnd, timeZoneID: "America/Chicago")
        } throws: { "\($0)" == "event e@example.org: a date or time is not valid" }
    }

    /// Found by fuzzing (Fuzz/corpus/ical/finding-dtend-before-dtstart.ics): an event whose DTEND
    /// is before its DTSTART came through as an occurrence ending before it started.
    @Test("an event that ends before it starts is an error naming it")
    func dtendBeforeDtstartIsAnError() throws {
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
            "BEGIN:VEVENT", "UID:backwards@example.org", "DTSTAMP:20260801T120000Z",
            "DTSTART:20260817T181000Z", "DTEND:20260817T180500Z", "SUMMARY:Backwards", "END:VEVENT",
            "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        #expect {
            try BusyReader.read(text, from: termStart, to: termEnd, timeZoneID: "America/Chicago")
        } throws: { error in
            "\(error)" == "event backwards@example.org: DTEND is before DTSTART"
        }
    }

    @Test("weekly Chicago meeting: EXDATE removes a week, the RECURRENCE-ID override replaces one")
    func exdateAndOverride() throws {
        let busy = try read("omar-haddad.ics")
        let meeting = busy.occurrences.filter { $0.uid == "staff-meeting-7a1c@google.com" }
        // 19 Wednesdays 12 Aug – 16 Dec; 16 Sep is excluded and 7 Oct moved to Thu 8 Oct.
        #expect(meeting.count == 18)
        #expect(!meeting.contains { $0.start.date == CalendarDate(year: 2026, month: 9, day: 16)! })
        #expect(!meeting.contains { $0.start.date == CalendarDate(year: 2026, month: 10, day: 7)! })
        let moved = meeting.filter { $0.start.date == CalendarDate(year: 2026, month: 10, day: 8)! }
        #expect(moved.map(\.start) == [at(2026, 10, 8, 8, 55)])
        #expect(moved.map(\.end) == [at(2026, 10, 8, 9, 40)])
        #expect(moved.first?.summary == "ELA department meeting (moved to Thursday)")
        // The wall time stays 13:15 across the DST change (it recurs in Chicago time).
        for occurrence in meeting where occurrence.start.date != CalendarDate(year: 2026, month: 10, day: 8)! {
            #expect(occurrence.start.date.weekday == .wednesday)
            #expect(occurrence.start.clockTime == ClockTime(hour: 13, minute: 15))
            #expect(occurrence.end.clockTime == ClockTime(hour: 13, minute: 55))
            #expect(occurrence.recurring)
        }
    }

    @Test("an event at 15:00 UTC is 10:00 CDT before 1 Nov and 09:00 CST after")
    func utcAcrossDST() throws {
        let tutoring = try read("omar-haddad.ics").occurrences.filter { $0.uid == "online-tutoring-22@google.com" }
        #expect(tutoring.count == 19)
        #expect(tutoring.contains { $0.start == at(2026, 10, 27, 10, 0) && $0.end == at(2026, 10, 27, 10, 45) })
        #expect(tutoring.contains { $0.start == at(2026, 11, 3, 9, 0) && $0.end == at(2026, 11, 3, 9, 45) })
        #expect(tutoring.filter { $0.start.hour == 10 }.count == 12)
        #expect(tutoring.filter { $0.start.hour == 9 }.count == 7)
        // Read for New York instead, the same instants are an hour later on the wall.
        let inNewYork = try read("omar-haddad.ics", zone: "America/New_York").occurrences
            .filter { $0.uid == "online-tutoring-22@google.com" }
        #expect(inNewYork.contains { $0.start == at(2026, 10, 27, 11, 0) })
    }

    @Test("a New York event is converted to Chicago; floating times stay as written")
    func zonesAndFloating() throws {
        let busy = try read("omar-haddad.ics")
        let seminar = busy.occurrences.filter { $0.uid == "grad-seminar-ny@google.com" }
        #expect(!seminar.isEmpty)
        #expect(seminar.allSatisfy { $0.start.clockTime == ClockTime(hour: 12, minute: 10) && $0.end.clockTime == ClockTime(hour: 12, minute: 50) })
        #expect(seminar.first?.summary == "Graduate seminar (Columbia, online)")  // unfolded, unescaped
        let yoga = busy.occurrences.filter { $0.uid == "yoga-floating@google.com" }
        #expect(yoga.count == 19)  // COUNT=30 from 14 Aug; 19 of them fall in the term
        #expect(yoga.allSatisfy { $0.start.clockTime == ClockTime(hour: 14, minute: 10) })
        let yogaInNewYork = try read("omar-haddad.ics", zone: "America/New_York").occurrences.filter { $0.uid == "yoga-floating@google.com" }
        #expect(yogaInNewYork.allSatisfy { $0.start.clockTime == ClockTime(hour: 14, minute: 10) })
    }

    @Test("all-day, cancelled and transparent events are read past and listed; a one-off is one occurrence")
    func ignoredEvents() throws {
        let busy = try read("omar-haddad.ics")
        #expect(busy.ignored == [
            IgnoredEvent(uid: "conference-day@google.com", summary: "NCTE regional conference", reason: .allDay),
            IgnoredEvent(uid: "book-club@google.com", summary: "Book club", reason: .cancelled),
            IgnoredEvent(uid: "lunch-walk@google.com", summary: "Lunch walk", reason: .transparent),
        ])
        let ignoredUIDs = Set(busy.ignored.map(\.uid))
        #expect(!busy.occurrences.contains { ignoredUIDs.contains($0.uid) })
        let dentist = busy.occurrences.filter { $0.uid == "dentist-1020@google.com" }
        #expect(dentist.map(\.start) == [at(2026, 10, 20, 8, 0)])
        #expect(dentist.first?.recurring == false)
    }

    @Test("the window clips the expansion")
    func window() throws {
        let busy = try BusyReader.read(try fixture("omar-haddad.ics"),
                                       from: UTCDateTime(year: 2026, month: 9, day: 1, hour: 0, minute: 0)!,
                                       to: UTCDateTime(year: 2026, month: 9, day: 8, hour: 0, minute: 0)!,
                                       timeZoneID: "America/Chicago")
        #expect(busy.occurrences.map(\.uid).sorted() == [
            "grad-seminar-ny@google.com", "online-tutoring-22@google.com", "staff-meeting-7a1c@google.com", "yoga-floating@google.com",
        ].sorted())
    }

    @Test("malformed files are errors")
    func malformed() throws {
        func attempt(_ name: String) throws { _ = try read("malformed/" + name) }
        #expect(throws: ICalendarError.notACalendar) { try attempt("not-a-calendar.ics") }
        #expect(throws: ICalendarError.notACalendar) { try attempt("no-vcalendar.ics") }
        #expect(throws: ICalendarError.undeclaredTimeZone("Central Standard Time")) { try attempt("unknown-tzid.ics") }
        #expect {
            try attempt("bad-date.ics")
        } throws: { error in
            guard case ICalendarError.malformed(let messages) = error else { return false }
            return messages.contains { $0.contains("2026AB25T080000") }
        }
        #expect(throws: ICalendarError.unknownTimeZone("Mars/Olympus_Mons")) {
            _ = try BusyReader.read(try fixture("omar-haddad.ics"), from: termStart, to: termEnd, timeZoneID: "Mars/Olympus_Mons")
        }
    }

    @Test("UTC instants to wall time in a zone")
    func localConversion() throws {
        #expect(try LibicalRuntime.local(for: UTCDateTime(year: 2026, month: 10, day: 27, hour: 15, minute: 0)!, timeZoneID: "America/Chicago")
            == at(2026, 10, 27, 10, 0))
        #expect(try LibicalRuntime.local(for: UTCDateTime(year: 2026, month: 11, day: 3, hour: 15, minute: 0)!, timeZoneID: "America/Chicago")
            == at(2026, 11, 3, 9, 0))
    }
}
