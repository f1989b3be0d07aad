import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

@Suite struct FeedCacheTests {
    @Test func anUnchangedFeedIsRenderedOnceAndAWriteRendersItAgain() async throws {
        let dir = try TempDir()
        let store = try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig())
        let tokens = FeedTokens(store: store)
        let source = FakeSource()
        let cache = FeedCache()
        let app = Application(router: FeedServer(store: store, source: source, cache: cache).buildRouter())
        let token = try tokens.issue(for: .teacher("t-mid-09")).token
        let other = try tokens.issue(for: .teacher("t-mid-02")).token
        try await app.test(.router) { client in
            var etag = ""
            for _ in 0..<5 {
                try await client.execute(uri: "/feeds/\(token).ics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == FakeSource.text(.teacher("t-mid-09")))
                    etag = response.headers[.eTag] ?? ""
                }
            }
            #expect(source.calls == ["teacher:t-mid-09"])
            // The 304 path answers from the cache too.
            try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: etag]) { #expect($0.status == .notModified) }
            #expect(source.calls.count == 1)
            // Each feed is its own entry.
            try await client.execute(uri: "/feeds/\(other).ics", method: .get) { #expect($0.status == .ok) }
            #expect(source.calls == ["teacher:t-mid-09", "teacher:t-mid-02"])
            #expect(cache.count == 2)
            // Any write to the store (publishing is one) renders it again, once.
            _ = try tokens.issue(for: .school("sch-mid"))
            for _ in 0..<3 {
                try await client.execute(uri: "/feeds/\(token).ics", method: .get) { #expect($0.status == .ok) }
            }
            #expect(source.calls.filter { $0 == "teacher:t-mid-09" }.count == 2)
            // A revoked token is refused at once, cached feed or not.
            try tokens.revoke(token: token)
            try await client.execute(uri: "/feeds/\(token).ics", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func entriesEndWithTheirLifetime() throws {
        let cache = FeedCache(lifetime: 60)
        let dir = try TempDir()
        let store = try Store(path: dir.path("s.sqlite").path)
        let generation = try store.generation()
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        cache.keep(.school("a"), .init(generation: generation, builtAt: t0, body: ByteBuffer(string: "x"), etag: "\"e\"", lastModified: t0))
        #expect(cache.entry(.school("a"), generation: generation, now: t0 + 59) != nil)
        #expect(cache.entry(.school("a"), generation: generation, now: t0 + 60) == nil)
        #expect(cache.entry(.school("b"), generation: generation, now: t0) == nil)
    }
}
