import CLibical
import Foundation

/// A DTSTART/DTEND/EXDATE value as written.
public struct ParsedDateTime: Hashable, Sendable, CustomStringConvertible {
    /// Wall-clock value (for a DATE, midnight).
    public var value: LocalDateTime
    /// `VALUE=DATE`.
    public var isDate: Bool
    /// A `Z` time.
    public var isUTC: Bool
    /// The `TZID` parameter, if any.
    public var timeZoneID: String?

    public init(value: LocalDateTime, isDate: Bool = false, isUTC: Bool = false, timeZoneID: String? = nil) {
        self.value = value
        self.isDate = isDate
        self.isUTC = isUTC
        self.timeZoneID = timeZoneID
    }

    public var description: String {
        if isDate { return value.date.description }
        if isUTC { return value.description + "Z" }
        return value.description + (timeZoneID.map { " " + $0 } ?? "")
    }
}

/// What the reader keeps of one VEVENT.
public struct ParsedEvent: Hashable, Sendable {
    public var uid: String
    public var summary: String?
    public var description: String?
    public var location: String?
    public var start: ParsedDateTime?
    public var end: ParsedDateTime?
    /// The RRULE value as libical prints it, e.g. `FREQ=WEEKLY;UNTIL=20261215T140000Z;INTERVAL=1`.
    public var recurrenceRule: String?
    public var excludedDates: [ParsedDateTime]
    public var sequence: Int
    public var categories: [String]
    /// Set on a week-specific override of a recurring event.
    public var recurrenceID: ParsedDateTime?
    /// `STATUS`, when the event has one PeerPlan publishes (`CONFIRMED`, `CANCELLED`).
    public var status: EventStatus? = nil
}

/// Parses iCalendar text with libical.
public enum ICalendarReader {
    /// Parses one VCALENDAR. Throws `malformed` (naming every X-LIC-ERROR libical's parser left:
    /// that is how it reports parse errors, not through icalerrno), `notACalendar`, or
    /// `undeclaredTimeZone` for a TZID without a VTIMEZONE in the text.
    public static func parse(_ text: String) throws -> ParsedCalendar {
        let (root, calendar) = try parseTree(text)
        do {
            return try ParsedCalendar(root: root, calendar: calendar)
        } catch {
            icalcomponent_free(root)
            throw error
        }
    }

    /// Parses one VCALENDAR into a libical tree the caller owns (free `root`). Throws
    /// `malformed` for X-LIC-ERROR properties and `notACalendar` when there is not exactly one
    /// VCALENDAR.
    static func parseTree(_ text: String) throws -> (root: OpaquePointer, calendar: OpaquePointer) {
        ZoneRegistry.shared.ensureInitialized()
        guard let root = icalparser_parse_string(text) else { throw ICalendarError.notACalendar }
        do {
            let errors = errorMessages(in: root)
            guard errors.isEmpty else { throw ICalendarError.malformed(errors) }
            if icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT { return (root, root) }
            let calendars = Ical.children(root, ICAL_VCALENDAR_COMPONENT)
            guard calendars.count == 1 else { throw ICalendarError.notACalendar }
            return (root, calendars[0])
        } catch {
            icalcomponent_free(root)
            throw error
        }
    }

    /// The X-LIC-ERROR messages of a text: the parser's, then those `icalrestriction_check`
    /// (RFC 5546 rules for the calendar's METHOD) writes into the parsed tree, which is then freed.
    public static func validationErrors(_ text: String) -> (parse: [String], restrictions: [String]) {
        ZoneRegistry.shared.ensureInitialized()
        guard let root = icalparser_parse_string(text) else { return (["not an iCalendar object"], []) }
        defer { icalcomponent_free(root) }
        let parse = errorMessages(in: root)
        _ = icalrestriction_check(root)
        let all = errorMessages(in: root)
        return (parse, Array(all.dropFirst(parse.count)))
    }

