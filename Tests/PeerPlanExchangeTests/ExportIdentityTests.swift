import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanExchange

/// VEVENT blocks of a calendar text by UID (and RECURRENCE-ID), for diffing two exports.
func eventBlocks(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for block in text.components(separatedBy: "BEGIN:VEVENT").dropFirst() {
        let unfolded = block.replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n")
        let uid = lines.first { $0.hasPrefix("UID:") } ?? "?"
        let rid = lines.first { $0.hasPrefix("RECURRENCE-ID") } ?? ""
        out[uid + rid] = unfolded
    }
    return out
}

func sequence(_ block: String) -> Int? {
    block.components(separatedBy: "\r\n").first { $0.hasPrefix("SEQUENCE:") }.flatMap { Int($0.dropFirst(9)) }
}

@Suite struct ExportIdentityTests {
    @Test func sameInputsGiveTheSameBytes() throws {
        let f = try ScheduledFixture()
        let first = try f.export("sch-mid").map(\.text)
        let second = try f.export("sch-mid").map(\.text)
        #expect(first == second)
        // Rescheduling with nothing changed keeps every UID and SEQUENCE.
        _ = try Scheduler(store: f.store, config: f.config).schedule(school: "sch-mid", term: "term-fall-2026")
        #expect(try f.export("sch-mid").map(\.text) == first)
    }

