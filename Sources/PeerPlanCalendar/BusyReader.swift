import CLibical
import PeerPlanCore

/// One occurrence of an event that makes a person busy, in the zone it was read for.
public struct BusyOccurrence: Hashable, Sendable {
    public var uid: String
    /// SUMMARY, or "(no title)".
    public var summary: String
    /// Wall-clock start and (exclusive) end in the target zone; may lie on different dates.
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// From an RRULE/RDATE series (or a RECURRENCE-ID override of one) rather than a single event.
    public var recurring: Bool

    public init(uid: String, summary: String, start: LocalDateTime, end: LocalDateTime, recurring: Bool) {
        self.uid = uid
        self.summary = summary
        self.start = start
        self.end = end
        self.recurring = recurring
    }
}

/// An event the busy reader read past, and why.
public struct IgnoredEvent: Hashable, Sendable {
    public enum Reason: String, Sendable, Codable {
        /// `DTSTART;VALUE=DATE`: an all-day event (holidays, birthdays, out-of-office days).
        case allDay = "all-day"
        /// `STATUS:CANCELLED`.
        case cancelled
        /// `TRANSP:TRANSPARENT` (shown as free).
        case transparent
    }

    public var uid: String
    public var summary: String
    public var reason: Reason

    public init(uid: String, summary: String, reason: Reason) {
        self.uid = uid
        self.summary = summary
        self.reason = reason
    }
}

/// What a busy calendar holds in a window.
public struct BusyCalendar: Hashable, Sendable {
    /// Every busy occurrence overlapping the window, ordered by start, then UID.
    public var occurrences: [BusyOccurrence]
    /// Events read past (all-day, cancelled, transparent), in file order, one per event (a
    /// cancelled RECURRENCE-ID override is listed as well: that occurrence was dropped).
    public var ignored: [IgnoredEvent]
}

/// Reads a person's own calendar (.ics exported from Google, Outlook or Apple) as busy times.
///
/// Rules: recurring events are expanded with `icalcomponent_foreach_recurrence`, which applies
/// EXDATE (`icalrecur_iterator` alone does not); a RECURRENCE-ID override replaces the occurrence
/// it names (or drops it when the override is cancelled or transparent); `STATUS:CANCELLED`,
/// `TRANSP:TRANSPARENT` and all-day events are ignored (and listed in `ignored`). Times in UTC
/// (`Z`) and in a TZID declared by a VTIMEZONE of the file are converted to the target zone;
/// floating times are taken to be in the target zone already. A TZID without a VTIMEZONE is an
/// error (`undeclaredTimeZone`), as are X-LIC-ERROR parse errors (`malformed`) and text that is
/// not one VCALENDAR (`notACalendar`).
public enum BusyReader {
    /// The busy occurrences overlapping `[from, to)` (UTC instants), in `timeZoneID`.
    public static func read(_ text: String, from: UTCDateTime, to: UTCDateTime, timeZoneID: String) throws -> BusyCalendar {
        // Loads the target zone (and initialises libical) before anything else touches it.
        _ = try ZoneRegistry.shared.localTimes([], timeZoneID: timeZoneID)
        let (root, calendar) = try ICalendarReader.parseTree(text)
        defer { icalcomponent_free(root) }
        let raw = try expand(calendar, from: from.dateTime.secondsIfUTC, to: to.dateTime.secondsIfUTC)

        // Zoned instants go through the target zone (under the registry's lock); floating
        // instants were computed as if UTC, so their wall time is read back unchanged.
        let zoned = raw.occurrences.filter { !$0.floating }
        let converted = try ZoneRegistry.shared.localTimes(zoned.flatMap { [$0.start, $0.end] }, timeZoneID: timeZoneID)
        var next = 0
        var occurrences: [BusyOccurrence] = []
        for item in raw.occurrences {
            let start: LocalDateTime, end: LocalDateTime
            if item.floating {
                start = wallTime(ofUnixSeconds: item.start)
                end = wallTime(ofUnixSeconds: item.end)
            } else {
                start = converted[next]
                end = converted[next + 1]
                next += 2
            }
            occurrences.append(BusyOccurrence(uid: item.uid, summary: item.summary, start: start, end: end, recurring: item.recurring))
        }
        occurrences.sort { ($0.start, $0.uid, $0.end) < ($1.start, $1.uid, $1.end) }
        return BusyCalendar(occurrences: occurrences, ignored: raw.ignored)
    }

    // MARK: - Expansion (libical)

