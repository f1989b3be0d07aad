import Foundation
import GRDB

extension PairingStore {
    /// What a district-wide accept did at one school.
    package struct SchoolAcceptance: Sendable, Equatable {
        package enum Outcome: Sendable, Equatable {
            /// The school's latest proposal (`run`) became its active cycle.
            case accepted(cycle: Int64, run: Int64, pairs: Int)
            /// The school's latest proposal already is its active cycle: left as it is (accepting
            /// it again would start a new cycle and undo the pairs dropped since).
            case alreadyAccepted(cycle: Int64, run: Int64)
            /// The school has no proposal: nothing to accept.
            case noProposal
        }
        package var school: String
        package var schoolName: String
        package var outcome: Outcome
    }

    /// Accepts every school's latest proposal (as `accept(school:runId: nil)` does for one), in
    /// one transaction, schools in id order. A school with no proposal, or whose latest proposal
    /// is already its active cycle, is reported and left unchanged; when no school has a
    /// proposal at all, `noProposalAtAnySchool` and nothing changes.
    ///
    /// Accepting is a few statements per school with nothing to compute, so unlike proposing it
    /// is not spread across cores: SQLite writes one statement at a time anyway.
    package func acceptAll() throws -> [SchoolAcceptance] {
        try store.writer.write { db in
            var latest: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT schoolId, MAX(runId) FROM pairingProposal GROUP BY schoolId") { latest[row[0]] = row[1] }
            guard !latest.isEmpty else { throw StoreError.noProposalAtAnySchool }
            var active: [String: (cycle: Int64, run: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT schoolId, id, runId FROM pairingCycle WHERE active = 1") { active[row[0]] = (row[1], row[2]) }
            return try Self.schools(db).map { school in
                let outcome: SchoolAcceptance.Outcome
                if let run = latest[school.id] {
                    if let current = active[school.id], current.run == run {
                        outcome = .alreadyAccepted(cycle: current.cycle, run: run)
                    } else {
                        let (cycle, pairs) = try Self.accept(db, school: school.id, run: run)
                        outcome = .accepted(cycle: cycle, run: run, pairs: pairs)
                    }
                } else {
                    outcome = .noProposal
                }
                return SchoolAcceptance(school: school.id, schoolName: school.name, outcome: outcome)
            }
        }
    }
}
