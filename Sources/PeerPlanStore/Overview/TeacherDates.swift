import Foundation
import GRDB
import PeerPlanCore

/// One teacher's dated sessions over the next weeks, as their calendar has them: the weekly
/// pattern laid on the school calendar (closed days, early releases, testing days) with the week
/// changes recorded since (`SeriesPlanner`, as publishing does); and their micro-credential
/// checkpoints. Nothing about ratings, and no one's focus skills.
package struct TeacherDates: Sendable, Equatable {
    package struct Occurrence: Sendable, Equatable {
        package var school: String
        /// `pair`, `observation`, `plc` or `pd`.
        package var kind: String
        package var date: CalendarDate
        package var start: ClockTime
        package var end: ClockTime
        /// The other members, by name.
        package var with: [String]
        /// A moved session: the date it was on, and why it moved.
        package var movedFrom: CalendarDate?
        package var reason: String?
    }

    /// A usual session that does not take place on a date, and why (`holiday`, a week change's reason, …).
    package struct Skipped: Sendable, Equatable {
        package var school: String
        package var kind: String
        package var date: CalendarDate
        package var reason: String
    }

    package struct Checkpoint: Sendable, Equatable {
        package var credential: String
        package var status: String
        package var date: CalendarDate
        package var kind: CheckpointPlanner.Kind
        package var label: String
        package var cancelled: Bool
    }

    package var from: CalendarDate
    package var through: CalendarDate
    package var occurrences: [Occurrence]
    package var skipped: [Skipped]
    /// Every checkpoint of the teacher's micro-credentials, in date order.
    package var checkpoints: [Checkpoint]

    /// `days` days from `from` (inclusive).
    package static func load(_ db: Database, teacher: String, config: PeerPlanConfig, from: CalendarDate, days: Int) throws -> TeacherDates {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacher WHERE sourcedId = ?", arguments: [teacher]) == true else {
            throw StoreError.unknownTeacher(teacher)
        }
        let through = from.adding(days: days - 1)
        var occurrences: [Occurrence] = [], skipped: [Skipped] = []
        let schools = try String.fetchAll(db, sql: """
            SELECT ts.schoolId FROM teacherSchool ts WHERE ts.teacherId = ? AND ts.schoolId IN (SELECT schoolId FROM scheduleRun)
            ORDER BY ts.isPrimary DESC, ts.schoolId
            """, arguments: [teacher])
        for school in schools {
            let book = try SchoolBook.load(db, school: school, config: config)
            let mine = book.sessions.filter { book.meetings[$0.meeting]?.members.contains(teacher) == true }
            for series in SeriesPlanner.plan(mine, calendar: book.calendar, exceptions: book.exceptions, rules: book.rules) {
                let s = series.session
                let with = (book.meetings[s.meeting]?.members ?? []).filter { $0 != teacher }.map { book.people[$0]?.name ?? $0 }.sorted()
                let moved = Dictionary(series.overrides.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
                for o in series.occurrences where o.date >= from && o.date <= through {
                    let override = moved[o.date].flatMap { $0.original == o.date && $0.start == s.start ? nil : $0 }
                    occurrences.append(Occurrence(school: school, kind: s.kind, date: o.date, start: o.start, end: o.end, with: with,
                                                  movedFrom: override?.original, reason: override?.reason))
                }
                for skip in series.skipped where skip.date >= from && skip.date <= through {
                    skipped.append(Skipped(school: school, kind: s.kind, date: skip.date, reason: skip.reason))
                }
            }
        }
        occurrences.sort { ($0.date, $0.start, $0.kind) < ($1.date, $1.start, $1.kind) }
        skipped.sort { ($0.date, $0.kind) < ($1.date, $1.kind) }
        let catalogue = (try? MicroCredentialCatalogue.load(from: config.directory)) ?? []
        var checkpoints: [Checkpoint] = []
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM credentialAttachment WHERE teacherId = ? ORDER BY credentialId, id", arguments: [teacher]) {
            let a = try CredentialStore.attachment(db, id: id, catalogue: catalogue)
            for c in a.checkpoints {
                checkpoints.append(Checkpoint(credential: a.credentialName, status: a.status, date: c.date, kind: c.kind, label: c.label,
                                              cancelled: a.cancelled.contains(c.sequence)))
            }
        }
        checkpoints.sort { ($0.date, $0.credential) < ($1.date, $1.credential) }
        return TeacherDates(from: from, through: through, occurrences: occurrences, skipped: skipped, checkpoints: checkpoints)
    }
}

extension Store {
    /// A teacher's dated sessions for `days` days from `from`, and their micro-credential checkpoints.
    package func teacherDates(teacher: String, config: PeerPlanConfig, from: CalendarDate, days: Int = 21) throws -> TeacherDates {
        try writer.read { try TeacherDates.load($0, teacher: teacher, config: config, from: from, days: days) }
    }
}
