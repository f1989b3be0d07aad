import PeerPlanCore

/// The 2026-2027 school year: terms, district-wide calendar days and a few school-specific ones.
enum SchoolYear {
    static let yearID = "as-2026-2027"
    static let fallID = "as-2026-fall"
    static let springID = "as-2027-spring"
    static let start = CalendarDate(2026, 8, 10)
    static let fallEnd = CalendarDate(2026, 12, 18)
    static let springStart = CalendarDate(2027, 1, 5)
    static let end = CalendarDate(2027, 5, 28)

    struct Day: Sendable {
        let date: CalendarDate
        let kind: CalendarDayKind
        let note: String
    }

    /// District-wide days, by date; weekdays only.
    static func districtDays(seed: UInt64) -> [Day] {
        var rng = Xoshiro(seed: SplitMix64.mix(seed, 0xCA1E))
        var days: [Day] = []
        func add(_ date: CalendarDate, _ kind: CalendarDayKind, _ note: String) {
            precondition(date.isWeekday, "calendar rows fall on school days")
            days.append(Day(date: date, kind: kind, note: note))
        }
        add(CalendarDate(2026, 9, 7), .holiday, "Labor Day")
        add(rng.chance(0.5) ? CalendarDate(2026, 10, 9) : CalendarDate(2026, 10, 16), .earlyRelease,
            "Early release for professional development")
        if rng.chance(0.4) { add(CalendarDate(2026, 11, 11), .holiday, "Veterans Day") }
        for d in CalendarDate.weekdays(from: CalendarDate(2026, 11, 25), through: CalendarDate(2026, 11, 27)) {
            add(d, .break, "Thanksgiving break")
        }
        add(fallEnd, .earlyRelease, "Early release: last day of fall term")
        for d in CalendarDate.weekdays(from: CalendarDate(2026, 12, 21), through: CalendarDate(2027, 1, 1)) {
            add(d, .break, "Winter break")
        }
        add(CalendarDate(2027, 1, 4), .noSchool, "Teacher work day (no students)")
        add(CalendarDate(2027, 1, 18), .holiday, "Martin Luther King Jr. Day")
        add(CalendarDate(2027, 2, 15), .holiday, "Presidents' Day")
        add(rng.chance(0.5) ? CalendarDate(2027, 2, 5) : CalendarDate(2027, 2, 26), .earlyRelease,
            "Early release for professional development")
        let springBreak = CalendarDate(2027, 3, 8).adding(days: 7 * rng.below(3))  // week of Mar 8, 15 or 22
        for d in CalendarDate.weekdays(from: springBreak, through: springBreak.adding(days: 4)) {
            add(d, .break, "Spring break")
        }
        let testing = rng.chance(0.5) ? CalendarDate(2027, 4, 20) : CalendarDate(2027, 4, 27)
        for d in CalendarDate.weekdays(from: testing, through: testing.adding(days: 2)) {
            add(d, .testing, "State assessment window")
        }
        add(end, .earlyRelease, "Early release: last day of school")
        return days.sorted { $0.date < $1.date }
    }

    /// A few days that only one school has: conferences, PSAT/ACT testing, a school event.
    static func schoolDays(kind: SchoolKind, rng: inout Xoshiro) -> [Day] {
        var days: [Day] = []
        switch kind {
        case .elementary, .middle:
            if rng.chance(kind == .elementary ? 0.6 : 0.45) {
                let thursday = CalendarDate(2026, 10, 15).adding(days: 7 * rng.below(3))
                days.append(Day(date: thursday, kind: .earlyRelease, note: "Parent-teacher conferences"))
            }
            if kind == .middle, rng.chance(0.4) {
                days.append(Day(date: CalendarDate(2027, 1, 26).adding(days: rng.below(3)), kind: .testing,
                                note: "Midyear benchmark testing"))
            }
        case .high:
            if rng.chance(0.7) { days.append(Day(date: CalendarDate(2026, 10, 14), kind: .testing, note: "PSAT/NMSQT")) }
            if rng.chance(0.5) { days.append(Day(date: CalendarDate(2027, 3, 2), kind: .testing, note: "ACT school day testing")) }
            if rng.chance(0.3) {
                days.append(Day(date: CalendarDate(2027, 5, 24), kind: .earlyRelease, note: "Graduation rehearsal"))
            }
        }
        if rng.chance(0.05) {
            days.append(Day(date: CalendarDate(2027, 2, 10).adding(days: rng.below(3)), kind: .noSchool,
                            note: "Building closed for repairs"))
        }
        return days.sorted { $0.date < $1.date }
    }

    /// Weekdays of the previous school year (2025-2026) when observations took place.
    static let fallObservationDays = CalendarDate.weekdays(from: CalendarDate(2025, 9, 8), through: CalendarDate(2025, 12, 12))
        .filter { !($0 >= CalendarDate(2025, 11, 24) && $0 <= CalendarDate(2025, 11, 28)) }
    static let springObservationDays = CalendarDate.weekdays(from: CalendarDate(2026, 1, 12), through: CalendarDate(2026, 4, 24))
        .filter { !($0 >= CalendarDate(2026, 3, 16) && $0 <= CalendarDate(2026, 3, 20)) }
}
