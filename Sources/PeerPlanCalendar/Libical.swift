import CLibical
import PeerPlanCore

// Small conversions between the Swift model and libical's C types. Internal: nothing in the
// product outside this target sees a libical type. The four marked `package` are shared with the
// export benchmark's plain-libical baseline (PeerPlanBenchSupport, dev-only measuring code), so it
// converts times and frees strings exactly as the writer does.
//
// Ownership rules used throughout this target (libical 3):
//  - `icalcomponent_new_*`, `icalproperty_new_*`, `icalparameter_new_*` return objects the
//    caller owns until they are added to a parent (`icalcomponent_add_property`,
//    `icalproperty_add_parameter`, `icalcomponent_add_component`), which then owns them;
//    freeing the root `icalcomponent` frees the whole tree.
//  - `icalparser_parse_string` returns a tree the caller owns.
//  - `*_get_*` string getters return borrowed pointers: copy before the owner is freed.
//  - `*_r` string functions return malloc'd strings the caller frees (`icalmemory_free_buffer`).
//  - `icaltimezone_set_component` takes ownership of the component; `icaltimezone_free(z, 1)`
//    frees both. Built-in zones (`icaltimezone_get_builtin_timezone`) belong to libical.

package enum Ical {
    /// A floating wall-clock time (no zone); a TZID parameter gives it meaning.
    package static func floating(_ value: LocalDateTime) -> icaltimetype {
        icaltimetype(
            year: Int32(value.date.year), month: Int32(value.date.month), day: Int32(value.date.day),
            hour: Int32(value.hour), minute: Int32(value.minute), second: Int32(value.second),
            is_date: 0, is_daylight: 0, zone: nil)
    }

    /// A `DATE` value.
    package static func date(_ value: CalendarDate) -> icaltimetype {
        icaltimetype(
            year: Int32(value.year), month: Int32(value.month), day: Int32(value.day),
            hour: 0, minute: 0, second: 0, is_date: 1, is_daylight: 0, zone: nil)
    }

    /// A UTC date-time (printed with `Z`).
    package static func utc(_ value: UTCDateTime) -> icaltimetype {
        var time = floating(value.dateTime)
        time.zone = icaltimezone_get_utc_timezone()
        return time
    }

    static func localDateTime(_ time: icaltimetype) -> LocalDateTime? {
        guard icaltime_is_null_time(time) == 0 else { return nil }
        return LocalDateTime(
            year: Int(time.year), month: Int(time.month), day: Int(time.day),
            hour: Int(time.hour), minute: Int(time.minute), second: Int(time.second))
    }

    static func isUTC(_ time: icaltimetype) -> Bool { icaltime_is_utc(time) != 0 }

    /// Copies a borrowed C string.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Copies and frees a string a libical `*_r` function handed to us.
    package static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { icalmemory_free_buffer(pointer) }
        return String(cString: pointer)
    }

    /// `icalerror_strerror(icalerrno)`.
    static func lastError() -> String {
        string(icalerror_strerror(peerplan_ical_errno())) ?? "unknown libical error"
    }

    /// Fails with the current libical error when a constructor returned NULL.
    static func require(_ pointer: OpaquePointer?, _ what: String) throws -> OpaquePointer {
        guard let pointer else { throw ICalendarError.libical("\(what): \(lastError())") }
        return pointer
    }

    /// `icalproperty_new_x` + `icalproperty_set_x_name`.
    static func xProperty(_ name: String, _ value: String) throws -> OpaquePointer {
        let property = try require(icalproperty_new_x(value), name)
        icalproperty_set_x_name(property, name)
        return property
    }

    /// Iterates the direct children of `component` of one kind. Uses the component's internal
    /// iterator, so only for trees this thread owns (or holds the lock for).
    static func children(_ component: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = icalcomponent_get_first_component(component, kind)
        while let current = child {
            result.append(current)
            child = icalcomponent_get_next_component(component, kind)
        }
        return result
    }

    /// The properties of one kind of `component` (same caveat as `children`).
    static func properties(_ component: OpaquePointer, _ kind: icalproperty_kind) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var property = icalcomponent_get_first_property(component, kind)
        while let current = property {
            result.append(current)
            property = icalcomponent_get_next_property(component, kind)
        }
        return result
    }

    /// The value of a property's TZID parameter, if any.
    static func tzidParameter(_ property: OpaquePointer) -> String? {
        guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER) else { return nil }
        return string(icalparameter_get_tzid(parameter))
    }
}
