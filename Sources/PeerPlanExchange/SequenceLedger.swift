import Foundation
import PeerPlanStore

/// SEQUENCE bookkeeping for one school's publication. An event keeps the SEQUENCE it was last
/// published with while its fingerprint (time, members, status) stays the same, and gets the next
/// one when the fingerprint changes; a new UID starts at 0. What changed is collected for the
/// store to record, and each event's time of last change gives calendars their Last-Modified.
struct SequenceLedger {
    /// What was published before, by UID.
    let published: [String: PublishedEvent]
    /// This publication's time: the change time of new and changed events.
    let now: Date
    /// What the store is to record.
    private(set) var changes: [PublishedEvent.Change] = []
    private var assigned: [String: (sequence: Int, changedAt: Date)] = [:]

    init(published: [String: PublishedEvent], now: Date) {
        self.published = published
        self.now = now
    }

    /// The SEQUENCE of the event `uid` with this fingerprint (the first answer for a UID holds
    /// for the whole publication). `shape` is what is published, kept so the event can be
    /// cancelled once a schedule no longer has it.
    mutating func sequence(_ uid: String, fingerprint: String, shape: EventShape) -> Int {
        if let done = assigned[uid] { return done.sequence }
        var value = 0
        var changed = now
        let shapeText = shape.text
        if let before = published[uid] {
            value = before.sequence
            if before.fingerprint != fingerprint {
                value += 1
                changes.append(.init(uid: uid, fingerprint: fingerprint, sequence: value, isNew: false, shape: shapeText))
            } else {
                changed = before.changedAt ?? now
                if before.shape != shapeText {
                    changes.append(.init(uid: uid, fingerprint: fingerprint, sequence: value, isNew: false, shape: shapeText, isChange: false))
                }
            }
        } else {
            changes.append(.init(uid: uid, fingerprint: fingerprint, sequence: 0, isNew: true, shape: shapeText))
        }
        assigned[uid] = (value, changed)
        return value
    }

    /// When the event `uid` last changed; nil when it was not laid out in this publication.
    func lastChanged(_ uid: String) -> Date? { assigned[uid]?.changedAt }

    /// Whether the event `uid` was laid out in this publication.
    func isLaidOut(_ uid: String) -> Bool { assigned[uid] != nil }

    /// The fingerprint of an event published as cancelled because no schedule has it any more:
    /// it differs from the published one (SEQUENCE rises once), then stays.
    static func removedFingerprint(_ before: PublishedEvent) -> String {
        before.fingerprint.hasPrefix(removedPrefix) ? before.fingerprint : removedPrefix + before.fingerprint
    }

    static let removedPrefix = "removed:"
}
