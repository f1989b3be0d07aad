import Foundation
import PeerPlanCalendar
import PeerPlanCore
import Testing

// Real libical round trips: these prove the CLibical system-library wiring end to end.

private let chicago = "America/Chicago"
private let stamp = UTCDateTime(year: 2026, month: 8, day: 1, hour: 12, minute: 0)!

private func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
    CalendarDate(year: year, month: month, day: day)!
}

private func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> LocalDateTime {
    LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)!
}

/// A weekly Tuesday 08:00–08:45 pair meeting in Chicago, 25 Aug – 15 Dec 2026 (DST ends
/// 1 Nov 2026), cancelled on Election Day (Tue 3 Nov, a district holiday).
private func fallTermDocument() throws -> CalendarDocument {
    let until = try LibicalRuntime.utc(for: at(2026, 12, 15, 8, 0), timeZoneID: chicago)
    let meeting = CalendarEvent(
        uid: "pair-meeting.school-12.t-104.t-233.tue-p3@peerplan",
        summary: "Pair meeting: Ms. Ruiz & Mr. Okafor",
        description: "Focus: questioning; checking for understanding.\nBring a lesson plan, please",
        location: "Room 214; library annex",
        time: .timed(start: at(2026, 8, 25, 8, 0), end: at(2026, 8, 25, 8, 45), timeZoneID: chicago),
        recurrence: WeeklyRecurrence(interval: 1, until: until),
        excludedDates: [date(2026, 11, 3)],
        sequence: 3,
        categories: ["Pair meeting", "PeerPlan"])
    return CalendarDocument(name: "PeerPlan – Ms. Ruiz", timeZoneID: chicago, events: [meeting])
}

/// The iCalendar lines without their CRLF (folded lines stay separate).
private func physicalLines(_ text: String) -> [String] {
    var lines = text.components(separatedBy: "\r\n")
    if lines.last == "" { lines.removeLast() }
    return lines
}

private extension String {
    func count(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}

@Suite("libical round trip")
struct ICalendarRoundTripTests {
    init() throws {
        try LibicalRuntime.prepare()
    }

