import PeerPlanCore

// The Swift value model PeerPlan publishes as iCalendar. Plain Sendable values: no libical
// types leak out of this target. Dates are PeerPlanCore's `CalendarDate`.

/// A wall-clock date and time without a zone; its meaning comes from the TZID it is used with.
public struct LocalDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init(date: CalendarDate, hour: Int, minute: Int, second: Int = 0) {
        precondition((0..<24).contains(hour) && (0..<60).contains(minute) && (0..<60).contains(second),
                     "time of day out of range")
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Nil for an impossible date or time of day.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        guard let date = CalendarDate(year: year, month: month, day: day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second)
        else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }

    /// A bell-schedule time on a date.
    public init(date: CalendarDate, time: ClockTime) {
        self.init(date: date, hour: time.hour, minute: time.minute)
    }

    public var clockTime: ClockTime { ClockTime(hour: hour, minute: minute) }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String {
        date.description + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute, lhs.second) < (rhs.date, rhs.hour, rhs.minute, rhs.second)
    }

    /// Seconds since the epoch if this wall time were UTC (used for ordering and spans only).
    var secondsIfUTC: Int { date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second }
}

/// An instant in UTC (the `Z` form), e.g. `DTSTAMP` and a recurrence's `UNTIL`.
public struct UTCDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let dateTime: LocalDateTime

    public init(_ dateTime: LocalDateTime) { self.dateTime = dateTime }

    /// Nil for an impossible date or time of day.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        guard let value = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        self.init(value)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String { dateTime.description + "Z" }

    public static func < (lhs: UTCDateTime, rhs: UTCDateTime) -> Bool { lhs.dateTime < rhs.dateTime }
}

/// When an event happens.
public enum EventTime: Hashable, Sendable {
    /// `DTSTART;TZID=…` / `DTEND;TZID=…`: wall-clock times in one IANA zone (e.g. `America/Chicago`).
    case timed(start: LocalDateTime, end: LocalDateTime, timeZoneID: String)
    /// `DTSTART;VALUE=DATE` / `DTEND;VALUE=DATE`; `end` is exclusive (the day after a one-day event).
    case allDay(start: CalendarDate, end: CalendarDate)

    /// A one-day all-day event (DTEND the next day), as MC checkpoints are published.
    public static func allDay(on date: CalendarDate) -> EventTime { .allDay(start: date, end: date.adding(days: 1)) }

    public var isAllDay: Bool {
        if case .allDay = self { return true }
        return false
    }

    public var startDate: CalendarDate {
        switch self {
        case .timed(let start, _, _): return start.date
        case .allDay(let start, _): return start
        }
    }

    /// The TZID of a timed event; nil for all-day events (DATE values carry no zone).
    public var timeZoneID: String? {
        if case .timed(_, _, let tzid) = self { return tzid }
        return nil
    }
}

/// A weekly `RRULE`: `FREQ=WEEKLY;INTERVAL=n;UNTIL=…Z[;BYDAY=…]`.
public struct WeeklyRecurrence: Hashable, Sendable {
    /// 1 = every week, 2 = every other week (alternating observations).
    public var interval: Int
    /// The last instant an occurrence may start, in UTC (RFC 5545 requires UTC when DTSTART has a
    /// TZID; `LibicalRuntime.utc(for:timeZoneID:)` converts a local end). For an all-day event
    /// only its date is used (`UNTIL=YYYYMMDD`, as DTSTART is a DATE).
    public var until: UTCDateTime
    /// Empty: the weekday of DTSTART.
    public var weekdays: [Weekday]

    public init(interval: Int = 1, until: UTCDateTime, weekdays: [Weekday] = []) {
        self.interval = interval
        self.until = until
        self.weekdays = weekdays
    }
}

/// A person on an event: `ATTENDEE` / `ORGANIZER` with `CN`.
public struct CalendarPerson: Hashable, Sendable {
    public var name: String
    /// Without `mailto:`; empty when unknown (then the person is left out).
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// `STATUS` of an event.
public enum EventStatus: String, Hashable, Sendable {
    case confirmed = "CONFIRMED"
    case cancelled = "CANCELLED"
}

/// One VEVENT.
public struct CalendarEvent: Hashable, Sendable {
    /// Stable: derived from what the meeting *is*, never from a run.
    public var uid: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var time: EventTime
    public var recurrence: WeeklyRecurrence?
    /// Days on which a recurring event does not happen (`EXDATE` at DTSTART's wall time, same TZID,
    /// or `EXDATE;VALUE=DATE` for all-day events).
    public var excludedDates: [CalendarDate]
    /// Raised whenever this meeting changes.
    public var sequence: Int
    public var categories: [String]
    /// For an override of one occurrence of a recurring event (same UID): the original start
    /// (`RECURRENCE-ID;TZID=`, in the series' zone).
    public var recurrenceID: LocalDateTime?
    public var status: EventStatus?
    public var organizer: CalendarPerson?
    public var attendees: [CalendarPerson]

    public init(
        uid: String, summary: String, description: String? = nil, location: String? = nil,
        time: EventTime, recurrence: WeeklyRecurrence? = nil, excludedDates: [CalendarDate] = [],
        sequence: Int = 0, categories: [String] = [], recurrenceID: LocalDateTime? = nil,
        status: EventStatus? = nil, organizer: CalendarPerson? = nil, attendees: [CalendarPerson] = []
    ) {
        self.recurrenceID = recurrenceID
        self.status = status
        self.organizer = organizer
        self.attendees = attendees
        self.uid = uid
        self.summary = summary
        self.description = description
        self.location = location
        self.time = time
        self.recurrence = recurrence
        self.excludedDates = excludedDates
        self.sequence = sequence
        self.categories = categories
    }

    public var isAllDay: Bool { time.isAllDay }
}

/// One published calendar (a teacher's feed, a school's calendar).
public struct CalendarDocument: Hashable, Sendable {
    /// `NAME` and `X-WR-CALNAME`.
    public var name: String
    /// `X-WR-TIMEZONE`: the calendar's home zone (IANA id).
    public var timeZoneID: String
    public var events: [CalendarEvent]
    public var productID: String

    public static let defaultProductID = "-//PeerPlan//PeerPlan Calendar 1.0//EN"

    public init(name: String, timeZoneID: String, events: [CalendarEvent], productID: String = defaultProductID) {
        self.name = name
        self.timeZoneID = timeZoneID
        self.events = events
        self.productID = productID
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
