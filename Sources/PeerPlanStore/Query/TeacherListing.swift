import Foundation
import GRDB
import PeerPlanCore

/// One line per teacher: where they teach and when they are free. No ratings.
package struct TeacherListing: Codable, Sendable, Equatable {
    package var sourcedId: String
    package var name: String
    package var email: String
    package var school: String
    package var participating: Bool
    package var classes: Int
    package var duties: Int
    /// Free periods in the school's week, as `Day period` (e.g. `Mon 3`).
    package var freePeriods: [String]
    /// Colleagues at the same school who share at least one of those free periods.
    package var colleaguesSharingAFreePeriod: Int

    /// Every teacher of a school (of every school when nil), in one read.
    package static func load(from store: Store, school: String?) throws -> [TeacherListing] {
        try store.writer.read { try load($0, school: school) }
    }

    package static func load(_ db: Database, school: String?) throws -> [TeacherListing] {
        var schoolIds = try String.fetchAll(db, sql: "SELECT sourcedId FROM school ORDER BY sourcedId")
        if let school {
            guard schoolIds.contains(school) else {
                throw StoreError.unknownSchool(school, known: schoolIds)
            }
            schoolIds = [school]
        }
        var result: [TeacherListing] = []
        let freeTime = try FreeTime.load(db, schools: Set(schoolIds))
        for schoolId in schoolIds {
            var classCount: [String: Set<String>] = [:]
            for a in try Row.fetchAll(db, sql: "SELECT teacherId, classId FROM teachingAssignment WHERE schoolId = ?", arguments: [schoolId]) {
                classCount[a[0], default: []].insert(a[1])
            }
            var dutyCount: [String: Int] = [:]
            for d in try Row.fetchAll(db, sql: "SELECT teacherId FROM duty WHERE schoolId = ?", arguments: [schoolId]) {
                dutyCount[d[0], default: 0] += 1
            }
            let teachers = try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.email, t.participating
                FROM teacher t JOIN teacherSchool ts ON ts.teacherId = t.sourcedId
                WHERE ts.schoolId = ? ORDER BY t.familyName, t.givenName, t.sourcedId
                """, arguments: [schoolId])
            let free = freeTime[schoolId] ?? [:]
            for t in teachers {
                let id: String = t[0]
                let mine = free[id] ?? []
                let sharing = free.filter { $0.key != id && !$0.value.isDisjoint(with: mine) }.count
                result.append(TeacherListing(
                    sourcedId: id, name: teacherDisplayName(t, given: 1, preferred: 2, family: 3),
                    email: t[4], school: schoolId, participating: t[5],
                    classes: classCount[id]?.count ?? 0, duties: dutyCount[id] ?? 0,
                    freePeriods: mine.sorted().map(\.description), colleaguesSharingAFreePeriod: sharing))
            }
        }
        return result
    }
}

extension BellSchedule {
    /// The bell schedule of a school as stored.
    package static func load(_ db: Database, school: String) throws -> BellSchedule {
        BellSchedule(periods: try Row.fetchAll(db, sql: "SELECT day, period, startMinute, endMinute, kind FROM bellPeriod WHERE schoolId = ?", arguments: [school]).compactMap { p in
            guard let day = ScheduleDay(parsing: p[0]), let kind = PeriodKind(rawValue: p[4]) else { return nil }
            return BellPeriod(day: day, name: p[1], start: ClockTime(minutes: p[2]), end: ClockTime(minutes: p[3]), kind: kind)
        })
    }
}