    @Test("UNTIL is computed in UTC from the Chicago wall time, on both sides of the DST change")
    func utcConversion() throws {
        #expect(try LibicalRuntime.utc(for: at(2026, 10, 27, 8, 0), timeZoneID: chicago)
            == UTCDateTime(year: 2026, month: 10, day: 27, hour: 13, minute: 0)!)  // CDT, UTC-5
        #expect(try LibicalRuntime.utc(for: at(2026, 12, 15, 8, 0), timeZoneID: chicago)
            == UTCDateTime(year: 2026, month: 12, day: 15, hour: 14, minute: 0)!)  // CST, UTC-6
    }

    @Test("weekly Chicago event: serialize with libical, parse back, expand across the DST change")
    func weeklyRoundTrip() throws {
        let document = try fallTermDocument()
        let text = try ICalendarWriter.serialize(document, stamp: stamp)

        // Line discipline: CRLF everywhere, folded at 75 octets, each physical line valid UTF-8.
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
        }
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = physicalLines(text)
        for line in lines {
            #expect(line.utf8.count <= 75, "line longer than 75 octets: \(line)")
        }

        // Calendar properties (DESIGN.md section 7).
        for expected in [
            "BEGIN:VCALENDAR", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-TIMEZONE:America/Chicago", "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
            "DTSTAMP:20260801T120000Z", "SEQUENCE:3",
            "DTSTART;TZID=America/Chicago:20260825T080000", "DTEND;TZID=America/Chicago:20260825T084500",
            "EXDATE;TZID=America/Chicago:20261103T080000",
        ] {
            #expect(lines.contains(expected), "missing line \(expected)")
        }
        #expect(lines.contains { $0.hasPrefix("PRODID:") })
        #expect(lines.contains { $0.hasPrefix("NAME:PeerPlan") })
        #expect(lines.contains { $0.hasPrefix("X-WR-CALNAME:PeerPlan") })
        let eventLines = try #require(lines.split(separator: "BEGIN:VEVENT", omittingEmptySubsequences: false).last)
        let rrule = try #require(eventLines.first { $0.hasPrefix("RRULE:") })
        #expect(rrule.contains("FREQ=WEEKLY"))
        #expect(rrule.contains("UNTIL=20261215T140000Z"))

        // One compact VTIMEZONE, plain IANA TZID: one STANDARD and one DAYLIGHT.
        #expect(text.count(of: "BEGIN:VTIMEZONE") == 1)
        #expect(lines.contains("TZID:America/Chicago"))
        #expect(!text.contains("freeassociation"))
        #expect(text.count(of: "BEGIN:STANDARD") == 1)
        #expect(text.count(of: "BEGIN:DAYLIGHT") == 1)

        // Same input, same bytes.
        #expect(try ICalendarWriter.serialize(document, stamp: stamp) == text)

        // Parse back with libical: no X-LIC-ERROR (parse would throw), same event.
        let parsed = try ICalendarReader.parse(text)
        #expect(parsed.name == "PeerPlan – Ms. Ruiz")
        #expect(parsed.timeZoneID == chicago)
        #expect(parsed.method == "PUBLISH")
        #expect(parsed.timeZoneIDs == [chicago])
        #expect(parsed.events.count == 1)
        let original = document.events[0]
        let event = try #require(parsed.event(uid: original.uid))
        #expect(event.summary == original.summary)
        #expect(event.description == original.description)
        #expect(event.location == original.location)
        #expect(event.sequence == 3)
        #expect(event.categories == ["Pair meeting", "PeerPlan"])
        #expect(event.start == ParsedDateTime(value: at(2026, 8, 25, 8, 0), timeZoneID: chicago))
        #expect(event.end == ParsedDateTime(value: at(2026, 8, 25, 8, 45), timeZoneID: chicago))
        #expect(event.excludedDates == [ParsedDateTime(value: at(2026, 11, 3, 8, 0), timeZoneID: chicago)])
        let rule = try #require(event.recurrenceRule)
        #expect(rule.contains("FREQ=WEEKLY") && rule.contains("UNTIL=20261215T140000Z"))

        // Expansion: every Tuesday at 08:00 local, before and after DST ends, minus 3 Nov.
        let starts = try parsed.occurrences(of: original.uid, from: at(2026, 8, 1, 0, 0), to: at(2027, 1, 1, 0, 0))
        #expect(starts.count == 16)  // 17 Tuesdays from 25 Aug to 15 Dec, less Election Day
        #expect(starts.first == at(2026, 8, 25, 8, 0))
        #expect(starts.last == at(2026, 12, 15, 8, 0))
        for start in starts {
            #expect(start.date.weekday == .tuesday, "\(start) is not a Tuesday")
            #expect(start.hour == 8 && start.minute == 0, "\(start) is not at 08:00 local")
        }
        #expect(starts.contains(at(2026, 10, 27, 8, 0)))  // last Tuesday in CDT
        #expect(starts.contains(at(2026, 11, 10, 8, 0)))  // CST
        #expect(!starts.contains(at(2026, 11, 3, 8, 0)))  // EXDATE applied
        #expect(starts.count(where: { $0.date.month == 11 }) == 3)

        // The range is honoured.
        let november = try parsed.occurrences(of: original.uid, from: at(2026, 11, 1, 0, 0), to: at(2026, 12, 1, 0, 0))
        #expect(november == [at(2026, 11, 10, 8, 0), at(2026, 11, 17, 8, 0), at(2026, 11, 24, 8, 0)])
    }

    @Test("an alternating observation: INTERVAL=2 on a weekday list")
    func alternatingObservation() throws {
        let until = try LibicalRuntime.utc(for: at(2026, 10, 30, 23, 59), timeZoneID: chicago)
        let observation = CalendarEvent(
            uid: "observation.school-12.t-104.t-233@peerplan", summary: "Peer observation",
            time: .timed(start: at(2026, 9, 1, 10, 5), end: at(2026, 9, 1, 10, 55), timeZoneID: chicago),
            recurrence: WeeklyRecurrence(interval: 2, until: until, weekdays: [.tuesday, .thursday]))
        let document = CalendarDocument(name: "Observations", timeZoneID: chicago, events: [observation])
        let parsed = try ICalendarReader.parse(try ICalendarWriter.serialize(document, stamp: stamp))
        let rule = try #require(parsed.events.first?.recurrenceRule)
        #expect(rule.contains("INTERVAL=2") && rule.contains("BYDAY=TU,TH"))
        let starts = try parsed.occurrences(of: observation.uid, from: at(2026, 9, 1, 0, 0), to: at(2026, 10, 1, 0, 0))
        #expect(starts == [
            at(2026, 9, 1, 10, 5), at(2026, 9, 3, 10, 5), at(2026, 9, 15, 10, 5), at(2026, 9, 17, 10, 5),
            at(2026, 9, 29, 10, 5),
        ])
    }

    @Test("an all-day DATE event round-trips with DTEND the next day")
    func allDayRoundTrip() throws {
        let checkpoint = CalendarEvent(
            uid: "mc-checkpoint.school-12.t-104.questioning.1@peerplan",
            summary: "Micro-credential checkpoint: evidence due",
            time: .allDay(on: date(2026, 10, 15)),
            categories: ["Micro-credential"])
        let document = CalendarDocument(name: "Checkpoints", timeZoneID: chicago, events: [checkpoint])
        let text = try ICalendarWriter.serialize(document, stamp: stamp)
        let lines = physicalLines(text)
        #expect(lines.contains("DTSTART;VALUE=DATE:20261015"))
        #expect(lines.contains("DTEND;VALUE=DATE:20261016"))
        #expect(!text.contains("BEGIN:VTIMEZONE"))  // DATE values use no TZID

        let parsed = try ICalendarReader.parse(text)
        let event = try #require(parsed.event(uid: checkpoint.uid))
        #expect(event.start == ParsedDateTime(value: at(2026, 10, 15, 0, 0), isDate: true))
        #expect(event.end == ParsedDateTime(value: at(2026, 10, 16, 0, 0), isDate: true))
        #expect(event.recurrenceRule == nil)
        #expect(try parsed.occurrences(of: checkpoint.uid, from: at(2026, 1, 1, 0, 0), to: at(2027, 1, 1, 0, 0))
            == [at(2026, 10, 15, 0, 0)])
    }

    @Test("long non-ASCII text is folded on character boundaries and survives the round trip")
    func foldingNonASCII() throws {
        let summary = "Réunion d’équipe PLC — 数学 — " + String(repeating: "é", count: 90)
        let event = CalendarEvent(
            uid: "plc.school-12.math-7@peerplan", summary: summary,
            time: .timed(start: at(2026, 9, 2, 15, 30), end: at(2026, 9, 2, 16, 15), timeZoneID: chicago))
        let text = try ICalendarWriter.serialize(
            CalendarDocument(name: "PLC", timeZoneID: chicago, events: [event]), stamp: stamp)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if byte == 0x0A {
                #expect(bytes.count <= 76)  // 75 octets + CR
                #expect(String(validating: bytes, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
                bytes = []
            } else {
                bytes.append(byte)
            }
        }
        #expect(try ICalendarReader.parse(text).event(uid: event.uid)?.summary == summary)
    }

    @Test("malformed input is an error naming libical's X-LIC-ERROR")
    func malformedInput() throws {
        let broken = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:broken@test\r
            DTSTART:2026AB25T080000\r
            SUMMARY:Broken\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        #expect {
            _ = try ICalendarReader.parse(broken)
        } throws: { error in
            guard case ICalendarError.malformed(let messages) = error else { return false }
            return messages.count == 1 && messages[0].contains("DTSTART") && messages[0].contains("2026AB25T080000")
                && "\(error)".contains("1 X-LIC-ERROR")
        }
        #expect(throws: ICalendarError.notACalendar) { _ = try ICalendarReader.parse("this is not a calendar") }
        #expect(throws: ICalendarError.notACalendar) { _ = try ICalendarReader.parse("") }
    }

    @Test("a TZID without a VTIMEZONE is rejected, as Outlook does")
    func undeclaredTimeZone() throws {
        let text = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:undeclared@test\r
            DTSTAMP:20260801T120000Z\r
            DTSTART;TZID=America/Chicago:20260825T080000\r
            SUMMARY:No zone\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        #expect(throws: ICalendarError.undeclaredTimeZone("America/Chicago")) { _ = try ICalendarReader.parse(text) }
    }

    @Test("invalid documents are refused before libical prints anything")
    func invalidDocuments() throws {
        var document = try fallTermDocument()
        document.events[0].time = .timed(start: at(2026, 8, 25, 8, 0), end: at(2026, 8, 25, 8, 0), timeZoneID: chicago)
        #expect(throws: ICalendarError.invalidEvent(uid: document.events[0].uid, reason: "DTEND is not after DTSTART")) {
            _ = try ICalendarWriter.serialize(document, stamp: stamp)
        }
        var unknownZone = try fallTermDocument()
        unknownZone.timeZoneID = "Mars/Olympus_Mons"
        #expect(throws: ICalendarError.unknownTimeZone("Mars/Olympus_Mons")) {
            _ = try ICalendarWriter.serialize(unknownZone, stamp: stamp)
        }
        var comma = try fallTermDocument()
        comma.events[0].categories = ["a,b"]
        #expect(throws: ICalendarError.self) { _ = try ICalendarWriter.serialize(comma, stamp: stamp) }
    }
}

