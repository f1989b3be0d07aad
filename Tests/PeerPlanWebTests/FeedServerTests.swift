import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PeerPlanCore
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// A calendar source that renders a tiny calendar per subject and counts its calls.
final class FakeSource: CalendarSource, @unchecked Sendable {
    static let lastModified = Date(timeIntervalSince1970: 1_795_000_000.75)  // 2026-11-18, with a fraction
    private let lock = NSLock()
    private var _calls: [String] = []
    var calls: [String] { lock.withLock { _calls } }

    struct Secret: Error, CustomStringConvertible { var description: String { "database at /secret/path exploded" } }

    func calendar(for audience: CalendarAudience) throws -> RenderedCalendar {
        lock.withLock { _calls.append("\(audience.kind.rawValue):\(audience.subject)") }
        if audience == .school("sch-high") { throw Secret() }
        let text = Self.text(audience)
        return RenderedCalendar(audience: audience, name: "PeerPlan – \(audience.subject)", path: "\(audience.subject).ics", text: text,
                                events: 0, lastModified: Self.lastModified)
    }

    static func text(_ audience: CalendarAudience) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//PeerPlan//test//EN\r\nX-WR-CALNAME:\(audience.kind.rawValue) \(audience.subject) – café\r\nEND:VCALENDAR\r\n"
    }
}

struct Fixture {
    let dir: TempDir
    let store: Store
    let tokens: FeedTokens
    let source = FakeSource()
    let log = CapturedLog()
    let app: Application<RouterResponder<BasicRequestContext>>

    init() throws {
        dir = try TempDir()
        store = try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig())
        tokens = FeedTokens(store: store)
        let log = self.log
        let logger = Logger(label: "test.feeds") { _ in CapturingHandler(log: log) }
        app = Application(router: FeedServer(store: store, source: source, maxAge: 1800, logger: logger).buildRouter())
    }
}

/// Every line the server logs, with its metadata, to check what never appears in logs.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    var lines: [String] { lock.withLock { _lines } }
    func append(_ line: String) { lock.withLock { _lines.append(line) } }
}

