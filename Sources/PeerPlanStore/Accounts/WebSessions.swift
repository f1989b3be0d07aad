import Foundation
import GRDB
import PeerPlanCore

/// A signed-in web session, as the server sees it on each request.
package struct WebSession: Sendable, Equatable {
    /// SHA-256 (hex) of the session id: what the store keeps instead of the id.
    package var idHash: String
    package var account: Account
    /// The token every form of this session carries (hidden field `csrf`); a state-changing
    /// request without it changes nothing.
    package var csrfToken: String
    package var createdAt: Date
    package var lastSeenAt: Date
    /// When the session ends if nothing happens: idle timeout from the last request, capped by
    /// the absolute timeout from sign-in.
    package var expiresAt: Date
}

/// A session just started: the secret id goes into the cookie and nowhere else.
package struct StartedSession: Sendable {
    /// 256 random bits from the system's cryptographic generator, as 64 hex digits. Never stored.
    package var id: String
    package var session: WebSession
}

/// Server-side web sessions in the store: they survive a restart, expire (idle and absolute),
/// and a copy of the database opens none (only a SHA-256 of each id is kept).
package struct WebSessions: Sendable {
    package let store: Store
    package let policy: AccountPolicy

    package init(store: Store, policy: AccountPolicy = .standard) {
        self.store = store
        self.policy = policy
    }

    /// Random bytes per session id and CSRF token.
    package static let secretBytes = 32

    /// Checks the email and password (see `Accounts.verify`: same error for a wrong email or
    /// password, throttling) and starts a session; the attempt, the session and the audit entry
    /// are one transaction.
    package func signIn(email: String, password: String, now: Date = Date()) throws -> StartedSession {
        let id = Self.newSecret()
        let csrf = Self.newSecret()
        let accounts = Accounts(store: store, policy: policy)
        return try accounts.authenticate(email: email, password: password, now: now) { db, account in
            // Abandoned sessions go here rather than waiting for a request that never comes.
            _ = try purgeExpired(db, now: now)
            let stamp = AccountTime.text(now)
            try db.execute(sql: "INSERT INTO webSession (idHash, accountId, csrfToken, createdAt, lastSeenAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.hash(id), account.id, csrf, stamp, stamp])
            try AuditLog.record(db, at: now, actor: .account(account), action: .signedIn, school: account.schools.first?.id)
            let started = AccountTime.wholeSeconds(now)
            return StartedSession(id: id, session: WebSession(idHash: Self.hash(id), account: account, csrfToken: csrf, createdAt: started,
                                                              lastSeenAt: started, expiresAt: expiry(created: started, lastSeen: started)))
        }
    }

    /// The live session with this id, its last-seen time brought up to date; nil for an unknown,
    /// malformed or expired id (an expired session is deleted).
    package func session(id: String, now: Date = Date()) throws -> WebSession? {
        guard Self.isWellFormed(id) else { return nil }
        let idHash = Self.hash(id)
        guard let (row, account) = try store.writer.read({ db -> (Row, Account)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT accountId, csrfToken, createdAt, lastSeenAt FROM webSession WHERE idHash = ?", arguments: [idHash]),
                  let account = try Accounts.load(db, id: row[0]) else { return nil }
            return (row, account)
        }) else { return nil }
        let created = AccountTime.parse(row[2]) ?? .distantPast
        var lastSeen = AccountTime.parse(row[3]) ?? .distantPast
        guard now < expiry(created: created, lastSeen: lastSeen) else {
            try store.bookkeepingWrite { db in try db.execute(sql: "DELETE FROM webSession WHERE idHash = ?", arguments: [idHash]) }
            return nil
        }
        if now.timeIntervalSince(lastSeen) >= policy.sessionTouchInterval {
            lastSeen = AccountTime.wholeSeconds(now)
            try store.bookkeepingWrite { db in
                try db.execute(sql: "UPDATE webSession SET lastSeenAt = ? WHERE idHash = ?", arguments: [AccountTime.text(lastSeen), idHash])
            }
        }
        return WebSession(idHash: idHash, account: account, csrfToken: row[1], createdAt: created, lastSeenAt: lastSeen,
                          expiresAt: expiry(created: created, lastSeen: lastSeen))
    }

    /// Ends a session (sign-out), with its audit entry, in one transaction.
    package func signOut(_ session: WebSession, now: Date = Date()) throws {
        try store.bookkeepingWrite { db in
            try db.execute(sql: "DELETE FROM webSession WHERE idHash = ?", arguments: [session.idHash])
            if db.changesCount > 0 {
                try AuditLog.record(db, at: now, actor: .account(session.account), action: .signedOut)
            }
        }
    }

    /// Deletes every expired session; returns how many.
    @discardableResult
    package func purgeExpired(now: Date = Date()) throws -> Int {
        try store.bookkeepingWrite { db in try purgeExpired(db, now: now) }
    }

    private func purgeExpired(_ db: Database, now: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM webSession WHERE lastSeenAt <= ? OR createdAt <= ?",
                       arguments: [AccountTime.text(now.addingTimeInterval(-policy.sessionIdleTimeout)),
                                   AccountTime.text(now.addingTimeInterval(-policy.sessionAbsoluteTimeout))])
        return db.changesCount
    }

    /// How many live sessions an account has (for tests and `users list`).
    package func count(accountId: Int64) throws -> Int {
        try store.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webSession WHERE accountId = ?", arguments: [accountId]) ?? 0
        }
    }

    func expiry(created: Date, lastSeen: Date) -> Date {
        min(lastSeen.addingTimeInterval(policy.sessionIdleTimeout), created.addingTimeInterval(policy.sessionAbsoluteTimeout))
    }

    // MARK: - Secrets

    /// `secretBytes` from the system's cryptographic generator, as lowercase hex.
    package static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(secretBytes * 2)
        for _ in 0..<secretBytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 15)])
        }
        return text
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// Whether `text` could be a session id at all, so junk never reaches the database.
    package static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == secretBytes * 2 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// What the store keeps of a session id.
    package static func hash(_ id: String) -> String { SHA256.hex(id) }
}
