import CLibical
import Foundation

/// One-time, thread-safe set-up of libical, and the only place that touches libical's shared
/// built-in time-zone cache.
///
/// libical's built-in zones are process-global, loaded lazily and expanded lazily (their
/// transition tables grow on demand), and that cache has known races (libical PR #1029). So:
/// every access to a built-in zone happens here, serially, under one lock; zones are loaded
/// once (`prepare` at start-up, or on first use) and turned into plain Swift values
/// (`CompactTimeZone`) that the writer builds fresh VTIMEZONE components from. Writers and
/// readers otherwise only use libical objects they own.
///
/// TZIDs: libical 3.0 names built-in zones `/freeassociation.sourceforge.net/America/Chicago`,
/// and its `icaltimezone_set_tzid_prefix("")` falls back to that prefix, so the prefix is left
/// alone. PeerPlan never prints a built-in zone's TZID: it writes its own VTIMEZONE with the
/// plain IANA name and adds `TZID=<IANA name>` parameters itself.
public enum LibicalRuntime {
    /// The US zones PeerPlan's districts use; loaded by `prepare()` with no arguments.
    public static let defaultTimeZoneIDs = [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
        "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
    ]

    /// Initialises libical once (errors non-fatal, zone table and UTC zone loaded) and loads the
    /// given zones serially. Idempotent and safe to call from any thread; later calls only load
    /// zones not loaded yet. Throws `unknownTimeZone` for an id the system tzdata lacks.
    public static func prepare(timeZoneIDs: [String] = defaultTimeZoneIDs) throws {
        try ZoneRegistry.shared.prepare(timeZoneIDs)
    }

    /// The zones loaded so far, sorted.
    public static var loadedTimeZoneIDs: [String] { ZoneRegistry.shared.loadedIDs }

    /// The UTC instant of a wall-clock time in an IANA zone, e.g. for `WeeklyRecurrence.until`.
    public static func utc(for local: LocalDateTime, timeZoneID: String) throws -> UTCDateTime {
        try ZoneRegistry.shared.utc(for: local, timeZoneID: timeZoneID)
    }

    /// The wall-clock time in an IANA zone of a UTC instant.
    public static func local(for instant: UTCDateTime, timeZoneID: String) throws -> LocalDateTime {
        try ZoneRegistry.shared.localTimes([instant.dateTime.secondsIfUTC], timeZoneID: timeZoneID)[0]
    }

    /// The compact description (one STANDARD, and one DAYLIGHT if the zone observes DST) PeerPlan
    /// publishes for a zone.
    public static func compactTimeZone(_ timeZoneID: String) throws -> CompactTimeZone {
        try ZoneRegistry.shared.compact(timeZoneID)
    }
}

/// A VTIMEZONE reduced to the rules in force now: one STANDARD observance, plus one DAYLIGHT
/// observance for zones with DST, each starting in 1970 (as Google and Outlook publish them),
/// none of libical's ~150 lines of history.
///
/// The writer only publishes it after checking it against libical's full zone (UTC offsets every
/// 15 minutes through every year the document uses the zone in; cached per zone and year). Where
/// they differ, because the zone changed its rules within those years, it publishes libical's
/// zone instead, cut to start at the first of those years and renamed to the plain IANA TZID.
public struct CompactTimeZone: Hashable, Sendable {
    public struct Observance: Hashable, Sendable {
        public var isDaylight: Bool
        public var name: String?
        /// Seconds east of UTC.
        public var offsetFrom: Int
        public var offsetTo: Int
        /// First onset (local time, before the change).
        public var start: LocalDateTime
        /// The yearly RRULE (`FREQ=YEARLY;BYDAY=2SU;BYMONTH=3`), nil for a fixed offset.
        public var rule: String?
    }

    public var timeZoneID: String
    public var observances: [Observance]

