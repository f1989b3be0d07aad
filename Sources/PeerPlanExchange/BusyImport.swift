import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// What `peerplan import busy` did: the slots that became busy and why, what was read past, and
/// the scheduled sessions that now conflict. Never carries ratings.
public struct BusyImportReport: Sendable, Codable, Hashable {
    /// A (day, period) of a school's week that the teacher's calendar makes busy.
    public struct BusySlot: Sendable, Codable, Hashable {
        public var day: String
        public var period: String
        public var start: String
        public var end: String
        /// Dates of the term with this schedule day on which an occurrence overlaps the period.
        public var datesBusy: Int
        /// Dates of the term with this schedule day.
        public var datesInTerm: Int
        /// The events (SUMMARY) that overlap it, most dates first.
        public var events: [String]
        /// Set when the slot was already busy from another imported calendar (that row is kept).
        public var alreadyBusyFrom: String?
    }

    /// An event that overlaps a period on too few dates to block the weekly pattern.
    public struct NotBlocking: Sendable, Codable, Hashable {
        public var event: String
        public var day: String
        public var period: String
        /// The dates it overlaps that period (YYYY-MM-DD).
        public var dates: [String]
        public var datesInTerm: Int
    }

    /// A session of the school's latest weekly pattern that now falls in a busy slot.
    public struct Conflict: Sendable, Codable, Hashable {
        public var meetingId: String
        public var kind: String
        public var title: String
        public var session: Int
        public var day: String
        public var periods: [String]
        /// Its periods that are now busy.
        public var busyPeriods: [String]
        /// The events that made them busy.
        public var events: [String]
    }

    public struct School: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var timeZone: String
        public var busy: [BusySlot]
        /// Slots this calendar made busy before and no longer does (`Day period`).
        public var released: [String]
        public var notBlocking: [NotBlocking]
        /// Events with occurrences in the term that overlap no period of this school.
        public var outsideSchoolHours: [String]
        /// The latest weekly pattern (`scheduleRun`), if any.
        public var scheduleRunId: Int64?
        public var conflicts: [Conflict]
    }

    public struct Ignored: Sendable, Codable, Hashable {
        public var event: String
        /// `all-day`, `cancelled` or `transparent`.
        public var reason: String
    }

    public var teacher: String
    public var teacherName: String
    /// As given on the command line.
    public var file: String
    /// The `externalBusy.source`: the file's name.
    public var source: String
    public var term: String
    public var termTitle: String
    public var termStart: String
    public var termEnd: String
    public var threshold: Double
    public var schools: [School]
    public var ignored: [Ignored]
    /// Rows written and removed in `externalBusy`.
    public var written: Int
    public var removed: Int
    /// False when the store already held exactly these rows (nothing was written).
    public var changed: Bool
    public var runId: Int64?
}

/// `peerplan import busy`: a teacher's own calendar (.ics) → the periods of their school week it
/// blocks (`externalBusy`), which `FreeTime` then treats as busy.
///
/// A slot (schedule day, period) is busy when, on at least `threshold` (default one half) of the
/// term's dates with that schedule day, an occurrence overlaps the period: a weekly staff meeting
/// blocks its slot, a one-off appointment does not (it is reported as not blocking the weekly
/// pattern). On an A/B school the dates of each rotation day count, so a weekly event on a fixed
/// weekday, which falls on A and B days in turn, usually blocks nothing there.
public enum BusyImport {
    /// The share of a schedule day's dates an event must overlap a period on to block it.
    public static let defaultThreshold = 0.5

