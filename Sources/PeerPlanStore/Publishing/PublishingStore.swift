import Foundation
import GRDB
import PeerPlanCore

/// The store's side of publishing calendars: the schools' books in, SEQUENCE bookkeeping out, in
/// one transaction; and the look-ups feeds and exports need.
package struct PublishingStore: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    /// One publication of several schools, in one write transaction: each school's book is read
    /// and handed to `layout` at once, on one read-only connection per core (`readInParallel`,
    /// under the write lock taken first, so every book is of the state the changes are recorded
    /// against); then each school's SEQUENCE changes are recorded, stamped `now`, in the schools'
    /// order. Fails on the first unknown or unscheduled school (by position). Nothing is recorded
    /// when it throws.
    ///
    /// Reading the books one after another on the writer kept one core busy for about a third of
    /// a 1,800-school export (README, performance).
    package func publish<Output: Sendable>(
        schools: [String], now: Date,
        layout: @escaping @Sendable (SchoolBook) throws -> (output: Output, changes: [PublishedEvent.Change])
    ) throws -> [Output] {
        let config = self.config
        return try store.writeLocked { db in
            let laidOut = try store.readInParallel(schools.count, on: db) { db, k in
                try layout(try SchoolBook.load(db, school: schools[k], config: config))
            }
            for (school, result) in zip(schools, laidOut) {
                try PublishedEvent.record(db, school: school, changes: result.changes, now: now)
            }
            return laidOut.map(\.output)
        }
    }

    /// The schools with a weekly pattern to publish, by sourcedId.
    package func scheduledSchools() throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT sourcedId FROM school WHERE sourcedId IN (SELECT schoolId FROM scheduleRun) ORDER BY sourcedId")
        }
    }

    /// The schools a teacher works at that have a weekly pattern, by sourcedId.
    package func scheduledSchools(ofTeacher teacher: String) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT ts.schoolId FROM teacherSchool ts WHERE ts.teacherId = ?
                AND EXISTS (SELECT 1 FROM scheduleRun r WHERE r.schoolId = ts.schoolId) ORDER BY ts.schoolId
                """, arguments: [teacher])
        }
    }

    /// The school of a PLC team; nil when there is no team with this id.
    package func school(ofPLC id: Int64) throws -> String? {
        try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT schoolId FROM plc WHERE id = ?", arguments: [id])
        }
    }
}
