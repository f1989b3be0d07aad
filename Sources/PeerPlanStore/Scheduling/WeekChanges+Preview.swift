import Foundation
import GRDB
import PeerPlanCore

extension WeekChanges {
    /// What `apply` would do, computed the same way inside a transaction that is rolled back:
    /// nothing is recorded (the outcome's `run` names a run that was never kept).
    package func preview(school: String, date: CalendarDate, absences: [Absence]) throws -> Outcome {
        try store.writer.writeWithoutTransaction { db in
            var outcome: Outcome?
            try db.inTransaction {
                outcome = try apply(db, school: school, date: date, absences: absences)
                return .rollback
            }
            guard let outcome else { throw StoreError.noSchedule(school: school, purpose: .weekChanges) }
            return outcome
        }
    }

    /// Applies the week's changes and records who did it, in one transaction.
    package func apply(school: String, date: CalendarDate, absences: [Absence], actor: AuditLog.Actor, at: Date) throws -> Outcome {
        try store.writer.write { db in
            let outcome = try apply(db, school: school, date: date, absences: absences)
            let moved = outcome.changes.filter { $0.action == "moved" }.count
            let absent = absences.map { "\($0.teacher) on \($0.date)" }.joined(separator: ", ")
            try AuditLog.record(db, at: at, actor: actor, action: .weekChangesApplied, school: school,
                                details: "week of \(outcome.weekStart): \(absent.isEmpty ? "no absences" : "absent " + absent); "
                                    + "\(moved) moved, \(outcome.changes.count - moved) cancelled (run \(outcome.run))")
            return outcome
        }
    }
}
