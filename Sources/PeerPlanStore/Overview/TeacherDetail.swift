import Foundation
import GRDB
import PeerPlanCore

/// One teacher as their principal sees them: classes, free periods, participation, their pair
/// in the accepted cycle and their PLC teams. Raw scores only when asked for (the district's
/// `web.showScoresToPrincipals`); otherwise they are not even read.
package struct TeacherDetail: Sendable {
    package struct Class: Sendable, Equatable {
        package var title: String
        package var periods: [String]
    }

    package struct Pair: Sendable, Equatable {
        /// The colleague: their partner, or the colleague they support.
        package var colleague: String
        /// Whether this teacher supports the colleague (is the pair's partner).
        package var supports: Bool
        package var focus: [String]
        package var dropped: Bool
    }

    package struct Score: Sendable, Equatable {
        package var indicator: String
        package var score: Double
        package var observedOn: String
    }

    package var id: String
    package var name: String
    package var schoolName: String
    package var participating: Bool
    package var classes: [Class]
    /// `Mon 2`, as `Slot.description`, in week order.
    package var freePeriods: [String]
    package var pairs: [Pair]
    package var teams: [String]
    /// Latest scores by indicator name; nil when not asked for.
    package var scores: [Score]?
}

extension Store {
    /// `teacher` at `school` (`StoreError.unknownTeacher` when they do not teach there).
    package func teacherDetail(school: String, teacher: String, withScores: Bool) throws -> TeacherDetail {
        try writer.read { db in
            try PairingStore.requireSchool(db, school)
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [teacher, school]) == true,
                  let row = try Row.fetchOne(db, sql: "SELECT sourcedId, givenName, preferredGivenName, familyName, participating FROM teacher WHERE sourcedId = ?",
                                             arguments: [teacher]) else {
                throw StoreError.unknownTeacher(teacher)
            }
            func name(_ id: String) throws -> String {
                guard let r = try Row.fetchOne(db, sql: "SELECT sourcedId, givenName, preferredGivenName, familyName FROM teacher WHERE sourcedId = ?", arguments: [id]) else { return id }
                return teacherDisplayName(r, given: 1, preferred: 2, family: 3)
            }
            let schoolName = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [school]) ?? school
            let classes = try Row.fetchAll(db, sql: """
                SELECT c.sourcedId, c.title FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
                WHERE e.teacherId = ? AND c.schoolId = ? ORDER BY c.title, c.sourcedId
                """, arguments: [teacher, school]).map { r in
                TeacherDetail.Class(title: r[1], periods: try String.fetchAll(db, sql: "SELECT period FROM classPeriod WHERE classId = ? ORDER BY period", arguments: [r[0] as String]))
            }
            let free = (try FreeTime.load(db, schools: [school])[school]?[teacher] ?? []).sorted().map(\.description)
            let indicators = try PairingStore.indicatorNames(db)
            func focus(_ text: String) -> [String] {
                text.split(separator: ",").map { part in
                    let bits = part.split(separator: "/", maxSplits: 1).map(String.init)
                    return bits.count == 2 ? indicators[IndicatorRef(rubric: bits[0], indicator: bits[1])] ?? bits[1] : String(part)
                }
            }
            let pairs = try Row.fetchAll(db, sql: """
                SELECT p.partnerId, p.targetId, p.focus, p.dropped FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
                WHERE c.schoolId = ? AND c.active = 1 AND (p.partnerId = ? OR p.targetId = ?) ORDER BY p.targetId
                """, arguments: [school, teacher, teacher]).map { r in
                let partner: String = r[0], target: String = r[1]
                return TeacherDetail.Pair(colleague: try name(partner == teacher ? target : partner), supports: partner == teacher,
                                          focus: focus(r[2]), dropped: r[3])
            }
            let teams = try String.fetchAll(db, sql: """
                SELECT p.name FROM plcMember m JOIN plc p ON p.id = m.plcId
                WHERE m.teacherId = ? AND p.runId = (SELECT MAX(runId) FROM plc WHERE schoolId = ?) ORDER BY p.name
                """, arguments: [teacher, school])
            let scores: [TeacherDetail.Score]? = try withScores ? Row.fetchAll(db, sql: """
                SELECT i.name, r.score, r.observedOn FROM latestRating r JOIN indicator i ON i.rubricId = r.rubricId AND i.id = r.indicatorId
                WHERE r.teacherId = ? ORDER BY i.name
                """, arguments: [teacher]).map { TeacherDetail.Score(indicator: $0[0], score: $0[1], observedOn: $0[2]) } : nil
            return TeacherDetail(id: teacher, name: teacherDisplayName(row, given: 1, preferred: 2, family: 3), schoolName: schoolName,
                                 participating: row[4], classes: classes, freePeriods: free, pairs: pairs, teams: teams, scores: scores)
        }
    }
}