    private struct RawOccurrence {
        var uid: String
        var summary: String
        /// Seconds since the epoch; for floating times, as if the wall time were UTC.
        var start: Int
        var end: Int
        var floating: Bool
        var recurring: Bool
    }

    private static func expand(_ calendar: OpaquePointer, from: Int, to: Int) throws
        -> (occurrences: [RawOccurrence], ignored: [IgnoredEvent]) {
        let events = Ical.children(calendar, ICAL_VEVENT_COMPONENT)
        let declared = Set(Ical.children(calendar, ICAL_VTIMEZONE_COMPONENT).compactMap { zone in
            Ical.properties(zone, ICAL_TZID_PROPERTY).first.flatMap { Ical.string(icalproperty_get_tzid($0)) }
        })
        let utc = icaltimezone_get_utc_timezone()

        // A TZID must name a VTIMEZONE of this file: otherwise libical would fall back to its
        // shared built-in zones, and other clients reject such files too.
        for event in events {
            for property in Ical.properties(event, ICAL_ANY_PROPERTY) {
                if let tzid = Ical.tzidParameter(property), !declared.contains(tzid), tzid != "UTC", tzid != "GMT" {
                    throw ICalendarError.undeclaredTimeZone(tzid)
                }
            }
        }

        // Bounds on the work one file can ask for (found by fuzzing: a DTSTART in the year 1013
        // kept libical expanding a VTIMEZONE for minutes). Years from 1900 to 2200, and
        // recurrences at most hourly.
        for event in events {
            let uid = Ical.string(icalcomponent_get_uid(event)) ?? ""
            for time in [icalcomponent_get_dtstart(event), icalcomponent_get_dtend(event)] where icaltime_is_null_time(time) == 0 {
                guard (1900...2200).contains(Int(time.year)) else {
                    throw ICalendarError.invalidEvent(uid: uid, reason: "the year \(time.year) is out of range (1900–2200)")
                }
                // Found by fuzzing: `DTEND:20285915T145000` (month 59) came through as a time
                // past the year 9999.
                guard (1...12).contains(Int(time.month)), (1...31).contains(Int(time.day)),
                      (0...23).contains(Int(time.hour)), (0...59).contains(Int(time.minute)), (0...60).contains(Int(time.second)) else {
                    throw ICalendarError.invalidEvent(uid: uid, reason: "a date or time is not valid")
                }
            }
            for property in Ical.properties(event, ICAL_RRULE_PROPERTY) {
                let freq = icalproperty_get_rrule(property).freq
                if freq == ICAL_SECONDLY_RECURRENCE || freq == ICAL_MINUTELY_RECURRENCE {
                    throw ICalendarError.invalidEvent(uid: uid, reason: "it repeats more often than hourly")
                }
            }
        }

        struct Info {
            var uid: String
            var summary: String
            var ignored: IgnoredEvent.Reason?
        }
        func info(_ event: OpaquePointer) -> Info {
            let uid = Ical.string(icalcomponent_get_uid(event)) ?? ""
            let summary = Ical.string(icalcomponent_get_summary(event)).map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
                ?? "(no title)"
            var reason: IgnoredEvent.Reason?
            if icalcomponent_get_dtstart(event).is_date != 0 {
                reason = .allDay
            } else if !Ical.properties(event, ICAL_STATUS_PROPERTY).isEmpty, icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED {
                reason = .cancelled
            } else if let transp = Ical.properties(event, ICAL_TRANSP_PROPERTY).first,
                      icalproperty_get_transp(transp) == ICAL_TRANSP_TRANSPARENT {
                reason = .transparent
            }
            return Info(uid: uid, summary: summary, ignored: reason)
        }
        /// Seconds since the epoch of a time as libical resolved it (floating and UTC as UTC).
        func instant(_ time: icaltimetype) -> Int {
            Int(icaltime_as_timet_with_zone(time, time.zone ?? utc))
        }
        func isFloating(_ time: icaltimetype) -> Bool { time.zone == nil }

        // RECURRENCE-ID overrides by UID, with the instant of the occurrence each replaces.
        struct Override { var component: OpaquePointer; var replaces: Int }
        var overrides: [String: [Override]] = [:]
        var masters: [OpaquePointer] = []
        var masterUIDs: Set<String> = []
        for event in events {
            guard let property = Ical.properties(event, ICAL_RECURRENCEID_PROPERTY).first else {
                masters.append(event)
                if let uid = Ical.string(icalcomponent_get_uid(event)) { masterUIDs.insert(uid) }
                continue
            }
            var rid = icalproperty_get_recurrenceid(property)
            if rid.zone == nil, let tzid = Ical.tzidParameter(property) {
                rid.zone = (tzid == "UTC" || tzid == "GMT") ? utc : icalcomponent_get_timezone(calendar, tzid)
            }
            let uid = Ical.string(icalcomponent_get_uid(event)) ?? ""
            overrides[uid, default: []].append(Override(component: event, replaces: instant(rid)))
        }

        final class Collector {
            var spans: [(start: Int, end: Int)] = []
        }
        // The window with a day of margin either side: occurrences are clipped again below.
        var rangeStart = icaltime_from_timet_with_zone(time_t(from - 86_400), 0, utc)
        var rangeEnd = icaltime_from_timet_with_zone(time_t(to + 86_400), 0, utc)
        rangeStart.zone = utc
        rangeEnd.zone = utc

        var occurrences: [RawOccurrence] = []
        var ignored: [IgnoredEvent] = []
        var replacedBy: [String: Set<Int>] = [:]
        for (uid, list) in overrides { replacedBy[uid] = Set(list.map(\.replaces)) }

        for master in masters {
            let about = info(master)
            if let reason = about.ignored {
                ignored.append(IgnoredEvent(uid: about.uid, summary: about.summary, reason: reason))
                continue
            }
            let dtstart = icalcomponent_get_dtstart(master)
            guard icaltime_is_null_time(dtstart) == 0 else {
                throw ICalendarError.invalidEvent(uid: about.uid, reason: "no DTSTART")
            }
            let recurring = !Ical.properties(master, ICAL_RRULE_PROPERTY).isEmpty
                || !Ical.properties(master, ICAL_RDATE_PROPERTY).isEmpty
            let collector = Collector()
            withExtendedLifetime(collector) {
                icalcomponent_foreach_recurrence(master, rangeStart, rangeEnd, { _, span, data in
                    guard let span, let data else { return }
                    Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue().spans
                        .append((Int(span.pointee.start), Int(span.pointee.end)))
                }, Unmanaged.passUnretained(collector).toOpaque())
            }
            let replaced = replacedBy[about.uid] ?? []
            // RFC 5545 §3.8.2.2: DTEND must be later than DTSTART (found by fuzzing: such an
            // event came through as an occurrence ending before it started).
            if collector.spans.contains(where: { $0.end < $0.start }) {
                throw ICalendarError.invalidEvent(uid: about.uid, reason: "DTEND is before DTSTART")
            }
            for span in collector.spans where !replaced.contains(span.start) {
                occurrences.append(RawOccurrence(uid: about.uid, summary: about.summary, start: span.start, end: span.end,
                                                 floating: isFloating(dtstart), recurring: recurring))
            }
        }

        for event in events where !Ical.properties(event, ICAL_RECURRENCEID_PROPERTY).isEmpty {
            let about = info(event)
            if let reason = about.ignored {
                ignored.append(IgnoredEvent(uid: about.uid, summary: about.summary, reason: reason))
                continue
            }
            let dtstart = icalcomponent_get_dtstart(event)
            guard icaltime_is_null_time(dtstart) == 0 else {
                throw ICalendarError.invalidEvent(uid: about.uid, reason: "override without DTSTART")
            }
            let start = instant(dtstart)
            let dtend = icalcomponent_get_dtend(event)
            let end = icaltime_is_null_time(dtend) == 0 ? instant(dtend) : start
            let hasMaster = masterUIDs.contains(about.uid)
            occurrences.append(RawOccurrence(uid: about.uid, summary: about.summary, start: start, end: max(start, end),
                                             floating: isFloating(dtstart), recurring: hasMaster))
        }
        // Instants from 1900 to 2200 only, whatever a VTIMEZONE's offsets or an override said.
        if let wild = occurrences.first(where: { !(-2_208_988_800...7_258_118_400).contains($0.start) || !(-2_208_988_800...7_258_118_400).contains($0.end) }) {
            throw ICalendarError.invalidEvent(uid: wild.uid, reason: "a time is out of range (1900–2200)")
        }
        // Only what overlaps the window (zero-length events at its start included).
        let kept = occurrences.filter { $0.start < to && ($0.end > from || $0.start == from) }
        return (kept, ignored)
    }

    private static func wallTime(ofUnixSeconds seconds: Int) -> LocalDateTime {
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        return LocalDateTime(date: CalendarDate(dayNumber: days), hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }
}
