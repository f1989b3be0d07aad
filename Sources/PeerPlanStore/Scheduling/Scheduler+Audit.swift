import Foundation
import GRDB

extension Scheduler {
    /// Places one school's week (as `schedule(school:)`) and records who did it, in one transaction.
    package func schedule(school: String, actor: AuditLog.Actor, at: Date) throws -> Outcome {
        try store.writer.write { db in
            let prepared = try prepare(db, school: school, term: nil, now: at)
            let outcome = try record(db, prepared, try Self.solve(prepared))
            try AuditLog.record(db, at: at, actor: actor, action: .weekPlaced, school: school,
                                details: "run \(outcome.runId): \(outcome.answer.placements.count) placed, \(outcome.answer.unplaced.count) not placed")
            return outcome
        }
    }
}
