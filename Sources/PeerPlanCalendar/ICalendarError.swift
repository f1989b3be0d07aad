/// Everything that can go wrong writing or reading iCalendar.
public enum ICalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The TZID is not an IANA zone the system's tzdata (via libical) knows.
    case unknownTimeZone(String)
    /// An event that cannot be published as given.
    case invalidEvent(uid: String, reason: String)
    /// The document as a whole cannot be published (e.g. an empty name).
    case invalidDocument(String)
    /// libical refused to build or print something; carries `icalerror_strerror(icalerrno)`.
    case libical(String)
    /// The text is not one VCALENDAR.
    case notACalendar
    /// The parser left X-LIC-ERROR properties: one message per error, as libical wrote it.
    case malformed([String])
    /// A `TZID=` parameter names no VTIMEZONE in the document (Outlook rejects these too).
    case undeclaredTimeZone(String)
    /// No VEVENT with that UID.
    case unknownEvent(uid: String)

    public var description: String {
        switch self {
        case .unknownTimeZone(let tzid): return "unknown time zone \(tzid)"
        case .invalidEvent(let uid, let reason): return "event \(uid): \(reason)"
        case .invalidDocument(let reason): return "calendar: \(reason)"
        case .libical(let message): return "libical: \(message)"
        case .notACalendar: return "not an iCalendar VCALENDAR"
        case .malformed(let errors):
            return "malformed iCalendar (\(errors.count) X-LIC-ERROR): " + errors.joined(separator: "; ")
        case .undeclaredTimeZone(let tzid): return "TZID \(tzid) has no VTIMEZONE in the calendar"
        case .unknownEvent(let uid): return "no event with UID \(uid)"
        }
    }
}