    /// A new VTIMEZONE component (caller owns it).
    func makeComponent() throws -> OpaquePointer {
        let vtimezone = try Ical.require(icalcomponent_new_vtimezone(), "VTIMEZONE")
        do {
            icalcomponent_add_property(vtimezone, try Ical.require(icalproperty_new_tzid(timeZoneID), "TZID"))
            for observance in observances {
                let sub = try Ical.require(
                    observance.isDaylight ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard(),
                    "STANDARD/DAYLIGHT")
                icalcomponent_add_component(vtimezone, sub)
                icalcomponent_add_property(sub, try Ical.require(
                    icalproperty_new_tzoffsetfrom(Int32(observance.offsetFrom)), "TZOFFSETFROM"))
                icalcomponent_add_property(sub, try Ical.require(
                    icalproperty_new_tzoffsetto(Int32(observance.offsetTo)), "TZOFFSETTO"))
                if let name = observance.name {
                    icalcomponent_add_property(sub, try Ical.require(icalproperty_new_tzname(name), "TZNAME"))
                }
                icalcomponent_add_property(sub, try Ical.require(
                    icalproperty_new_dtstart(Ical.floating(observance.start)), "DTSTART"))
                if let rule = observance.rule {
                    let recurrence = icalrecurrencetype_from_string(rule)
                    guard recurrence.freq == ICAL_YEARLY_RECURRENCE else {
                        throw ICalendarError.libical("time zone rule \(rule): \(Ical.lastError())")
                    }
                    icalcomponent_add_property(sub, try Ical.require(icalproperty_new_rrule(recurrence), "RRULE"))
                }
            }
        } catch {
            icalcomponent_free(vtimezone)
            throw error
        }
        return vtimezone
    }
}

/// What the writer should emit for a zone over a span of years.
enum VTimezoneSource: Sendable {
    case compact(CompactTimeZone)
    /// libical's full zone (renamed, history before the span cut off): the compact rules do not
    /// match tzdata for every year of the span (the zone changed its rules in it).
    case full(String)

    func makeComponent() throws -> OpaquePointer {
        switch self {
        case .compact(let zone):
            return try zone.makeComponent()
        case .full(let text):
            let root = try Ical.require(icalparser_parse_string(text), "VTIMEZONE")
            if icalcomponent_isa(root) == ICAL_VTIMEZONE_COMPONENT { return root }
            defer { icalcomponent_free(root) }
            guard let inner = Ical.children(root, ICAL_VTIMEZONE_COMPONENT).first else {
                throw ICalendarError.libical("cached VTIMEZONE did not parse")
            }
            icalcomponent_remove_component(root, inner)
            return inner
        }
    }
}

/// The locked cache behind `LibicalRuntime`. Every field is read and written with `lock` held;
/// every libical call on a built-in zone happens with `lock` held.
final class ZoneRegistry: @unchecked Sendable {
    static let shared = ZoneRegistry()

    private final class Entry {
        let builtin: OpaquePointer  // icaltimezone*, owned by libical
        let compact: CompactTimeZone
        let probe: OpaquePointer  // icaltimezone* built from `compact`, ours, lives as long as the process
        var yearMatches: [Int: Bool] = [:]
        var fullByFirstYear: [Int: String] = [:]

        init(builtin: OpaquePointer, compact: CompactTimeZone, probe: OpaquePointer) {
            self.builtin = builtin
            self.compact = compact
            self.probe = probe
        }
    }

    private let lock = NSLock()
    private var initialized = false
    private var entries: [String: Entry] = [:]

    private init() {}

    func prepare(_ ids: [String]) throws {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
        for id in ids { _ = try entryLocked(id) }
    }

    /// Only the one-time libical set-up (used implicitly by the writer and reader).
    func ensureInitialized() {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
    }

