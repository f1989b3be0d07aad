import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// Importing a teacher's own calendar (.ics) → the periods of their school week it blocks
/// (`externalBusy`), which `FreeTime` then treats as busy.
///
/// A slot (schedule day, period) is busy when, on at least `threshold` (default one half) of the
/// term's dates with that schedule day, an occurrence overlaps the period: a weekly staff meeting
/// blocks its slot, a one-off appointment does not (it is reported as not blocking the weekly
/// pattern). On an A/B school the dates of each rotation day count, so a weekly event on a fixed
/// weekday, which falls on A and B days in turn, usually blocks nothing there.
///
/// Reading the file (UTF-8, iCalendar errors with their line) is `BusyImport+Reading`; the rows,
/// conflicts and run are the store's (`BusyTimeStore`).
package enum BusyImport {
    /// The share of a schedule day's dates an event must overlap a period on to block it.
    package static let defaultThreshold = 0.5

    /// Reads `file` and replaces the teacher's `externalBusy` rows from that file's name, at every
    /// school they work at, in one transaction: on any error (unreadable, not UTF-8, malformed
    /// iCalendar, unknown teacher or term) nothing is written. `date` picks the term when `term`
    /// is nil (default: today in the teacher's first school's zone).
    package static func importFile(
        _ file: URL, displayName: String? = nil, teacher: String, term: String? = nil, on date: CalendarDate? = nil,
        threshold: Double = defaultThreshold, into store: Store
    ) throws -> BusyImportReport {
        let name = displayName ?? file.path
        guard threshold > 0, threshold <= 1 else {
            throw BusyImportError.thresholdOutOfRange(threshold)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw InputError(file: name, message: FileManager.default.fileExists(atPath: file.path) ? "cannot read the file" : "no such file")
        }
        let text = try decodeUTF8(data, file: name)
        var hash = SHA256()
        hash.update(data)
        let fingerprint = hash.hexDigest()
        let source = file.lastPathComponent
        try Exchange.prepare()

        return try BusyTimeStore(store: store).replace(teacher: teacher, term: term, on: date, fingerprint: fingerprint) { week in
            try compute(week, text: text, name: name, source: source, threshold: threshold)
        }
    }

    /// Which slots of each school's week the calendar makes busy over the term, and what it read past.
    private static func compute(
        _ week: BusyTimeStore.TeacherTerm, text: String, name: String, source: String, threshold: Double
    ) throws -> BusyImportReport {
        let term = week.term
        let first = week.schools[0]

        // One day of margin either side in UTC: clipped to the term's local dates below.
        let from = UTCDateTime(LocalDateTime(date: term.start.adding(days: -1), hour: 0, minute: 0))
        let to = UTCDateTime(LocalDateTime(date: term.end.adding(days: 2), hour: 0, minute: 0))
        var readings: [String: BusyCalendar] = [:]
        for zone in Set(week.schools.map(\.timeZone)).sorted() {
            do {
                readings[zone] = try BusyReader.read(text, from: from, to: to, timeZoneID: zone)
            } catch let error as ICalendarError {
                throw inputError(error, text: text, file: name)
            }
        }

        var result: [BusyImportReport.School] = []
        for school in week.schools {
            let reading = readings[school.timeZone]!
            let calendar = school.calendar
            let schedule = school.bellSchedule
            var datesOf: [ScheduleDay: Int] = [:]
            for day in calendar.schoolDays { datesOf[day.day, default: 0] += 1 }

            // slot → dates overlapped; slot → event → dates.
            var hits: [Slot: Set<CalendarDate>] = [:]
            var byEvent: [Slot: [String: Set<CalendarDate>]] = [:]
            var eventsInTerm: [String] = []
            var eventsHitting: Set<String> = []
            for occurrence in reading.occurrences {
                var day = occurrence.start.date
                var inTerm = false
                while day <= occurrence.end.date {
                    defer { day = day.adding(days: 1) }
                    guard day >= term.start, day <= term.end else { continue }
                    inTerm = true
                    guard let scheduleDay = calendar.scheduleDay(on: day) else { continue }
                    let startMinute = day == occurrence.start.date ? occurrence.start.hour * 60 + occurrence.start.minute : 0
                    var endMinute = 24 * 60
                    if day == occurrence.end.date {
                        endMinute = occurrence.end.hour * 60 + occurrence.end.minute + (occurrence.end.second > 0 ? 1 : 0)
                    }
                    guard endMinute > startMinute else { continue }
                    for period in schedule.periods(on: scheduleDay)
                    where period.start.minutes < endMinute && startMinute < period.end.minutes {
                        hits[period.slot, default: []].insert(day)
                        byEvent[period.slot, default: [:]][occurrence.summary, default: []].insert(day)
                        eventsHitting.insert(occurrence.summary)
                    }
                }
                if inTerm, !eventsInTerm.contains(occurrence.summary) { eventsInTerm.append(occurrence.summary) }
            }

            var busy: [BusyImportReport.BusySlot] = []
            var notBlocking: [BusyImportReport.NotBlocking] = []
            let periods = Dictionary(schedule.periods.map { ($0.slot, $0) }, uniquingKeysWith: { a, _ in a })
            for slot in hits.keys.sorted() {
                let total = datesOf[slot.day] ?? 0
                let dates = hits[slot]!.count
                let events = byEvent[slot] ?? [:]
                if total > 0, Double(dates) >= threshold * Double(total) {
                    let names = events.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.map(\.key)
                    busy.append(.init(day: slot.day.description, period: slot.period,
                                      start: periods[slot]?.start.description ?? "", end: periods[slot]?.end.description ?? "",
                                      datesBusy: dates, datesInTerm: total, events: names))
                } else {
                    for (event, eventDates) in events.sorted(by: { $0.key < $1.key }) {
                        notBlocking.append(.init(event: event, day: slot.day.description, period: slot.period,
                                                 dates: eventDates.sorted().map(\.description), datesInTerm: total))
                    }
                }
            }
            notBlocking.sort { ($0.event, $0.dates.first ?? "", $0.day, $0.period) < ($1.event, $1.dates.first ?? "", $1.day, $1.period) }
            result.append(.init(id: school.id, name: school.name, timeZone: school.timeZone, busy: busy,
                                notBlocking: notBlocking, outsideSchoolHours: eventsInTerm.filter { !eventsHitting.contains($0) }))
        }

        var ignored: [BusyImportReport.Ignored] = []
        for event in readings[first.timeZone]!.ignored {
            let entry = BusyImportReport.Ignored(event: event.summary, reason: event.reason.rawValue)
            if !ignored.contains(entry) { ignored.append(entry) }
        }
        return BusyImportReport(
            teacher: week.teacher, teacherName: week.teacherName, file: name, source: source, term: term.id, termTitle: term.title,
            termStart: term.start.description, termEnd: term.end.description, threshold: threshold,
            schools: result, ignored: ignored)
    }
}

