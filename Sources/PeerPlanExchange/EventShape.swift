import Foundation
import PeerPlanCalendar
import PeerPlanCore

/// What PeerPlan last published under a UID, kept beside its SEQUENCE (`publishedEvent.shape`) so
/// that an event a later schedule run no longer lays out can still be published as cancelled —
/// the same UID, the same time and rule, `STATUS:CANCELLED`, a higher SEQUENCE — in the calendars
/// that carried it, until its last date has passed. Without it a removed meeting would just
/// vanish from feeds, and calendars that imported a file would keep it for ever.
///
/// Stored as one line of `|`-separated fields (cheap to write and compare on every publication;
/// parsed only for events that disappeared); the summary, last, may contain `|`.
struct EventShape: Equatable, Sendable {
    enum Form: String, Sendable {
        /// A weekly series (RRULE) from `first` to `last`.
        case weekly = "w"
        /// One dated event (rotation days).
        case dated = "d"
        /// An all-day event (micro-credential checkpoints).
        case allDay = "a"
    }

    var form: Form
    var first: CalendarDate
    var start: ClockTime
    var end: ClockTime
    var everyWeeks: Int
    /// The last date the event happens on: cancellations are published until it has passed.
    var last: CalendarDate
    var kind: String
    /// The PLC team's meeting id (`plc:<id>`) for a PLC's events, so the team's calendar carries
    /// the cancellation too.
    var plcMeeting: String?
    /// Whose calendars carried it (teacher sourcedIds, sorted).
    var members: [String]
    /// As the school's calendar showed it.
    var summary: String

    var text: String {
        [Self.version, form.rawValue, first.description, start.description, end.description, String(everyWeeks), last.description,
         kind, plcMeeting ?? "", members.joined(separator: ","), summary].joined(separator: "|")
    }

    static let version = "1"

    init(form: Form, first: CalendarDate, start: ClockTime, end: ClockTime, everyWeeks: Int, last: CalendarDate,
         kind: String, plcMeeting: String?, members: [String], summary: String) {
        self.form = form
        self.first = first
        self.start = start
        self.end = end
        self.everyWeeks = everyWeeks
        self.last = last
        self.kind = kind
        self.plcMeeting = plcMeeting
        self.members = members
        self.summary = summary
    }

    init?(text: String) {
        let f = text.split(separator: "|", maxSplits: 10, omittingEmptySubsequences: false).map(String.init)
        guard f.count == 11, f[0] == Self.version, let form = Form(rawValue: f[1]), let first = CalendarDate(parsing: f[2]),
              let start = ClockTime(parsing: f[3]), let end = ClockTime(parsing: f[4]), let every = Int(f[5]), every >= 1,
              let last = CalendarDate(parsing: f[6]) else { return nil }
        self.init(form: form, first: first, start: start, end: end, everyWeeks: every, last: last, kind: f[7],
                  plcMeeting: f[8].isEmpty ? nil : f[8], members: f[9].split(separator: ",").map(String.init), summary: f[10])
    }

    /// The event as cancelled: same UID, time and rule as published, `STATUS:CANCELLED`.
    func cancelledEvent(uid: String, sequence: Int, timeZoneID: String, organizer: CalendarPerson, attendees: [CalendarPerson],
                        categories: [String]) throws -> CalendarEvent {
        let about = "No longer scheduled: this session was removed from the school's plan."
        switch form {
        case .allDay:
            return CalendarEvent(uid: uid, summary: "Cancelled: \(summary)", description: about, time: .allDay(on: first), sequence: sequence,
                                 categories: categories, status: .cancelled, organizer: organizer, attendees: attendees)
        case .dated, .weekly:
            let recurrence = form == .weekly
                ? WeeklyRecurrence(interval: everyWeeks, until: try LibicalRuntime.utc(for: LocalDateTime(date: last, time: start), timeZoneID: timeZoneID))
                : nil
            return CalendarEvent(uid: uid, summary: "Cancelled: \(summary)", description: about,
                                 time: .timed(start: LocalDateTime(date: first, time: start), end: LocalDateTime(date: first, time: end), timeZoneID: timeZoneID),
                                 recurrence: recurrence, sequence: sequence, categories: categories, status: .cancelled,
                                 organizer: organizer, attendees: attendees)
        }
    }
}
