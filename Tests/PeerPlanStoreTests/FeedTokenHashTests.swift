import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Feed tokens at rest: only a SHA-256 and a short prefix are stored, and links issued before
/// hashing keep working after the migration.
@Suite struct FeedTokenHashTests {
    @Test func theStoreKeepsOnlyAHashAndAPrefix() throws {
        let dir = try TempDir()
        let path = dir.path("store.sqlite").path
        let store = try importFixture(db: path, config: try loadTestConfig())
        let tokens = FeedTokens(store: store)
        let issued = try tokens.issue(for: .teacher("t-mid-09"))
        #expect(issued.stored.tokenHash == SHA256.hex(issued.token))
        #expect(issued.stored.prefix == String(issued.token.prefix(8)))
        let rows = try store.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM feedToken") }
        #expect(rows.count == 1)
        #expect(rows.allSatisfy { row in row.databaseValues.allSatisfy { "\($0)".contains(issued.token) == false } })
        // Nor anywhere in the file: the secret is not in the database's bytes (WAL included).
        try store.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(bytes.range(of: Data(issued.token.utf8)) == nil, "\(file) holds the secret token")
        }
        #expect(try tokens.lookup(issued.token)?.audience == .teacher("t-mid-09"))
        #expect(try tokens.list().map(\.shortToken) == [issued.shortToken])
    }

    @Test func tokensIssuedBeforeHashingKeepWorkingAfterTheMigration() throws {
        let dir = try TempDir()
        let path = dir.path("old.sqlite").path
        // A store as the release before hashing left it: the token in plain text.
        let plain = "abcdefghijklmnopqrstuvwxyz234567"
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v10-web-accounts")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO feedToken (token, scope, subject, schoolId, createdAt, revokedAt) VALUES (?, 'school', 'sch-a', 'sch-a', '2026-09-01T12:00:00Z', NULL)",
                               arguments: [plain])
                try db.execute(sql: "INSERT INTO feedToken (token, scope, subject, schoolId, createdAt, revokedAt) VALUES ('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', 'teacher', 't-1', 'sch-a', '2026-09-01T12:00:00Z', '2026-09-02T12:00:00Z')")
            }
        }
        let store = try Store(path: path)  // runs the remaining migrations
        let tokens = FeedTokens(store: store)
        #expect(try tokens.lookup(plain)?.audience == .school("sch-a"))
        #expect(try tokens.lookup("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz") == nil)  // still revoked
        #expect(try tokens.list().map(\.shortToken) == ["abcdefgh…", "zzzzzzzz…"])
        let stored = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT tokenHash || prefix FROM feedToken") }
        #expect(!stored.joined().contains(plain))
        #expect(try tokens.revoke(token: "abcdefgh").audience == .school("sch-a"))
        #expect(try tokens.lookup(plain) == nil)
    }
}
