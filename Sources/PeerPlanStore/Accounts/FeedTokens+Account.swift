import Foundation
import GRDB

extension FeedTokens {
    /// A signed-in teacher's own calendar link: the active one if there is one, else a new one.
    /// Issuing and its audit entry are one transaction. `isNew` says whether one was issued.
    package func ownLink(for account: Account, now: Date = Date()) throws -> (token: FeedToken, isNew: Bool) {
        guard account.role == .teacher, let teacher = account.teacherId else { throw AccountError.teacherAccountWithoutTeacher }
        return try store.writer.write { db in
            if let row = try Row.fetchOne(db, sql: """
                SELECT token, schoolId, createdAt FROM feedToken WHERE scope = 'teacher' AND subject = ? AND revokedAt IS NULL ORDER BY createdAt, token LIMIT 1
                """, arguments: [teacher]) {
                return (FeedToken(token: row[0], audience: .teacher(teacher), schoolId: row[1],
                                  createdAt: AccountTime.parse(row[2]) ?? .distantPast, revokedAt: nil), false)
            }
            guard let school = try String.fetchOne(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = ? ORDER BY isPrimary DESC, schoolId LIMIT 1",
                                                   arguments: [teacher]) else {
                throw StoreError.unknownTeacher(teacher)
            }
            let created = AccountTime.wholeSeconds(now)
            let token = FeedToken(token: FeedTokens.newSecret(), audience: .teacher(teacher), schoolId: school, createdAt: created, revokedAt: nil)
            try db.execute(sql: "INSERT INTO feedToken (token, scope, subject, schoolId, createdAt, revokedAt) VALUES (?, 'teacher', ?, ?, ?, NULL)",
                           arguments: [token.token, teacher, school, AccountTime.text(created)])
            try AuditLog.record(db, at: now, actor: .account(account), action: .feedLinkIssued, school: school,
                                details: "teacher \(teacher), link \(token.shortToken)")
            return (token, true)
        }
    }
}
