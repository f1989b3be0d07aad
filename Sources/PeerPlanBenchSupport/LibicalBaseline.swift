// Dev-only measuring code. PeerPlanCalendar stays the product's one owner of libical memory;
// this file imports CLibical only to time libical alone for `peerplan-bench export`, and follows
// the ownership rules written down in PeerPlanCalendar/Libical.swift (the root component frees
// its tree; `*_r` strings are freed by `Ical.takeString`).
import CLibical
import PeerPlanCalendar
import PeerPlanCore

/// libical's own speed limit, for the export benchmark: the same events, with the same
/// properties, put into libical components with the fewest calls and printed — no checks, no
/// VTIMEZONE, no calendar-level properties. Not used to publish anything.
package enum LibicalBaseline {
    /// Serialises each document's events; returns the number of bytes produced.
    package static func serialize(_ documents: [CalendarDocument]) throws -> Int {
        // libical's one-time set-up only (no zones: the baseline writes none).
        try LibicalRuntime.prepare(timeZoneIDs: [])
        var bytes = 0
        for document in documents {
            guard let calendar = icalcomponent_new_vcalendar() else { continue }
            icalcomponent_add_property(calendar, icalproperty_new_version("2.0"))
            icalcomponent_add_property(calendar, icalproperty_new_prodid(document.productID))
            for event in document.events {
                guard let vevent = icalcomponent_new_vevent() else { continue }
                icalcomponent_add_property(vevent, icalproperty_new_uid(event.uid))
                icalcomponent_add_property(vevent, icalproperty_new_summary(event.summary))
                icalcomponent_add_property(vevent, icalproperty_new_sequence(Int32(event.sequence)))
                if let description = event.description { icalcomponent_add_property(vevent, icalproperty_new_description(description)) }
                if let location = event.location { icalcomponent_add_property(vevent, icalproperty_new_location(location)) }
                for category in event.categories { icalcomponent_add_property(vevent, icalproperty_new_categories(category)) }
                if event.status == .cancelled { icalcomponent_add_property(vevent, icalproperty_new_status(ICAL_STATUS_CANCELLED)) }
                if let organizer = event.organizer {
                    let o = icalproperty_new_organizer("mailto:" + organizer.email)
                    icalproperty_add_parameter(o, icalparameter_new_cn(organizer.name))
                    icalcomponent_add_property(vevent, o)
                }
                for person in event.attendees {
                    let a = icalproperty_new_attendee("mailto:" + person.email)
                    icalproperty_add_parameter(a, icalparameter_new_cn(person.name))
                    icalcomponent_add_property(vevent, a)
                }
                if case .allDay(let start, let end) = event.time {
                    icalcomponent_add_property(vevent, icalproperty_new_dtstart(Ical.date(start)))
                    icalcomponent_add_property(vevent, icalproperty_new_dtend(Ical.date(end)))
                }
                if case .timed(let start, let end, let tzid) = event.time {
                    let s = icalproperty_new_dtstart(Ical.floating(start))
                    icalproperty_add_parameter(s, icalparameter_new_tzid(tzid))
                    icalcomponent_add_property(vevent, s)
                    let e = icalproperty_new_dtend(Ical.floating(end))
                    icalproperty_add_parameter(e, icalparameter_new_tzid(tzid))
                    icalcomponent_add_property(vevent, e)
                    for date in event.excludedDates {
                        let x = icalproperty_new_exdate(Ical.floating(LocalDateTime(date: date, hour: start.hour, minute: start.minute)))
                        icalproperty_add_parameter(x, icalparameter_new_tzid(tzid))
                        icalcomponent_add_property(vevent, x)
                    }
                }
                if let recurrence = event.recurrence {
                    var rule = icalrecurrencetype()
                    icalrecurrencetype_clear(&rule)
                    rule.freq = ICAL_WEEKLY_RECURRENCE
                    rule.interval = Int16(recurrence.interval)
                    rule.until = Ical.utc(recurrence.until)
                    icalcomponent_add_property(vevent, icalproperty_new_rrule(rule))
                }
                icalcomponent_add_component(calendar, vevent)
            }
            // Into a Swift string, as the real export does.
            bytes += Ical.takeString(icalcomponent_as_ical_string_r(calendar))?.utf8.count ?? 0
            icalcomponent_free(calendar)
        }
        return bytes
    }
}
