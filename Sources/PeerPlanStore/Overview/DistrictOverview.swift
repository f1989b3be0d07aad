import Foundation
import GRDB

/// Every school of the district in one table, for district staff: counts only, no teacher is
/// named (DESIGN.md §1: a district sees schools and counts, never who is rated low).
package struct DistrictOverview: Sendable, Equatable, Codable {
    package struct School: Sendable, Equatable, Codable {
        package var school: String
        package var name: String
        package var teachers: Int
        package var participatingTeachers: Int
        /// Pairs of the accepted cycle still running; nil when no proposal was accepted.
        package var pairs: Int?
        /// Targets the accepted proposal could not pair (opted-out teachers are not counted);
        /// nil when no proposal was accepted.
        package var unpairedTargets: Int?
        /// Sessions of the latest weekly pattern; nil when the school has none.
        package var placedSessions: Int?
        package var unplacedSessions: Int?
        /// Whether any of the school's calendars has been published.
        package var published: Bool
    }

    package var schools: [School]

    package static func load(_ db: Database) throws -> DistrictOverview {
        // One grouped query per figure, whatever the number of schools.
        func counts(_ sql: String) throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) { result[row[0]] = row[1] }
            return result
        }
        let teachers = try counts("SELECT schoolId, COUNT(*) FROM teacherSchool GROUP BY schoolId")
        let participating = try counts("""
            SELECT ts.schoolId, COUNT(*) FROM teacherSchool ts JOIN teacher t ON t.sourcedId = ts.teacherId
            WHERE t.participating = 1 GROUP BY ts.schoolId
            """)
        let activeCycles = try counts("SELECT schoolId, MAX(id) FROM pairingCycle WHERE active = 1 GROUP BY schoolId")
        let pairs = try counts("""
            SELECT c.schoolId, COUNT(*) FROM pairingCycle c JOIN cyclePair p ON p.cycleId = c.id
            WHERE c.active = 1 AND p.dropped = 0 GROUP BY c.schoolId
            """)
        let unpaired = try counts("""
            SELECT c.schoolId, COUNT(*) FROM pairingCycle c JOIN unmatchedTarget u ON u.runId = c.runId
            WHERE c.active = 1 AND u.reason <> 'optedOut' GROUP BY c.schoolId
            """)
        let latestRun = try counts("SELECT schoolId, MAX(runId) FROM scheduleRun GROUP BY schoolId")
        let placed = try counts("""
            SELECT r.schoolId, COUNT(*) FROM scheduleRun r JOIN scheduledSession s ON s.runId = r.runId
            WHERE r.runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = r.schoolId) GROUP BY r.schoolId
            """)
        let unplaced = try counts("""
            SELECT r.schoolId, COUNT(*) FROM scheduleRun r JOIN unplacedSession u ON u.runId = r.runId
            WHERE r.runId = (SELECT MAX(runId) FROM scheduleRun WHERE schoolId = r.schoolId) GROUP BY r.schoolId
            """)
        let published = try counts("SELECT schoolId, COUNT(*) FROM publishedEvent GROUP BY schoolId")
        let schools = try Row.fetchAll(db, sql: "SELECT sourcedId, name FROM school ORDER BY name, sourcedId").map { row -> School in
            let id: String = row[0]
            let accepted = activeCycles[id] != nil
            let scheduled = latestRun[id] != nil
            return School(school: id, name: row[1], teachers: teachers[id] ?? 0, participatingTeachers: participating[id] ?? 0,
                          pairs: accepted ? pairs[id] ?? 0 : nil, unpairedTargets: accepted ? unpaired[id] ?? 0 : nil,
                          placedSessions: scheduled ? placed[id] ?? 0 : nil, unplacedSessions: scheduled ? unplaced[id] ?? 0 : nil,
                          published: (published[id] ?? 0) > 0)
        }
        return DistrictOverview(schools: schools)
    }
}

extension Store {
    /// Every school of the district, counts only.
    package func districtOverview() throws -> DistrictOverview {
        try writer.read { try DistrictOverview.load($0) }
    }
}
