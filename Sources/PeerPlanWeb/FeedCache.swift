import Foundation
import Hummingbird
import Logging
import PeerPlanCore
import PeerPlanStore

/// Rendered feeds kept in memory while the store is unchanged, and which token opens which feed:
/// a calendar app polling an unchanged feed is answered from memory, with no SQLite read and no
/// thread hop (the token is hashed and looked up here). Any write this process makes to the store
/// (publishing, a schedule run, a week change, issuing or revoking a link) changes its generation
/// at once, so the next request reads the store again (and renders again); a commit by another
/// process (a `peerplan` command run beside the server) is seen within `otherWritersCheck` (the
/// store's `data_version` is read again by one request at most that often). An entry also ends
/// after `lifetime`, so what depends on the date (a cancelled event carried until its last day,
/// the term running today) follows the calendar.
///
/// Bounded: at most `capacity` feeds and as many token links (one per teacher, school and PLC
/// team of a large district fits; past that, that map starts over), and at most `maxBytes` of
/// rendered calendars (past that, feeds of an older generation go first, then any, until a tenth
/// is free). Tokens are kept as their SHA-256, as the store keeps them.
package final class FeedCache: @unchecked Sendable {
    struct Entry {
        var generation: Store.Generation
        var builtAt: Date
        var body: ByteBuffer
        var etag: String
        var lastModified: Date
        /// `Last-Modified` as sent, formatted once.
        var lastModifiedText: String

        init(generation: Store.Generation, builtAt: Date, body: ByteBuffer, etag: String, lastModified: Date) {
            self.generation = generation
            self.builtAt = builtAt
            self.body = body
            self.etag = etag
            self.lastModified = lastModified
            lastModifiedText = HTTPDate.format(lastModified)
        }
    }

    /// Which feed a token (by its hash) opened at `generation`.
    struct Link {
        var audience: CalendarAudience
        var generation: Store.Generation
    }

    private let lock = NSLock()
    private var entries: [CalendarAudience: Entry] = [:]
    private var links: [String: Link] = [:]
    private var bytes = 0
    package let capacity: Int
    package let maxBytes: Int
    package let lifetime: TimeInterval
    /// How stale another process's commit may be when a request is answered from memory.
    package let otherWritersCheck: Duration

    package init(capacity: Int = 50_000, maxBytes: Int = 256 << 20, lifetime: TimeInterval = 3600, otherWritersCheck: Duration = .milliseconds(250)) {
        self.capacity = capacity
        self.maxBytes = maxBytes
        self.lifetime = lifetime
        self.otherWritersCheck = otherWritersCheck
    }

    func entry(_ audience: CalendarAudience, generation: Store.Generation, now: Date) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return fresh(audience, generation: generation, now: now)
    }

    /// The feed the token whose hash is `tokenHash` opens, when both the link and the rendered
    /// feed are of `generation` (and the feed is younger than `lifetime`).
    func answer(tokenHash: String, generation: Store.Generation, now: Date) -> (audience: CalendarAudience, entry: Entry)? {
        lock.lock()
        defer { lock.unlock() }
        guard let link = links[tokenHash], link.generation == generation, let entry = fresh(link.audience, generation: generation, now: now) else { return nil }
        return (link.audience, entry)
    }

    private func fresh(_ audience: CalendarAudience, generation: Store.Generation, now: Date) -> Entry? {
        guard let entry = entries[audience], entry.generation == generation, now.timeIntervalSince(entry.builtAt) < lifetime else { return nil }
        return entry
    }

    func keep(_ audience: CalendarAudience, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        if let old = entries.removeValue(forKey: audience) { bytes -= old.body.readableBytes }
        if entries.count >= capacity {
            entries.removeAll(keepingCapacity: true)
            bytes = 0
        }
        let size = entry.body.readableBytes
        if bytes + size > maxBytes { makeRoom(for: size, generation: entry.generation) }
        entries[audience] = entry
        bytes += size
    }

    /// Drops feeds of another generation, then any, until `size` fits with a tenth of
    /// `maxBytes` to spare (so that a full cache does not evict at every new feed).
    private func makeRoom(for size: Int, generation: Store.Generation) {
        let target = max(0, maxBytes - maxBytes / 10 - size)
        for (audience, entry) in entries where entry.generation != generation && bytes > target {
            entries[audience] = nil
            bytes -= entry.body.readableBytes
        }
        for (audience, entry) in entries where bytes > target {
            entries[audience] = nil
            bytes -= entry.body.readableBytes
        }
    }

    /// Notes that the token whose hash is `tokenHash` opened `audience` at `generation`.
    func keepLink(_ tokenHash: String, _ audience: CalendarAudience, generation: Store.Generation) {
        lock.lock()
        defer { lock.unlock() }
        if links[tokenHash] == nil, links.count >= capacity { links.removeAll(keepingCapacity: true) }
        links[tokenHash] = Link(audience: audience, generation: generation)
    }

    /// Forgets a token the store no longer opens.
    func forgetLink(_ tokenHash: String) {
        lock.lock()
        defer { lock.unlock() }
        links[tokenHash] = nil
    }

    /// How many feeds are kept (for tests and the benchmark).
    package var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// How many token links are kept, and the bytes of rendered feeds (for tests and the benchmark).
    package var size: (links: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (links.count, bytes)
    }
}

extension FeedServer {
    /// A logger that keeps warnings and errors only, for measuring the server without a log line
    /// per request.
    package static var warningsOnlyLogger: Logger {
        var logger = Logger(label: "peerplan.feeds")
        logger.logLevel = .warning
        return logger
    }
}
