import Foundation
import GRDB
import PeerPlanCore

extension PLCStore {
    /// Moves a teacher from one team to another of the same proposal: out of `from`, into `to`,
    /// in one transaction, so a rule the second step breaks (a full team, too many teams) leaves
    /// both teams as they were.
    package func move(teacher: String, from: Int64, to: Int64, policy: PLCFormation.Policy = PLCFormation.Policy(), maxTeamsPerTeacher: Int = 2,
                      audit: WebChange? = nil) throws {
        try store.writer.write { db in
            try audit?.requireTeam(db, from)
            try audit?.requireTeam(db, to)
            guard from != to else { throw StoreError.alreadyInTeam(teacher: teacher, team: to) }
            try Self.edit(db, team: from, teacher: teacher, add: false, policy: policy, maxTeamsPerTeacher: maxTeamsPerTeacher)
            try Self.edit(db, team: to, teacher: teacher, add: true, policy: policy, maxTeamsPerTeacher: maxTeamsPerTeacher)
            try audit?.record(db, .plcMembersChanged, "moved \(teacher) from team \(from) to team \(to)")
        }
    }

    /// What the school's PLC page shows: the latest teams (nil before the first proposal), and
    /// every teacher of the school with their name.
    package struct SchoolTeams: Sendable {
        package var schoolName: String
        package var teams: [Team]?
        /// The school's teachers (primary school), by name.
        package var teachers: [(id: String, name: String)]

        package func name(_ id: String) -> String { teachers.first { $0.id == id }?.name ?? id }
    }

    package func schoolTeams(school: String) throws -> SchoolTeams {
        let teams: [Team]?
        do { teams = try self.teams(school: school) } catch StoreError.noPLCTeams { teams = nil }
        let (schoolName, teachers) = try store.writer.read { db in
            try PairingStore.requireSchool(db, school)
            let name = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [school]) ?? school
            return (name, try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName FROM teacher t
                JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ? AND ts.isPrimary = 1
                """, arguments: [school]).map { row in (id: row[0] as String, name: teacherDisplayName(row, given: 1, preferred: 2, family: 3)) })
        }
        return SchoolTeams(schoolName: schoolName, teams: teams, teachers: teachers.sorted { ($0.name, $0.id) < ($1.name, $1.id) })
    }
}