struct CapturingHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        log.append("\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}

@Suite struct FeedServerTests {
    @Test func servesTheCalendarWithCachingHeaders() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-mid-09")).token
        let text = FakeSource.text(.teacher("t-mid-09"))
        try await f.app.test(.router) { client in
            // No Accept header, no authentication: what Google sends.
            try await client.execute(uri: "/feeds/\(token).ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.eTag] == "\"\(SHA256.hex(text))\"")
                #expect(response.headers[.lastModified] == "Wed, 18 Nov 2026 11:06:40 GMT")
                #expect(response.headers[.cacheControl] == "private, max-age=1800")
                #expect(response.headers[.contentLength] == "\(text.utf8.count)")
                #expect(String(buffer: response.body) == text)
            }
        }
        #expect(f.source.calls == ["teacher:t-mid-09"])
    }

    @Test func ifNoneMatchGives304WithoutBody() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .school("sch-mid")).token
        let etag = "\"\(SHA256.hex(FakeSource.text(.school("sch-mid"))))\""
        try await f.app.test(.router) { client in
            for header in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
                try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: header]) { response in
                    #expect(response.status == .notModified, "If-None-Match: \(header)")
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.eTag] == etag)
                    #expect(response.headers[.contentLength] == nil)
                }
            }
            try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: "\"stale\""]) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes > 0)
            }
            // If-None-Match decides over If-Modified-Since (RFC 9110 §13.2.2).
            try await client.execute(uri: "/feeds/\(token).ics", method: .get,
                                     headers: [.ifNoneMatch: "\"stale\"", .ifModifiedSince: "Thu, 31 Dec 2099 00:00:00 GMT"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func ifModifiedSinceGives304WhenNothingChanged() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-elm-01")).token
        try await f.app.test(.router) { client in
            let lastModified = try await client.execute(uri: "/feeds/\(token).ics", method: .get) { $0.headers[.lastModified] }
            let exact = try #require(lastModified)
            for since in [exact, "Thu, 19 Nov 2026 00:00:00 GMT", "Thursday, 19-Nov-26 00:00:00 GMT", "Thu Nov 19 00:00:00 2026"] {
                try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: since]) { response in
                    #expect(response.status == .notModified, "If-Modified-Since: \(since)")
                    #expect(response.body.readableBytes == 0)
                }
            }
            for since in ["Wed, 18 Nov 2026 11:06:39 GMT", "yesterday"] {
                try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifModifiedSince: since]) { response in
                    #expect(response.status == .ok, "If-Modified-Since: \(since)")
                }
            }
        }
    }

    @Test func unknownAndRevokedTokensLookTheSame() async throws {
        let f = try Fixture()
        let revoked = try f.tokens.issue(for: .teacher("t-mid-02")).token
        try f.tokens.revoke(token: revoked)
        let live = try f.tokens.issue(for: .teacher("t-mid-03")).token
        try await f.app.test(.router) { client in
            var answers: [String] = []
            for uri in ["/feeds/\(revoked).ics", "/feeds/\(FeedTokens.newSecret()).ics", "/feeds/short.ics", "/feeds/\(live.prefix(8)).ics"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.eTag] == nil)
                    answers.append("\(response.headers[.contentType] ?? "")|\(String(buffer: response.body))")
                }
            }
            #expect(Set(answers).count == 1)
            try await client.execute(uri: "/feeds/\(live).ics", method: .get) { #expect($0.status == .ok) }
        }
        #expect(f.source.calls == ["teacher:t-mid-03"])  // a 404 never reaches the renderer
    }

    @Test func headAnswersLikeGetWithoutBody() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-mid-09")).token
        let text = FakeSource.text(.teacher("t-mid-09"))
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/feeds/\(token).ics", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.eTag] == "\"\(SHA256.hex(text))\"")
                #expect(response.headers[.contentLength] == "\(text.utf8.count)")
            }
            try await client.execute(uri: "/feeds/\(FeedTokens.newSecret()).ics", method: .head) { #expect($0.status == .notFound) }
        }
    }

    @Test func renderingErrorsBecomeABare500() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .school("sch-high")).token
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/feeds/\(token).ics", method: .get) { response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(!body.contains("secret") && !body.contains("exploded"))
                #expect(response.headers[.eTag] == nil)
            }
        }
    }

    @Test func fiftyConcurrentRequestsAllGetTheSameCalendar() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-hs-01")).token
        let expected = "\"\(SHA256.hex(FakeSource.text(.teacher("t-hs-01"))))\""
        let results = try await f.app.test(.router) { client in
            try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.execute(uri: "/feeds/\(token).ics", method: .get) { ($0.status, $0.headers[.eTag]) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0.0 == .ok })
        #expect(Set(results.map(\.1)) == [expected])
        #expect(f.source.calls.count == 50)
    }

    @Test func logsNeverHoldWholeTokensOrCalendarContent() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-mid-09")).token
        let failing = try f.tokens.issue(for: .school("sch-high")).token
        let unknown = FeedTokens.newSecret()
        try await f.app.test(.router) { client in
            for t in [token, failing, unknown] {
                try await client.execute(uri: "/feeds/\(t).ics", method: .get) { _ in }
            }
        }
        let lines = f.log.lines
        #expect(lines.count == 3)
        #expect(lines.contains { $0.contains(String(token.prefix(8))) })
        #expect(lines.contains { $0.contains("exploded") })  // the operator sees why it failed
        for line in lines {
            for t in [token, failing, unknown] { #expect(!line.contains(t.prefix(9))) }
            #expect(!line.contains("VCALENDAR") && !line.contains("café"))
        }
    }

    /// Over a real socket (SwiftNIO's HTTP/1.1 framing): 200, 304 and HEAD on one connection,
    /// each answer framed so the next one still parses.
    @Test func liveServerKeepsTheConnectionUsable() async throws {
        let f = try Fixture()
        let token = try f.tokens.issue(for: .teacher("t-mid-09")).token
        try await f.app.test(.live) { client in
            let etag = try await client.execute(uri: "/feeds/\(token).ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("BEGIN:VCALENDAR\r\n"))
                return response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/feeds/\(token).ics", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/feeds/\(token).ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == etag)
            }
        }
    }

    /// A district's calendar apps connecting at once: Hummingbird's default queue of 256
    /// unaccepted connections overflowed under 1,000 (the kernel counted 20,994 listen drops in a
    /// few benchmark runs), and each dropped connection's first request waited for TCP to resend.
    @Test func theServerQueuesThousandsOfConnectionsNotYetAccepted() {
        let configuration = FeedServer.configuration(host: "127.0.0.1", port: 8080)
        #expect(configuration.backlog == 4096)
        #expect(configuration.serverName == "PeerPlan")
    }

    @Test func healthz() async throws {
        let f = try Fixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test func httpDatesRoundTrip() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parse("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
        for seconds in stride(from: -86_400 * 400, to: 86_400 * 365 * 80, by: 86_400 * 37 + 3_601) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
        }
    }
}
