import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanExchange

/// A meeting a new schedule run no longer has is published as cancelled — same UID, higher
/// SEQUENCE, `STATUS:CANCELLED` — in every calendar that carried it, until its last date.
@Suite struct CancellationTests {
    /// The pair meeting of `sch-mid` whose target sorts first, and its members.
    func firstPair(_ f: ScheduledFixture) throws -> (meeting: String, partner: String, target: String) {
        let meeting = try #require(try f.store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT meetingId FROM scheduledSession WHERE meetingId LIKE 'pair:%' AND runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = 'sch-mid') ORDER BY meetingId")
        })
        let parts = meeting.split(separator: ":").map(String.init)
        return (meeting, parts[1], parts[2])
    }

    /// Drops the pair and places the week again: the pair's sessions are gone from the schedule.
    func dropAndReschedule(_ f: ScheduledFixture, target: String) throws {
        _ = try PairingStore(store: f.store, config: f.config).drop(target: target)
        _ = try Scheduler(store: f.store, config: f.config).schedule(school: "sch-mid", term: "term-fall-2026")
    }

    /// The UIDs of the pair's events, as published before it was dropped.
    func pairUIDs(_ calendars: [RenderedCalendar], _ pair: (meeting: String, partner: String, target: String)) throws -> [String: String] {
        let school = try #require(calendars.first { $0.audience == .school("sch-mid") })
        let partnerFile = try #require(calendars.first { $0.audience == .teacher(pair.partner) })
        let targetFile = try #require(calendars.first { $0.audience == .teacher(pair.target) })
        // The pair meeting's UIDs: in both members' calendars, and kind "pair".
        let shared = Set(eventBlocks(partnerFile.text).keys).intersection(eventBlocks(targetFile.text).keys).filter { $0.hasPrefix("UID:pair-") }
        #expect(!shared.isEmpty)
        return eventBlocks(school.text).filter { shared.contains($0.key) }
    }

    @Test func aDroppedPairIsPublishedAsCancelledInEveryCalendarThatCarriedIt() throws {
        let f = try ScheduledFixture()
        let pair = try firstPair(f)
        let before = try f.export("sch-mid")
        let published = try pairUIDs(before, pair)
        try dropAndReschedule(f, target: pair.target)
        let summary = try f.publisher.unpublished(school: "sch-mid", now: ScheduledFixture.now)
        #expect(summary.changedEvents >= published.count)
        let after = try f.export("sch-mid")
        for audience in [CalendarAudience.school("sch-mid"), .teacher(pair.partner), .teacher(pair.target)] {
            let calendar = try #require(after.first { $0.audience == audience }, "\(audience) has no calendar any more")
            let blocks = eventBlocks(calendar.text)
            for (key, old) in published {
                let block = try #require(blocks[key], "\(audience): \(key) vanished instead of being cancelled")
                #expect(block.contains("\r\nSTATUS:CANCELLED\r\n"), "\(audience): \(key)")
                #expect(sequence(block) == sequence(old)! + 1, "\(audience): \(key)")
                // The same series: the same start and rule, so calendars match it to what they hold.
                let line = { (b: String, p: String) in b.components(separatedBy: "\r\n").first { $0.hasPrefix(p) } }
                #expect(line(block, "DTSTART") == line(old, "DTSTART") && line(block, "RRULE") == line(old, "RRULE"))
            }
            // libical reads it back as a cancelled event.
            let parsed = try ICalendarReader.parse(calendar.text)
            for key in published.keys {
                let uid = String(key.dropFirst(4))
                let event = try #require(parsed.events.first { $0.uid == uid })
                #expect(event.status == .cancelled)
            }
        }
        // Published again: nothing rises any more, the bytes stay.
        #expect(try f.export("sch-mid").map(\.text) == after.map(\.text))
        // Another reader than our own: Python's standard library, on the file a teacher imports.
        let target = try #require(after.first { $0.audience == .teacher(pair.target) })
        let verdict = try IndependentICS.check(target.text, uids: published.keys.map { String($0.dropFirst(4)) })
        #expect(verdict.allSatisfy { $0.status == "CANCELLED" && $0.sequence == 1 }, "\(verdict)")
    }

    @Test func aCancellationIsPublishedOnlyUntilTheEventsLastDate() throws {
        let f = try ScheduledFixture()
        let pair = try firstPair(f)
        let published = try pairUIDs(try f.export("sch-mid"), pair)
        try dropAndReschedule(f, target: pair.target)
        // After the term, the removed series is over: it is no longer carried.
        let later = Date(timeIntervalSince1970: ScheduledFixture.now.timeIntervalSince1970 + 60 * 86_400)
        let calendars = try f.publisher.documents(school: "sch-mid", stamp: ScheduledFixture.stamp, now: later)
        let school = try #require(calendars.first { $0.audience == .school("sch-mid") })
        #expect(published.keys.allSatisfy { eventBlocks(school.text)[$0] == nil })
    }

    @Test func eventsPublishedBeforeShapesWereKeptGetThemWithoutAChange() throws {
        let f = try ScheduledFixture()
        let first = try f.export("sch-mid").map(\.text)
        try f.store.writer.write { db in try db.execute(sql: "UPDATE publishedEvent SET shape = NULL") }
        let summary = try f.publisher.unpublished(school: "sch-mid", now: ScheduledFixture.now)
        #expect(!summary.hasChanges)  // recording a shape is not a change
        #expect(try f.export("sch-mid").map(\.text) == first)
        let missing = try f.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM publishedEvent WHERE schoolId = 'sch-mid' AND shape IS NULL") }
        #expect(missing == 0)
    }
}

