import Foundation
import GRDB

extension PublishingStore {
    /// One school's publication from a page: its book laid out by `layout`, the SEQUENCE changes
    /// and the audit entry (with `summary` as details) recorded in one transaction.
    package func publish<Output: Sendable>(
        school: String, now: Date, actor: AuditLog.Actor,
        layout: (SchoolBook) throws -> (output: Output, changes: [PublishedEvent.Change], summary: String)
    ) throws -> Output {
        try store.writer.write { db in
            let book = try SchoolBook.load(db, school: school, config: config)
            let result = try layout(book)
            try PublishedEvent.record(db, school: school, changes: result.changes, now: now)
            try AuditLog.record(db, at: now, actor: actor, action: .calendarsPublished, school: school, details: result.summary)
            return result.output
        }
    }

    /// What a publication would lay out now, recording nothing (a read transaction).
    package func dryRun<Output: Sendable>(school: String, layout: (SchoolBook) throws -> Output) throws -> Output {
        try store.writer.read { db in try layout(try SchoolBook.load(db, school: school, config: config)) }
    }
}
