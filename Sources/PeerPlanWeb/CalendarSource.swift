import Foundation

/// Whose calendar a feed serves.
public enum FeedScope: String, Sendable, CaseIterable {
    case teacher, school, plc
}

/// A rendered calendar, ready to serve.
public struct FeedCalendar: Sendable {
    /// The whole iCalendar document (`BEGIN:VCALENDAR` … `END:VCALENDAR`, CRLF line ends).
    public var text: String
    /// When the calendar's content last changed (not when it was rendered): the feed's
    /// `Last-Modified`, and what `If-Modified-Since` is compared with.
    public var lastModified: Date
    /// A human name for the calendar (for logs and the caller's own use; never a secret).
    public var name: String

    public init(text: String, lastModified: Date, name: String) {
        self.text = text
        self.lastModified = lastModified
        self.name = name
    }
}

/// Where feeds get their calendars: the seam between the web server and the code that renders
/// iCalendar from the store. Called concurrently, from many requests at once, off the server's
/// event loops; a thrown error becomes a bare 500 (the error is logged, never sent).
public protocol CalendarSource: Sendable {
    /// The calendar of one teacher (`subject` = their sourcedId), one school (its sourcedId) or
    /// one PLC team (its id, as a string).
    func calendar(scope: FeedScope, subject: String) throws -> FeedCalendar
}
