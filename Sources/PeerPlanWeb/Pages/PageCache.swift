import Foundation
import Hummingbird
import PeerPlanStore

/// Signed-in pages kept in memory while the store has not changed: a page costs the SQLite reads
/// and the rendering once, then only a look at the store's generation, until anything is written
/// (by this server or another process) or the day changes.
///
/// Pages are kept per session (each carries that session's CSRF token) and per path and query;
/// only successful GETs of HTML pages are kept, never feeds (they have their own caching headers),
/// downloads, anything a POST answers, or a page showing a new feed link (`NewLinks`). At most `capacity` pages: past that, the cache starts over.
final class PageCache: @unchecked Sendable {
    struct Key: Hashable {
        var session: String
        var target: String
    }

    struct Entry {
        var generation: Store.Generation
        var day: String
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    func entry(_ key: Key, generation: Store.Generation, day: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key], entry.generation == generation, entry.day == day else { return nil }
        return entry
    }

    func keep(_ key: Key, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
    }
}

/// Serves a signed-in GET from `PageCache` when the store has not changed since the page was
/// built; otherwise builds it and keeps it.
struct PageCacheMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let cache: PageCache
    let store: Store
    let day: @Sendable () -> String

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard request.method == .get, let session = context.identity?.idHash,
              !request.uri.queryParameters.contains(where: { NewLinks.revealingQueryKeys.contains(String($0.key)) }) else {
            return try await next(request, context)
        }
        let key = PageCache.Key(session: session, target: request.uri.description)
        let store = self.store
        let generation = try await offload { try store.generation() }
        let today = day()
        if let hit = cache.entry(key, generation: generation, day: today) {
            return Response(status: hit.status, headers: hit.headers, body: .init(byteBuffer: hit.body))
        }
        let response = try await next(request, context)
        guard response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true,
              response.headers[.contentDisposition] == nil else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        let body = collector.buffer.value
        // Only a page built from the store as it was before the request is kept.
        cache.keep(key, .init(generation: generation, day: today, status: response.status, headers: response.headers, body: body))
        return Response(status: response.status, headers: response.headers, body: .init(byteBuffer: body))
    }
}

/// Gathers a response body into one buffer.
struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var value = ByteBuffer() }
    let buffer = Box()

    mutating func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.value.writeBuffer(&copy)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
