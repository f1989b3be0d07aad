import Foundation
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
import Testing

@Suite struct FeedTokenTests {
    @Test func issuedTokensAreLongRandomAndURLSafe() throws {
        let dir = try TempDir()
        let tokens = FeedTokens(store: try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig()))
        let a = try tokens.issue(for: .teacher("t-mid-09"))
        let b = try tokens.issue(for: .teacher("t-mid-09"))
        #expect(a.token != b.token)
        for t in [a.token, b.token] {
            #expect(t.count == 32)  // 160 bits of base32
            #expect(t.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
            #expect(FeedTokens.isWellFormed(t))
        }
        #expect(a.schoolId == "sch-mid")
        #expect(a.shortToken == String(a.token.prefix(8)) + "…")
        // 1,000 fresh secrets, no repeats, and every alphabet letter turns up in the first position.
        let many = (0..<1000).map { _ in FeedTokens.newSecret() }
        #expect(Set(many).count == 1000)
        #expect(Set(many.map(\.first)).count == 32)
    }

    @Test func base32MatchesRFC4648() {
        // RFC 4648 §10 test vectors, lowercased, without padding.
        #expect(FeedTokens.base32(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(FeedTokens.base32(Array("f".utf8)) == "my")
        #expect(FeedTokens.base32(Array("fooba".utf8)) == "mzxw6ytb")
    }

    @Test func lookupFindsActiveTokensOnly() throws {
        let dir = try TempDir()
        let tokens = FeedTokens(store: try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig()))
        let issued = try tokens.issue(for: .school("sch-high"))
        #expect(try tokens.lookup(issued.token) == issued.stored)
        #expect(try tokens.lookup(FeedTokens.newSecret()) == nil)
        #expect(try tokens.lookup("") == nil)
        #expect(try tokens.lookup(issued.token.uppercased()) == nil)
        #expect(try tokens.lookup(String(issued.token.prefix(8))) == nil)  // a prefix never opens a feed
        let revoked = try tokens.revoke(token: issued.token)
        #expect(revoked.tokenHash == issued.stored.tokenHash && revoked.isRevoked)
        #expect(try tokens.lookup(issued.token) == nil)
    }

    @Test func issuingChecksTheSubject() throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig())
        let tokens = FeedTokens(store: store)
        #expect(throws: FeedTokenError.unknownTeacher("t-nobody")) { try tokens.issue(for: .teacher("t-nobody")) }
        #expect(throws: StoreError.self) { try tokens.issue(for: .school("sch-nowhere")) }
        #expect(throws: FeedTokenError.unknownPLC(999)) { try tokens.issue(for: .plc(999)) }
        #expect(CalendarAudience(kind: .plc, subject: "math") == nil)  // a PLC team is named by its number
        do {
            _ = try tokens.issue(for: .teacher("t-nobody"))
        } catch let error as FeedTokenError {
            #expect(error.description.contains("unknown teacher \"t-nobody\""))
        }
        #expect(try tokens.list().isEmpty)  // nothing was written by the failures

        _ = try PLCStore(store: store).propose(school: "sch-mid")
        let team = try #require(try PLCStore(store: store).teams(school: "sch-mid").first)
        let plc = try tokens.issue(for: .plc(team.id))
        #expect(plc.schoolId == "sch-mid")
        #expect(try tokens.lookup(plc.token)?.audience == .plc(team.id))
    }

    @Test func revokeByPrefixAndBySubject() throws {
        let dir = try TempDir()
        let tokens = FeedTokens(store: try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig()))
        let a = try tokens.issue(for: .teacher("t-elm-01"))
        let b = try tokens.issue(for: .teacher("t-elm-01"))
        let other = try tokens.issue(for: .teacher("t-elm-02"))

        // As `feeds list` shows it: 8 characters and an ellipsis.
        #expect(try tokens.revoke(token: a.shortToken).tokenHash == a.stored.tokenHash)
        #expect(throws: FeedTokenError.noActiveToken(startingWith: a.shortToken)) { try tokens.revoke(token: a.token) }  // already revoked
        #expect(throws: FeedTokenError.tooShort(minimum: 8)) { try tokens.revoke(token: String(b.token.prefix(7))) }  // too short
        #expect(throws: FeedTokenError.noActiveToken(startingWith: "zzzzzzzz…")) { try tokens.revoke(token: "zzzzzzzzzz") }

        #expect(try tokens.revokeAll(for: .teacher("t-elm-01")) == 1)
        #expect(try tokens.revokeAll(for: .teacher("t-elm-01")) == 0)
        #expect(try tokens.lookup(b.token) == nil)
        #expect(try tokens.lookup(other.token) == other.stored)

        let listed = try tokens.list()
        #expect(listed.map(\.tokenHash).sorted() == [a, b, other].map(\.stored.tokenHash).sorted())
        #expect(listed.filter(\.isRevoked).count == 2)
        #expect(try tokens.list(includeRevoked: false).map(\.tokenHash) == [other.stored.tokenHash])
        #expect(try tokens.list(school: "sch-mid").isEmpty)
        #expect(throws: StoreError.self) { try tokens.list(school: "sch-nowhere") }
    }
}
