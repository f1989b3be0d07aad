import Dispatch
import Foundation
import Hummingbird
import Logging
import PeerPlanCore
import PeerPlanStore

/// The calendar subscription server: `GET /feeds/{token}.ics` (and `HEAD`), `GET /healthz`.
///
/// A feed URL is its own credential: a long random token, no login (Google Calendar sends no
/// Accept header and no authentication). Unknown and revoked tokens get the same bare 404.
/// Responses carry a strong `ETag` (SHA-256 of the body) and `Last-Modified`, and answer
/// `If-None-Match` / `If-Modified-Since` with 304. Tokens are logged as a short prefix only;
/// calendar content is never logged.
package struct FeedServer: Sendable {
    package let store: Store
    package let source: any CalendarSource
    /// `Cache-Control: private, max-age=…` in seconds.
    package let maxAge: Int
    package let logger: Logger
    /// Rendered feeds kept while the store is unchanged (`FeedCache`); nil renders every request.
    package let cache: FeedCache?

    package init(store: Store, source: any CalendarSource, maxAge: Int = 3600, logger: Logger = Logger(label: "peerplan.feeds"),
                 cache: FeedCache? = nil) {
        self.store = store
        self.source = source
        self.maxAge = maxAge
        self.logger = logger
        self.cache = cache
    }

    /// The routes, for `buildApplication` and for tests (`Application(router:)` + `.test(.router)`).
    package func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        addRoutes(to: router)
        return router
    }

    /// The application `peerplan serve` runs (`try await app.runService()`).
    package func buildApplication(host: String = "127.0.0.1", port: Int = 8080) -> some ApplicationProtocol {
        Application(router: buildRouter(), configuration: FeedServer.configuration(host: host, port: port), logger: logger)
    }

    /// Where and how the server listens. The queue of connections not yet accepted holds 4,096
    /// (Hummingbird's default is 256; the kernel's `somaxconn` caps it): when many calendar apps
    /// connect at once, a full queue drops connections the client believes open, and their first
    /// request then waits for TCP to send it again (200 ms, then 400 ms, …).
    package static func configuration(host: String, port: Int) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: "PeerPlan", backlog: 4096)
    }

    // MARK: - Handlers

    func health() async -> Response {
        do {
            try await offload { [store] in try store.checkReadable() }
            return Self.plain(.ok, "ok\n")
        } catch {
            logger.error("health check: the store cannot be read", metadata: ["error": "\(error)"])
            return Self.plain(.serviceUnavailable, "unavailable\n")
        }
    }

    func feed(token: String, request: Request) async -> Response {
        let short = FeedTokens.shorten(token)
        // Junk never reaches the store; a token is compared by its hash, as the store keeps it.
        guard FeedTokens.isWellFormed(token) else {
            logger.info("feed 404", metadata: ["token": "\(short)"])
            return Self.plain(.notFound, "Not Found\n")
        }
        let tokenHash = FeedTokens.hash(token)
        // A feed polled again while nothing changed: answered from memory, on this thread.
        if let cache, let generation = store.knownGeneration(maxAge: cache.otherWritersCheck),
           let hit = cache.answer(tokenHash: tokenHash, generation: generation, now: Date()) {
            return respond(hit.entry, audience: hit.audience, short: short, request: request)
        }
        do {
            let tokens = FeedTokens(store: store)
            // The token and the store's generation in one read: what a cached feed is checked against.
            let (token, generation) = try await offload { try tokens.lookupWithGeneration(tokenHash: tokenHash) }
            guard let found = token else {
                cache?.forgetLink(tokenHash)
                logger.info("feed 404", metadata: ["token": "\(short)"])
                return Self.plain(.notFound, "Not Found\n")
            }
            let audience = found.audience
            let now = Date()
            let feed: FeedCache.Entry
            if let hit = cache?.entry(audience, generation: generation, now: now) {
                feed = hit
            } else {
                let source = self.source
                let calendar = try await offload { try source.calendar(for: audience) }
                feed = FeedCache.Entry(generation: generation, builtAt: now, body: ByteBuffer(string: calendar.text),
                                       etag: "\"\(SHA256.hex(calendar.text))\"", lastModified: calendar.lastModified)
                // Kept under the generation read before rendering: a render that recorded SEQUENCE
                // changes is rendered once more at the next request, then kept.
                cache?.keep(audience, feed)
            }
            cache?.keepLink(tokenHash, audience, generation: generation)
            return respond(feed, audience: audience, short: short, request: request)
        } catch {
            // Whoever was to read the store's generation failed to: the next request will.
            store.abandonGenerationCheck()
            // The error is for the operator; the subscriber learns nothing from a bare 500.
            logger.error("feed 500", metadata: ["token": "\(short)", "error": "\(error)"])
            return Self.plain(.internalServerError, "Internal Server Error\n")
        }
    }

    /// A feed's answer: 200 with the calendar, or 304 when the request's validators match.
    func respond(_ feed: FeedCache.Entry, audience: CalendarAudience, short: String, request: Request) -> Response {
        let body = feed.body, etag = feed.etag
        let headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8",
            .eTag: etag,
            .lastModified: feed.lastModifiedText,
            .cacheControl: "private, max-age=\(maxAge)",
            .contentLength: "\(body.readableBytes)",
        ]
        if Self.notModified(request.headers, etag: etag, lastModified: feed.lastModified) {
            logger.info("feed 304", metadata: ["token": "\(short)", "scope": "\(audience.kind.rawValue)"])
            var response = Response(status: .notModified, headers: headers, body: .init())
            response.headers[.contentLength] = nil  // a 304 has no content; "0" would be wrong
            return response
        }
        logger.info("feed 200", metadata: ["token": "\(short)", "scope": "\(audience.kind.rawValue)", "bytes": "\(body.readableBytes)"])
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// RFC 9110 §13.2.2: `If-None-Match` decides when present (weak comparison, `*` matches);
    /// otherwise `If-Modified-Since` at or after the last change (whole seconds) means unchanged.
    static func notModified(_ headers: HTTPFields, etag: String, lastModified: Date) -> Bool {
        let noneMatch = headers[values: .ifNoneMatch]
        if !noneMatch.isEmpty {
            let opaque = { (tag: Substring) -> Substring in
                let trimmed = tag.drop(while: { $0 == " " || $0 == "\t" })
                return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
            }
            return noneMatch.contains { value in
                value.split(separator: ",").map { opaque($0).trimmingCharacters(in: .whitespaces) }.contains { $0 == "*" || $0 == etag }
            }
        }
        if let since = headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Runs blocking work (SQLite reads, calendar rendering) on a Dispatch queue so it never holds
/// one of Swift concurrency's few cooperative threads.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