    /// The text of every X-LIC-ERROR property in the tree, depth first.
    static func errorMessages(in component: OpaquePointer) -> [String] {
        var messages = Ical.properties(component, ICAL_XLICERROR_PROPERTY).map {
            Ical.string(icalproperty_get_xlicerror($0)) ?? "X-LIC-ERROR"
        }
        for child in Ical.children(component, ICAL_ANY_COMPONENT) {
            messages += errorMessages(in: child)
        }
        return messages
    }
}

/// A parsed calendar. Owns the libical tree (freed on deinit); every use of it is serialised by
/// a lock, because libical components carry internal iterators even for reads.
public final class ParsedCalendar: @unchecked Sendable {
    /// `NAME`, else `X-WR-CALNAME`.
    public let name: String?
    /// `X-WR-TIMEZONE`.
    public let timeZoneID: String?
    /// `METHOD`, e.g. `PUBLISH`.
    public let method: String?
    /// The TZIDs of the VTIMEZONEs in the text, in order.
    public let timeZoneIDs: [String]
    /// The VEVENTs, in order (overrides with RECURRENCE-ID included).
    public let events: [ParsedEvent]

    private let lock = NSLock()
    private let root: OpaquePointer
    private let calendar: OpaquePointer

    fileprivate init(root: OpaquePointer, calendar: OpaquePointer) throws {
        self.root = root
        self.calendar = calendar
        var name: String?
        var wrName: String?
        var wrZone: String?
        for property in Ical.properties(calendar, ICAL_NAME_PROPERTY) { name = name ?? Ical.string(icalproperty_get_name(property)) }
        for property in Ical.properties(calendar, ICAL_X_PROPERTY) {
            switch Ical.string(icalproperty_get_x_name(property))?.uppercased() {
            case "X-WR-CALNAME": wrName = wrName ?? Ical.string(icalproperty_get_x(property))
            case "X-WR-TIMEZONE": wrZone = wrZone ?? Ical.string(icalproperty_get_x(property))
            default: break
            }
        }
        self.name = name ?? wrName
        self.timeZoneID = wrZone
        self.method = Ical.properties(calendar, ICAL_METHOD_PROPERTY).first.flatMap {
            Ical.string(icalproperty_method_to_string(icalproperty_get_method($0)))
        }
        let zones = Ical.children(calendar, ICAL_VTIMEZONE_COMPONENT).compactMap { zone in
            Ical.properties(zone, ICAL_TZID_PROPERTY).first.flatMap { Ical.string(icalproperty_get_tzid($0)) }
        }
        self.timeZoneIDs = zones
        let declared = Set(zones)
        self.events = try Ical.children(calendar, ICAL_VEVENT_COMPONENT).map {
            try ParsedCalendar.readEvent($0, declared: declared)
        }
    }

    deinit {
        icalcomponent_free(root)
    }

    public func event(uid: String) -> ParsedEvent? {
        events.first { $0.uid == uid && $0.recurrenceID == nil }
    }

    /// The local start times (in the event's DTSTART zone; dates at midnight for all-day events)
    /// of the occurrences of the event `uid` starting in `[from, to)`, expanded by
    /// `icalcomponent_foreach_recurrence` (which applies EXDATE). RECURRENCE-ID overrides are not
    /// merged in.
    public func occurrences(of uid: String, from: LocalDateTime, to: LocalDateTime) throws -> [LocalDateTime] {
        lock.lock()
        defer { lock.unlock() }
        guard let vevent = Ical.children(calendar, ICAL_VEVENT_COMPONENT).first(where: {
            Ical.string(icalcomponent_get_uid($0)) == uid
                && Ical.properties($0, ICAL_RECURRENCEID_PROPERTY).isEmpty
        }) else { throw ICalendarError.unknownEvent(uid: uid) }

        let dtstart = icalcomponent_get_dtstart(vevent)
        guard icaltime_is_null_time(dtstart) == 0 else {
            throw ICalendarError.invalidEvent(uid: uid, reason: "no DTSTART")
        }
        // Occurrences come back as UTC instants; map them into DTSTART's zone. Floating times and
        // dates are handled as UTC by libical, so UTC maps them back unchanged.
        let zone = dtstart.zone ?? icaltimezone_get_utc_timezone()
        var rangeStart = Ical.floating(from)
        var rangeEnd = Ical.floating(to)
        rangeStart.zone = zone
        rangeEnd.zone = zone

        final class Collector {
            var starts: [time_t] = []
        }
        let collector = Collector()
        withExtendedLifetime(collector) {
            icalcomponent_foreach_recurrence(vevent, rangeStart, rangeEnd, { _, span, data in
                guard let span, let data else { return }
                Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue().starts.append(span.pointee.start)
            }, Unmanaged.passUnretained(collector).toOpaque())
        }

        var result: [LocalDateTime] = []
        for start in collector.starts {
            let local = icaltime_from_timet_with_zone(start, dtstart.is_date, zone)
            guard let value = Ical.localDateTime(local), value >= from, value < to else { continue }
            result.append(value)
        }
        return result
    }

