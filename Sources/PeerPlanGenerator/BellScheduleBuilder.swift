import PeerPlanCore

/// One period of a generated bell-schedule template (no day yet: a template serves several days).
struct TemplatePeriod: Sendable {
    let name: String
    let kind: PeriodKind
    let start: ClockTime
    let end: ClockTime
}

/// One bell-schedule template and the school days that follow it (Mon–Fri, or one rotation day).
struct BellGroup: Sendable {
    let days: [ScheduleDay]
    let periods: [TemplatePeriod]
    /// Indexes (into the school's instruction slots) of this group's instruction periods, in order.
    let slots: [Int]
    /// Slot index after which lunch falls: a double period never spans it.
    let lastSlotBeforeLunch: Int
}

struct BellScheduleBuilder {
    /// Lays out one day: optional advisory (`HR`), instruction periods, and lunch (`L`) after
    /// `lunchAfter` instruction periods; periods fill `dayLength` minutes with `passing` minutes
    /// between them and never overlap.
    static func day(names: [String], start: Int, dayLength: Int, passing: Int, lunchAfter: Int,
                    lunchLength: Int, advisoryLength: Int?, advisoryAfter: Int) -> [TemplatePeriod] {
        enum Item { case instruction(String), lunch, advisory }
        var items: [Item] = []
        for (i, name) in names.enumerated() {
            if advisoryLength != nil, i == advisoryAfter { items.append(.advisory) }
            if i == lunchAfter { items.append(.lunch) }
            items.append(.instruction(name))
        }
        let fixed = lunchLength + (advisoryLength ?? 0) + passing * (items.count - 1)
        let instructionLength = (dayLength - fixed) / names.count
        precondition(instructionLength >= 30, "instruction periods are at least 30 minutes")
        var periods: [TemplatePeriod] = []
        var clock = start
        for item in items {
            let name: String, kind: PeriodKind, length: Int
            switch item {
            case .instruction(let n): (name, kind, length) = (n, .instruction, instructionLength)
            case .lunch: (name, kind, length) = ("L", .lunch, lunchLength)
            case .advisory: (name, kind, length) = ("HR", .advisory, advisoryLength ?? 0)
            }
            periods.append(TemplatePeriod(name: name, kind: kind, start: ClockTime(minutes: clock),
                                      end: ClockTime(minutes: clock + length)))
            clock += length + passing
        }
        return periods
    }

    static let weekdays: [ScheduleDay] = [.weekday(.monday), .weekday(.tuesday), .weekday(.wednesday),
                                          .weekday(.thursday), .weekday(.friday)]

    /// The school's bell groups and the names of its instruction slots.
    static func build(kind: SchoolKind, block: Bool, teachers: Int, rng: inout Xoshiro) -> (groups: [BellGroup], slotNames: [String]) {
        switch kind {
        case .elementary:
            // Small schools keep six periods: a specials teacher or two must fill all but one or two.
            let count = rng.chance(0.55) || teachers < 12 ? 6 : 7
            let names = (1...count).map(String.init)
            let start = 7 * 60 + 40 + 5 * rng.below(5)  // 07:40 … 08:00
            let lunchAfter = count == 6 ? 3 : 4
            let periods = day(names: names, start: start, dayLength: 420, passing: 5, lunchAfter: lunchAfter,
                              lunchLength: 30, advisoryLength: 15, advisoryAfter: 0)
            return ([BellGroup(days: weekdays, periods: periods, slots: Array(0..<count),
                               lastSlotBeforeLunch: lunchAfter - 1)], names)
        case .middle, .high:
            if kind == .high && block { return blockSchedule(rng: &rng) }
            let weights: [Double] = kind == .middle ? [0.25, 0.5, 0.25] : [0.2, 0.45, 0.35]
            let count = 6 + rng.weighted(weights)
            let names = (1...count).map(String.init)
            let start = 7 * 60 + 15 + 5 * rng.below(7)  // 07:15 … 07:45
            let lunchAfter = (count + 1) / 2
            let advisory = count < 8 && rng.chance(kind == .middle ? 0.75 : 0.45)
            let periods = day(names: names, start: start, dayLength: 420 + (count == 8 ? 10 : 0), passing: 5,
                              lunchAfter: lunchAfter, lunchLength: 30,
                              advisoryLength: advisory ? 20 + 5 * rng.below(2) : nil,
                              advisoryAfter: rng.below(2))
            return ([BellGroup(days: weekdays, periods: periods, slots: Array(0..<count),
                               lastSlotBeforeLunch: lunchAfter - 1)], names)
        }
    }

    /// A/B block: A days meet blocks 1–4, B days 5–8, each with advisory and lunch after two blocks.
    private static func blockSchedule(rng: inout Xoshiro) -> (groups: [BellGroup], slotNames: [String]) {
        let start = 7 * 60 + 15 + 5 * rng.below(7)
        let advisoryAfter = rng.below(2)
        let names = (1...8).map(String.init)
        var groups: [BellGroup] = []
        for (g, label) in ["A", "B"].enumerated() {
            let slots = Array((g * 4)..<(g * 4 + 4))
            let periods = day(names: slots.map { names[$0] }, start: start, dayLength: 420, passing: 5,
                              lunchAfter: 2, lunchLength: 30, advisoryLength: 25, advisoryAfter: advisoryAfter)
            groups.append(BellGroup(days: [.rotation(label)], periods: periods, slots: slots,
                                    lastSlotBeforeLunch: slots[1]))
        }
        return (groups, names)
    }
}
