import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// Publishes a school's weekly pattern as iCalendar: one calendar per teacher, one for the school
/// (the principal's), one per PLC. Recurring events over the term (RRULE/UNTIL, INTERVAL=2 for
/// alternating observations), closed days and cancellations as EXDATE, moved occurrences as
/// RECURRENCE-ID overrides; block schools' rotation days as one event per date. UIDs come from
/// what a meeting is; SEQUENCE rises exactly when an event's time, members or status change.
/// Never a rating, score or role word.
public struct Publisher: Sendable {
    public let store: Store
    public let config: PeerPlanConfig

    public init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    public enum Audience: Hashable, Sendable {
        case teacher(String)
        case school
        case plc(String)
    }

    /// One calendar, ready to write or serve.
    public struct Document: Sendable {
        public var audience: Audience
        public var school: String
        public var name: String
        /// Relative path for an export folder, e.g. `sch-mid/teachers/t-mid-02.ics`.
        public var path: String
        public var text: String
        public var events: Int
        /// When any of its events last changed (for feeds' Last-Modified).
        public var lastModified: Date
    }

    /// A calendar laid out but not yet written as iCalendar text.
    public struct Pending: Sendable {
        public var audience: Audience
        public var school: String
        public var path: String
        public var document: CalendarDocument
        public var lastModified: Date

        public func render(stamp: UTCDateTime) throws -> Document {
            let text = try ICalendarWriter.serialize(document, stamp: stamp)
            return Document(audience: audience, school: school, name: document.name, path: path, text: text,
                            events: document.events.count, lastModified: lastModified)
        }
    }

    /// Every calendar of a school (or only one teacher's), with SEQUENCE bookkeeping done in one
    /// transaction. `stamp` is every event's DTSTAMP.
    public func documents(school: String, only: Audience? = nil, stamp: UTCDateTime, now: Date = Date()) throws -> [Document] {
        try plan(schools: [school], only: only, now: now).map { try $0.render(stamp: stamp) }
    }

    /// Lays out the calendars of several schools in one transaction (SEQUENCE bookkeeping included).
    /// The store is read and written in one transaction; the layout in between (series, events,
    /// fingerprints) runs on every core.
    public func plan(schools: [String], only: Audience? = nil, now: Date = Date()) throws -> [Pending] {
        try store.writer.write { db in
            let books = try schools.map { school in (try SchoolBook.load(db, school: school, config: config), try SchoolBook.known(db, school: school)) }
            final class Results: @unchecked Sendable {
                var items: [Result<(pending: [Pending], changes: [SchoolBook.Change]), Error>?]
                init(_ n: Int) { items = Array(repeating: nil, count: n) }
            }
            let results = Results(books.count)
            let lock = NSLock()
            let work: @Sendable (Int) -> Void = { k in
                let r = Result { try books[k].0.layout(known: books[k].1, only: only, now: now) }
                lock.lock()
                results.items[k] = r
                lock.unlock()
            }
            if books.count == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: books.count, execute: work) }
            var pending: [Pending] = []
            for (k, item) in results.items.enumerated() {
                let (docs, changes) = try item!.get()
                try SchoolBook.apply(db, school: schools[k], changes: changes, now: now)
                pending += docs
            }
            return pending
        }
    }

    /// Writes a school's calendars under `directory`; returns what was written.
    @discardableResult
    public func export(school: String, teacher: String? = nil, to directory: URL, stamp: UTCDateTime, now: Date = Date()) throws -> [Document] {
        let docs = try documents(school: school, only: teacher.map { .teacher($0) }, stamp: stamp, now: now)
        for doc in docs { try write(doc, under: directory) }
        return docs
    }

    /// Exports many schools: laid out in one transaction, then written as iCalendar on every core.
    /// Returns the number of files and events written.
    public func exportAll(schools: [String], to directory: URL, stamp: UTCDateTime, now: Date = Date(),
                          progress: (@Sendable (Int) -> Void)? = nil) throws -> (files: Int, events: Int) {
        let pending = try plan(schools: schools, now: now)
        // Folders first, once each, so the parallel writers only write files.
        for folder in Set(pending.map { directory.appendingPathComponent($0.path).deletingLastPathComponent().path }).sorted() {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        final class Outcome: @unchecked Sendable {
            let lock = NSLock()
            var error: Error?
            var done = 0, events = 0
        }
        let outcome = Outcome()
        DispatchQueue.concurrentPerform(iterations: pending.count) { k in
            do {
                let doc = try pending[k].render(stamp: stamp)
                try writeFile(doc.text, to: directory.appendingPathComponent(doc.path).path)
                outcome.lock.lock()
                outcome.done += 1
                outcome.events += doc.events
                let done = outcome.done
                outcome.lock.unlock()
                if done % 256 == 0 || done == pending.count { progress?(done) }
            } catch {
                outcome.lock.lock()
                if outcome.error == nil { outcome.error = error }
                outcome.lock.unlock()
            }
        }
        if let error = outcome.error { throw error }
        return (pending.count, outcome.events)
    }

    func write(_ doc: Document, under directory: URL) throws {
        let url = directory.appendingPathComponent(doc.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try writeFile(doc.text, to: url.path)
    }


    /// The current time as a DTSTAMP (whole seconds, UTC).
    public static func stamp(_ date: Date = Date()) -> UTCDateTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return UTCDateTime(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!, second: c.second!)!
    }
}