    private static func readEvent(_ vevent: OpaquePointer, declared: Set<String>) throws -> ParsedEvent {
        let uid = Ical.string(icalcomponent_get_uid(vevent)) ?? ""
        // Every TZID must name a VTIMEZONE of this calendar. Besides matching what clients accept,
        // this keeps libical from falling back to its shared built-in zones (lazily loaded, racy)
        // when it resolves times later.
        for property in Ical.properties(vevent, ICAL_ANY_PROPERTY) {
            if let tzid = Ical.tzidParameter(property), !declared.contains(tzid), tzid != "UTC", tzid != "GMT" {
                throw ICalendarError.undeclaredTimeZone(tzid)
            }
        }
        func dateTime(_ property: OpaquePointer, _ value: icaltimetype) -> ParsedDateTime? {
            guard let local = Ical.localDateTime(value) else { return nil }
            return ParsedDateTime(
                value: local, isDate: value.is_date != 0, isUTC: Ical.isUTC(value), timeZoneID: Ical.tzidParameter(property))
        }
        func first(_ kind: icalproperty_kind) -> OpaquePointer? { Ical.properties(vevent, kind).first }
        func text(_ kind: icalproperty_kind, _ getter: (OpaquePointer?) -> UnsafePointer<CChar>?) -> String? {
            first(kind).flatMap { Ical.string(getter($0)) }
        }

        var rule: String?
        if let property = first(ICAL_RRULE_PROPERTY) {
            var recurrence = icalproperty_get_rrule(property)
            rule = Ical.takeString(icalrecurrencetype_as_string_r(&recurrence))
        }
        return ParsedEvent(
            uid: uid,
            summary: text(ICAL_SUMMARY_PROPERTY, icalproperty_get_summary),
            description: text(ICAL_DESCRIPTION_PROPERTY, icalproperty_get_description),
            location: text(ICAL_LOCATION_PROPERTY, icalproperty_get_location),
            start: first(ICAL_DTSTART_PROPERTY).flatMap { dateTime($0, icalproperty_get_dtstart($0)) },
            end: first(ICAL_DTEND_PROPERTY).flatMap { dateTime($0, icalproperty_get_dtend($0)) },
            recurrenceRule: rule,
            excludedDates: Ical.properties(vevent, ICAL_EXDATE_PROPERTY).compactMap {
                dateTime($0, icalproperty_get_exdate($0))
            },
            sequence: first(ICAL_SEQUENCE_PROPERTY).map { Int(icalproperty_get_sequence($0)) } ?? 0,
            categories: Ical.properties(vevent, ICAL_CATEGORIES_PROPERTY).compactMap {
                Ical.string(icalproperty_get_categories($0))
            },
            recurrenceID: first(ICAL_RECURRENCEID_PROPERTY).flatMap {
                dateTime($0, icalproperty_get_recurrenceid($0))
            },
            status: first(ICAL_STATUS_PROPERTY).flatMap {
                switch icalproperty_get_status($0) {
                case ICAL_STATUS_CANCELLED: return .cancelled
                case ICAL_STATUS_CONFIRMED: return .confirmed
                default: return nil
                }
            })
    }
}
