import Foundation
import GRDB
import PeerPlanCore

/// PLC formation on top of the store: teams from the roster, recorded as a run.
public struct PLCStore: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    public struct Proposal: Sendable {
        public var school: String
        public var runId: Int64
        public var result: PLCFormation.Result
        public var names: [String: String]
    }

    public func propose(school: String, policy: PLCFormation.Policy = PLCFormation.Policy()) throws -> Proposal {
        try store.writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE sourcedId = ?", arguments: [school]) == true else {
                throw InputError(file: "--school", message: "unknown school \"\(school)\"")
            }
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
                let given: String = (row[2] as String).isEmpty ? row[1] : row[2]
                names[id] = [given, row[3] as String].filter { !$0.isEmpty }.joined(separator: " ")
                members.append(.init(id: id, grades: grades[id] ?? [], subjects: subjects[id] ?? [], freeSlots: free[id] ?? [], participating: row[4]))
            }
            let result: PLCFormation.Result
            do { result = try PLCFormation.propose(members, policy: policy) } catch let error as PairingError { throw InputError(file: "--min-size/--max-size", message: error.message) }
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
            return Proposal(school: school, runId: runId, result: result, names: names)
        }
    }
}
