import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// Publishes a school's weekly pattern as iCalendar: one calendar per teacher, one for the school
/// (the principal's), one per PLC. Recurring events over the term (RRULE/UNTIL, INTERVAL=2 for
/// alternating observations), closed days and cancellations as EXDATE, moved occurrences as
/// RECURRENCE-ID overrides; block schools' rotation days as one event per date. UIDs come from
/// what a meeting is; SEQUENCE rises exactly when an event's time, members or status change.
/// Never a rating, score or role word.
///
/// The store reads each school's book and records SEQUENCE changes in one transaction
/// (`PublishingStore`); the layout is `SchoolBook+Layout`, its words `SchoolBook+Wording`, the
/// SEQUENCE rule `SequenceLedger`, files `Publisher+Export` and feeds `Publisher+Feed`.
package struct Publisher: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    /// A calendar laid out but not yet written as iCalendar text.
    package struct Pending: Sendable {
        package var audience: CalendarAudience
        package var school: String
        package var path: String
        package var document: CalendarDocument
        package var lastModified: Date

        package func render(stamp: UTCDateTime) throws -> RenderedCalendar {
            let text = try ICalendarWriter.serialize(document, stamp: stamp)
            return RenderedCalendar(audience: audience, name: document.name, path: path, text: text,
                                    events: document.events.count, lastModified: lastModified)
        }
    }

    /// Every calendar of a school (or only one audience's), with SEQUENCE bookkeeping done in one
    /// transaction. `stamp` is every event's DTSTAMP.
    package func documents(school: String, only: CalendarAudience? = nil, stamp: UTCDateTime, now: Date = Date()) throws -> [RenderedCalendar] {
        try plan(schools: [school], only: only, now: now).map { try $0.render(stamp: stamp) }
    }

    /// Lays out the calendars of several schools in one transaction (SEQUENCE bookkeeping included).
    /// The store is read and written in one transaction; the layout in between (series, events,
    /// fingerprints) runs on every core.
    package func plan(schools: [String], only: CalendarAudience? = nil, now: Date = Date()) throws -> [Pending] {
        try PublishingStore(store: store, config: config).publish(schools: schools, now: now) { book in
            try book.layout(only: only, now: now)
        }.flatMap { $0 }
    }

    /// The schools with a weekly pattern to publish, by sourcedId.
    package func scheduledSchools() throws -> [String] {
        try PublishingStore(store: store, config: config).scheduledSchools()
    }

    /// The current time as a DTSTAMP (whole seconds, UTC).
    package static func stamp(_ date: Date = Date()) -> UTCDateTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return UTCDateTime(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!, second: c.second!)!
    }
}