@Suite("compact VTIMEZONE")
struct CompactTimeZoneTests {
    @Test("Chicago: one DAYLIGHT and one STANDARD rule from 1970, US rules")
    func chicagoRules() throws {
        let zone = try LibicalRuntime.compactTimeZone(chicago)
        #expect(zone.timeZoneID == chicago)
        #expect(zone.observances.count == 2)
        let daylight = try #require(zone.observances.first { $0.isDaylight })
        let standard = try #require(zone.observances.first { !$0.isDaylight })
        #expect(daylight.offsetFrom == -6 * 3600 && daylight.offsetTo == -5 * 3600)
        #expect(standard.offsetFrom == -5 * 3600 && standard.offsetTo == -6 * 3600)
        #expect(daylight.name == "CDT" && standard.name == "CST")
        #expect(daylight.start == at(1970, 3, 8, 2, 0))
        #expect(standard.start == at(1970, 11, 1, 2, 0))
        #expect(daylight.rule?.contains("BYDAY=2SU") == true && daylight.rule?.contains("BYMONTH=3") == true)
        #expect(standard.rule?.contains("BYDAY=1SU") == true && standard.rule?.contains("BYMONTH=11") == true)
    }

    @Test("zones without DST get a single STANDARD; the southern hemisphere works too")
    func otherZones() throws {
        let phoenix = try LibicalRuntime.compactTimeZone("America/Phoenix")
        #expect(phoenix.observances.count == 1)
        #expect(phoenix.observances.first?.offsetTo == -7 * 3600)
        #expect(phoenix.observances.first?.isDaylight == false)

        let sydney = "Australia/Sydney"
        #expect(try LibicalRuntime.compactTimeZone(sydney).observances.count == 2)
        // A weekly meeting across Sydney's April 2026 change keeps its wall time.
        let until = try LibicalRuntime.utc(for: at(2026, 4, 30, 9, 0), timeZoneID: sydney)
        let event = CalendarEvent(
            uid: "sydney@test", summary: "Team",
            time: .timed(start: at(2026, 3, 19, 9, 0), end: at(2026, 3, 19, 10, 0), timeZoneID: sydney),
            recurrence: WeeklyRecurrence(until: until))
        let text = try ICalendarWriter.serialize(
            CalendarDocument(name: "Sydney", timeZoneID: sydney, events: [event]), stamp: stamp)
        #expect(text.count(of: "BEGIN:STANDARD") == 1 && text.count(of: "BEGIN:DAYLIGHT") == 1)
        let starts = try ICalendarReader.parse(text)
            .occurrences(of: "sydney@test", from: at(2026, 1, 1, 0, 0), to: at(2027, 1, 1, 0, 0))
        #expect(starts.count == 7)
        #expect(starts.allSatisfy { $0.hour == 9 && $0.date.weekday == .thursday })
    }

