/// A calendar date as days since 1970-01-01 (proleptic Gregorian), with the arithmetic the
/// generator needs. Foundation's calendars and formatters are avoided on purpose: they depend on
/// the machine's locale and time zone, and they are slow in loops.
struct CivilDate: Hashable, Comparable, Sendable {
    let days: Int

    init(days: Int) { self.days = days }

    /// Howard Hinnant's days_from_civil.
    init(_ year: Int, _ month: Int, _ day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        days = era * 146_097 + doe - 719_468
    }

    var components: (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    var isoWeekday: Int {
        let w = (days + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    var isWeekday: Bool { isoWeekday <= 5 }

    func adding(days n: Int) -> CivilDate { CivilDate(days: days + n) }

    /// `YYYY-MM-DD`.
    var text: String {
        let (y, m, d) = components
        return String(y) + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
    }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.days < rhs.days }

    /// The weekdays (Monday–Friday) in the closed range.
    static func weekdays(from start: CivilDate, through end: CivilDate) -> [CivilDate] {
        var result: [CivilDate] = []
        var day = start
        while day <= end {
            if day.isWeekday { result.append(day) }
            day = day.adding(days: 1)
        }
        return result
    }
}
