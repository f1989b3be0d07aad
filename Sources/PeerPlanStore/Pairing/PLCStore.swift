import Foundation
import GRDB
import PeerPlanCore

/// PLC formation on top of the store: teams from the roster, recorded as a run.
package struct PLCStore: Sendable {
    package let store: Store

    package init(store: Store) { self.store = store }

    package struct Proposal: Sendable {
        package var school: String
        package var runId: Int64
        package var result: PLCFormation.Result
        package var names: [String: String]
    }

    package func propose(school: String, policy: PLCFormation.Policy = PLCFormation.Policy(), audit: WebChange? = nil) throws -> Proposal {
        try store.writer.write { db in
            try PairingStore.requireSchool(db, school)
            let free = try FreeTime.load(db, schools: [school])[school] ?? [:]
            var grades: [String: [String]] = [:], subjects: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT e.teacherId, g.grade FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
                JOIN classGrade g ON g.classId = c.sourcedId WHERE c.schoolId = ? ORDER BY e.teacherId, c.sourcedId, g.grade
                """, arguments: [school]) { grades[row[0], default: []].append(row[1]) }
            for row in try Row.fetchAll(db, sql: """
                SELECT e.teacherId, s.subject FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
                JOIN classSubject s ON s.classId = c.sourcedId WHERE c.schoolId = ? ORDER BY e.teacherId, c.sourcedId, s.subject
                """, arguments: [school]) { subjects[row[0], default: []].append(row[1]) }
            var names: [String: String] = [:]
            var members: [PLCFormation.Member] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.participating FROM teacher t
                JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ? AND ts.isPrimary = 1 ORDER BY t.sourcedId
                """, arguments: [school]) {
                let id: String = row[0]
                names[id] = teacherDisplayName(row, given: 1, preferred: 2, family: 3)
                members.append(.init(id: id, grades: grades[id] ?? [], subjects: subjects[id] ?? [], freeSlots: free[id] ?? [], participating: row[4]))
            }
            let result: PLCFormation.Result
            do { result = try PLCFormation.propose(members, policy: policy) } catch let error as PairingError { throw StoreError.invalidPLCPolicy(error.message) }
            var fingerprint = SHA256()
            for m in members { fingerprint.update("\(m.id)|\(m.grades)|\(m.subjects)|\(m.freeSlots.map(\.description).sorted())|\(m.participating)\n") }
            try db.execute(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('plcs-propose', ?, ?, ?, ?, NULL, ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date()), fingerprint.hexDigest(), school,
                                       "{\"maxSize\":\(policy.maxSize),\"minSize\":\(policy.minSize)}",
                                       "\(result.teams.count) teams, \(result.unassigned.count) teachers unassigned"])
            let runId = db.lastInsertedRowID
            for team in result.teams {
                try db.execute(sql: "INSERT INTO plc (runId, schoolId, name, basis, commonFreePeriods) VALUES (?, ?, ?, ?, ?)",
                               arguments: [runId, school, team.name, team.basis, team.commonFreeSlots.map(\.description).joined(separator: ",")])
                let plcId = db.lastInsertedRowID
                for member in team.members {
                    try db.execute(sql: "INSERT INTO plcMember (plcId, teacherId) VALUES (?, ?)", arguments: [plcId, member])
                }
            }
            try audit?.record(db, .plcsProposed, "run \(runId): \(result.teams.count) teams, \(result.unassigned.count) teachers unassigned")
            return Proposal(school: school, runId: runId, result: result, names: names)
        }
    }
}

extension PLCStore {
    package struct Team: Sendable, Codable {
        package var id: Int64
        package var name: String
        package var basis: String
        package var members: [String]
        package var commonFreePeriods: [String]
    }

