import Foundation
import GRDB
import PeerPlanCore

/// Teachers' free periods, the one place they are computed: the instruction periods of a school's
/// week in which the teacher has no class and no duty — at that school, or at any other school
/// they also work at (a class elsewhere blocks every period it overlaps in clock time on the
/// same day) — and that their own calendar does not make busy (`externalBusy`, from
/// `peerplan import busy`; stored per school, so it blocks only that school's slot).
package enum FreeTime {
    /// school → teacher → free slots, for the teachers of the given schools (all when nil).
    /// With a term, only classes of that term (or of its school year, or with no term) count.
    package static func load(_ db: Database, schools requested: Set<String>?, term: String? = nil) throws -> [String: [String: Set<Slot>]] {
        // Only the teachers of the requested schools, and the schools they work at, are read.
        let schoolList = requested.map { Array($0).sorted() } ?? []
        let placeholders = schoolList.map { _ in "?" }.joined(separator: ",")
        let teachersOfSchools = requested == nil ? "SELECT teacherId FROM teacherSchool"
            : "SELECT teacherId FROM teacherSchool WHERE schoolId IN (\(placeholders))"
        let arguments = StatementArguments(schoolList)
        var schedules: [String: BellSchedule] = [:]
        var byDay: [String: [ScheduleDay: [BellPeriod]]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT schoolId, day, period, startMinute, endMinute, kind FROM bellPeriod
            WHERE schoolId IN (SELECT schoolId FROM teacherSchool WHERE teacherId IN (\(teachersOfSchools)))
            """, arguments: arguments) {
            guard let day = ScheduleDay(parsing: row[1]), let kind = PeriodKind(rawValue: row[5]) else { continue }
            let period = BellPeriod(day: day, name: row[2], start: ClockTime(minutes: row[3]), end: ClockTime(minutes: row[4]), kind: kind)
            byDay[row[0], default: [:]][day, default: []].append(period)
        }
        for (school, days) in byDay { schedules[school] = BellSchedule(periods: days.values.flatMap { $0 }) }
        // Schools without any teacher still have a (free-less) schedule.
        for school in schoolList where schedules[school] == nil { schedules[school] = try BellSchedule.load(db, school: school) }

        var schoolsOf: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT teacherId, schoolId FROM teacherSchool WHERE teacherId IN (\(teachersOfSchools)) ORDER BY teacherId, schoolId
            """, arguments: arguments) {
            schoolsOf[row[0], default: []].append(row[1])
        }
        let teachers = Set(schoolsOf.keys)
        // Busy periods at every school: classes and duties.
        var busy: [String: [String: Set<Slot>]] = [:] // teacher → school → slots
        for row in try Row.fetchAll(db, sql: """
            SELECT ta.teacherId, ta.schoolId, ta.day, ta.period FROM teachingAssignment ta WHERE ta.teacherId IN (\(teachersOfSchools))\(termFilter(term, classColumn: "ta.classId").sql)
            UNION ALL SELECT teacherId, schoolId, day, period FROM duty WHERE teacherId IN (\(teachersOfSchools))
            """, arguments: arguments + termFilter(term).arguments + arguments) {
            let teacher: String = row[0]
            guard let day = ScheduleDay(parsing: row[2]) else { continue }
            busy[teacher, default: [:]][row[1], default: []].insert(Slot(day: day, period: row[3]))
        }
        // Busy periods from the teacher's own calendar (`peerplan import busy`): already computed
        // per school from its bell times, so they block only that school's slot.
        var external: [String: [String: Set<Slot>]] = [:] // teacher → school → slots
        for row in try Row.fetchAll(db, sql: """
            SELECT teacherId, schoolId, day, period FROM externalBusy WHERE teacherId IN (\(teachersOfSchools))
            """, arguments: arguments) {
            let teacher: String = row[0]
            guard let day = ScheduleDay(parsing: row[2]) else { continue }
            external[teacher, default: [:]][row[1], default: []].insert(Slot(day: day, period: row[3]))
        }
        var result: [String: [String: Set<Slot>]] = [:]
        for teacher in teachers.sorted() {
            for school in schoolsOf[teacher] ?? [] where requested?.contains(school) ?? true {
                let schedule = schedules[school] ?? BellSchedule(periods: [])
                var blocked = busy[teacher]?[school] ?? []
                blocked.formUnion(external[teacher]?[school] ?? [])
                for (other, slots) in busy[teacher] ?? [:] where other != school {
                    for slot in slots {
                        guard let elsewhere = byDay[other]?[slot.day]?.first(where: { $0.name == slot.period }) else { continue }
                        for period in byDay[school]?[slot.day] ?? [] where period.start < elsewhere.end && elsewhere.start < period.end {
                            blocked.insert(period.slot)
                        }
                    }
                }
                result[school, default: [:]][teacher] = Set(schedule.freeSlots(busy: blocked))
            }
        }
        return result
    }
}

extension FreeTime {
    /// Teachers whose free time is unknown: they teach a class whose periods match no period of
    /// its school's bell schedule, or a class at a school with no bell schedule, or their
    /// primary school has none. Schedule-aware pairing and placement leave them out.
    /// With `school`, only that school's teachers (what scheduling one school needs).
    package static func unknownTeachers(_ db: Database, school: String? = nil) throws -> Set<String> {
        let ofSchool = school == nil ? "" : " AND %@ IN (SELECT teacherId FROM teacherSchool WHERE schoolId = ?)"
        let arguments: StatementArguments = school.map { [$0, $0] } ?? []
        return Set(try String.fetchAll(db, sql: """
            SELECT e.teacherId FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
            WHERE (c.timesKnown = 0 OR NOT EXISTS (SELECT 1 FROM bellPeriod b WHERE b.schoolId = c.schoolId))\(ofSchool.replacingOccurrences(of: "%@", with: "e.teacherId"))
            UNION
            SELECT ts.teacherId FROM teacherSchool ts
            WHERE ts.isPrimary = 1 AND NOT EXISTS (SELECT 1 FROM bellPeriod b WHERE b.schoolId = ts.schoolId)\(ofSchool.replacingOccurrences(of: "%@", with: "ts.teacherId"))
            """, arguments: arguments))
    }
}

/// SQL that keeps teaching assignments of one term: classes listed in that term or in its school
/// year, and classes with no term at all. Empty when no term is given.
/// `classColumn` must be qualified with its table alias (inside the subqueries a bare `classId`
/// would name classTerm's own column).
func termFilter(_ term: String?, classColumn: String = "ta.classId") -> (sql: String, arguments: StatementArguments) {
    guard let term else { return ("", []) }
    return ("""
         AND (NOT EXISTS (SELECT 1 FROM classTerm ct WHERE ct.classId = \(classColumn))
              OR EXISTS (SELECT 1 FROM classTerm ct WHERE ct.classId = \(classColumn)
                         AND (ct.termId = ? OR ct.termId = (SELECT parentId FROM term WHERE sourcedId = ?))))
        """, [term, term])
}