    /// Reads `file` and replaces the teacher's `externalBusy` rows from that file's name, at every
    /// school they work at, in one transaction: on any error (unreadable, not UTF-8, malformed
    /// iCalendar, unknown teacher or term) nothing is written. `date` picks the term when `term`
    /// is nil (default: today in the teacher's first school's zone).
    public static func importFile(
        _ file: URL, displayName: String? = nil, teacher: String, term: String? = nil, on date: CalendarDate? = nil,
        threshold: Double = defaultThreshold, into store: Store
    ) throws -> BusyImportReport {
        let name = displayName ?? file.path
        guard threshold > 0, threshold <= 1 else {
            throw InputError(file: "--threshold", message: "the threshold is a share of dates, more than 0 and at most 1 (got \(threshold))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw InputError(file: name, message: FileManager.default.fileExists(atPath: file.path) ? "cannot read the file" : "no such file")
        }
        let text = try decodeUTF8(data, file: name)
        var hash = SHA256()
        hash.update(data)
        let fingerprint = hash.hexDigest()
        let source = file.lastPathComponent
        try Exchange.prepare()

        var report: BusyImportReport?
        try store.writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                var built = try compute(db, text: text, name: name, source: source, teacher: teacher, term: term, on: date, threshold: threshold)
                let outcome = try write(db, report: &built)
                if outcome {
                    try db.execute(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('import-busy', ?, ?, ?, '', NULL, ?)",
                                   arguments: [ISO8601DateFormatter().string(from: Date()), fingerprint, "\(teacher) \(name)",
                                               "{\"written\":\(built.written),\"removed\":\(built.removed)}"])
                    built.runId = db.lastInsertedRowID
                }
                report = built
                return outcome ? .commit : .rollback
            }
        }
        return report!
    }

    // MARK: - Reading

    /// The text, or an error naming the line and column (byte) of the first invalid UTF-8 sequence.
    static func decodeUTF8(_ data: Data, file: String) throws -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        // Find the first byte that does not start a valid sequence.
        var index = 0
        var bad = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                bad = index
                break
            }
            index += length
        }
        let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[..<bad].filter { $0 == 0x0A }.count + 1
        throw InputError(file: file, line: line, column: bad - lineStart + 1,
                         message: "not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); export the calendar again, or save it as UTF-8")
    }

    /// The physical line (1-based) of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        var number = 1
        // "\r\n" is one Character in Swift: split on both forms.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if line.contains(needle) { return number }
            number += 1
        }
        return nil
    }

    static func inputError(_ error: ICalendarError, text: String, file: String) -> InputError {
        switch error {
        case .notACalendar:
            return InputError(file: file, message: "not an iCalendar file (expected one BEGIN:VCALENDAR … END:VCALENDAR); export the calendar as .ics")
        case .malformed(let messages):
            // libical's messages quote the offending text: find its line.
            var line: Int?
            for message in messages {
                let quoted = message.split(separator: ":").dropFirst().joined(separator: ":").trimmingWhitespace()
                if !quoted.isEmpty, let found = Self.line(of: quoted, in: text) { line = found; break }
            }
            return InputError(file: file, line: line, message: "malformed iCalendar: " + messages.joined(separator: "; "))
        case .undeclaredTimeZone(let tzid):
            return InputError(file: file, line: line(of: "TZID=" + tzid, in: text) ?? line(of: tzid, in: text),
                              message: "TZID \"\(tzid)\" has no VTIMEZONE in the file; export the calendar again with time zones included")
        case .invalidEvent(let uid, let reason):
            return InputError(file: file, line: line(of: "UID:" + uid, in: text), message: "event \(uid): \(reason)")
        case .unknownTimeZone(let tzid):
            return InputError(file: file, message: "the school's time zone \(tzid) is unknown to the system's tzdata")
        default:
            return InputError(file: file, message: error.description)
        }
    }

    // MARK: - Computing

    private struct SchoolInfo {
        var id: String
        var name: String
        var timeZone: String
    }

    private static func compute(
        _ db: Database, text: String, name: String, source: String, teacher: String, term termOption: String?,
        on date: CalendarDate?, threshold: Double
    ) throws -> BusyImportReport {
        guard let person = try Row.fetchOne(db, sql: "SELECT givenName, preferredGivenName, familyName FROM teacher WHERE sourcedId = ?", arguments: [teacher]) else {
            let known = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher") ?? 0
            throw InputError(file: "--teacher", message: "unknown teacher \"\(teacher)\"" + (known == 0 ? "; import a district first" : "; `peerplan teachers` lists them"))
        }
        let teacherName = teacherDisplayName(person, given: 0, preferred: 1, family: 2)
        let schools = try Row.fetchAll(db, sql: """
            SELECT s.sourcedId, s.name, s.timezone FROM teacherSchool ts JOIN school s ON s.sourcedId = ts.schoolId
            WHERE ts.teacherId = ? ORDER BY ts.isPrimary DESC, s.sourcedId
            """, arguments: [teacher]).map { SchoolInfo(id: $0[0], name: $0[1], timeZone: $0[2]) }
        guard let first = schools.first else {
            throw InputError(file: "--teacher", message: "teacher \(teacher) works at no school in the store")
        }
        let term = try Terms.resolve(db, id: termOption, on: date ?? Terms.today(in: first.timeZone))

        // One day of margin either side in UTC: clipped to the term's local dates below.
        let from = UTCDateTime(LocalDateTime(date: term.start.adding(days: -1), hour: 0, minute: 0))
        let to = UTCDateTime(LocalDateTime(date: term.end.adding(days: 2), hour: 0, minute: 0))
        var readings: [String: BusyCalendar] = [:]
        for zone in Set(schools.map(\.timeZone)).sorted() {
            do {
                readings[zone] = try BusyReader.read(text, from: from, to: to, timeZoneID: zone)
            } catch let error as ICalendarError {
                throw inputError(error, text: text, file: name)
            }
        }

        var result: [BusyImportReport.School] = []
        for school in schools {
            let reading = readings[school.timeZone]!
            let calendar = try Terms.calendar(db, school: school.id, term: term)
            let schedule = try BellSchedule.load(db, school: school.id)
            var datesOf: [ScheduleDay: Int] = [:]
            for day in calendar.schoolDays { datesOf[day.day, default: 0] += 1 }

            // slot → dates overlapped; slot → event → dates.
            var hits: [Slot: Set<CalendarDate>] = [:]
            var byEvent: [Slot: [String: Set<CalendarDate>]] = [:]
            var eventsInTerm: [String] = []
            var eventsHitting: Set<String> = []
            for occurrence in reading.occurrences {
                var day = occurrence.start.date
                var inTerm = false
                while day <= occurrence.end.date {
                    defer { day = day.adding(days: 1) }
                    guard day >= term.start, day <= term.end else { continue }
                    inTerm = true
                    guard let scheduleDay = calendar.scheduleDay(on: day) else { continue }
                    let startMinute = day == occurrence.start.date ? occurrence.start.hour * 60 + occurrence.start.minute : 0
                    var endMinute = 24 * 60
                    if day == occurrence.end.date {
                        endMinute = occurrence.end.hour * 60 + occurrence.end.minute + (occurrence.end.second > 0 ? 1 : 0)
                    }
                    guard endMinute > startMinute else { continue }
                    for period in schedule.periods(on: scheduleDay)
                    where period.start.minutes < endMinute && startMinute < period.end.minutes {
                        hits[period.slot, default: []].insert(day)
                        byEvent[period.slot, default: [:]][occurrence.summary, default: []].insert(day)
                        eventsHitting.insert(occurrence.summary)
                    }
                }
                if inTerm, !eventsInTerm.contains(occurrence.summary) { eventsInTerm.append(occurrence.summary) }
            }

            var busy: [BusyImportReport.BusySlot] = []
            var notBlocking: [BusyImportReport.NotBlocking] = []
            let periods = Dictionary(schedule.periods.map { ($0.slot, $0) }, uniquingKeysWith: { a, _ in a })
            for slot in hits.keys.sorted() {
                let total = datesOf[slot.day] ?? 0
                let dates = hits[slot]!.count
                let events = byEvent[slot] ?? [:]
                if total > 0, Double(dates) >= threshold * Double(total) {
                    let names = events.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.map(\.key)
                    busy.append(.init(day: slot.day.description, period: slot.period,
                                      start: periods[slot]?.start.description ?? "", end: periods[slot]?.end.description ?? "",
                                      datesBusy: dates, datesInTerm: total, events: names))
                } else {
                    for (event, eventDates) in events.sorted(by: { $0.key < $1.key }) {
                        notBlocking.append(.init(event: event, day: slot.day.description, period: slot.period,
                                                 dates: eventDates.sorted().map(\.description), datesInTerm: total))
                    }
                }
            }
            notBlocking.sort { ($0.event, $0.dates.first ?? "", $0.day, $0.period) < ($1.event, $1.dates.first ?? "", $1.day, $1.period) }
            result.append(.init(id: school.id, name: school.name, timeZone: school.timeZone, busy: busy, released: [],
                                notBlocking: notBlocking, outsideSchoolHours: eventsInTerm.filter { !eventsHitting.contains($0) },
                                scheduleRunId: nil, conflicts: []))
        }

        var ignored: [BusyImportReport.Ignored] = []
        for event in readings[first.timeZone]!.ignored {
            let entry = BusyImportReport.Ignored(event: event.summary, reason: event.reason.rawValue)
            if !ignored.contains(entry) { ignored.append(entry) }
        }
        return BusyImportReport(
            teacher: teacher, teacherName: teacherName, file: name, source: source, term: term.id, termTitle: term.title,
            termStart: term.start.description, termEnd: term.end.description, threshold: threshold,
            schools: result, ignored: ignored, written: 0, removed: 0, changed: false, runId: nil)
    }

    // MARK: - Writing

    /// Replaces the teacher's rows from this source; fills in `released`, `alreadyBusyFrom`,
    /// conflicts and counts. Returns false when the rows were already exactly these.
    private static func write(_ db: Database, report: inout BusyImportReport) throws -> Bool {
        struct Key: Hashable { var school, day, period: String }
        var existing: [Key: String] = [:]  // this source's rows → summary
        var others: [Key: String] = [:]    // other sources' rows → source
        for row in try Row.fetchAll(db, sql: "SELECT schoolId, day, period, source, summary FROM externalBusy WHERE teacherId = ?", arguments: [report.teacher]) {
            let key = Key(school: row[0], day: row[1], period: row[2])
            if (row[3] as String) == report.source { existing[key] = row[4] } else { others[key] = row[3] }
        }
        var wanted: [Key: String] = [:]
        for s in report.schools.indices {
            let school = report.schools[s].id
            for b in report.schools[s].busy.indices {
                let slot = report.schools[s].busy[b]
                let key = Key(school: school, day: slot.day, period: slot.period)
                if let other = others[key] {
                    report.schools[s].busy[b].alreadyBusyFrom = other
                } else {
                    wanted[key] = slot.events.joined(separator: "; ")
                }
            }
            report.schools[s].released = existing.keys.filter { $0.school == school && wanted[$0] == nil }
                .map { Slot(day: ScheduleDay(parsing: $0.day) ?? .rotation($0.day), period: $0.period) }
                .sorted().map(\.description)
        }
        try conflicts(db, report: &report)
        report.removed = existing.keys.filter { wanted[$0] == nil }.count
        report.written = wanted.filter { existing[$0.key] != $0.value }.count
        guard report.removed > 0 || report.written > 0 else { return false }
        try db.execute(sql: "DELETE FROM externalBusy WHERE teacherId = ? AND source = ?", arguments: [report.teacher, report.source])
        for (key, summary) in wanted.sorted(by: { ($0.key.school, $0.key.day, $0.key.period) < ($1.key.school, $1.key.day, $1.key.period) }) {
            try db.execute(sql: "INSERT INTO externalBusy (teacherId, schoolId, day, period, source, summary) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [report.teacher, key.school, key.day, key.period, report.source, summary])
        }
        report.changed = true
        return true
    }

    /// Sessions of each school's latest weekly pattern with the teacher as a member that fall in
    /// a slot this calendar makes busy.
    private static func conflicts(_ db: Database, report: inout BusyImportReport) throws {
        for s in report.schools.indices {
            let school = report.schools[s]
            guard let runId = try Int64.fetchOne(db, sql: "SELECT runId FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [school.id]) else { continue }
            report.schools[s].scheduleRunId = runId
            var eventsOf: [String: [String]] = [:]
            for slot in school.busy { eventsOf[slot.day + " " + slot.period] = slot.events }
            var found: [BusyImportReport.Conflict] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT meetingId, kind, title, session, day, periods, members FROM scheduledSession WHERE runId = ? ORDER BY day, periods, meetingId, session
                """, arguments: [runId]) {
                let members = (row[6] as String).split(separator: ",").map { String($0).trimmingWhitespace() }
                guard members.contains(report.teacher) else { continue }
                let day: String = row[4]
                let periods = (row[5] as String).split(separator: ",").map { String($0).trimmingWhitespace() }
                let busyPeriods = periods.filter { eventsOf[day + " " + $0] != nil }
                guard !busyPeriods.isEmpty else { continue }
                var events: [String] = []
                for period in busyPeriods { for event in eventsOf[day + " " + period]! where !events.contains(event) { events.append(event) } }
                found.append(.init(meetingId: row[0], kind: row[1], title: row[2], session: row[3], day: day, periods: periods,
                                   busyPeriods: busyPeriods, events: events))
            }
            report.schools[s].conflicts = found.sorted {
                let a = ScheduleDay(parsing: $0.day), b = ScheduleDay(parsing: $1.day)
                if a != b, let a, let b { return a < b }
                return ($0.periods.first ?? "", $0.meetingId, $0.session) < ($1.periods.first ?? "", $1.meetingId, $1.session)
            }
        }
    }
}