    @Test("a zone that changed its rules inside the span gets libical's full zone, still correct")
    func ruleChangeFallsBackToFullZone() throws {
        // Mexico City abolished DST in October 2022; its compact form (no DST) is wrong for 2022.
        let mexico = "America/Mexico_City"
        let compact = try LibicalRuntime.compactTimeZone(mexico)
        #expect(compact.observances.count == 1)
        let until = try LibicalRuntime.utc(for: at(2022, 11, 30, 9, 0), timeZoneID: mexico)
        let event = CalendarEvent(
            uid: "mexico@test", summary: "Reunión",
            time: .timed(start: at(2022, 9, 7, 9, 0), end: at(2022, 9, 7, 10, 0), timeZoneID: mexico),
            recurrence: WeeklyRecurrence(until: until))
        let text = try ICalendarWriter.serialize(
            CalendarDocument(name: "CDMX", timeZoneID: mexico, events: [event]), stamp: stamp)
        #expect(text.count(of: "BEGIN:VTIMEZONE") == 1)
        #expect(physicalLines(text).contains("TZID:America/Mexico_City"))
        #expect(text.contains("BEGIN:DAYLIGHT"))  // the 2022 summer time is described
        let parsed = try ICalendarReader.parse(text)
        let starts = try parsed.occurrences(of: "mexico@test", from: at(2022, 1, 1, 0, 0), to: at(2023, 1, 1, 0, 0))
        #expect(starts.count == 13)
        #expect(starts.allSatisfy { $0.hour == 9 && $0.date.weekday == .wednesday })

        // The same zone over 2026 alone is compact again.
        let later = CalendarEvent(
            uid: "mexico-2026@test", summary: "Reunión",
            time: .timed(start: at(2026, 9, 2, 9, 0), end: at(2026, 9, 2, 10, 0), timeZoneID: mexico))
        let compactText = try ICalendarWriter.serialize(
            CalendarDocument(name: "CDMX", timeZoneID: mexico, events: [later]), stamp: stamp)
        #expect(compactText.count(of: "BEGIN:STANDARD") == 1 && !compactText.contains("BEGIN:DAYLIGHT"))
    }
}

