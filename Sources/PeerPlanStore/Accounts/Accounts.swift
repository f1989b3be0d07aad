import Foundation
import GRDB
import HummingbirdBcrypt
import PeerPlanCore

/// Web accounts: add, list, remove, reset a password, and check a sign-in (with throttling).
/// Each change is one transaction with its audit entry. Passwords are kept only as bcrypt hashes,
/// computed outside the transaction (a hash takes a quarter of a second at the default cost).
package struct Accounts: Sendable {
    package let store: Store
    package let policy: AccountPolicy

    package init(store: Store, policy: AccountPolicy = .standard) {
        self.store = store
        self.policy = policy
    }

    // MARK: - Administration

    /// Adds an account. A principal needs at least one known school, a teacher account a known
    /// roster teacher that has no account yet; district accounts take neither.
    @discardableResult
    package func add(email: String, role: Account.Role, schools: [String] = [], teacher: String? = nil, password: String,
                    actor: AuditLog.Actor = .commandLine, now: Date = Date()) throws -> Account {
        let email = try Self.normalise(email: email)
        let schools: [String] = schools.map { $0.trimmingCharacters(in: .whitespaces) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        switch role {
        case .district:
            guard schools.isEmpty else { throw AccountError.schoolsNotAllowed(role: role) }
            guard teacher == nil else { throw AccountError.teacherNotAllowed(role: role) }
        case .principal:
            guard !schools.isEmpty else { throw AccountError.principalWithoutSchool }
            guard teacher == nil else { throw AccountError.teacherNotAllowed(role: role) }
        case .teacher:
            guard schools.isEmpty else { throw AccountError.schoolsNotAllowed(role: role) }
            guard teacher != nil else { throw AccountError.teacherAccountWithoutTeacher }
        }
        try check(password: password)
        // Cheap checks first, so a mistyped school does not cost a bcrypt hash.
        try store.writer.read { db in try Self.checkNew(db, email: email, schools: schools, teacher: teacher) }
        let hash = Bcrypt.hash(password, cost: policy.bcryptCost)
        return try store.writer.write { db in
            try Self.checkNew(db, email: email, schools: schools, teacher: teacher)
            let stamp = AccountTime.text(now)
            try db.execute(sql: "INSERT INTO account (email, role, teacherId, passwordHash, createdAt, passwordChangedAt) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [email, role.rawValue, teacher, hash, stamp, stamp])
            let id = db.lastInsertedRowID
            for (position, school) in schools.enumerated() {
                try db.execute(sql: "INSERT INTO accountSchool (accountId, schoolId, position) VALUES (?, ?, ?)", arguments: [id, school, position])
            }
            let account = try Self.load(db, id: id)!
            try AuditLog.record(db, at: now, actor: actor, action: .accountAdded, school: schools.first,
                                details: Self.summary(account))
            return account
        }
    }

    /// Every account, by email. Never a password hash.
    package func list() throws -> [Account] {
        try store.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM account ORDER BY email").compactMap { try Self.load(db, id: $0) }
        }
    }

    /// The account with this email (any case), if there is one.
    package func account(email: String) throws -> Account? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try store.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE email = ?", arguments: [email]).flatMap { try Self.load(db, id: $0) }
        }
    }

    /// Removes an account; its sessions end with it.
    @discardableResult
    package func remove(email: String, actor: AuditLog.Actor = .commandLine, now: Date = Date()) throws -> Account {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try store.writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE email = ?", arguments: [email]),
                  let account = try Self.load(db, id: id) else {
                throw AccountError.unknownAccount(email: email)
            }
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
            try AuditLog.record(db, at: now, actor: actor, action: .accountRemoved, school: account.schools.first?.id,
                                details: Self.summary(account))
            return account
        }
    }

    /// Sets a new password and ends every session of the account (signed out everywhere).
    package func resetPassword(email: String, password: String, actor: AuditLog.Actor = .commandLine, now: Date = Date()) throws {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        try check(password: password)
        guard try account(email: email) != nil else { throw AccountError.unknownAccount(email: email) }
        let hash = Bcrypt.hash(password, cost: policy.bcryptCost)
        try store.writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE email = ?", arguments: [email]) else {
                throw AccountError.unknownAccount(email: email)
            }
            try db.execute(sql: "UPDATE account SET passwordHash = ?, passwordChangedAt = ? WHERE id = ?", arguments: [hash, AccountTime.text(now), id])
            try db.execute(sql: "DELETE FROM webSession WHERE accountId = ?", arguments: [id])
            try AuditLog.record(db, at: now, actor: actor, action: .passwordReset, details: "\(email); every session ended")
        }
    }

    // MARK: - Sign-in

    /// Checks an email and password. Wrong email and wrong password are the same error (and take
    /// the same time: an unknown email is checked against a hash of the same cost). After
    /// `maximumFailedSignIns` failures within `throttleWindow`, attempts are refused — even with
    /// the right password — until the window has passed. Every attempt is recorded.
    package func verify(email: String, password: String, now: Date = Date()) throws -> Account {
        try authenticate(email: email, password: password, now: now) { _, account in account }
    }

    /// `verify`, and on success `then` in the same transaction as the attempt's record (a web
    /// session starts there).
    func authenticate<T>(email typed: String, password: String, now: Date, then: (Database, Account) throws -> T) throws -> T {
        let email = typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // Read: is the email throttled, and which hash does it have?
        let (throttledUntil, stored) = try store.writer.read { db in
            (try throttle(db, email: email, now: now),
             try Row.fetchOne(db, sql: "SELECT id, passwordHash FROM account WHERE email = ?", arguments: [email]))
        }
        if let until = throttledUntil {
            try store.bookkeepingWrite { db in
                try recordThrottled(db, email: email, accountId: stored?[0], now: now)
            }
            throw AccountError.tooManySignInAttempts(until: until)
        }
        // Outside any transaction: bcrypt is slow on purpose.
        let hash: String = stored?[1] ?? DummyHash.shared.hash(cost: policy.bcryptCost)
        let matches = !password.isEmpty && Bcrypt.verify(password, hash: hash) && stored != nil
        let accountId: Int64? = stored?[0]
        return try store.bookkeepingWrite { db in
            // Another attempt may have finished meanwhile.
            if let until = try throttle(db, email: email, now: now) {
                try recordThrottled(db, email: email, accountId: accountId, now: now)
                return Result<T, AccountError>.failure(.tooManySignInAttempts(until: until))
            }
            try db.execute(sql: "DELETE FROM signInAttempt WHERE at < ?", arguments: [AccountTime.text(now.addingTimeInterval(-policy.throttleWindow))])
            try db.execute(sql: "INSERT INTO signInAttempt (email, at, succeeded) VALUES (?, ?, ?)", arguments: [email, AccountTime.text(now), matches])
            guard matches, let accountId, let account = try Self.load(db, id: accountId) else {
                // Only attempts on real accounts are worth an audit line; what was typed is not kept.
                if let accountId {
                    try AuditLog.record(db, at: now, actor: AuditLog.Actor(accountId: accountId, name: email), action: .signInFailed)
                }
                return .failure(.signInRefused)
            }
            return .success(try then(db, account))
        }.get()
    }

    /// When the email may try again, if it is throttled now: failures since its last success
    /// within the window; the oldest of the last `maximumFailedSignIns` leaves the window first.
    func throttle(_ db: Database, email: String, now: Date) throws -> Date? {
        let since = AccountTime.text(now.addingTimeInterval(-policy.throttleWindow))
        let lastSuccess = try String.fetchOne(db, sql: "SELECT MAX(at) FROM signInAttempt WHERE email = ? AND succeeded = 1 AND at > ?",
                                              arguments: [email, since]) ?? since
        let failures = try String.fetchAll(db, sql: """
            SELECT at FROM signInAttempt WHERE email = ? AND succeeded = 0 AND at > ? AND at >= ? ORDER BY at DESC LIMIT ?
            """, arguments: [email, since, lastSuccess, policy.maximumFailedSignIns])
        guard failures.count >= policy.maximumFailedSignIns, let oldest = failures.last.flatMap(AccountTime.parse) else { return nil }
        return oldest.addingTimeInterval(policy.throttleWindow)
    }

    private func recordThrottled(_ db: Database, email: String, accountId: Int64?, now: Date) throws {
        if let accountId {
            try AuditLog.record(db, at: now, actor: AuditLog.Actor(accountId: accountId, name: email), action: .signInThrottled)
        }
    }

    // MARK: - Helpers

    /// Refuses passwords bcrypt cannot hold or that are too short.
    package func check(password: String) throws {
        guard !password.isEmpty else { throw AccountError.emptyPassword }
        guard password.count >= policy.minimumPasswordLength else { throw AccountError.passwordTooShort(minimum: policy.minimumPasswordLength) }
        guard password.utf8.count <= policy.maximumPasswordBytes else { throw AccountError.passwordTooLong(maximumBytes: policy.maximumPasswordBytes) }
    }

    /// Trimmed and lowercased; one `@` with something on each side and no spaces.
    package static func normalise(email: String) throws -> String {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 1, email.count <= 254,
              !email.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw AccountError.invalidEmail(email)
        }
        return email
    }

    static func checkNew(_ db: Database, email: String, schools: [String], teacher: String?) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE email = ?", arguments: [email]) == true {
            throw AccountError.emailTaken(email)
        }
        for school in schools { try PairingStore.requireSchool(db, school) }
        if let teacher {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacher WHERE sourcedId = ?", arguments: [teacher]) == true else {
                throw StoreError.unknownTeacher(teacher)
            }
            if let other = try String.fetchOne(db, sql: "SELECT email FROM account WHERE teacherId = ?", arguments: [teacher]) {
                throw AccountError.teacherHasAccount(teacher: teacher, email: other)
            }
        }
    }

    /// An account with its schools and teacher's name; nil when there is none.
    static func load(_ db: Database, id: Int64) throws -> Account? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT a.id, a.email, a.role, a.teacherId, a.createdAt, t.givenName, t.preferredGivenName, t.familyName
            FROM account a LEFT JOIN teacher t ON t.sourcedId = a.teacherId WHERE a.id = ?
            """, arguments: [id]), let role = Account.Role(rawValue: row[2]) else { return nil }
        let schools = try Row.fetchAll(db, sql: """
            SELECT s.sourcedId, s.name FROM accountSchool x JOIN school s ON s.sourcedId = x.schoolId
            WHERE x.accountId = ? ORDER BY x.position
            """, arguments: [id]).map { Account.School(id: $0[0], name: $0[1]) }
        let hasTeacher = (row[5] as String?) != nil
        return Account(id: row[0], email: row[1], role: role, schools: schools, teacherId: row[3],
                       teacherName: hasTeacher ? teacherDisplayName(row, given: 5, preferred: 6, family: 7) : nil,
                       createdAt: AccountTime.parse(row[4]) ?? .distantPast)
    }

    /// What an audit line says about an account (never its password).
    static func summary(_ account: Account) -> String {
        var text = "\(account.email), \(account.role.rawValue)"
        if !account.schools.isEmpty { text += ", schools \(account.schools.map(\.id).joined(separator: ", "))" }
        if let teacher = account.teacherId { text += ", teacher \(teacher)" }
        return text
    }
}

/// A bcrypt hash of a password nobody has, per cost: an unknown email is checked against it so
/// that it takes as long as a wrong password.
final class DummyHash: @unchecked Sendable {
    static let shared = DummyHash()
    private let lock = NSLock()
    private var hashes: [UInt8: String] = [:]

    func hash(cost: UInt8) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let hash = hashes[cost] { return hash }
        let hash = Bcrypt.hash("not a password \(UInt64.random(in: .min ... .max))", cost: cost)
        hashes[cost] = hash
        return hash
    }
}
