import PeerPlanCore

/// Where feeds get their calendars: the seam between the web server and the code that renders
/// iCalendar from the store. Called concurrently, from many requests at once, off the server's
/// event loops; a thrown error becomes a bare 500 (the error is logged, never sent).
package protocol CalendarSource: Sendable {
    /// The calendar of one teacher, one school or one PLC team, as a feed token opens it.
    func calendar(for audience: CalendarAudience) throws -> RenderedCalendar
}
