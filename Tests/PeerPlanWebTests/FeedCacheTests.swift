import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanExchange
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

/// The feed cache answers from memory (no SQLite read per request) and still follows every change:
/// this process's writes at once, another process's within `otherWritersCheck`.
@Suite struct FeedCacheInvalidationTests {
    init() throws { try Exchange.prepare() }

    /// The Publisher, as `peerplan serve` wires it, with its renders counted.
    final class CountingPublisher: CalendarSource, @unchecked Sendable {
        let publisher: Publisher
        private let lock = NSLock()
        private var _count = 0
        var count: Int { lock.withLock { _count } }
        init(_ publisher: Publisher) { self.publisher = publisher }
        func calendar(for audience: CalendarAudience) throws -> RenderedCalendar {
            lock.withLock { _count += 1 }
            return try publisher.feed(audience)
        }
    }

    @Test func publishingFromTheWebAppRendersTheFeedAgainAtOnce() async throws {
        let config = try ConfigLoader.load(from: configDirectory)
        let cache = FeedCache(otherWritersCheck: .seconds(3600))
        var source: CountingPublisher?
        let f = try WebFixture(source: { store in
            let counting = CountingPublisher(Publisher(store: store, config: config))
            source = counting
            return counting
        }, feedCache: cache)
        let counting = try #require(source)
        let token = try FeedTokens(store: f.store).issue(for: .teacher("t-mid-02")).token
        try await f.app.test(.router) { client in
            // The first render records the events' SEQUENCEs (a write), so the feed is rendered
            // once more at the next request, then kept.
            let first = try await client.page("/feeds/\(token).ics")
            #expect(first.status == .ok && first.body.contains("BEGIN:VEVENT"))
            for _ in 0..<3 { #expect(try await client.page("/feeds/\(token).ics").body == first.body) }
            #expect(counting.count == 2)
            // A week's change (this process's write: seen at once, whatever the check interval);
            // its render raises SEQUENCEs, so again twice.
            _ = try WeekChanges(store: f.store, config: config).apply(school: "sch-mid", date: CalendarDate(parsing: "2026-09-14")!,
                                                                      absences: [.init(teacher: "t-mid-02", date: CalendarDate(parsing: "2026-09-14")!)])
            let changed = try await client.page("/feeds/\(token).ics")
            #expect(changed.status == .ok && changed.body != first.body)
            for _ in 0..<3 { #expect(try await client.page("/feeds/\(token).ics").status == .ok) }
            #expect(counting.count == 4)
            // The principal publishes: the next request renders the feed again, once.
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/calendars", cookie: cookie).csrf)
            #expect(try await client.page("/feeds/\(token).ics").status == .ok)
            #expect(counting.count == 4)
            #expect(try await client.page("/schools/sch-mid/calendars", method: .post, cookie: cookie, form: [("csrf", csrf)]).status == .seeOther)
            let after = try await client.page("/feeds/\(token).ics")
            #expect(after.status == .ok)
            #expect(counting.count == 5)
            #expect(after.headers[.eTag] == "\"\(SHA256.hex(after.body))\"")
            let rendered = counting.count
            // Then it is answered from memory again, 304 included.
            let etag = try #require(after.headers[.eTag])
            #expect(try await client.page("/feeds/\(token).ics", headers: [.ifNoneMatch: etag]).status == .notModified)
            #expect(try await client.page("/feeds/\(token).ics").body == after.body)
            #expect(counting.count == rendered)
        }
    }

    @Test func aLinkRevokedThroughTheWebAppIsRefusedAtOnce() async throws {
        let cache = FeedCache(otherWritersCheck: .seconds(3600))
        let f = try WebFixture(feedCache: cache)
        let tokens = FeedTokens(store: f.store)
        let token = try tokens.issue(for: .teacher("t-mid-02")).token
        let other = try tokens.issue(for: .teacher("t-mid-03")).token
        try await f.app.test(.router) { client in
            #expect(try await client.page("/feeds/\(token).ics").status == .ok)
            #expect(try await client.page("/feeds/\(other).ics").status == .ok)
            #expect(cache.size.links == 2)
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/calendars", cookie: cookie).csrf)
            #expect(try await client.page("/schools/sch-mid/calendars/links/revoke", method: .post, cookie: cookie,
                                          form: [("csrf", csrf), ("link", String(token.prefix(FeedTokens.shortLength)))]).status == .seeOther)
            #expect(try await client.page("/feeds/\(token).ics").status == .notFound)
            #expect(try await client.page("/feeds/\(other).ics").status == .ok)
            #expect(cache.size.links == 1)
        }
    }

