import Foundation
import GRDB
import PeerPlanCore

/// One school at a glance, for its principal's home page: counts and the state of each step of
/// the cycle. Counts only: no rating, score or name of a candidate.
package struct SchoolOverview: Sendable, Equatable, Codable {
    /// The latest weekly pattern (`peerplan schedule`).
    package struct Schedule: Sendable, Equatable, Codable {
        package var runId: Int64
        package var placedAt: Date?
        package var termId: String?
        package var placedSessions: Int
        package var unplacedSessions: Int
    }

    /// What has been published of the school's calendars (exported or served as feeds).
    package struct Publication: Sendable, Equatable, Codable {
        /// Events PeerPlan has published for the school.
        package var events: Int
        /// When a published event last changed.
        package var lastChange: Date?
    }

    package var school: String
    package var name: String
    package var teachers: Int
    /// Teachers taking part in peer collaboration (not opted out).
    package var participatingTeachers: Int
    package var ratedTeachers: Int
    package var targetCandidates: Int
    package var partnerCandidates: Int
    /// Whether pairs have been proposed at all.
    package var hasProposal: Bool
    /// Pairs of the accepted cycle still running; nil when no proposal was accepted.
    package var acceptedPairs: Int?
    /// PLC teams of the latest proposal.
    package var plcTeams: Int
    package var schedule: Schedule?
    /// nil when nothing has been published.
    package var publication: Publication?

    package static func load(_ db: Database, school: String) throws -> SchoolOverview {
        try PairingStore.requireSchool(db, school)
        let name = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [school]) ?? school
        let teachers = try Row.fetchAll(db, sql: """
            SELECT t.sourcedId, t.participating FROM teacher t JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ?
            """, arguments: [school])
        let participating = Dictionary(uniqueKeysWithValues: teachers.map { ($0[0] as String, $0[1] as Bool) })
        // Candidates exactly as `peerplan status` counts them: a target on any rubric is a target;
        // a partner is strong somewhere and a target nowhere.
        let rubrics = try Rubric.stored(db)
        let latest = CountingScores.byRubric(try CountingScores.load(db, rubrics: rubrics, school: school))
        var targets = 0, partners = 0
        for (teacher, byRubric) in latest {
            var isTarget = false, isPartner = false
            for (rubricId, scores) in byRubric {
                guard let rubric = rubrics[rubricId] else { continue }
                let status = CandidateRules.classify(latestScores: scores, rubric: rubric, participating: participating[teacher] ?? true)
                isTarget = isTarget || status.isTarget
                isPartner = isPartner || status.isPartner
            }
            if isTarget { targets += 1 } else if isPartner { partners += 1 }
        }
        let hasProposal = try Bool.fetchOne(db, sql: "SELECT 1 FROM pairingProposal WHERE schoolId = ? LIMIT 1", arguments: [school]) == true
        var acceptedPairs: Int?
        if let cycle = try Int64.fetchOne(db, sql: "SELECT id FROM pairingCycle WHERE schoolId = ? AND active = 1 ORDER BY id DESC LIMIT 1", arguments: [school]) {
            acceptedPairs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cyclePair WHERE cycleId = ? AND dropped = 0", arguments: [cycle]) ?? 0
        }
        let plcTeams = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plc WHERE runId = (SELECT MAX(runId) FROM plc WHERE schoolId = ?)", arguments: [school]) ?? 0
        var schedule: Schedule?
        if let row = try Row.fetchOne(db, sql: """
            SELECT s.runId, r.startedAt, s.termId,
                   (SELECT COUNT(*) FROM scheduledSession WHERE runId = s.runId),
                   (SELECT COUNT(*) FROM unplacedSession WHERE runId = s.runId)
            FROM scheduleRun s JOIN run r ON r.id = s.runId WHERE s.schoolId = ? ORDER BY s.runId DESC LIMIT 1
            """, arguments: [school]) {
            schedule = Schedule(runId: row[0], placedAt: (row[1] as String?).flatMap(AccountTime.parse), termId: row[2],
                                placedSessions: row[3], unplacedSessions: row[4])
        }
        var publication: Publication?
        if let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), MAX(changedAt) FROM publishedEvent WHERE schoolId = ?", arguments: [school]),
           (row[0] as Int) > 0 {
            publication = Publication(events: row[0], lastChange: (row[1] as String?).flatMap(AccountTime.parse))
        }
        return SchoolOverview(school: school, name: name, teachers: teachers.count,
                              participatingTeachers: participating.values.filter { $0 }.count,
                              ratedTeachers: latest.count, targetCandidates: targets, partnerCandidates: partners,
                              hasProposal: hasProposal, acceptedPairs: acceptedPairs, plcTeams: plcTeams,
                              schedule: schedule, publication: publication)
    }
}

extension Store {
    /// One school at a glance (`StoreError.unknownSchool` when there is no such school).
    package func schoolOverview(school: String) throws -> SchoolOverview {
        try writer.read { try SchoolOverview.load($0, school: school) }
    }
}
