import Testing
@testable import PeerPlanCore

@Suite struct ClockTimeTests {
    @Test(arguments: [("08:05", 485), ("8:05", 485), ("23:59", 1439), ("00:00", 0), ("12:30 PM", 750),
                      ("12:00 AM", 0), ("1:15 pm", 795), ("11:59AM", 719), ("07:30:00", 450)])
    func parsesValidTimes(text: String, minutes: Int) {
        #expect(ClockTime(parsing: text)?.minutes == minutes)
    }

    @Test(arguments: ["24:00", "8", "8:5", "08:60", "13:00 PM", "0:30 AM", "ab:cd", "", "8.30", "-1:00"])
    func rejectsBadTimes(text: String) {
        #expect(ClockTime(parsing: text) == nil)
    }

    @Test func printsTwentyFourHour() {
        #expect(ClockTime(minutes: 485).description == "08:05")
        #expect(ClockTime(minutes: 1439).description == "23:59")
    }
}

@Suite struct ScheduleDayTests {
    @Test func weekdaysInAnySpelling() {
        #expect(ScheduleDay(parsing: "Mon") == .weekday(.monday))
        #expect(ScheduleDay(parsing: "MONDAY") == .weekday(.monday))
        #expect(ScheduleDay(parsing: "thurs") == .weekday(.thursday))
        #expect(ScheduleDay(parsing: " fri ")?.description == "Fri")
    }

    @Test func rotationDays() {
        #expect(ScheduleDay(parsing: "a") == .rotation("A"))
        #expect(ScheduleDay(parsing: "B") == .rotation("B"))
        #expect(ScheduleDay(parsing: "D1") == .rotation("D1"))
        #expect(ScheduleDay(parsing: "Funday") == nil)
        #expect(ScheduleDay(parsing: "") == nil)
    }

    @Test func ordering() {
        #expect(ScheduleDay.weekday(.monday) < .weekday(.friday))
        #expect(ScheduleDay.rotation("A") < .rotation("B"))
    }
}

@Suite struct PeriodListTests {
    @Test func listsAndRanges() throws {
        #expect(try PeriodList.parse("1,2") == ["1", "2"])
        #expect(try PeriodList.parse("1-3") == ["1", "2", "3"])
        #expect(try PeriodList.parse(" 2, 4-5 ") == ["2", "4", "5"])
        #expect(try PeriodList.parse("A1,HR") == ["A1", "HR"])
        #expect(try PeriodList.parse("3,3") == ["3"])
        #expect(try PeriodList.parse("") == [])
    }

    @Test(arguments: ["7-", "-7", "1,,2", "3-1", "a-c", "1;2", "1-2-3"])
    func rejectsMalformed(text: String) {
        #expect(throws: PeriodList.ParseError.self) { try PeriodList.parse(text) }
    }

    @Test func messageNamesTheValue() {
        do {
            _ = try PeriodList.parse("7-")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("\"7-\" is not a period list"))
        }
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesAndPrints() {
        #expect(CalendarDate(parsing: "2026-11-01")?.description == "2026-11-01")
        #expect(CalendarDate(parsing: "2026-02-29") == nil)
        #expect(CalendarDate(parsing: "2024-02-29") != nil)
        #expect(CalendarDate(parsing: "2026-13-01") == nil)
        #expect(CalendarDate(parsing: "11/01/2026") == nil)
        #expect(CalendarDate(parsing: "2026-11-01T00:00:00Z")?.description == "2026-11-01")
    }

    @Test func weekdaysAndArithmetic() {
        #expect(CalendarDate(parsing: "2026-11-29")!.weekday == .sunday)
        #expect(CalendarDate(parsing: "2026-08-10")!.weekday == .monday)
        #expect(CalendarDate(parsing: "1970-01-01")!.weekday == .thursday)
        let date = CalendarDate(parsing: "2026-12-31")!
        #expect(date.adding(days: 1).description == "2027-01-01")
        #expect(date.adding(days: -365).description == "2025-12-31")
        for n in stride(from: -500_000, to: 500_000, by: 9_973) {
            #expect(CalendarDate(dayNumber: n).dayNumber == n)
        }
    }
}

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func bufferUpdatesMatchByteUpdates() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var a = SHA256()
        a.update(bytes)
        var b = SHA256()
        bytes.withUnsafeBytes { raw in
            b.update(buffer: UnsafeRawBufferPointer(rebasing: raw[0..<3]))
            b.update(buffer: UnsafeRawBufferPointer(rebasing: raw[3..<700]))
            b.update(buffer: UnsafeRawBufferPointer(rebasing: raw[700..<1000]))
        }
        #expect(a.hexDigest() == b.hexDigest())
    }
}
