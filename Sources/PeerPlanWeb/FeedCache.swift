import Foundation
import Hummingbird
import Logging
import PeerPlanCore
import PeerPlanStore

/// Rendered feeds kept in memory while the store is unchanged: a calendar app polling an unchanged
/// feed costs a token look-up and a glance at the store's generation, not a new layout and
/// rendering. Any write to the store (publishing, a schedule run, a week change, a command run
/// beside the server) changes the generation, so the next request renders again; an entry also
/// ends after `lifetime`, so what depends on the date (a cancelled event carried until its last
/// day, the term running today) follows the calendar.
///
/// At most `capacity` feeds (one per teacher, school and PLC team of a large district fits):
/// past that, the cache starts over.
package final class FeedCache: @unchecked Sendable {
    struct Entry {
        var generation: Store.Generation
        var builtAt: Date
        var body: ByteBuffer
        var etag: String
        var lastModified: Date
    }

    private let lock = NSLock()
    private var entries: [CalendarAudience: Entry] = [:]
    package let capacity: Int
    package let lifetime: TimeInterval

    package init(capacity: Int = 50_000, lifetime: TimeInterval = 3600) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    func entry(_ audience: CalendarAudience, generation: Store.Generation, now: Date) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[audience], entry.generation == generation, now.timeIntervalSince(entry.builtAt) < lifetime else { return nil }
        return entry
    }

    func keep(_ audience: CalendarAudience, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[audience] = entry
    }

    /// How many feeds are kept (for tests and the benchmark).
    package var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
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