    @Test func anotherProcesssRevocationIsSeenWithinTheCheckInterval() async throws {
        let dir = try TempDir()
        let path = dir.path("store.sqlite").path
        let store = try importFixture(db: path, config: try loadTestConfig())
        let token = try FeedTokens(store: store).issue(for: .teacher("t-mid-09")).token
        // Another process: a second connection to the same file, as `peerplan feeds revoke` has.
        let other = try Store(path: path)
        let source = FakeSource()
        let patient = FeedCache(otherWritersCheck: .seconds(3600))
        let prompt = FeedCache(otherWritersCheck: .milliseconds(200))
        let slow = Application(router: FeedServer(store: store, source: source, cache: patient).buildRouter())
        let fast = Application(router: FeedServer(store: store, source: source, cache: prompt).buildRouter())
        try await slow.test(.router) { client in
            let status = try await client.page("/feeds/\(token).ics").status
            #expect(status == .ok)
        }
        try await fast.test(.router) { client in
            let status = try await client.page("/feeds/\(token).ics").status
            #expect(status == .ok)
        }
        try FeedTokens(store: other).revoke(token: token)
        // Answered from memory: with an hour's interval the other connection's commit is not looked
        // for yet (which shows that a cached feed reads nothing from SQLite) …
        try await slow.test(.router) { client in
            let status = try await client.page("/feeds/\(token).ics").status
            #expect(status == .ok)
        }
        // … with 200 ms, the first request after that long reads the store again and is refused.
        try await Task.sleep(for: .milliseconds(300))
        try await fast.test(.router) { client in
            let status = try await client.page("/feeds/\(token).ics").status
            #expect(status == .notFound)
        }
        // Rendered once per cache, never again.
        #expect(source.calls == ["teacher:t-mid-09", "teacher:t-mid-09"])
    }

    @Test func theStoreKnowsItsOwnWritesAtOnceAndOthersWhenAskedAgain() throws {
        let dir = try TempDir()
        let path = dir.path("store.sqlite").path
        let store = try importFixture(db: path, config: try loadTestConfig())
        // Never read yet: the first caller is asked to read it, and only the first.
        #expect(store.knownGeneration(maxAge: .seconds(3600)) == nil)
        let read = try store.generation()
        #expect(store.knownGeneration(maxAge: .seconds(3600)) == read)
        // A write of this process: known at once, and what a read gives.
        _ = try FeedTokens(store: store).issue(for: .school("sch-mid"))
        let mine = try #require(store.knownGeneration(maxAge: .seconds(3600)))
        #expect(mine != read)
        #expect(try store.generation() == mine)
        // Another connection's commit: known only once the store is read again.
        let other = try Store(path: path)
        _ = try FeedTokens(store: other).issue(for: .school("sch-elm"))
        #expect(store.knownGeneration(maxAge: .seconds(3600)) == mine)
        let theirs = try store.generation()
        #expect(theirs != mine)
        #expect(store.knownGeneration(maxAge: .seconds(3600)) == theirs)
        // Past maxAge: one caller is told to read it, the others keep the known value meanwhile.
        #expect(store.knownGeneration(maxAge: .zero) == nil)
        #expect(store.knownGeneration(maxAge: .zero) == theirs)
        store.abandonGenerationCheck()
        #expect(store.knownGeneration(maxAge: .zero) == nil)
    }

    @Test func renderedFeedsStayUnderTheByteCap() throws {
        let cache = FeedCache(maxBytes: 10_000)
        let dir = try TempDir()
        let store = try Store(path: dir.path("s.sqlite").path)
        let generation = try store.generation()
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        let body = ByteBuffer(string: String(repeating: "x", count: 1_000))
        for k in 0..<50 {
            cache.keep(.school("s\(k)"), .init(generation: generation, builtAt: t0, body: body, etag: "\"e\"", lastModified: t0))
            #expect(cache.size.bytes <= 10_000)
        }
        #expect(cache.size.bytes == cache.count * 1_000)
        #expect(cache.entry(.school("s49"), generation: generation, now: t0) != nil)
        #expect(cache.count >= 8)
    }
}