    var loadedIDs: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries.keys.sorted()
    }

    func compact(_ id: String) throws -> CompactTimeZone {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
        return try entryLocked(id).compact
    }

    func utc(for local: LocalDateTime, timeZoneID: String) throws -> UTCDateTime {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
        let entry = try entryLocked(timeZoneID)
        var time = Ical.floating(local)
        time.zone = entry.builtin
        let converted = icaltime_convert_to_zone(time, icaltimezone_get_utc_timezone())
        guard let value = Ical.localDateTime(converted) else {
            throw ICalendarError.libical("cannot convert \(local) in \(timeZoneID) to UTC")
        }
        return UTCDateTime(value)
    }

    /// Wall-clock times in the zone `timeZoneID` of instants given as seconds since the epoch.
    func localTimes(_ instants: [Int], timeZoneID: String) throws -> [LocalDateTime] {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
        let entry = try entryLocked(timeZoneID)
        return try instants.map { instant in
            let time = icaltime_from_timet_with_zone(time_t(instant), 0, entry.builtin)
            guard let value = Ical.localDateTime(time) else {
                throw ICalendarError.libical("cannot convert instant \(instant) to \(timeZoneID)")
            }
            return value
        }
    }

    /// The VTIMEZONE to publish for `id` when events in it span `years`: the compact form when it
    /// agrees with tzdata in every one of those years, else libical's full zone cut to the span.
    func vtimezone(_ id: String, years: ClosedRange<Int>) throws -> VTimezoneSource {
        lock.lock()
        defer { lock.unlock() }
        initializeLocked()
        let entry = try entryLocked(id)
        var compactHolds = true
        for year in years where !compactMatchesLocked(entry, year: year) {
            compactHolds = false
            break
        }
        if compactHolds { return .compact(entry.compact) }
        if let cached = entry.fullByFirstYear[years.lowerBound] { return .full(cached) }
        let text = try fullVTimezoneLocked(entry, id: id, firstYear: years.lowerBound)
        entry.fullByFirstYear[years.lowerBound] = text
        return .full(text)
    }

    // MARK: - Locked helpers

    private func initializeLocked() {
        guard !initialized else { return }
        // Errors must come back as icalerrno / NULL, never abort().
        icalerror_set_errors_are_fatal(0)
        // Parses zones.tab and sets up the UTC zone (lazily done, unsynchronised, on first use
        // otherwise: e.g. by icalcomponent_foreach_recurrence).
        _ = icaltimezone_get_builtin_timezones()
        _ = icaltimezone_get_utc_timezone()
        // The first offset lookup on any zone initialises a static "minimum expansion year";
        // do that here, once, on a private UTC zone.
        let utcZone = CompactTimeZone(timeZoneID: "UTC", observances: [
            .init(isDaylight: false, name: "UTC", offsetFrom: 0, offsetTo: 0,
                  start: LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0)!, rule: nil),
        ])
        if let component = try? utcZone.makeComponent(), let zone = icaltimezone_new() {
            if icaltimezone_set_component(zone, component) != 0 {
                var time = Ical.floating(LocalDateTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0)!)
                var isDaylight: Int32 = 0
                _ = icaltimezone_get_utc_offset(zone, &time, &isDaylight)
            } else {
                icalcomponent_free(component)
            }
            icaltimezone_free(zone, 1)
        }
        initialized = true
    }

    private func entryLocked(_ id: String) throws -> Entry {
        if let entry = entries[id] { return entry }
        guard !id.isEmpty, id != "UTC", let builtin = icaltimezone_get_builtin_timezone(id),
              let component = icaltimezone_get_component(builtin)
        else { throw ICalendarError.unknownTimeZone(id) }
        let compact = try Self.compactZone(id: id, from: component)
        let probeComponent = try compact.makeComponent()
        guard let probe = icaltimezone_new() else {
            icalcomponent_free(probeComponent)
            throw ICalendarError.libical("icaltimezone_new: \(Ical.lastError())")
        }
        guard icaltimezone_set_component(probe, probeComponent) != 0 else {
            icalcomponent_free(probeComponent)
            icaltimezone_free(probe, 1)
            throw ICalendarError.libical("compact VTIMEZONE for \(id) was rejected")
        }
        let entry = Entry(builtin: builtin, compact: compact, probe: probe)
        entries[id] = entry
        return entry
    }

    /// Compares the compact zone with libical's full zone every 15 minutes (UTC) through `year`
    /// (with a day of margin either side).
    private func compactMatchesLocked(_ entry: Entry, year: Int) -> Bool {
        if let known = entry.yearMatches[year] { return known }
        var time = Ical.utc(UTCDateTime(year: year - 1, month: 12, day: 31, hour: 0, minute: 0)!)
        let end = Ical.utc(UTCDateTime(year: year + 1, month: 1, day: 2, hour: 0, minute: 0)!)
        var matches = true
        var isDaylight: Int32 = 0
        while icaltime_compare(time, end) < 0 {
            let tzdata = icaltimezone_get_utc_offset_of_utc_time(entry.builtin, &time, &isDaylight)
            let compact = icaltimezone_get_utc_offset_of_utc_time(entry.probe, &time, &isDaylight)
            if tzdata != compact {
                matches = false
                break
            }
            icaltime_adjust(&time, 0, 0, 15, 0)
        }
        entry.yearMatches[year] = matches
        return matches
    }

    private func fullVTimezoneLocked(_ entry: Entry, id: String, firstYear: Int) throws -> String {
        guard let original = icaltimezone_get_component(entry.builtin),
              let clone = icalcomponent_new_clone(original)
        else { throw ICalendarError.libical("VTIMEZONE \(id): \(Ical.lastError())") }
        defer { icalcomponent_free(clone) }
        icaltimezone_truncate_vtimezone(
            clone, Ical.utc(UTCDateTime(year: firstYear, month: 1, day: 1, hour: 0, minute: 0)!),
            icaltime_null_time(), 0)
        for property in Ical.properties(clone, ICAL_TZID_PROPERTY) { icalproperty_set_tzid(property, id) }
        guard let text = Ical.takeString(icalcomponent_as_ical_string_r(clone)) else {
            throw ICalendarError.libical("VTIMEZONE \(id): \(Ical.lastError())")
        }
        return text
    }

    /// Reads libical's VTIMEZONE for a built-in zone (converted from /usr/share/zoneinfo, with
    /// its whole history) and keeps only the rules in force: the STANDARD and DAYLIGHT
    /// observances whose yearly RRULE has no end, restarted in 1970; for a zone without DST, the
    /// last observance as a fixed offset.
    private static func compactZone(id: String, from vtimezone: OpaquePointer) throws -> CompactTimeZone {
        struct Found {
            var isDaylight: Bool
            var name: String?
            var offsetFrom: Int
            var offsetTo: Int
            var start: icaltimetype
            var lastOnset: icaltimetype
            var openRule: String?
        }
        var found: [Found] = []
        for sub in Ical.children(vtimezone, ICAL_ANY_COMPONENT) {
            let kind = icalcomponent_isa(sub)
            guard kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT,
                  let dtstart = Ical.properties(sub, ICAL_DTSTART_PROPERTY).first,
                  let from = Ical.properties(sub, ICAL_TZOFFSETFROM_PROPERTY).first,
                  let to = Ical.properties(sub, ICAL_TZOFFSETTO_PROPERTY).first
            else { continue }
            let start = icalproperty_get_dtstart(dtstart)
            var lastOnset = start
            for rdate in Ical.properties(sub, ICAL_RDATE_PROPERTY) {
                let time = icalproperty_get_rdate(rdate).time
                if icaltime_compare(time, lastOnset) > 0 { lastOnset = time }
            }
            var openRule: String?
            if let rrule = Ical.properties(sub, ICAL_RRULE_PROPERTY).first {
                var recurrence = icalproperty_get_rrule(rrule)
                if icaltime_is_null_time(recurrence.until) != 0 && recurrence.count == 0 {
                    openRule = Ical.takeString(icalrecurrencetype_as_string_r(&recurrence))
                }
            }
            found.append(Found(
                isDaylight: kind == ICAL_XDAYLIGHT_COMPONENT,
                name: Ical.properties(sub, ICAL_TZNAME_PROPERTY).first.flatMap { Ical.string(icalproperty_get_tzname($0)) },
                offsetFrom: Int(icalproperty_get_tzoffsetfrom(from)), offsetTo: Int(icalproperty_get_tzoffsetto(to)),
                start: start, lastOnset: lastOnset, openRule: openRule))
        }
        func latest(_ candidates: [Found], by key: (Found) -> icaltimetype) -> Found? {
            candidates.max { icaltime_compare(key($0), key($1)) < 0 }
        }
        let open = found.filter { $0.openRule != nil }
        if let standard = latest(open.filter { !$0.isDaylight }, by: \.start),
           let daylight = latest(open.filter(\.isDaylight), by: \.start) {
            // Ordered by onset within a year (DAYLIGHT first in the northern hemisphere).
            let observances = try [daylight, standard].map { rule -> CompactTimeZone.Observance in
                .init(isDaylight: rule.isDaylight, name: rule.name, offsetFrom: rule.offsetFrom,
                      offsetTo: rule.offsetTo, start: try firstOnset(rule.openRule!, timeOf: rule.start, in: 1970),
                      rule: rule.openRule)
            }.sorted { $0.start < $1.start }
            return CompactTimeZone(timeZoneID: id, observances: observances)
        }
        guard let last = latest(found, by: \.lastOnset) else {
            throw ICalendarError.libical("VTIMEZONE \(id) has no observances")
        }
        return CompactTimeZone(timeZoneID: id, observances: [
            .init(isDaylight: false, name: last.name, offsetFrom: last.offsetTo, offsetTo: last.offsetTo,
                  start: LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0)!, rule: nil),
        ])
    }

    /// The first date in `year` a yearly rule fires, at the original onset's wall time.
    private static func firstOnset(_ rule: String, timeOf original: icaltimetype, in year: Int) throws -> LocalDateTime {
        var seed = original
        seed.year = Int32(year)
        seed.month = 1
        seed.day = 1
        seed.is_date = 0
        seed.zone = nil
        let recurrence = icalrecurrencetype_from_string(rule)
        guard let iterator = icalrecur_iterator_new(recurrence, seed) else {
            throw ICalendarError.libical("time zone rule \(rule): \(Ical.lastError())")
        }
        defer { icalrecur_iterator_free(iterator) }
        let next = icalrecur_iterator_next(iterator)
        guard let onset = Ical.localDateTime(next), onset.date.year == year else {
            throw ICalendarError.libical("time zone rule \(rule) does not fire in \(year)")
        }
        return onset
    }
}
