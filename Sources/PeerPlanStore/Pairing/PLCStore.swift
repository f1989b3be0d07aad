import Foundation
import GRDB
import PeerPlanCore

/// PLC formation on top of the store: teams from the roster, recorded as a run.
package struct PLCStore: Sendable {
    package let store: Store

    package init(store: Store) { self.store = store }

    package struct Proposal: Sendable {
        package var school: String
        package var schoolName: String
        package var runId: Int64
        package var result: PLCFormation.Result
        package var names: [String: String]
    }

    /// Forms one school's PLC teams from its roster and records them as a run.
    package func propose(school: String, policy: PLCFormation.Policy = PLCFormation.Policy(), audit: WebChange? = nil) throws -> Proposal {
        try store.writer.write { db in
            try PairingStore.requireSchool(db, school)
            let name = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [school]) ?? school
            let roster = try Self.roster(db, school: school, name: name)
            let result = try Self.form(roster, policy: policy)
            let proposal = try Self.record(db, roster, result, policy: policy)
            try audit?.record(db, .plcsProposed, "run \(proposal.runId): \(result.teams.count) teams, \(result.unassigned.count) teachers unassigned")
            return proposal
        }
    }

    /// Forms the PLC teams of every school (as `propose(school:)` does for one), in one
    /// transaction: under the write lock, each school's roster is read on one of the store's
    /// parallel readers and its teams formed as soon as it is read (`Store.readInParallel`), and
    /// each school's run is recorded in school id order. If one school fails, nothing is recorded;
    /// the first school (by id) that failed decides the error, the same every time.
    package func proposeAll(policy: PLCFormation.Policy = PLCFormation.Policy(), progress: (@Sendable (Int) -> Void)? = nil) throws -> [Proposal] {
        try store.writeLocked { db in
            let schools = try PairingStore.schools(db)
            let formed = try store.readInParallel(schools.count, on: db, progress: progress) { reader, k in
                let roster = try Self.roster(reader, school: schools[k].id, name: schools[k].name)
                return (roster, try Self.form(roster, policy: policy))
            }
            return try formed.map { try Self.record(db, $0.0, $0.1, policy: policy) }
        }
    }

    /// What a school's teams are formed from: the teachers whose primary school it is, each with
    /// the grades and subjects of their classes there and their free periods there.
    struct Roster: Sendable {
        var school: String
        var schoolName: String
        var members: [PLCFormation.Member]
        var names: [String: String]
    }

    /// The roster of `school` (named `name`).
    static func roster(_ db: Database, school: String, name: String) throws -> Roster {
        let free = try FreeTime.load(db, schools: [school])[school] ?? [:]
        var grades: [String: [String]] = [:], subjects: [String: [String]] = [:] // teacher → values
        for row in try Row.fetchAll(db, sql: """
            SELECT e.teacherId, g.grade FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
            JOIN classGrade g ON g.classId = c.sourcedId WHERE c.schoolId = ? ORDER BY e.teacherId, c.sourcedId, g.grade
            """, arguments: [school]) { grades[row[0], default: []].append(row[1]) }
        for row in try Row.fetchAll(db, sql: """
            SELECT e.teacherId, s.subject FROM teachingEnrollment e JOIN class c ON c.sourcedId = e.classId
            JOIN classSubject s ON s.classId = c.sourcedId WHERE c.schoolId = ? ORDER BY e.teacherId, c.sourcedId, s.subject
            """, arguments: [school]) { subjects[row[0], default: []].append(row[1]) }
        var roster = Roster(school: school, schoolName: name, members: [], names: [:])
        for row in try Row.fetchAll(db, sql: """
            SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.participating FROM teacher t
            JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.isPrimary = 1 AND ts.schoolId = ? ORDER BY t.sourcedId
            """, arguments: [school]) {
            let id: String = row[0]
            roster.names[id] = teacherDisplayName(row, given: 1, preferred: 2, family: 3)
            roster.members.append(.init(id: id, grades: grades[id] ?? [], subjects: subjects[id] ?? [],
                                        freeSlots: free[id] ?? [], participating: row[4]))
        }
        return roster
    }

    static func form(_ roster: Roster, policy: PLCFormation.Policy) throws -> PLCFormation.Result {
        do { return try PLCFormation.propose(roster.members, policy: policy) } catch { throw StoreError.invalidPLCPolicy(error.message) }
    }

    /// Records a school's teams as a `plcs-propose` run, in the caller's transaction.
    static func record(_ db: Database, _ roster: Roster, _ result: PLCFormation.Result, policy: PLCFormation.Policy) throws -> Proposal {
        var fingerprint = SHA256()
        for m in roster.members { fingerprint.update("\(m.id)|\(m.grades)|\(m.subjects)|\(m.freeSlots.map(\.description).sorted())|\(m.participating)\n") }
        try db.cachedStatement(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('plcs-propose', ?, ?, ?, ?, NULL, ?)")
            .execute(arguments: [ISO8601DateFormatter().string(from: Date()), fingerprint.hexDigest(), roster.school,
                                 "{\"maxSize\":\(policy.maxSize),\"minSize\":\(policy.minSize)}",
                                 "\(result.teams.count) teams, \(result.unassigned.count) teachers unassigned"])
        let runId = db.lastInsertedRowID
        for team in result.teams {
            try db.cachedStatement(sql: "INSERT INTO plc (runId, schoolId, name, basis, commonFreePeriods) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [runId, roster.school, team.name, team.basis, team.commonFreeSlots.map(\.description).joined(separator: ",")])
            let plcId = db.lastInsertedRowID
            for member in team.members {
                try db.cachedStatement(sql: "INSERT INTO plcMember (plcId, teacherId) VALUES (?, ?)")
                    .execute(arguments: [plcId, member])
            }
        }
        return Proposal(school: roster.school, schoolName: roster.schoolName, runId: runId, result: result, names: roster.names)
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