/// Everything needed to publish one school, read once.
struct SchoolBook: Sendable {
    struct Person: Sendable { var id: String; var name: String; var email: String }
    struct Meeting: Sendable {
        var id: String
        var kind: String
        var members: [String]
        var host: String?
    }

    var school: String
    var schoolName: String
    var timeZone: String
    var calendar: SchoolCalendar
    var sessions: [SeriesPlanner.Session]
    var exceptions: [SeriesPlanner.Exception]
    var rules: SeriesPlanner.Rules
    var meetings: [String: Meeting]
    var people: [String: Person]
    var focus: [String: [String]]          // pair meeting id → focus skill names
    var plcNames: [String: String]         // plc meeting id → team name
    var classAt: [String: (title: String, location: String)] // "teacher|day|period" → class
    var periodsOf: [String: [String]]      // "meeting|session" → periods of the pattern
    var organizer: CalendarPerson
    var credentials: [CredentialStore.Attachment] = []

    static func load(_ db: Database, school: String, config: PeerPlanConfig) throws -> SchoolBook {
        guard let schoolRow = try Row.fetchOne(db, sql: "SELECT name, timezone FROM school WHERE sourcedId = ?", arguments: [school]) else {
            throw InputError(file: "--school", message: "unknown school \"\(school)\"")
        }
        guard let run = try Row.fetchOne(db, sql: "SELECT runId, termId FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [school]) else {
            throw InputError(file: "--school", message: "no schedule for \(school) yet; run `peerplan schedule --school \(school)` first")
        }
        let runId: Int64 = run[0]
        let timeZone: String = schoolRow[1]
        let term = try Terms.resolve(db, id: run[1], on: Terms.today(in: timeZone))
        let calendar = try Terms.calendar(db, school: school, term: term)
        let bell = try BellSchedule.load(db, school: school)
        func times(_ day: String, _ periods: [String]) -> (ClockTime, ClockTime)? {
            guard let d = ScheduleDay(parsing: day) else { return nil }
            let today = bell.periods(on: d)
            guard let first = today.first(where: { $0.name == periods.first }), let last = today.first(where: { $0.name == periods.last }) else { return nil }
            return (first.start, last.end)
        }

        var meetings: [String: Meeting] = [:]
        var sessions: [SeriesPlanner.Session] = []
        var periodsOf: [String: [String]] = [:]
        let everyWeeks = config.placement.observationEveryWeeks
        for row in try Row.fetchAll(db, sql: "SELECT meetingId, kind, session, day, periods, members, host FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session", arguments: [runId]) {
            let id: String = row[0], kind: String = row[1], day: String = row[3]
            let periods = (row[4] as String).split(separator: ",").map(String.init)
            let members = (row[5] as String).split(separator: ",").map(String.init)
            let host: String? = row[6]
            meetings[id] = Meeting(id: id, kind: kind, members: members, host: host)
            guard let (start, end) = times(day, periods) else { continue }
            // Alternating observations: the two directions take turns, in an order that says
            // nothing about who is learning what (teacher ids, alphabetically).
            var offset = 0
            if kind == "observation", let host, let observer = members.first(where: { $0 != host }) { offset = observer < host ? 0 : 1 }
            sessions.append(.init(meeting: id, kind: kind, session: row[2], day: day, start: start, end: end,
                                  everyWeeks: kind == "observation" ? everyWeeks : 1, weekOffset: offset))
            periodsOf["\(id)|\(row[2] as Int)"] = periods
        }
        // The latest week change recorded for each week.
        var exceptions: [SeriesPlanner.Exception] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT e.meetingId, e.session, e.fromDate, e.toDate, e.toPeriods, e.reason FROM weekException e
            WHERE e.scheduleRunId = ? AND e.runId = (SELECT MAX(x.runId) FROM weekException x WHERE x.scheduleRunId = e.scheduleRunId AND x.weekStart = e.weekStart)
            ORDER BY e.meetingId, e.session, e.fromDate
            """, arguments: [runId]) {
            guard let from = CalendarDate(parsing: row[2]) else { continue }
            var moved: (date: CalendarDate, start: ClockTime, end: ClockTime)?
            if let toText: String = row[3], let to = CalendarDate(parsing: toText), let toDay = calendar.scheduleDay(on: to),
               let (start, end) = times(toDay.description, ((row[4] as String?) ?? "").split(separator: ",").map(String.init)) {
                moved = (to, start, end)
            }
            exceptions.append(.init(meeting: row[0], session: row[1], date: from, movedTo: moved, reason: row[5]))
        }
        let rules = SeriesPlanner.Rules(earlyReleaseTime: ClockTime(parsing: config.placement.earlyReleaseTime),
                                        cancelObservationsOnTestingDays: config.placement.cancelObservationsOnTestingDays)

        var people: [String: Person] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.email FROM teacher t
            JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ?
            """, arguments: [school]) {
            people[row[0]] = Person(id: row[0], name: teacherDisplayName(row, given: 1, preferred: 2, family: 3), email: row[4])
        }
        var focus: [String: [String]] = [:]
        var indicatorNames: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT rubricId, id, name FROM indicator") { indicatorNames["\(row[0] as String)/\(row[1] as String)"] = row[2] }
        for row in try Row.fetchAll(db, sql: """
            SELECT p.partnerId, p.targetId, p.focus FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
            WHERE c.schoolId = ? AND c.active = 1 AND p.dropped = 0
            """, arguments: [school]) {
            let names = (row[2] as String).split(separator: ",").map { indicatorNames[String($0)] ?? String($0.split(separator: "/").last ?? $0) }
            focus["pair:\(row[0] as String):\(row[1] as String)"] = names
        }
        var plcNames: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM plc WHERE schoolId = ?", arguments: [school]) {
            plcNames["plc:\(row[0] as Int64)"] = row[1]
        }
        var classAt: [String: (String, String)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT t.teacherId, t.day, t.period, c.title, c.location FROM teachingAssignment t JOIN class c ON c.sourcedId = t.classId
            WHERE t.schoolId = ? ORDER BY t.isPrimary DESC, c.sourcedId
            """, arguments: [school]) {
            let key = "\(row[0] as String)|\(row[1] as String)|\(row[2] as String)"
            if classAt[key] == nil { classAt[key] = (row[3], row[4]) }
        }
        // The organiser: the school itself, at the address policy.yaml gives, else at the school's
        // own mail domain (the one most of its teachers use).
        var domains: [String: Int] = [:]
        for p in people.values { if let at = p.email.split(separator: "@").last, p.email.contains("@") { domains[String(at), default: 0] += 1 } }
        let domain = domains.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let email = config.calendarOrganizerEmail ?? domain.map { "peerplan@\($0)" } ?? ""
        var book = SchoolBook(school: school, schoolName: schoolRow[0], timeZone: timeZone, calendar: calendar,
                              sessions: sessions, exceptions: exceptions, rules: rules,
                              meetings: meetings, people: people, focus: focus, plcNames: plcNames, classAt: classAt,
                              periodsOf: periodsOf, organizer: CalendarPerson(name: schoolRow[0], email: email))
        // Micro-credential checkpoints of this term: all-day events in the teacher's own calendar only.
        let catalogue = (try? MicroCredentialCatalogue.load(from: config.directory)) ?? []
        book.credentials = try Int64.fetchAll(db, sql: "SELECT id FROM credentialAttachment WHERE schoolId = ? AND termId = ? ORDER BY teacherId, credentialId", arguments: [school, term.id])
            .map { try CredentialStore.attachment(db, id: $0, catalogue: catalogue) }
        return book
    }

    func name(_ id: String) -> String { people[id]?.name ?? id }

    /// Stable identity of a session: what the meeting is, never a run or a time.
    func uid(_ s: SeriesPlanner.Session) -> String {
        let m = meetings[s.meeting]
        let identity: String
        switch s.kind {
        case "pair": identity = "pair|" + (m?.members.sorted().joined(separator: ",") ?? s.meeting)
        case "observation":
            let host = m?.host ?? ""
            identity = "observation|\(m?.members.first { $0 != host } ?? "")|\(host)"
        case "plc": identity = "plc|" + (plcNames[s.meeting] ?? s.meeting)
        default: identity = "\(s.kind)|" + (m?.members.joined(separator: ",") ?? s.meeting)
        }
        let digest = SHA256.hex("\(school)|\(identity)")
        return "\(s.kind)-\(digest.prefix(24))-\(s.session)@peerplan"
    }

    func categories(_ kind: String) -> [String] {
        switch kind {
        case "pair": return ["Peer collaboration"]
        case "observation": return ["Peer collaboration", "Peer observation"]
        case "plc": return ["PLC"]
        default: return ["Professional learning"]
        }
    }

    func summary(_ s: SeriesPlanner.Session, for audience: Publisher.Audience) -> (summary: String, location: String?) {
        let m = meetings[s.meeting]
        let members = (m?.members ?? []).sorted { name($0) < name($1) }
        switch s.kind {
        case "pair":
            let skills = focus[s.meeting].map { " — focus: " + $0.joined(separator: ", ") } ?? ""
            if case .teacher(let me) = audience, let other = members.first(where: { $0 != me }) {
                return ("Peer collaboration with \(name(other))\(skills)", nil)
            }
            return ("Peer collaboration: \(members.map(name).joined(separator: " and "))\(skills)", nil)
        case "observation":
            let host = m?.host ?? ""
            let observer = m?.members.first { $0 != host } ?? ""
            let period = periodsOf["\(s.meeting)|\(s.session)"]?.first ?? ""
            let lesson = classAt["\(host)|\(s.day)|\(period)"]
            let location = lesson.flatMap { $0.location.isEmpty ? nil : $0.location }
            let teaching = lesson.map { " teaching \($0.title)" } ?? ""
            if case .teacher(let me) = audience, me == host {
                return ("Peer visit: \(name(observer)) observes your class\(lesson.map { " (\($0.title))" } ?? "")", location)
            }
            if case .teacher = audience { return ("Observe \(name(host))\(teaching)", location) }
            return ("Peer observation: \(name(observer)) observes \(name(host))\(teaching)", location)
        case "plc":
            return ("PLC: \(plcNames[s.meeting] ?? "team")", nil)
        default:
            if case .teacher = audience { return ("Protected PD time", nil) }
            return ("Protected PD time: \(members.map(name).joined(separator: ", "))", nil)
        }
    }

    func description(_ series: SeriesPlanner.Series) -> String {
        let s = series.session
        let m = meetings[s.meeting]
        let cadence = s.everyWeeks == 1 ? "Every week" : "Every \(s.everyWeeks) weeks"
        let dayText: String
        if case .weekday(let w)? = ScheduleDay(parsing: s.day) { dayText = "on \(w.fullName)s" } else { dayText = "on \(s.day) days" }
        let periods = periodsOf["\(s.meeting)|\(s.session)"] ?? []
        var lines = ["\(cadence) \(dayText), period \(periods.joined(separator: "–")) (\(s.start)–\(s.end)), \(calendar.term.title)."]
        if let members = m?.members, !members.isEmpty { lines.append("With: " + members.map(name).sorted().joined(separator: ", ") + ".") }
        switch s.kind {
        case "pair": lines.append("Time to plan and reflect together on the focus skills.")
        case "observation": lines.append("Watch a lesson, then talk it over at your next peer collaboration meeting.")
        case "plc": lines.append("Professional learning community meeting.")
        default: lines.append("Protected time for your own professional learning; please keep it free.")
        }
        lines.append("Scheduled by PeerPlan for \(schoolName).")
        return lines.joined(separator: "\n")
    }

    func attendees(_ s: SeriesPlanner.Session) -> [CalendarPerson] {
        (meetings[s.meeting]?.members ?? []).compactMap { people[$0] }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            .map { CalendarPerson(name: $0.name, email: $0.email) }
    }

    /// Lays out the calendars, raising SEQUENCE where an event changed.
    /// What was published before under a UID.
    struct Known: Sendable { var fingerprint: String; var sequence: Int; var changedAt: String }
    /// A row of `publishedEvent` to write.
    struct Change: Sendable { var uid: String; var fingerprint: String; var sequence: Int; var isNew: Bool }

    static func known(_ db: Database, school: String) throws -> [String: Known] {
        var known: [String: Known] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT uid, fingerprint, sequence, changedAt FROM publishedEvent WHERE schoolId = ?", arguments: [school]) {
            known[row[0]] = Known(fingerprint: row[1], sequence: row[2], changedAt: row[3])
        }
        return known
    }

    static func apply(_ db: Database, school: String, changes: [Change], now: Date) throws {
        let nowText = ISO8601DateFormatter().string(from: now)
        let update = try db.cachedStatement(sql: "UPDATE publishedEvent SET fingerprint = ?, sequence = ?, changedAt = ? WHERE uid = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO publishedEvent (uid, schoolId, fingerprint, sequence, changedAt) VALUES (?, ?, ?, ?, ?)")
        for c in changes {
            if c.isNew {
                try insert.execute(arguments: [c.uid, school, c.fingerprint, c.sequence, nowText])
            } else {
                try update.execute(arguments: [c.fingerprint, c.sequence, nowText, c.uid])
            }
        }
    }

    /// Lays out the calendars (pure: no database), raising SEQUENCE where an event's fingerprint
    /// differs from what was published; returns the rows `publishedEvent` needs.
    func layout(known: [String: Known], only: Publisher.Audience?, now: Date) throws -> (pending: [Publisher.Pending], changes: [Change]) {
        let series = SeriesPlanner.plan(sessions, calendar: calendar, exceptions: exceptions, rules: rules)
        var sequences: [String: (Int, Date)] = [:]
        var changes: [Change] = []
        let parser = ISO8601DateFormatter()
        var parsedDates: [String: Date] = [:] // most events share a few publication times
        func sequence(_ uid: String, _ fingerprint: String) throws -> Int {
            if let done = sequences[uid] { return done.0 }
            var value = 0
            var changed = now
            if let row = known[uid] {
                value = row.sequence
                if row.fingerprint != fingerprint {
                    value += 1
                    changes.append(Change(uid: uid, fingerprint: fingerprint, sequence: value, isNew: false))
                } else {
                    if let date = parsedDates[row.changedAt] {
                        changed = date
                    } else {
                        changed = parser.date(from: row.changedAt) ?? now
                        parsedDates[row.changedAt] = changed
                    }
                }
            } else {
                changes.append(Change(uid: uid, fingerprint: fingerprint, sequence: 0, isNew: true))
            }
            sequences[uid] = (value, changed)
            return value
        }
        var perUID: [(uid: String, series: SeriesPlanner.Series, members: [String], make: (Publisher.Audience) throws -> [CalendarEvent])] = []
        for series in series where !series.patternDates.isEmpty {
            let s = series.session
            let base = uid(s)
            // The same for every audience and date of this series: computed once.
            let about = description(series), people = attendees(s), tags = categories(s.kind)
            var summaries: [Publisher.Audience: (String, String?)] = [:]
            func summaryFor(_ audience: Publisher.Audience) -> (String, String?) {
                // Only a teacher's view depends on who is looking.
                let key: Publisher.Audience = { if case .teacher = audience { return audience } else { return .school } }()
                if let known = summaries[key] { return known }
                let made = self.summary(s, for: audience)
                summaries[key] = made
                return made
            }
            let members = (meetings[s.meeting]?.members ?? []).sorted()
            let zone = timeZone
            if series.isWeekly {
                let first = series.patternDates.first!, last = series.patternDates.last!
                var fingerprintText = "weekly|\(s.day)|\(s.start)|\(s.end)|\(s.everyWeeks)|\(first)|\(last)|\(members.joined(separator: ","))"
                fingerprintText += "|x:" + series.skipped.map(\.date.description).joined(separator: ",")
                fingerprintText += "|o:" + series.overrides.map { "\($0.original)>\($0.date) \($0.start)-\($0.end)" }.joined(separator: ",")
                let fingerprint = SHA256.hex(fingerprintText)
                let seq = try sequence(base, fingerprint)
                let until = try LibicalRuntime.utc(for: LocalDateTime(date: last, time: s.start), timeZoneID: zone)
                let organizer = self.organizer
                perUID.append((base, series, members, { audience in
                    let (summary, location) = summaryFor(audience)
                    var events = [CalendarEvent(
                        uid: base, summary: summary, description: about, location: location,
                        time: .timed(start: LocalDateTime(date: first, time: s.start), end: LocalDateTime(date: first, time: s.end), timeZoneID: zone),
                        recurrence: WeeklyRecurrence(interval: s.everyWeeks, until: until),
                        excludedDates: series.skipped.map(\.date), sequence: seq, categories: tags,
                        status: .confirmed, organizer: organizer, attendees: people)]
                    for o in series.overrides {
                        events.append(CalendarEvent(
                            uid: base, summary: summary, description: about + "\nMoved this week: \(self.publicReason(o.reason)).", location: location,
                            time: .timed(start: LocalDateTime(date: o.date, time: o.start), end: LocalDateTime(date: o.date, time: o.end), timeZoneID: zone),
                            sequence: seq, categories: tags, recurrenceID: LocalDateTime(date: o.original, time: s.start),
                            status: .confirmed, organizer: organizer, attendees: people))
                    }
                    return events
                }))
            } else {
                // Rotation days follow no weekly rule: one event per date, cancelled ones kept as CANCELLED.
                let skipped = Dictionary(series.skipped.map { ($0.date, $0.reason) }, uniquingKeysWith: { a, _ in a })
                let moved = Dictionary(series.overrides.map { ($0.original, $0) }, uniquingKeysWith: { a, _ in a })
                for date in series.patternDates {
                    let dated = base.replacingOccurrences(of: "@peerplan", with: "-\(date.description.replacingOccurrences(of: "-", with: ""))@peerplan")
                    let o = moved[date]
                    let when = (o?.date ?? date, o?.start ?? s.start, o?.end ?? s.end)
                    let cancelled = skipped[date] != nil
                    let fingerprint = SHA256.hex("dated|\(when.0)|\(when.1)|\(when.2)|\(members.joined(separator: ","))|\(cancelled)")
                    let seq = try sequence(dated, fingerprint)
                    let organizer = self.organizer
                    perUID.append((dated, series, members, { audience in
                        let (summary, location) = summaryFor(audience)
                        var text = about
                        if let o { text += "\nMoved this week: \(self.publicReason(o.reason))." }
                        if let why = skipped[date] { text += "\nCancelled: \(self.publicReason(why))." }
                        return [CalendarEvent(
                            uid: dated, summary: summary, description: text, location: location,
                            time: .timed(start: LocalDateTime(date: when.0, time: when.1), end: LocalDateTime(date: when.0, time: when.2), timeZoneID: zone),
                            sequence: seq, categories: tags, status: cancelled ? .cancelled : .confirmed,
                            organizer: organizer, attendees: people)]
                    }))
                }
            }
        }
        // Micro-credential checkpoints, for their teacher only.
        var checkpointEvents: [String: [CalendarEvent]] = [:]
        for a in credentials {
            let base = "mc-" + SHA256.hex("\(school)|mc|\(a.teacher)|\(a.credential)|\(a.term)").prefix(24)
            for c in a.checkpoints {
                let uid = "\(base)-\(c.sequence)@peerplan"
                let cancelled = a.cancelled.contains(c.sequence)
                let seq = try sequence(uid, SHA256.hex("mc|\(c.date)|\(c.kind.rawValue)|\(cancelled)"))
                let what: String
                switch c.kind {
                case .evidence: what = "Submit evidence for your micro-credential"
                case .finalSubmission, .resubmission: what = "Submit your micro-credential for review"
                case .review: what = "The issuer reviews your submission around this date"
                }
                checkpointEvents[a.teacher, default: []].append(CalendarEvent(
                    uid: uid, summary: "Micro-credential: \(a.credentialName) — \(c.label)",
                    description: "\(what) (\(a.credentialName)). Track it with your peer collaboration partner; PeerPlan keeps the dates.",
                    time: .allDay(on: c.date), sequence: seq, categories: ["Micro-credential"],
                    status: cancelled ? .cancelled : .confirmed, organizer: organizer,
                    attendees: people[a.teacher].map { [CalendarPerson(name: $0.name, email: $0.email)] } ?? []))
            }
        }
        // The audiences.
        var audiences: [(Publisher.Audience, String, String, [Int])] = [] // audience, name, path, indices into perUID
        let all = Array(perUID.indices)
        let teachers = Set(perUID.flatMap(\.members)).union(checkpointEvents.keys).sorted()
        let plcs = Set(perUID.compactMap { $0.series.session.kind == "plc" ? $0.series.session.meeting : nil }).sorted()
        func wanted(_ a: Publisher.Audience) -> Bool { only == nil || only == a }
        if wanted(.school) { audiences.append((.school, "PeerPlan — \(schoolName)", "\(school)/school.ics", all)) }
        for t in teachers where wanted(.teacher(t)) {
            audiences.append((.teacher(t), "PeerPlan — \(name(t))", "\(school)/teachers/\(t).ics", all.filter { perUID[$0].members.contains(t) }))
        }
        for p in plcs {
            let team = plcNames[p] ?? p
            guard wanted(.plc(team)) else { continue }
            audiences.append((.plc(team), "PeerPlan — PLC: \(team)", "\(school)/plcs/\(slug(team)).ics", all.filter { perUID[$0].series.session.meeting == p }))
        }
        if case .teacher(let t)? = only, !teachers.contains(t) {
            guard people[t] != nil else { throw InputError(file: "--teacher", message: "\(t) does not teach at \(school)") }
            audiences.append((.teacher(t), "PeerPlan — \(name(t))", "\(school)/teachers/\(t).ics", []))
        }
        let pending = try audiences.map { audience, title, path, indices in
            var events: [CalendarEvent] = []
            for k in indices { events += try perUID[k].make(audience) }
            if case .teacher(let t) = audience { events += checkpointEvents[t] ?? [] }
            events.sort { ($0.uid, $0.recurrenceID?.description ?? "") < ($1.uid, $1.recurrenceID?.description ?? "") }
            let changed = events.compactMap { sequences[$0.uid]?.1 }.max() ?? now
            return Publisher.Pending(audience: audience, school: school, path: path,
                                     document: CalendarDocument(name: title, timeZoneID: timeZone, events: events), lastModified: changed)
        }
        return (pending, changes)
    }

    /// Why an occurrence moved or was cancelled, as colleagues may read it: the calendar's own
    /// reasons (holidays, early release, testing) as they are; an absence never names who is away.
    func publicReason(_ reason: String) -> String {
        reason.contains(" absent on ") ? "a member is away that day" : reason
    }

    func slug(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }
}


/// Writes a file atomically (a temporary file beside it, then rename) with plain POSIX calls:
/// Foundation's `Data.write` cost about 1 ms a file here, more than rendering the calendar.
func writeFile(_ text: String, to path: String) throws {
    let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw InputError(file: path, message: "cannot write the file (\(String(cString: strerror(errno))))") }
    var failure: Int32 = 0
    var copy = text
    copy.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += n
        }
    }
    if close(fd) != 0 && failure == 0 { failure = errno }
    if failure == 0 && rename(temporary, path) != 0 { failure = errno }
    if failure != 0 {
        unlink(temporary)
        throw InputError(file: path, message: "cannot write the file (\(String(cString: strerror(failure))))")
    }
}
