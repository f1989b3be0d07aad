import Foundation
import GRDB

/// An event as PeerPlan last published it under its UID (`publishedEvent`): the fingerprint of
/// its time, members and status, its SEQUENCE, and when it last changed. SEQUENCE rises exactly
/// when the fingerprint changes.
package struct PublishedEvent: Sendable, Hashable {
    package var uid: String
    package var fingerprint: String
    package var sequence: Int
    /// When it last changed; nil when the stored time cannot be read.
    package var changedAt: Date?
    /// What was published, as `PeerPlanExchange` describes it (time, rule, calendars, summary), so
    /// the event can be published as cancelled once a schedule no longer has it; nil for events
    /// published before it was kept.
    package var shape: String?

    /// What a publication records about one event: a new UID, or a new fingerprint and SEQUENCE
    /// for a known one. Its time of change is the publication's.
    package struct Change: Sendable, Hashable {
        package var uid: String
        package var fingerprint: String
        package var sequence: Int
        package var isNew: Bool
        /// What was published (`PublishedEvent.shape`).
        package var shape: String?
        /// False when only the shape is recorded (an event unchanged since a release that kept no
        /// shape): its SEQUENCE and time of change stay.
        package var isChange: Bool

        package init(uid: String, fingerprint: String, sequence: Int, isNew: Bool, shape: String? = nil, isChange: Bool = true) {
            self.uid = uid
            self.fingerprint = fingerprint
            self.sequence = sequence
            self.isNew = isNew
            self.shape = shape
            self.isChange = isChange
        }
    }

    /// Every event published for a school, by UID.
    static func load(_ db: Database, school: String) throws -> [String: PublishedEvent] {
        var published: [String: PublishedEvent] = [:]
        let parser = ISO8601DateFormatter()
        var parsed: [String: Date?] = [:] // most events share a few publication times
        for row in try Row.fetchAll(db, sql: "SELECT uid, fingerprint, sequence, changedAt, shape FROM publishedEvent WHERE schoolId = ?", arguments: [school]) {
            let text: String = row[3]
            let changedAt: Date?
            if let known = parsed[text] { changedAt = known } else {
                changedAt = parser.date(from: text)
                parsed[text] = changedAt
            }
            published[row[0]] = PublishedEvent(uid: row[0], fingerprint: row[1], sequence: row[2], changedAt: changedAt, shape: row[4])
        }
        return published
    }

    /// Records a school's changes, all stamped `now`.
    static func record(_ db: Database, school: String, changes: [Change], now: Date) throws {
        let nowText = ISO8601DateFormatter().string(from: now)
        let update = try db.cachedStatement(sql: "UPDATE publishedEvent SET fingerprint = ?, sequence = ?, changedAt = ?, shape = ? WHERE uid = ?")
        let reshape = try db.cachedStatement(sql: "UPDATE publishedEvent SET shape = ? WHERE uid = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO publishedEvent (uid, schoolId, fingerprint, sequence, changedAt, shape) VALUES (?, ?, ?, ?, ?, ?)")
        for c in changes {
            if c.isNew {
                try insert.execute(arguments: [c.uid, school, c.fingerprint, c.sequence, nowText, c.shape])
            } else if c.isChange {
                try update.execute(arguments: [c.fingerprint, c.sequence, nowText, c.shape, c.uid])
            } else {
                try reshape.execute(arguments: [c.shape, c.uid])
            }
        }
    }
}
