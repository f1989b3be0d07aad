import Foundation
import GRDB
import PeerPlanCore

extension FeedTokens {
    /// Issues a feed link for one school's page: a teacher of `school`, the school itself, or one
    /// of its PLC teams. Issuing and its audit entry are one transaction; a subject of another
    /// school is not found (`StoreError.teacherNotAtSchool`, `.unknownPLCTeam`).
    package func issue(for audience: CalendarAudience, school: String, actor: AuditLog.Actor, now: Date) throws -> IssuedFeedToken {
        let now = Self.wholeSeconds(now)
        return try store.writer.write { db in
            try Self.require(db, audience, in: school)
            let issued = Self.make(audience, school: school, now: now)
            try Self.insert(db, issued.stored)
            try AuditLog.record(db, at: now, actor: actor, action: .feedLinkIssued, school: school,
                                details: "\(audience.kind.rawValue) \(audience.subject), link \(issued.shortToken)")
            return issued
        }
    }

    /// Revokes one active link of `school`, given by its first `shortLength` characters or more
    /// (as pages show it), with its audit entry, in one transaction.
    @discardableResult
    package func revoke(token: String, school: String, actor: AuditLog.Actor, now: Date) throws -> FeedToken {
        let given = (token.hasSuffix("…") ? String(token.dropLast()) : token).lowercased()
        let now = Self.wholeSeconds(now)
        return try store.writer.write { db in
            guard given.count >= Self.shortLength, given.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw FeedTokenError.tooShort(minimum: Self.shortLength)
            }
            let matches = try Self.matching(db, given, school: school)
            guard var match = matches.first else { throw FeedTokenError.noActiveToken(startingWith: Self.shorten(given)) }
            guard matches.count == 1 else { throw FeedTokenError.ambiguous(startingWith: Self.shorten(given)) }
            try db.execute(sql: "UPDATE feedToken SET revokedAt = ? WHERE tokenHash = ?", arguments: [Self.timestamp(now), match.tokenHash])
            try AuditLog.record(db, at: now, actor: actor, action: .feedLinkRevoked, school: school,
                                details: "\(match.audience.kind.rawValue) \(match.audience.subject), link \(match.shortToken)")
            match.revokedAt = now
            return match
        }
    }

    /// Fails unless the audience belongs to `school`.
    static func require(_ db: Database, _ audience: CalendarAudience, in school: String) throws {
        try PairingStore.requireSchool(db, school)
        switch audience {
        case .teacher(let teacher):
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [teacher, school]) == true else {
                throw StoreError.teacherNotAtSchool(teacher: teacher, school: school)
            }
        case .school(let id):
            guard id == school else { throw StoreError.unknownSchool(id, known: []) }
        case .plc(let id):
            guard try String.fetchOne(db, sql: "SELECT schoolId FROM plc WHERE id = ?", arguments: [id]) == school else {
                throw StoreError.unknownPLCTeam(id)
            }
        }
    }
}
