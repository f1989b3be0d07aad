import Foundation
import GRDB

extension FeedTokens {
    /// A new link for a signed-in teacher's own calendar. The store keeps only hashes, so a link
    /// cannot be shown twice: a teacher who asks again gets a new link, and the earlier ones stop
    /// working (a teacher has one link to keep track of). Issuing, revoking and the audit entry
    /// are one transaction.
    package func newOwnLink(for account: Account, now: Date = Date()) throws -> (issued: IssuedFeedToken, replaced: Int) {
        guard account.role == .teacher, let teacher = account.teacherId else { throw AccountError.teacherAccountWithoutTeacher }
        let created = AccountTime.wholeSeconds(now)
        return try store.writer.write { db in
            guard let school = try String.fetchOne(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = ? ORDER BY isPrimary DESC, schoolId LIMIT 1",
                                                   arguments: [teacher]) else {
                throw StoreError.unknownTeacher(teacher)
            }
            let replaced = try String.fetchAll(db, sql: "SELECT prefix FROM feedToken WHERE scope = 'teacher' AND subject = ? AND revokedAt IS NULL ORDER BY createdAt, prefix",
                                               arguments: [teacher])
            try db.execute(sql: "UPDATE feedToken SET revokedAt = ? WHERE scope = 'teacher' AND subject = ? AND revokedAt IS NULL",
                           arguments: [Self.timestamp(created), teacher])
            let issued = Self.make(.teacher(teacher), school: school, now: created)
            try Self.insert(db, issued.stored)
            var details = "teacher \(teacher), link \(issued.shortToken)"
            if !replaced.isEmpty { details += "; replaces " + replaced.map { $0 + "…" }.joined(separator: ", ") }
            try AuditLog.record(db, at: now, actor: .account(account), action: .feedLinkIssued, school: school, details: details)
            return (issued, replaced.count)
        }
    }
}
