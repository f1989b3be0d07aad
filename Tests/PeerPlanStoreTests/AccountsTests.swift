import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Accounts, sign-in throttling, web sessions and the audit table, on the Fixtures district.
@Suite struct AccountsTests {
    let tmp: TempDir
    let dbPath: String
    let store: Store
    let policy = AccountPolicy(bcryptCost: 4)
    let accounts: Accounts
    let sessions: WebSessions
    /// A fixed "now" so windows and expiry are exact.
    let t0 = Date(timeIntervalSince1970: 1_789_000_000)

    init() throws {
        tmp = try TempDir()
        dbPath = tmp.path("accounts.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: dbPath, config: try loadTestConfig())
        store = try Store(path: dbPath)
        accounts = Accounts(store: store, policy: policy)
        sessions = WebSessions(store: store, policy: policy)
    }

    static let password = "correct horse battery"

    @Test func addsEachRoleWithItsBindings() throws {
        let principal = try accounts.add(email: "  Pat.Principal@Riverbend.example ", role: .principal, schools: ["sch-mid", "sch-elm"], password: Self.password)
        #expect(principal.email == "pat.principal@riverbend.example")
        #expect(principal.schools == [.init(id: "sch-mid", name: "Cedar Middle"), .init(id: "sch-elm", name: "Maple Elementary")])
        let teacher = try accounts.add(email: "keisha@riverbend.example", role: .teacher, teacher: "t-mid-02", password: Self.password)
        #expect(teacher.teacherId == "t-mid-02")
        #expect(teacher.teacherName == "Keisha Williams")
        #expect(teacher.schools.isEmpty)
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        #expect(try accounts.list().map(\.email) == ["dana@riverbend.example", "keisha@riverbend.example", "pat.principal@riverbend.example"])
        #expect(principal.holds(school: "sch-mid") && !principal.holds(school: "sch-high"))
        #expect(!teacher.holds(school: "sch-mid"))
    }

    @Test func refusesAccountsThatBreakTheRules() throws {
        func refusal(_ add: () throws -> Void) -> Error? {
            do { try add(); return nil } catch { return error }
        }
        #expect(refusal { try accounts.add(email: "p@x.example", role: .principal, password: Self.password) } as? AccountError == .principalWithoutSchool)
        #expect(refusal { try accounts.add(email: "p@x.example", role: .principal, schools: ["sch-nowhere"], password: Self.password) } as? StoreError
                == .unknownSchool("sch-nowhere", known: ["sch-elm", "sch-high", "sch-mid"]))
        #expect(refusal { try accounts.add(email: "t@x.example", role: .teacher, password: Self.password) } as? AccountError == .teacherAccountWithoutTeacher)
        #expect(refusal { try accounts.add(email: "t@x.example", role: .teacher, teacher: "t-nobody", password: Self.password) } as? StoreError == .unknownTeacher("t-nobody"))
        #expect(refusal { try accounts.add(email: "d@x.example", role: .district, schools: ["sch-mid"], password: Self.password) } as? AccountError
                == .schoolsNotAllowed(role: .district))
        #expect(refusal { try accounts.add(email: "d@x.example", role: .district, teacher: "t-mid-02", password: Self.password) } as? AccountError
                == .teacherNotAllowed(role: .district))
        #expect(refusal { try accounts.add(email: "no-at-sign", role: .district, password: Self.password) } as? AccountError == .invalidEmail("no-at-sign"))
        #expect(refusal { try accounts.add(email: "d@x.example", role: .district, password: "") } as? AccountError == .emptyPassword)
        #expect(refusal { try accounts.add(email: "d@x.example", role: .district, password: "short pass") } as? AccountError == .passwordTooShort(minimum: 12))
        #expect(refusal { try accounts.add(email: "d@x.example", role: .district, password: String(repeating: "é", count: 40)) } as? AccountError
                == .passwordTooLong(maximumBytes: 72))
        try accounts.add(email: "keisha@riverbend.example", role: .teacher, teacher: "t-mid-02", password: Self.password)
        #expect(refusal { try accounts.add(email: "KEISHA@riverbend.example", role: .district, password: Self.password) } as? AccountError
                == .emailTaken("keisha@riverbend.example"))
        #expect(refusal { try accounts.add(email: "kw@riverbend.example", role: .teacher, teacher: "t-mid-02", password: Self.password) } as? AccountError
                == .teacherHasAccount(teacher: "t-mid-02", email: "keisha@riverbend.example"))
        // Nothing refused was written.
        #expect(try accounts.list().map(\.email) == ["keisha@riverbend.example"])
    }

    @Test func passwordsAreStoredOnlyAsBcryptHashes() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        let hash = try #require(try store.writer.read { try String.fetchOne($0, sql: "SELECT passwordHash FROM account") })
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60)
        #expect(!hash.contains(Self.password))
        #expect(try accounts.verify(email: "Dana@Riverbend.example", password: Self.password, now: t0).email == "dana@riverbend.example")
    }

    @Test func wrongPasswordAndUnknownEmailAreTheSameRefusal() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        #expect(throws: AccountError.signInRefused) { try accounts.verify(email: "dana@riverbend.example", password: "wrong password!", now: t0) }
        #expect(throws: AccountError.signInRefused) { try accounts.verify(email: "nobody@riverbend.example", password: Self.password, now: t0) }
        #expect(throws: AccountError.signInRefused) { try accounts.verify(email: "dana@riverbend.example", password: "", now: t0) }
    }

    @Test func fiveFailuresIn15MinutesLockTheEmailUntilTheWindowPasses() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        for minute in 0..<5 {
            #expect(throws: AccountError.signInRefused) {
                try accounts.verify(email: "dana@riverbend.example", password: "wrong password \(minute)", now: t0.addingTimeInterval(Double(minute) * 60))
            }
        }
        // The sixth attempt is refused even with the right password, until the first failure leaves the window.
        let until = t0.addingTimeInterval(15 * 60)
        #expect(throws: AccountError.tooManySignInAttempts(until: until)) {
            try accounts.verify(email: "DANA@riverbend.example", password: Self.password, now: t0.addingTimeInterval(6 * 60))
        }
        #expect(throws: AccountError.tooManySignInAttempts(until: until)) {
            try accounts.verify(email: "dana@riverbend.example", password: Self.password, now: until.addingTimeInterval(-1))
        }
        // Refused attempts do not extend the lock.
        #expect(try accounts.verify(email: "dana@riverbend.example", password: Self.password, now: until).email == "dana@riverbend.example")
        // An unknown email is throttled the same way (nothing tells the two apart).
        for minute in 0..<5 {
            _ = try? accounts.verify(email: "ghost@riverbend.example", password: "guess number \(minute)", now: t0.addingTimeInterval(Double(minute)))
        }
        #expect(throws: AccountError.tooManySignInAttempts(until: t0.addingTimeInterval(15 * 60))) {
            try accounts.verify(email: "ghost@riverbend.example", password: "guess number 6", now: t0.addingTimeInterval(10))
        }
    }

    @Test func aSuccessClearsEarlierFailures() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        for second in 0..<4 {
            _ = try? accounts.verify(email: "dana@riverbend.example", password: "wrong password!", now: t0.addingTimeInterval(Double(second)))
        }
        _ = try accounts.verify(email: "dana@riverbend.example", password: Self.password, now: t0.addingTimeInterval(10))
        for second in 11..<15 {
            _ = try? accounts.verify(email: "dana@riverbend.example", password: "wrong password!", now: t0.addingTimeInterval(Double(second)))
        }
        // 8 failures in the window, but only 4 since the success.
        #expect(try accounts.verify(email: "dana@riverbend.example", password: Self.password, now: t0.addingTimeInterval(20)).role == .district)
    }

    @Test func sessionIdsAreKeptOnlyAsHashes() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        let started = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0)
        #expect(WebSessions.isWellFormed(started.id))
        #expect(started.id.count == 64)  // 256 bits
        #expect(started.session.idHash == SHA256.hex(started.id))
        let stored = try store.writer.read { try String.fetchAll($0, sql: "SELECT idHash || ' ' || csrfToken || ' ' || createdAt FROM webSession") }
        #expect(stored.count == 1)
        #expect(!stored[0].contains(started.id))
        // Not anywhere in the file either (database, WAL).
        _ = try store.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        for file in [dbPath, dbPath + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(started.id.utf8)) == nil)
        }
        // Two sign-ins never share an id or a CSRF token.
        let second = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0)
        #expect(second.id != started.id && second.session.csrfToken != started.session.csrfToken)
    }

    @Test func sessionsSurviveARestartAndExpire() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        let started = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0)
        // A new Store on the same file (a restarted server) knows the session.
        let reopened = WebSessions(store: try Store(path: dbPath), policy: policy)
        let found = try #require(try reopened.session(id: started.id, now: t0.addingTimeInterval(60)))
        #expect(found.account.email == "dana@riverbend.example")
        #expect(found.csrfToken == started.session.csrfToken)
        #expect(found.expiresAt == t0.addingTimeInterval(60 + 30 * 60))
        // Idle: 30 minutes without a request end it, and the row goes.
        #expect(try sessions.session(id: started.id, now: t0.addingTimeInterval(60 + 30 * 60)) == nil)
        #expect(try sessions.count(accountId: found.account.id) == 0)
        #expect(try sessions.session(id: "0" + started.id.dropFirst(), now: t0) == nil)
        #expect(try sessions.session(id: "not-a-session", now: t0) == nil)
    }

    @Test func abandonedSessionsAreDeletedAtTheNextSignIn() throws {
        let dana = try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        _ = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0)
        _ = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0 + 20 * 60)
        #expect(try sessions.count(accountId: dana.id) == 2)
        // 40 minutes on, the first has been idle for 40 minutes, the second for 20.
        _ = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0 + 40 * 60)
        #expect(try sessions.count(accountId: dana.id) == 2)
        #expect(try sessions.purgeExpired(now: t0 + 60 * 60) == 1)  // the second: idle 40 minutes; the third: 20
        #expect(try sessions.count(accountId: dana.id) == 1)
    }

    @Test func anActiveSessionStillEndsAfter12Hours() throws {
        try accounts.add(email: "dana@riverbend.example", role: .district, password: Self.password)
        let started = try sessions.signIn(email: "dana@riverbend.example", password: Self.password, now: t0)
        var now = t0
        while now + 20 * 60 < t0.addingTimeInterval(12 * 3600) {
            now += 20 * 60
            #expect(try sessions.session(id: started.id, now: now) != nil)
        }
        #expect(try sessions.session(id: started.id, now: t0.addingTimeInterval(12 * 3600)) == nil)
    }

    @Test func resetAndRemoveEndSessionsAndEverythingIsAudited() throws {
        try accounts.add(email: "keisha@riverbend.example", role: .teacher, teacher: "t-mid-02", password: Self.password, now: t0)
        let first = try sessions.signIn(email: "keisha@riverbend.example", password: Self.password, now: t0)
        try sessions.signOut(first.session, now: t0 + 1)
        #expect(try sessions.session(id: first.id, now: t0 + 2) == nil)
        let second = try sessions.signIn(email: "keisha@riverbend.example", password: Self.password, now: t0 + 3)
        try accounts.resetPassword(email: "Keisha@riverbend.example", password: "a new long passphrase", now: t0 + 4)
        #expect(try sessions.session(id: second.id, now: t0 + 5) == nil)
        #expect(throws: AccountError.signInRefused) { try accounts.verify(email: "keisha@riverbend.example", password: Self.password, now: t0 + 6) }
        let third = try sessions.signIn(email: "keisha@riverbend.example", password: "a new long passphrase", now: t0 + 7)
        try accounts.remove(email: "keisha@riverbend.example", now: t0 + 8)
        #expect(try sessions.session(id: third.id, now: t0 + 9) == nil)
        #expect(throws: AccountError.unknownAccount(email: "keisha@riverbend.example")) { try accounts.remove(email: "keisha@riverbend.example") }
        let log = try AuditLog(store: store).list().reversed().map { "\($0.actor): \($0.action)" }
        #expect(log == [
            "command line: account added",
            "keisha@riverbend.example: signed in",
            "keisha@riverbend.example: signed out",
            "keisha@riverbend.example: signed in",
            "command line: password reset",
            "keisha@riverbend.example: sign-in failed",
            "keisha@riverbend.example: signed in",
            "command line: account removed",
        ])
        // No audit line holds a password.
        let details = try AuditLog(store: store).list().map(\.details).joined()
        #expect(!details.contains(Self.password) && !details.contains("passphrase"))
    }

    @Test func aTeachersNewFeedLinkReplacesTheOldOneAndIsAudited() throws {
        let keisha = try accounts.add(email: "keisha@riverbend.example", role: .teacher, teacher: "t-mid-02", password: Self.password)
        let tokens = FeedTokens(store: store)
        let (first, replacedNone) = try tokens.newOwnLink(for: keisha, now: t0)
        #expect(replacedNone == 0 && first.audience == .teacher("t-mid-02") && first.schoolId == "sch-mid")
        #expect(try tokens.lookup(first.token)?.audience == .teacher("t-mid-02"))
        // The store cannot show the link again, so asking again makes a new one and ends the old.
        let (second, replaced) = try tokens.newOwnLink(for: keisha, now: t0 + 60)
        #expect(replaced == 1 && second.token != first.token)
        #expect(try tokens.lookup(first.token) == nil)
        #expect(try tokens.lookup(second.token) == second.stored)
        let issued = try AuditLog(store: store).list(school: "sch-mid").filter { $0.action == AuditLog.Action.feedLinkIssued.rawValue }
        #expect(issued.count == 2)
        #expect(issued.first?.actor == "keisha@riverbend.example")
        #expect(issued.allSatisfy { !$0.details.contains(first.token) && !$0.details.contains(second.token) })
        #expect(issued.contains { $0.details.contains("replaces \(first.shortToken)") })
    }
}
