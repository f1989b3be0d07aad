/// A term of the school year (OneRoster academicSession of type term, semester or schoolYear).
public struct SchoolTerm: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var start: CalendarDate
    public var end: CalendarDate
    /// Where the school year starts: rotation days are counted from here, across terms.
    public var yearStart: CalendarDate

    public init(id: String, title: String, start: CalendarDate, end: CalendarDate, yearStart: CalendarDate? = nil) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.yearStart = min(yearStart ?? start, start)
    }
}

/// Which schedule day each date of a term is: the weekday for a Mon–Fri school, or the rotation
/// day (A, B, …) for a block school. Rotation days follow one another over the instructional days
/// from the start of the school year (weekends and days without sessions are skipped; early
/// releases and testing days count); a date the calendar labels explicitly resets the cycle there.
public struct SchoolCalendar: Sendable {
    public let term: SchoolTerm
    /// The school's schedule days, in order (weekdays, or the rotation labels).
    public let days: [ScheduleDay]
    public let special: [CalendarDate: CalendarDayKind]
    private let labels: [CalendarDate: ScheduleDay]

    public var rotates: Bool { !days.allSatisfy(\.isWeekday) }

    public init(term: SchoolTerm, days: [ScheduleDay], special: [CalendarDate: CalendarDayKind],
                explicitRotation: [CalendarDate: String] = [:]) {
        self.term = term
        self.days = days
        self.special = special
        var labels: [CalendarDate: ScheduleDay] = [:]
        let rotation = days.compactMap { day -> String? in
            if case .rotation(let label) = day { return label }
            return nil
        }
        if !rotation.isEmpty {
            var next = 0
            var date = term.yearStart
            while date <= term.end {
                let isWeekend = date.weekday == .saturday || date.weekday == .sunday
                if !isWeekend && !(special[date]?.hasNoSessions ?? false) {
                    if let explicit = explicitRotation[date], let k = rotation.firstIndex(of: explicit) {
                        next = k
                    }
                    labels[date] = .rotation(rotation[next])
                    next = (next + 1) % rotation.count
                }
                date = date.adding(days: 1)
            }
        }
        self.labels = labels
    }

    /// The schedule day of a date in the term, or nil when no sessions take place (weekend,
    /// holiday, break, no-school day, outside the term, or a weekday the school does not use).
    public func scheduleDay(on date: CalendarDate) -> ScheduleDay? {
        guard date >= term.start, date <= term.end, !(special[date]?.hasNoSessions ?? false) else { return nil }
        if rotates { return labels[date] }
        guard days.contains(.weekday(date.weekday)) else { return nil }
        return .weekday(date.weekday)
    }

    /// Every date of the term with sessions, with its schedule day.
    public var schoolDays: [(date: CalendarDate, day: ScheduleDay)] {
        var out: [(CalendarDate, ScheduleDay)] = []
        var date = term.start
        while date <= term.end {
            if let day = scheduleDay(on: date) { out.append((date, day)) }
            date = date.adding(days: 1)
        }
        return out
    }
}
