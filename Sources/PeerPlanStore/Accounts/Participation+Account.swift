import Foundation
import GRDB

/// A signed-in teacher's own choice to take part in peer collaboration (participation is
/// voluntary): the same flag `PairingStore.setParticipation` sets, changed from their page.
extension Store {
    /// Whether the teacher takes part in peer collaboration.
    package func participation(of teacher: String) throws -> Bool {
        try writer.read { db in
            guard let participating = try Bool.fetchOne(db, sql: "SELECT participating FROM teacher WHERE sourcedId = ?", arguments: [teacher]) else {
                throw StoreError.unknownTeacher(teacher)
            }
            return participating
        }
    }

    /// Sets the account's own teacher in or out; the change and its audit entry are one
    /// transaction. Setting what is already set changes nothing and records nothing. Returns
    /// whether anything changed.
    @discardableResult
    package func setOwnParticipation(account: Account, participating: Bool, now: Date = Date()) throws -> Bool {
        guard account.role == .teacher, let teacher = account.teacherId else { throw AccountError.teacherAccountWithoutTeacher }
        return try writer.write { db in
            guard let current = try Bool.fetchOne(db, sql: "SELECT participating FROM teacher WHERE sourcedId = ?", arguments: [teacher]) else {
                throw StoreError.unknownTeacher(teacher)
            }
            guard current != participating else { return false }
            try db.execute(sql: "UPDATE teacher SET participating = ?, participationChoice = ?, participationNote = ? WHERE sourcedId = ?",
                           arguments: [participating, participating, participating ? "" : "opted out on their own page", teacher])
            let school = try String.fetchOne(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = ? ORDER BY isPrimary DESC, schoolId LIMIT 1",
                                             arguments: [teacher])
            try AuditLog.record(db, at: now, actor: .account(account), action: participating ? .optedIn : .optedOut, school: school,
                                details: "teacher \(teacher)")
            return true
        }
    }
}
