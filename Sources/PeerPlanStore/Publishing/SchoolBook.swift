import Foundation
import GRDB
import PeerPlanCore

/// Everything needed to publish one school's calendars, read once, in the publishing transaction:
/// its latest weekly pattern as sessions, the week changes recorded since, the people, pairs'
/// focus skills, PLC team names, the classes observations visit, micro-credential checkpoints and
/// what was published before under each UID (for SEQUENCE). Never a rating or score.
package struct SchoolBook: Sendable {
    package struct Person: Sendable { package var id: String; package var name: String; package var email: String }
    package struct Meeting: Sendable {
        package var id: String
        package var kind: String
        package var members: [String]
        package var host: String?
    }

    package var school: String
    package var schoolName: String
    package var timeZone: String
    package var calendar: SchoolCalendar
    package var sessions: [SeriesPlanner.Session]
    package var exceptions: [SeriesPlanner.Exception]
    package var rules: SeriesPlanner.Rules
    package var meetings: [String: Meeting]
    package var people: [String: Person]
    package var focus: [String: [String]]          // pair meeting id → focus skill names
    package var plcNames: [String: String]         // plc meeting id (`plc:<id>`) → team name
    package var classAt: [String: (title: String, location: String)] // "teacher|day|period" → class
    package var periodsOf: [String: [String]]      // "meeting|session" → periods of the pattern
    /// Who organises the school's events: the address policy.yaml gives, else `peerplan@` the
    /// school's own mail domain (the one most of its teachers use), else none.
    package var organizerEmail: String
    package var credentials: [CredentialStore.Attachment] = []
    /// What was published before, by UID.
    package var published: [String: PublishedEvent] = [:]

    /// The id of a PLC team from its meeting id in the weekly pattern (`plc:<id>`).
    package static func plcID(meeting: String) -> Int64? {
        meeting.hasPrefix("plc:") ? Int64(meeting.dropFirst(4)) : nil
    }

    static func load(_ db: Database, school: String, config: PeerPlanConfig) throws -> SchoolBook {
        guard let schoolRow = try Row.fetchOne(db, sql: "SELECT name, timezone FROM school WHERE sourcedId = ?", arguments: [school]) else {
            throw PublishingError.unknownSchool(school)
        }
        guard let run = try Row.fetchOne(db, sql: "SELECT runId, termId FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [school]) else {
            throw PublishingError.noSchedule(school: school)
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
        for row in try Row.fetchAll(db, sql: "SELECT meetingId, kind, session, day, periods, members, host, weekOffset FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session", arguments: [runId]) {
            let id: String = row[0], kind: String = row[1], day: String = row[3]
            let periods = (row[4] as String).split(separator: ",").map(String.init)
            let members = (row[5] as String).split(separator: ",").map(String.init)
            let host: String? = row[6]
            meetings[id] = Meeting(id: id, kind: kind, members: members, host: host)
            guard let (start, end) = times(day, periods) else { continue }
            // Alternating observations: the two directions take turns in the weeks the placement
            // chose; for runs recorded before it chose them (or other cadences), in an order that
            // says nothing about who is learning what (teacher ids, alphabetically).
            var offset = 0
            if kind == "observation", let host, let observer = members.first(where: { $0 != host }) { offset = observer < host ? 0 : 1 }
            if kind == "observation", everyWeeks == 2, let chosen: Int = row[7] { offset = chosen }
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
                              periodsOf: periodsOf, organizerEmail: email)
        // Micro-credential checkpoints of this term: all-day events in the teacher's own calendar only.
        let catalogue = (try? MicroCredentialCatalogue.load(from: config.directory)) ?? []
        book.credentials = try Int64.fetchAll(db, sql: "SELECT id FROM credentialAttachment WHERE schoolId = ? AND termId = ? ORDER BY teacherId, credentialId", arguments: [school, term.id])
            .map { try CredentialStore.attachment(db, id: $0, catalogue: catalogue) }
        book.published = try PublishedEvent.load(db, school: school)
        return book
    }
}
