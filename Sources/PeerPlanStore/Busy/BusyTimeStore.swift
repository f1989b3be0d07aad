import Foundation
import GRDB
import PeerPlanCore

/// Teachers' busy times from their own calendars (`externalBusy`), which `FreeTime` treats as
/// busy: one row per school slot, from one calendar file (`source`) each.
package struct BusyTimeStore: Sendable {
    package let store: Store

    package init(store: Store) { self.store = store }

    /// What importing a teacher's calendar reads: who they are, the term, and the week of every
    /// school they work at (primary school first).
    package struct TeacherTerm: Sendable {
        package struct School: Sendable {
            package var id: String
            package var name: String
            package var timeZone: String
            package var calendar: SchoolCalendar
            package var bellSchedule: BellSchedule
        }

        package var teacher: String
        package var teacherName: String
        package var term: SchoolTerm
        package var schools: [School]
    }

    /// Replaces a teacher's busy rows from one calendar file, in one immediate transaction: reads
    /// the teacher's term (`term`, else the one running on `date`, default today in their first
    /// school's zone), lets `read` work out the busy slots as a report, then replaces the rows from
    /// `report.source` with them, fills in what the store held (`released`, `alreadyBusyFrom`), the
    /// sessions of each school's latest pattern that now conflict, and the counts, and records a
    /// run (`fingerprint`: the file's). Nothing is written when anything throws, or when the rows
    /// were already exactly these (`changed` is then false).
    package func replace(teacher: String, term: String?, on date: CalendarDate?, fingerprint: String,
                         read: (TeacherTerm) throws -> BusyImportReport) throws -> BusyImportReport {
        var report: BusyImportReport?
        try store.writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                var built = try read(try Self.teacherTerm(db, teacher: teacher, term: term, on: date))
                let outcome = try Self.write(db, report: &built)
                if outcome {
                    try db.execute(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('import-busy', ?, ?, ?, '', NULL, ?)",
                                   arguments: [ISO8601DateFormatter().string(from: Date()), fingerprint, "\(built.teacher) \(built.file)",
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

    static func teacherTerm(_ db: Database, teacher: String, term termOption: String?, on date: CalendarDate?) throws -> TeacherTerm {
        guard let person = try Row.fetchOne(db, sql: "SELECT givenName, preferredGivenName, familyName FROM teacher WHERE sourcedId = ?", arguments: [teacher]) else {
            let known = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher") ?? 0
            throw BusyImportError.unknownTeacher(teacher, storeHasTeachers: known > 0)
        }
        let schools = try Row.fetchAll(db, sql: """
            SELECT s.sourcedId, s.name, s.timezone FROM teacherSchool ts JOIN school s ON s.sourcedId = ts.schoolId
            WHERE ts.teacherId = ? ORDER BY ts.isPrimary DESC, s.sourcedId
            """, arguments: [teacher]).map { (id: $0[0] as String, name: $0[1] as String, timeZone: $0[2] as String) }
        guard let first = schools.first else {
            throw BusyImportError.teacherWithoutSchool(teacher)
        }
        let term = try Terms.resolve(db, id: termOption, on: date ?? Terms.today(in: first.timeZone))
        return TeacherTerm(
            teacher: teacher, teacherName: teacherDisplayName(person, given: 0, preferred: 1, family: 2), term: term,
            schools: try schools.map { school in
                TeacherTerm.School(id: school.id, name: school.name, timeZone: school.timeZone,
                                   calendar: try Terms.calendar(db, school: school.id, term: term),
                                   bellSchedule: try BellSchedule.load(db, school: school.id))
            })
    }

    // MARK: - Writing

    /// Replaces the teacher's rows from this source; fills in `released`, `alreadyBusyFrom`,
    /// conflicts and counts. Returns false when the rows were already exactly these.
    static func write(_ db: Database, report: inout BusyImportReport) throws -> Bool {
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
    static func conflicts(_ db: Database, report: inout BusyImportReport) throws {
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
