// Date only: the core needs no more of Foundation than its value types.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A calendar written out as iCalendar text, ready to save as a file or serve as a feed: what an
/// export writes, what a subscription answers with.
public struct RenderedCalendar: Sendable, Hashable {
    /// Whose calendar it is.
    public var audience: CalendarAudience
    /// A human name for the calendar (`NAME`): for lists and logs, never a secret.
    public var name: String
    /// Where it goes in an export folder, e.g. `sch-mid/teachers/t-mid-02.ics` (a teacher's feed
    /// that gathers several schools keeps the first school's).
    public var path: String
    /// The whole iCalendar document (`BEGIN:VCALENDAR` … `END:VCALENDAR`, CRLF line ends).
    public var text: String
    /// How many events (`VEVENT`s, overrides included) it holds.
    public var events: Int
    /// When its content last changed (not when it was rendered): a feed's `Last-Modified`, and
    /// what `If-Modified-Since` is compared with.
    public var lastModified: Date

    public init(audience: CalendarAudience, name: String, path: String, text: String, events: Int, lastModified: Date) {
        self.audience = audience
        self.name = name
        self.path = path
        self.text = text
        self.events = events
        self.lastModified = lastModified
    }
}
