import Foundation
import PeerPlanStore

/// Feed links just issued, waiting for the page that shows them in full once. The store keeps only
/// a hash of each token, so the secret lives here, in memory, between the form's POST and the GET
/// it redirects to: taken by that page (never shown twice), for this session only, and dropped
/// after `lifetime` if the page is never opened.
final class NewLinks: @unchecked Sendable {
    private struct Waiting {
        var issued: IssuedFeedToken
        var at: Date
    }

    private let lock = NSLock()
    private var waiting: [String: Waiting] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 300) { self.lifetime = lifetime }

    /// Keeps a new link for the session (by its id's hash); a later one replaces it.
    func put(_ issued: IssuedFeedToken, session: String, now: Date) {
        lock.lock()
        defer { lock.unlock() }
        waiting = waiting.filter { now.timeIntervalSince($0.value.at) < lifetime }
        waiting[session] = Waiting(issued: issued, at: now)
    }

    /// The session's new link, removed as it is taken; nil when there is none or it is too old.
    func take(session: String, now: Date) -> IssuedFeedToken? {
        lock.lock()
        defer { lock.unlock() }
        guard let found = waiting.removeValue(forKey: session), now.timeIntervalSince(found.at) < lifetime else { return nil }
        return found.issued
    }

    /// Query parameters of the pages that show a new link: such a page is never kept in the
    /// page cache (a reload must not show the secret again).
    static let revealingQueryKeys: Set<String> = ["issued", "link"]
}