@Suite("concurrency")
struct ICalendarConcurrencyTests {
    @Test("parallel serialization after prepare() gives identical bytes")
    func parallelSerialize() async throws {
        try LibicalRuntime.prepare()
        try LibicalRuntime.prepare()  // idempotent
        #expect(LibicalRuntime.loadedTimeZoneIDs.contains(chicago))
        let document = try fallTermDocument()
        let reference = try ICalendarWriter.serialize(document, stamp: stamp)
        let outputs = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var texts: [String] = []
                    for _ in 0..<25 {
                        let text = try ICalendarWriter.serialize(document, stamp: stamp)
                        // Parse and expand on the same task: reader objects are private too.
                        let parsed = try ICalendarReader.parse(text)
                        let count = try parsed.occurrences(
                            of: document.events[0].uid, from: at(2026, 8, 1, 0, 0), to: at(2027, 1, 1, 0, 0)).count
                        texts.append(count == 16 ? text : "wrong occurrence count \(count)")
                    }
                    return texts
                }
            }
            var all: [String] = []
            for try await texts in group { all += texts }
            return all
        }
        #expect(outputs.count == 200)
        #expect(outputs.allSatisfy { $0 == reference })
    }

    @Test("one ParsedCalendar shared by several tasks")
    func sharedParsedCalendar() async throws {
        let document = try fallTermDocument()
        let parsed = try ICalendarReader.parse(try ICalendarWriter.serialize(document, stamp: stamp))
        let uid = document.events[0].uid
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try parsed.occurrences(of: uid, from: at(2026, 8, 1, 0, 0), to: at(2027, 1, 1, 0, 0)).count
                }
            }
            var counts: [Int] = []
            for try await count in group { counts.append(count) }
            return counts
        }
        #expect(counts == Array(repeating: 16, count: 8))
    }
}
