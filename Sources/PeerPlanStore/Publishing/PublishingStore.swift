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

    /// One publication of several schools, in one write transaction: reads each school's book
    /// (failing on the first unknown or unscheduled school), hands them all to `layout` (which may
    /// spread the work over every core), then records each school's SEQUENCE changes, stamped
    /// `now`. `layout` returns one output and its changes per book, in the books' order. Nothing
    /// is recorded when it throws.
    package func publish<Output: Sendable>(
        schools: [String], now: Date,
        layout: ([SchoolBook]) throws -> [(output: Output, changes: [PublishedEvent.Change])]
    ) throws -> [Output] {
        try store.writer.write { db in
            let books = try schools.map { try SchoolBook.load(db, school: $0, config: config) }
            let laidOut = try layout(books)
            precondition(laidOut.count == books.count, "one layout per school")
            for (book, result) in zip(books, laidOut) {
                try PublishedEvent.record(db, school: book.school, changes: result.changes, now: now)
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