@Suite struct CancellationGoldenTests {
    /// The target teacher's calendar after their pair was dropped: the pair's events cancelled.
    /// Re-record with PEERPLAN_RECORD_GOLDEN=1 (on purpose only).
    @Test func aTeachersCalendarWithACancelledPairMatchesTheGoldenFile() throws {
        let f = try ScheduledFixture()
        _ = try f.export("sch-mid")
        _ = try PairingStore(store: f.store, config: f.config).drop(target: "t-mid-02")
        _ = try Scheduler(store: f.store, config: f.config).schedule(school: "sch-mid", term: "term-fall-2026")
        let doc = try #require(try f.export("sch-mid").first { $0.audience == .teacher("t-mid-02") })
        #expect(doc.text.contains("STATUS:CANCELLED"))
        let golden = repositoryRoot.appendingPathComponent("Tests/PeerPlanExchangeTests/Golden/sch-mid-t-mid-02-pair-dropped.ics")
        if ProcessInfo.processInfo.environment["PEERPLAN_RECORD_GOLDEN"] != nil {
            try Data(doc.text.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(doc.text == expected)
        let cancelled = try IndependentICS.check(expected, uids: nil).filter { $0.status == "CANCELLED" }
        #expect(!cancelled.isEmpty && cancelled.allSatisfy { $0.sequence >= 1 })
    }
}

/// A second iCalendar reader that is not ours: Python's standard library only (RFC 5545 line
/// unfolding, VEVENT blocks, property names before `;` or `:`), plus the `icalendar` package when
/// it is installed. Returns each VEVENT's UID, STATUS and SEQUENCE as that reader sees them.
enum IndependentICS {
    struct Event: Sendable, Equatable, CustomStringConvertible {
        var uid: String
        var status: String
        var sequence: Int
        var description: String { "\(uid) \(status) \(sequence)" }
    }

    static let script = #"""
import sys
data = sys.stdin.buffer.read().decode("utf-8")
assert "\r\n" in data, "lines must end in CRLF"
lines = []
for raw in data.split("\r\n"):
    if raw[:1] in (" ", "\t") and lines:
        lines[-1] += raw[1:]
    elif raw:
        lines.append(raw)
events, current = [], None
for line in lines:
    name, _, value = line.partition(":")
    name = name.split(";")[0].upper()
    if line == "BEGIN:VEVENT":
        current = {}
    elif line == "END:VEVENT":
        events.append(current); current = None
    elif current is not None and name in ("UID", "STATUS", "SEQUENCE") and name not in current:
        current[name] = value
found = [(e.get("UID", ""), e.get("STATUS", "CONFIRMED"), int(e.get("SEQUENCE", "0"))) for e in events]
try:
    import icalendar
    cal = icalendar.Calendar.from_ical(data)
    other = [(str(c.get("UID")), str(c.get("STATUS", "CONFIRMED")), int(c.get("SEQUENCE", 0))) for c in cal.walk("VEVENT")]
    assert sorted(other) == sorted(found), "icalendar disagrees"
except ImportError:
    pass
for uid, status, seq in found:
    print(uid, status, seq)
"""#

    /// The events of `text` (only those of `uids` when given), read by Python.
    static func check(_ text: String, uids: [String]?) throws -> [Event] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: String(decoding: err, as: UTF8.self)])
        }
        let events = String(decoding: out, as: UTF8.self).split(separator: "\n").compactMap { line -> Event? in
            let f = line.split(separator: " ")
            guard f.count == 3, let seq = Int(f[2]) else { return nil }
            return Event(uid: String(f[0]), status: String(f[1]), sequence: seq)
        }
        guard let uids else { return events }
        #expect(Set(events.map(\.uid)).isSuperset(of: uids), "Python does not see every UID")
        return events.filter { uids.contains($0.uid) }
    }
}
