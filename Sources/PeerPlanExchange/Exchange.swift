import PeerPlanCalendar

/// Calendars in and out of the store. Call `Exchange.prepare()` once at start-up, before any
/// thread publishes or reads a calendar: libical's global state and its time-zone cache are not
/// safe to initialise concurrently (DESIGN.md §7, libical PR #1029).
package enum Exchange {
    package static func prepare(timeZoneIDs: [String] = LibicalRuntime.defaultTimeZoneIDs) throws {
        try LibicalRuntime.prepare(timeZoneIDs: timeZoneIDs)
    }
}
