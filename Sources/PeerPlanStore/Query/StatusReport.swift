import Foundation
import GRDB
import PeerPlanCore

/// What the store holds, for `peerplan status` and the demo. Counts only: no ratings.
package struct StatusReport: Codable, Sendable, Equatable {
    package struct School: Codable, Sendable, Equatable {
        package var sourcedId: String
        package var name: String
        package var timezone: String
        package var scheduleDays: [String]
        package var instructionPeriodsPerWeek: Int
        package var teachers: Int
        package var participatingTeachers: Int
        package var ratedTeachers: Int
        package var rubrics: [String]
        package var classes: Int
        package var teachingAssignments: Int
        package var duties: Int
        package var freePeriodsPerTeacher: FreePeriodStats
        /// Teachers with no free period in the week at all.
        package var teachersWithoutFreePeriod: Int
        /// Teachers whose free periods no colleague at the school shares.
        package var teachersWithoutSharedFreePeriod: Int
        package var targetCandidates: Int
        package var partnerCandidates: Int
        package var specialDays: Int
        /// Teachers whose free time is unknown (a class's periods match no bell period, or the
        /// school has no bell schedule): schedule-aware pairing leaves them out.
        package var teachersWithUnknownFreeTime: Int = 0
        /// Classes whose periods match no period of the bell schedule.
        package var classesWithUnknownTimes: Int = 0
        /// A department (or other sub-school org) standing in for a school.
        package var standsInForSchool: Bool = false
    }

    package struct FreePeriodStats: Codable, Sendable, Equatable {
        package var min: Int
        package var median: Double
        package var max: Int
        package var mean: Double
    }

    package var districts: Int
    package var schools: Int
    package var teachers: Int
    package var ratedTeachers: Int
    package var teachingAssignments: Int
    /// Always 0: students are read past at import, never stored.
    package var students: Int
    package var classes: Int
    package var terms: Int
    package var ratings: Int
    package var targetCandidates: Int
    package var partnerCandidates: Int
    package var optedOutTeachers: Int
    package var lastImport: String?
    package var perSchool: [School]

    package static func load(_ db: Database) throws -> StatusReport {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        let rubrics = try Rubric.stored(db)
        // The scores that count per teacher and rubric (teacher → rubric → indicator → score).
        let latest = CountingScores.byRubric(try CountingScores.load(db, rubrics: rubrics))
        var perSchool: [School] = []
        // District totals count each teacher once, even when they work at two schools.
        var targetIds: Set<String> = [], partnerIds: Set<String> = []
        let schoolRows = try Row.fetchAll(db, sql: "SELECT sourcedId, name, timezone, orgType FROM school ORDER BY sourcedId")
        let freeTime = try FreeTime.load(db, schools: nil)
        let unknownFreeTime = try FreeTime.unknownTeachers(db)
        for row in schoolRows {
            let schoolId: String = row[0]
            let schedule = try BellSchedule.load(db, school: schoolId)
            let teacherRows = try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.participating FROM teacher t JOIN teacherSchool ts ON ts.teacherId = t.sourcedId
                WHERE ts.schoolId = ? ORDER BY t.sourcedId
                """, arguments: [schoolId])
            var freeCounts: [Int] = []
            var freeSets: [String: Set<Slot>] = [:]
            var rated = 0, schoolTargets = 0, schoolPartners = 0, participating = 0
            var usedRubrics: Set<String> = []
            for t in teacherRows {
                let teacherId: String = t[0]
                let isParticipating: Bool = t[1]
                if isParticipating { participating += 1 }
                let free = freeTime[schoolId]?[teacherId] ?? []
                freeSets[teacherId] = free
                freeCounts.append(free.count)
                if let byRubric = latest[teacherId] {
                    rated += 1
                    var isTarget = false, isPartner = false
                    for (rubricId, scores) in byRubric {
                        usedRubrics.insert(rubricId)
                        guard let rubric = rubrics[rubricId] else { continue }
                        let status = CandidateRules.classify(latestScores: scores, rubric: rubric, participating: isParticipating)
                        isTarget = isTarget || status.isTarget
                        isPartner = isPartner || status.isPartner
                    }
                    if isTarget {
                        schoolTargets += 1
                        targetIds.insert(teacherId)
                    } else if isPartner {
                        schoolPartners += 1
                        partnerIds.insert(teacherId)
                    }
                }
            }
            var withoutShared = 0
            let unknownHere = teacherRows.filter { unknownFreeTime.contains($0[0] as String) }.count
            for (teacherId, free) in freeSets where !free.isEmpty {
                let shares = freeSets.contains { other in other.key != teacherId && !other.value.isDisjoint(with: free) }
                if !shares { withoutShared += 1 }
            }
            perSchool.append(School(
                sourcedId: schoolId, name: row[1], timezone: row[2],
                scheduleDays: schedule.days.map(\.description),
                instructionPeriodsPerWeek: schedule.instructionSlots.count,
                teachers: teacherRows.count, participatingTeachers: participating, ratedTeachers: rated,
                rubrics: usedRubrics.sorted(),
                classes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM class WHERE schoolId = ?", arguments: [schoolId]) ?? 0,
                teachingAssignments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teachingAssignment WHERE schoolId = ?", arguments: [schoolId]) ?? 0,
                duties: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM duty WHERE schoolId = ?", arguments: [schoolId]) ?? 0,
                freePeriodsPerTeacher: stats(freeCounts),
                teachersWithoutFreePeriod: freeCounts.filter { $0 == 0 }.count,
                teachersWithoutSharedFreePeriod: withoutShared,
                targetCandidates: schoolTargets, partnerCandidates: schoolPartners,
                specialDays: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calendarDay WHERE schoolId = ?", arguments: [schoolId]) ?? 0,
                teachersWithUnknownFreeTime: unknownHere,
                classesWithUnknownTimes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM class WHERE schoolId = ? AND timesKnown = 0", arguments: [schoolId]) ?? 0,
                standsInForSchool: (row[3] as String) != "school"))
        }
        return StatusReport(
            districts: try count("SELECT COUNT(*) FROM district"),
            schools: schoolRows.count,
            teachers: try count("SELECT COUNT(*) FROM teacher"),
            ratedTeachers: try count("SELECT COUNT(DISTINCT teacherId) FROM rating"),
            teachingAssignments: try count("SELECT COUNT(*) FROM teachingAssignment"),
            students: 0,
            classes: try count("SELECT COUNT(*) FROM class"),
            terms: try count("SELECT COUNT(*) FROM term"),
            ratings: try count("SELECT COUNT(*) FROM rating"),
            targetCandidates: targetIds.count, partnerCandidates: partnerIds.count,
            optedOutTeachers: try count("SELECT COUNT(*) FROM teacher WHERE participationChoice = 0"),
            lastImport: try String.fetchOne(db, sql: "SELECT startedAt FROM run WHERE kind = 'import' ORDER BY id DESC LIMIT 1"),
            perSchool: perSchool)
    }

    static func stats(_ values: [Int]) -> FreePeriodStats {
        guard !values.isEmpty else { return FreePeriodStats(min: 0, median: 0, max: 0, mean: 0) }
        let sorted = values.sorted()
        let median = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2])
            : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        return FreePeriodStats(min: sorted.first!, median: median, max: sorted.last!, mean: (mean * 10).rounded() / 10)
    }
}

extension Store {
    package func status() throws -> StatusReport {
        try writer.read { try StatusReport.load($0) }
    }
}
