import CLibical
import PeerPlanCore

/// Builds iCalendar text with libical (never by hand), following DESIGN.md section 7.
public enum ICalendarWriter {
    /// How often subscribed clients should refresh (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
    public static let refreshInterval = "PT12H"

    /// The whole calendar as iCalendar text: CRLF line ends, lines folded at 75 octets (libical
    /// does both). Deterministic: the same document and stamp give the same bytes; `stamp` is
    /// every event's `DTSTAMP`.
    public static func serialize(_ document: CalendarDocument, stamp: UTCDateTime) throws -> String {
        ZoneRegistry.shared.ensureInitialized()
        let plan = try Plan(document)
        var zones: [OpaquePointer] = []
        defer { zones.forEach { icalcomponent_free($0) } }
        for (tzid, years) in plan.zoneYears.sorted(by: { $0.key < $1.key }) {
            zones.append(try ZoneRegistry.shared.vtimezone(tzid, years: years).makeComponent())
        }

        let calendar = try Ical.require(icalcomponent_new_vcalendar(), "VCALENDAR")
        defer { icalcomponent_free(calendar) }
        func add(_ property: OpaquePointer?, _ what: String) throws {
            icalcomponent_add_property(calendar, try Ical.require(property, what))
        }
        try add(icalproperty_new_version("2.0"), "VERSION")
        try add(icalproperty_new_prodid(document.productID), "PRODID")
        try add(icalproperty_new_calscale("GREGORIAN"), "CALSCALE")
        try add(icalproperty_new_method(ICAL_METHOD_PUBLISH), "METHOD")
        try add(icalproperty_new_name(document.name), "NAME")
        try add(Ical.xProperty("X-WR-CALNAME", document.name), "X-WR-CALNAME")
        try add(Ical.xProperty("X-WR-TIMEZONE", document.timeZoneID), "X-WR-TIMEZONE")
        let refresh = try Ical.require(
            icalproperty_new_refreshinterval(icaldurationtype_from_string(refreshInterval)), "REFRESH-INTERVAL")
        icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION))
        icalcomponent_add_property(calendar, refresh)
        try add(Ical.xProperty("X-PUBLISHED-TTL", refreshInterval), "X-PUBLISHED-TTL")

        // The calendar owns the zones from here on.
        for zone in zones { icalcomponent_add_component(calendar, zone) }
        zones.removeAll()

        for event in document.events {
            let vevent = try makeEvent(event, stamp: stamp)
            icalcomponent_add_component(calendar, vevent)
        }

        guard let text = Ical.takeString(icalcomponent_as_ical_string_r(calendar)) else {
            throw ICalendarError.libical("printing the calendar: \(Ical.lastError())")
        }
        return text
    }

    /// Validates a document before any libical object is made, and collects the years each
    /// TZID is used in (for the VTIMEZONE check).
    private struct Plan {
        var zoneYears: [String: ClosedRange<Int>] = [:]

        init(_ document: CalendarDocument) throws {
            guard !document.name.isEmpty else { throw ICalendarError.invalidDocument("empty calendar name") }
            guard !document.productID.isEmpty else { throw ICalendarError.invalidDocument("empty PRODID") }
            _ = try LibicalRuntime.compactTimeZone(document.timeZoneID)  // X-WR-TIMEZONE must be real
            var uids = Set<String>()
            for event in document.events {
                func invalid(_ reason: String) -> ICalendarError { .invalidEvent(uid: event.uid, reason: reason) }
                guard !event.uid.isEmpty else { throw invalid("empty UID") }
                guard uids.insert(event.uid + "|" + (event.recurrenceID?.description ?? "")).inserted else {
                    throw invalid(event.recurrenceID == nil ? "duplicate UID" : "duplicate RECURRENCE-ID")
                }
                if event.recurrenceID != nil && event.recurrence != nil { throw invalid("an override (RECURRENCE-ID) cannot recur") }
                if event.recurrenceID != nil && event.time.timeZoneID == nil { throw invalid("RECURRENCE-ID needs a timed event") }
                for person in event.attendees + (event.organizer.map { [$0] } ?? []) where person.email.contains(where: { $0 == " " || $0 == "\n" }) {
                    throw invalid("email \"\(person.email)\" is not an address")
                }
                guard !event.summary.isEmpty else { throw invalid("empty SUMMARY") }
                guard event.sequence >= 0, event.sequence <= Int(Int32.max) else { throw invalid("SEQUENCE out of range") }
                for category in event.categories where category.isEmpty || category.contains(",") {
                    throw invalid("category \"\(category)\" is empty or contains a comma")
                }
                if let recurrence = event.recurrence {
                    guard (1...Int(Int16.max)).contains(recurrence.interval) else { throw invalid("INTERVAL out of range") }
                    guard Set(recurrence.weekdays).count == recurrence.weekdays.count else { throw invalid("repeated BYDAY") }
                }
                switch event.time {
                case .timed(let start, let end, let tzid):
                    guard start < end else { throw invalid("DTEND is not after DTSTART") }
                    _ = try LibicalRuntime.compactTimeZone(tzid)
                    var last = end.date.year
                    if let until = event.recurrence?.until {
                        guard start.secondsIfUTC <= until.dateTime.secondsIfUTC + 14 * 3600 else {
                            throw invalid("UNTIL is before DTSTART")
                        }
                        last = max(last, until.dateTime.date.year)
                    }
                    let years = zoneYears[tzid].map { min($0.lowerBound, start.date.year)...max($0.upperBound, last) }
                    zoneYears[tzid] = years ?? start.date.year...last
                case .allDay(let start, let end):
                    guard start < end else { throw invalid("DTEND is not after DTSTART") }
                }
            }
        }
    }

    private static func makeEvent(_ event: CalendarEvent, stamp: UTCDateTime) throws -> OpaquePointer {
        let vevent = try Ical.require(icalcomponent_new_vevent(), "VEVENT")
        do {
            func add(_ property: OpaquePointer?, _ what: String) throws {
                icalcomponent_add_property(vevent, try Ical.require(property, what))
            }
            func addTimed(_ property: OpaquePointer?, _ what: String, tzid: String) throws {
                let property = try Ical.require(property, what)
                // icalproperty_new_dtstart/dtend/exdate add no TZID for a floating time: add it.
                icalproperty_add_parameter(property, icalparameter_new_tzid(tzid))
                icalcomponent_add_property(vevent, property)
            }
            try add(icalproperty_new_uid(event.uid), "UID")
            try add(icalproperty_new_dtstamp(Ical.utc(stamp)), "DTSTAMP")
            try add(icalproperty_new_sequence(Int32(event.sequence)), "SEQUENCE")
            try add(icalproperty_new_summary(event.summary), "SUMMARY")
            if let description = event.description { try add(icalproperty_new_description(description), "DESCRIPTION") }
            if let location = event.location { try add(icalproperty_new_location(location), "LOCATION") }
            // One CATEGORIES property per category: libical would not escape a comma in a list.
            for category in event.categories { try add(icalproperty_new_categories(category), "CATEGORIES") }
            if let status = event.status {
                try add(icalproperty_new_status(status == .cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED), "STATUS")
            }
            if let organizer = event.organizer, !organizer.email.isEmpty {
                let property = try Ical.require(icalproperty_new_organizer("mailto:" + organizer.email), "ORGANIZER")
                icalproperty_add_parameter(property, icalparameter_new_cn(organizer.name))
                icalcomponent_add_property(vevent, property)
            }
            for person in event.attendees where !person.email.isEmpty {
                let property = try Ical.require(icalproperty_new_attendee("mailto:" + person.email), "ATTENDEE")
                icalproperty_add_parameter(property, icalparameter_new_cn(person.name))
                icalproperty_add_parameter(property, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT))
                icalcomponent_add_property(vevent, property)
            }

            let excluded = Array(Set(event.excludedDates)).sorted()
            switch event.time {
            case .timed(let start, let end, let tzid):
                try addTimed(icalproperty_new_dtstart(Ical.floating(start)), "DTSTART", tzid: tzid)
                try addTimed(icalproperty_new_dtend(Ical.floating(end)), "DTEND", tzid: tzid)
                if let original = event.recurrenceID {
                    try addTimed(icalproperty_new_recurrenceid(Ical.floating(original)), "RECURRENCE-ID", tzid: tzid)
                }
                if let recurrence = event.recurrence {
                    try add(icalproperty_new_rrule(weeklyRule(recurrence, allDay: false)), "RRULE")
                }
                for date in excluded {
                    let time = LocalDateTime(date: date, hour: start.hour, minute: start.minute, second: start.second)
                    try addTimed(icalproperty_new_exdate(Ical.floating(time)), "EXDATE", tzid: tzid)
                }
            case .allDay(let start, let end):
                try add(icalproperty_new_dtstart(Ical.date(start)), "DTSTART")
                try add(icalproperty_new_dtend(Ical.date(end)), "DTEND")
                if let recurrence = event.recurrence {
                    try add(icalproperty_new_rrule(weeklyRule(recurrence, allDay: true)), "RRULE")
                }
                for date in excluded { try add(icalproperty_new_exdate(Ical.date(date)), "EXDATE") }
            }
        } catch {
            icalcomponent_free(vevent)
            throw error
        }
        return vevent
    }

    /// `FREQ=WEEKLY;UNTIL=…;INTERVAL=n[;BYDAY=…]`, filled in libical's struct. For an all-day
    /// event UNTIL is the DATE of `until` (RFC 5545: UNTIL has DTSTART's value type).
    private static func weeklyRule(_ recurrence: WeeklyRecurrence, allDay: Bool) -> icalrecurrencetype {
        var rule = icalrecurrencetype()
        icalrecurrencetype_clear(&rule)
        rule.freq = ICAL_WEEKLY_RECURRENCE
        rule.interval = Int16(recurrence.interval)
        rule.until = allDay ? Ical.date(recurrence.until.dateTime.date) : Ical.utc(recurrence.until)
        withUnsafeMutableBytes(of: &rule.by_day) { bytes in
            let days = bytes.bindMemory(to: Int16.self)
            for (index, weekday) in recurrence.weekdays.sorted().enumerated() {
                days[index] = Int16(libicalWeekday(weekday).rawValue)
            }
            if recurrence.weekdays.count < days.count {
                days[recurrence.weekdays.count] = Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)
            }
        }
        return rule
    }

    private static func libicalWeekday(_ weekday: Weekday) -> icalrecurrencetype_weekday {
        switch weekday {
        case .monday: return ICAL_MONDAY_WEEKDAY
        case .tuesday: return ICAL_TUESDAY_WEEKDAY
        case .wednesday: return ICAL_WEDNESDAY_WEEKDAY
        case .thursday: return ICAL_THURSDAY_WEEKDAY
        case .friday: return ICAL_FRIDAY_WEEKDAY
        case .saturday: return ICAL_SATURDAY_WEEKDAY
        case .sunday: return ICAL_SUNDAY_WEEKDAY
        }
    }
}
