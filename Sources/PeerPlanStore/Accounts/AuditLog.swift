import Foundation
import GRDB

/// One change recorded in the audit table: who, when, what, at which school, and details in
/// plain words. Details never hold a password, a session id, a rating or a score.
package struct AuditEntry: Sendable, Equatable, Codable {
    package var id: Int64
    package var at: Date
    /// The account that made the change (nil for the command line, or once the account is gone).
    package var accountId: Int64?
    /// Who, as a person reads it: the account's email, or `command line`.
    package var actor: String
    /// What happened, a short stable phrase (`signed in`, `issued feed link`, …): see `AuditLog.Action`.
    package var action: String
    package var schoolId: String?
    package var details: String
}

/// The audit table. Changes call `record` inside their own transaction, so a change and its
/// entry are written together or not at all.
package struct AuditLog: Sendable {
    package let store: Store

    package init(store: Store) { self.store = store }

    /// Who made a change.
    package struct Actor: Sendable, Equatable {
        package var accountId: Int64?
        package var name: String

        package init(accountId: Int64?, name: String) {
            self.accountId = accountId
            self.name = name
        }

        /// A signed-in account.
        package static func account(_ account: Account) -> Actor { Actor(accountId: account.id, name: account.email) }
        /// An administrator at the command line.
        package static let commandLine = Actor(accountId: nil, name: "command line")
    }

    /// The actions recorded so far (stable words: tests and later reports match on them).
    package enum Action: String, Sendable, CaseIterable {
        case signedIn = "signed in"
        case signInFailed = "sign-in failed"
        case signInThrottled = "sign-in refused: too many attempts"
        case signedOut = "signed out"
        case accountAdded = "account added"
        case accountRemoved = "account removed"
        case passwordReset = "password reset"
        case feedLinkIssued = "issued feed link"
        case pairsProposed = "proposed pairs"
        case pairsAccepted = "accepted pairs"
        case pairDecided = "decided on a pair"
        case pairDropped = "dropped a pair"
        case participationChanged = "changed participation"
        case plcsProposed = "proposed PLC teams"
        case plcMembersChanged = "changed PLC members"
        case optedIn = "opted in to peer collaboration"
        case optedOut = "opted out of peer collaboration"
        case districtImported = "imported district files"
        case weekPlaced = "placed the week"
        case weekChangesApplied = "applied week changes"
        case feedLinkRevoked = "revoked feed link"
        case calendarsPublished = "published calendars"
    }

    /// Records one entry in the caller's transaction.
    package static func record(_ db: Database, at: Date, actor: Actor, action: Action, school: String? = nil, details: String = "") throws {
        try db.execute(sql: "INSERT INTO auditEntry (at, accountId, actor, action, schoolId, details) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [AccountTime.text(at), actor.accountId, actor.name, action.rawValue, school, details])
    }

    /// The latest entries, newest first (of one school when given; `limit` at most).
    package func list(school: String? = nil, limit: Int = 200) throws -> [AuditEntry] {
        try store.writer.read { db in
            var sql = "SELECT id, at, accountId, actor, action, schoolId, details FROM auditEntry"
            var arguments: StatementArguments = []
            if let school { sql += " WHERE schoolId = ?"; arguments += [school] }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(id: row[0], at: AccountTime.parse(row[1]) ?? .distantPast, accountId: row[2], actor: row[3],
                           action: row[4], schoolId: row[5], details: row[6])
            }
        }
    }
}

/// Timestamps of the account tables: ISO 8601 in UTC with whole seconds, so they sort as text.
enum AccountTime {
    static func text(_ date: Date) -> String { wholeSeconds(date).formatted(.iso8601) }
    static func parse(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
}
