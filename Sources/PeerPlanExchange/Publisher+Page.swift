import Foundation
import PeerPlanCore
import PeerPlanStore

extension Publisher {
    /// What one school's publication holds, and what changed since the last one.
    package struct Summary: Sendable, Equatable {
        /// Calendars laid out (teachers, the school, PLC teams).
        package var calendars: Int
        package var events: Int
        /// Events never published before.
        package var newEvents: Int
        /// Events published before whose time, members or status changed (their SEQUENCE rises).
        package var changedEvents: Int

        package var hasChanges: Bool { newEvents + changedEvents > 0 }
    }

    /// Publishes a school's calendars (SEQUENCE bookkeeping and the audit entry in one transaction).
    package func publish(school: String, actor: AuditLog.Actor, now: Date) throws -> Summary {
        try PublishingStore(store: store, config: config).publish(school: school, now: now, actor: actor) { book -> (output: Summary, changes: [PublishedEvent.Change], summary: String) in
            let (pending, changes) = try book.layout(only: nil, now: now)
            let summary = Self.summary(pending, changes)
            return (summary, changes, "\(summary.calendars) calendars, \(summary.events) events: \(summary.newEvents) new, \(summary.changedEvents) changed")
        }
    }

    /// What publishing now would change, without recording anything.
    package func unpublished(school: String, now: Date) throws -> Summary {
        try PublishingStore(store: store, config: config).dryRun(school: school) { book -> Summary in
            let (pending, changes) = try book.layout(only: nil, now: now)
            return Self.summary(pending, changes)
        }
    }

    static func summary(_ pending: [Pending], _ changes: [PublishedEvent.Change]) -> Summary {
        Summary(calendars: pending.count, events: pending.reduce(0) { $0 + $1.document.events.count },
                newEvents: changes.filter(\.isNew).count, changedEvents: changes.filter { !$0.isNew && $0.isChange }.count)
    }
}
