import PeerPlanCore

/// The few `CalendarDate` shortcuts the generator's loops use.
extension CalendarDate {
    /// A date the generator knows is valid (its own constants and arithmetic).
    init(_ year: Int, _ month: Int, _ day: Int) {
        self = CalendarDate(year: year, month: month, day: day)!
    }

    init(days: Int) { self.init(dayNumber: days) }

    var days: Int { dayNumber }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    var isoWeekday: Int { weekday.rawValue }

    var isWeekday: Bool { weekday.rawValue <= 5 }

    /// `YYYY-MM-DD`.
    var text: String { description }

    var components: (year: Int, month: Int, day: Int) { (year, month, day) }

    /// The weekdays (Monday–Friday) in the closed range.
    static func weekdays(from start: CalendarDate, through end: CalendarDate) -> [CalendarDate] {
        (start.dayNumber...max(start.dayNumber, end.dayNumber)).compactMap { n in
            let day = CalendarDate(dayNumber: n)
            return day.isWeekday && day <= end ? day : nil
        }
    }
}