    /// The teams the scheduler uses: the school's latest proposal, with the principal's edits.
    package func teams(school: String) throws -> [Team] {
        try store.writer.read { db in
            guard let run = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM plc WHERE schoolId = ?", arguments: [school]) else {
                throw StoreError.noPLCTeams(school: school)
            }
            return try Row.fetchAll(db, sql: "SELECT id, name, basis, commonFreePeriods FROM plc WHERE runId = ? ORDER BY id", arguments: [run]).map { row in
                Team(id: row[0], name: row[1], basis: row[2],
                     members: try String.fetchAll(db, sql: "SELECT teacherId FROM plcMember WHERE plcId = ? ORDER BY teacherId", arguments: [row[0] as Int64]),
                     commonFreePeriods: (row[3] as String).split(separator: ",").map(String.init))
            }
        }
    }

    /// Adds a teacher to a team, or takes them out; keeps 3–8 members (by default) and at most two
    /// teams per teacher, and recomputes the periods the team has in common.
    package func edit(team: Int64, teacher: String, add: Bool, policy: PLCFormation.Policy = PLCFormation.Policy(), maxTeamsPerTeacher: Int = 2,
                     audit: WebChange? = nil) throws {
        try store.writer.write { db in
            try audit?.requireTeam(db, team)
            try Self.edit(db, team: team, teacher: teacher, add: add, policy: policy, maxTeamsPerTeacher: maxTeamsPerTeacher)
            try audit?.record(db, .plcMembersChanged, "\(add ? "added" : "removed") \(teacher) \(add ? "to" : "from") team \(team)")
        }
    }

    /// `edit` in the caller's transaction.
    static func edit(_ db: Database, team: Int64, teacher: String, add: Bool, policy: PLCFormation.Policy, maxTeamsPerTeacher: Int) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT schoolId, runId FROM plc WHERE id = ?", arguments: [team]) else {
            throw StoreError.unknownPLCTeam(team)
        }
        let school: String = row[0], run: Int64 = row[1]
        guard try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM plc WHERE schoolId = ?", arguments: [school]) == run else {
            throw StoreError.outdatedPLCTeam(team: team, school: school)
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [teacher, school]) == true else {
            throw StoreError.teacherNotAtSchool(teacher: teacher, school: school)
        }
        let members = try String.fetchAll(db, sql: "SELECT teacherId FROM plcMember WHERE plcId = ?", arguments: [team])
        if add {
            guard !members.contains(teacher) else { throw StoreError.alreadyInTeam(teacher: teacher, team: team) }
            guard members.count < policy.maxSize else { throw StoreError.teamFull(team: team, members: members.count, maxSize: policy.maxSize) }
            let teams = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plcMember m JOIN plc p ON p.id = m.plcId WHERE p.runId = ? AND m.teacherId = ?", arguments: [run, teacher]) ?? 0
            guard teams < maxTeamsPerTeacher else { throw StoreError.tooManyTeams(teacher: teacher, teams: teams, maxTeams: maxTeamsPerTeacher) }
            try db.execute(sql: "INSERT INTO plcMember (plcId, teacherId) VALUES (?, ?)", arguments: [team, teacher])
        } else {
            guard members.contains(teacher) else { throw StoreError.notInTeam(teacher: teacher, team: team) }
            guard members.count > policy.minSize else { throw StoreError.teamTooSmall(team: team, minSize: policy.minSize) }
            try db.execute(sql: "DELETE FROM plcMember WHERE plcId = ? AND teacherId = ?", arguments: [team, teacher])
        }
        let now = try String.fetchAll(db, sql: "SELECT teacherId FROM plcMember WHERE plcId = ?", arguments: [team])
        let free = try FreeTime.load(db, schools: [school])[school] ?? [:]
        var common = free[now.first ?? ""] ?? []
        for id in now.dropFirst() { common.formIntersection(free[id] ?? []) }
        try db.execute(sql: "UPDATE plc SET commonFreePeriods = ? WHERE id = ?", arguments: [common.sorted().map(\.description).joined(separator: ","), team])
    }
}