    @Test func aSmallChangeAltersOnlyTheAffectedEvents() throws {
        let f = try ScheduledFixture()
        let before = try f.export("sch-mid")
        let school = try #require(before.first { $0.audience == .school("sch-mid") })
        let pair = try f.store.writer.read { try Row.fetchOne($0, sql: "SELECT meetingId, day FROM scheduledSession WHERE meetingId LIKE 'pair:%' AND runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = 'sch-mid') ORDER BY meetingId") }!
        let weekdays = ["Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4]
        let absentOn = CalendarDate(parsing: "2026-10-19")!.adding(days: weekdays[pair[1] as String]!)
        let members = (pair[0] as String).split(separator: ":").dropFirst().map(String.init)
        let week = try WeekChanges(store: f.store, config: f.config).apply(school: "sch-mid", date: absentOn, absences: [.init(teacher: members[1], date: absentOn)])
        let affectedMeetings = Set(week.changes.map(\.meeting))
        #expect(affectedMeetings.contains(pair[0] as String))
        let after = try f.export("sch-mid")
        let schoolAfter = try #require(after.first { $0.audience == .school("sch-mid") })
        let old = eventBlocks(school.text), new = eventBlocks(schoolAfter.text)
        let changed = Set(new.keys.filter { old[$0] != new[$0] })
        // Every changed block belongs to an affected meeting's UID (the series and its new override), and each raised SEQUENCE by one.
        #expect(!changed.isEmpty)
        #expect(changed.count <= 2 * affectedMeetings.count)
        for key in changed {
            let uid = String(key.prefix(while: { $0 != "\r" }).split(separator: "RECURRENCE-ID").first!)
            if let previous = old[uid] { #expect(sequence(new[key]!) == sequence(previous)! + 1) }
        }
        #expect(Set(old.keys).subtracting(new.keys).isEmpty) // nothing disappeared
        // A calendar of a teacher not involved is byte for byte the same.
        let uninvolved = before.filter { doc in
            if case .teacher(let t) = doc.audience { return !week.changes.contains { change in change.meeting.contains(t) } }
            return false
        }
        #expect(!uninvolved.isEmpty)
        for doc in uninvolved { #expect(after.first { $0.path == doc.path }?.text == doc.text, "\(doc.path)") }
    }

    @Test func sequenceRisesWhenMembersChangeAndUIDsStay() throws {
        let f = try ScheduledFixture()
        let before = eventBlocks(try #require(try f.export("sch-mid").first { $0.audience == .school("sch-mid") }).text)
        let plcs = PLCStore(store: f.store)
        let team = try #require(try plcs.teams(school: "sch-mid").first { $0.name == "Mathematics team" })
        // Nina Petrova is free in period 2 like the maths team, so the team still meets.
        try plcs.edit(team: team.id, teacher: "t-mid-12", add: true)
        _ = try Scheduler(store: f.store, config: f.config).schedule(school: "sch-mid", term: "term-fall-2026")
        let after = eventBlocks(try #require(try f.export("sch-mid").first { $0.audience == .school("sch-mid") }).text)
        let plcKey = try #require(before.keys.first { before[$0]!.contains("SUMMARY:PLC: Mathematics team") })
        let plcAfter = try #require(after[plcKey], "the PLC keeps its UID")
        #expect(plcAfter.contains("CN=Nina Petrova") && !before[plcKey]!.contains("CN=Nina Petrova"))
        #expect(sequence(plcAfter) == sequence(before[plcKey]!)! + 1)
    }
}

@Suite struct ExportContentTests {
    @Test func noRatingWordOrValueAnywhere() throws {
        let f = try ScheduledFixture()
        var bytes = ""
        for school in ScheduledFixture.schools { for doc in try f.export(school) { bytes += doc.text } }
        let lower = bytes.lowercased()
        for word in ["target", "weak", "strong", "score", "rating", "threshold", "evaluat", "unsatisfactory", "basic level", "distinguished", "proficien", "deficien", "low-perform", "partner", "effective"] {
            #expect(!lower.contains(word), "\"\(word)\" in an exported calendar")
        }
        // Nothing from ratings.csv: no evaluator and no observation date of a rating.
        let ratings = try String(contentsOf: fixturesDirectory.appendingPathComponent("district/ratings.csv"), encoding: .utf8)
        let header = ratings.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let evaluator = try #require(header.firstIndex(of: "evaluator")), observed = try #require(header.firstIndex(of: "observedOn"))
        for line in ratings.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells.count > evaluator, !cells[evaluator].isEmpty { #expect(!bytes.contains(cells[evaluator]), "evaluator \(cells[evaluator])") }
            if cells.count > observed {
                let compact = cells[observed].replacingOccurrences(of: "-", with: "")
                #expect(!bytes.contains(compact), "rating date \(cells[observed])")
            }
        }
    }

    @Test func summariesSpeakToTheTeacher() throws {
        let f = try ScheduledFixture()
        let docs = try f.export("sch-mid")
        let text = docs.map(\.text).joined().replacingOccurrences(of: "\r\n ", with: "")
        #expect(text.contains("SUMMARY:Peer collaboration with "))
        #expect(text.contains(" — focus: "))
        #expect(text.contains("SUMMARY:PLC: Mathematics team"))
        #expect(text.contains("SUMMARY:Protected PD time"))
        #expect(text.contains("SUMMARY:Observe ") && text.contains(" teaching "))
        #expect(text.contains("ATTENDEE;CN="))
        #expect(text.contains("ORGANIZER;CN=Cedar Middle:mailto:peerplan@riverbend.k12.example"))
        #expect(text.contains("CATEGORIES:Peer collaboration"))
        #expect(text.contains("LOCATION:"))
        // A teacher's own calendar only holds her sessions, each naming her as an attendee.
        let mine = try #require(docs.first { $0.audience == .teacher("t-mid-02") })
        let email = "keisha.williams@riverbend.k12.example"
        for block in eventBlocks(mine.text).values { #expect(block.contains(email)) }
    }

    @Test func aBlockSchoolPublishesOneEventPerDate() throws {
        let f = try ScheduledFixture()
        let doc = try #require(try f.export("sch-high").first { $0.audience == .school("sch-high") })
        let parsed = try ICalendarReader.parse(doc.text)
        #expect(!parsed.events.isEmpty)
        #expect(parsed.events.allSatisfy { $0.recurrenceRule == nil })
        let calendar = try f.store.writer.read { db in try Terms.calendar(db, school: "sch-high", term: Terms.resolve(db, id: "term-fall-2026", on: CalendarDate(parsing: "2026-09-01")!)) }
        // Each event sits on a date whose rotation day has the event's start time in its bell schedule.
        let bell = try f.store.writer.read { try BellSchedule.load($0, school: "sch-high") }
        for event in parsed.events where !event.description!.contains("Moved") {
            let start = try #require(event.start).value
            let day = try #require(calendar.scheduleDay(on: start.date), "\(event.uid) on \(start.date)")
            #expect(bell.periods(on: day).contains { $0.start == start.clockTime })
            #expect(event.uid.contains(start.date.description.replacingOccurrences(of: "-", with: "")))
        }
    }
}

@Suite struct ExportGoldenTests {
    /// Re-record with PEERPLAN_RECORD_GOLDEN=1 (on purpose only).
    @Test func aTeachersCalendarMatchesTheGoldenFile() throws {
        let f = try ScheduledFixture()
        let doc = try #require(try f.export("sch-mid").first { $0.audience == .teacher("t-mid-02") })
        let golden = repositoryRoot.appendingPathComponent("Tests/PeerPlanExchangeTests/Golden/sch-mid-t-mid-02.ics")
        if ProcessInfo.processInfo.environment["PEERPLAN_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(doc.text.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(doc.text == expected)
    }
}

@Suite struct ExportConcurrencyTests {
    @Test func manyCalendarsRenderedInParallelMatchTheSerialOnes() throws {
        let f = try ScheduledFixture()
        let pending = try f.publisher.plan(schools: ScheduledFixture.schools, now: ScheduledFixture.now)
        let serial = try pending.map { try $0.render(stamp: ScheduledFixture.stamp).text }
        final class Box: @unchecked Sendable { let lock = NSLock(); var mismatches = 0; var errors: [String] = [] }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 400) { k in
            do {
                let text = try pending[k % pending.count].render(stamp: ScheduledFixture.stamp).text
                let parsed = try ICalendarReader.parse(text)
                _ = try parsed.events.first.map { try parsed.occurrences(of: $0.uid, from: LocalDateTime(year: 2026, month: 8, day: 1, hour: 0, minute: 0)!, to: LocalDateTime(year: 2026, month: 12, day: 31, hour: 0, minute: 0)!) }
                box.lock.lock(); if text != serial[k % pending.count] { box.mismatches += 1 }; box.lock.unlock()
            } catch {
                box.lock.lock(); box.errors.append("\(error)"); box.lock.unlock()
            }
        }
        #expect(box.errors.isEmpty)
        #expect(box.mismatches == 0)
    }

    @Test func exportingEverySchoolInParallelWritesEveryFile() throws {
        let f = try ScheduledFixture()
        let out = f.tmp.path("out")
        let result = try f.publisher.exportAll(schools: ScheduledFixture.schools, to: out, stamp: ScheduledFixture.stamp, now: ScheduledFixture.now)
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "ics" }
        #expect(files.count == result.files)
        for school in ScheduledFixture.schools {
            for doc in try f.export(school) {
                #expect(try String(contentsOf: out.appendingPathComponent(doc.path), encoding: .utf8) == doc.text)
            }
        }
    }
}

@Suite struct FeedRenderingTests {
    @Test func feedsMatchTheExportedCalendarsAndKeepTheirLastModified() throws {
        let f = try ScheduledFixture()
        let docs = try f.export("sch-mid")
        let teacher = try f.publisher.feed(.teacher("t-mid-02"), stamp: ScheduledFixture.stamp, now: ScheduledFixture.now)
        #expect(teacher.text == docs.first { $0.audience == .teacher("t-mid-02") }?.text)
        let school = try f.publisher.feed(.school("sch-mid"), stamp: ScheduledFixture.stamp, now: ScheduledFixture.now.addingTimeInterval(3600))
        #expect(school.text == docs.first { $0.audience == .school("sch-mid") }?.text)
        // Nothing changed an hour later: Last-Modified stays at the first publication.
        #expect(school.lastModified == ScheduledFixture.now)
        let plcId = try #require(try f.store.writer.read { try Int64.fetchOne($0, sql: "SELECT id FROM plc WHERE schoolId = 'sch-mid' AND name = 'Mathematics team' ORDER BY id DESC") })
        let plc = try f.publisher.feed(.plc(plcId), stamp: ScheduledFixture.stamp, now: ScheduledFixture.now)
        #expect(plc.text.contains("SUMMARY:PLC: Mathematics team"))
        #expect(throws: PublishingError.unknownPLC(999_999)) { try f.publisher.feed(.plc(999_999), stamp: ScheduledFixture.stamp) }
        // Without a pinned stamp, an unchanged feed is the same bytes on every request.
        let first = try f.publisher.feed(.teacher("t-mid-02"), now: ScheduledFixture.now.addingTimeInterval(60))
        let later = try f.publisher.feed(.teacher("t-mid-02"), now: ScheduledFixture.now.addingTimeInterval(7200))
        #expect(first.text == later.text)
        #expect(first.text.contains("DTSTAMP:" + Publisher.stamp(ScheduledFixture.now).description.filter { $0.isNumber || $0 == "T" || $0 == "Z" }))
    }
}
