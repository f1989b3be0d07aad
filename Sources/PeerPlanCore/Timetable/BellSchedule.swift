/// One period of a school day.
public struct BellPeriod: Hashable, Sendable {
    public var day: ScheduleDay
    public var name: String
    public var start: ClockTime
    public var end: ClockTime
    public var kind: PeriodKind

    public init(day: ScheduleDay, name: String, start: ClockTime, end: ClockTime, kind: PeriodKind) {
        self.day = day
        self.name = name
        self.start = start
        self.end = end
        self.kind = kind
    }

    public var minutes: Int { end.minutes - start.minutes }
    public var slot: Slot { Slot(day: day, period: name) }

    /// True when the two periods share at least one minute (touching end to start is fine).
    public func overlaps(_ other: BellPeriod) -> Bool {
        day == other.day && start < other.end && other.start < end
    }
}

/// A (day, period) cell of the school week.
public struct Slot: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var day: ScheduleDay
    public var period: String

    public init(day: ScheduleDay, period: String) {
        self.day = day
        self.period = period
    }

    public var description: String { "\(day) \(period)" }

    public static func < (lhs: Slot, rhs: Slot) -> Bool {
        lhs.day != rhs.day ? lhs.day < rhs.day : lhs.period.localizedStandardLess(rhs.period)
    }
}

/// A school's week of periods, ordered by day and start time.
public struct BellSchedule: Sendable, Hashable {
    public private(set) var periods: [BellPeriod]

    public init(periods: [BellPeriod]) {
        self.periods = periods.sorted { $0.day != $1.day ? $0.day < $1.day : $0.start < $1.start }
    }

    public var days: [ScheduleDay] {
        var seen: [ScheduleDay] = []
        for p in periods where seen.last != p.day { seen.append(p.day) }
        return seen
    }

    public var instructionSlots: [Slot] {
        periods.filter { $0.kind == .instruction }.map(\.slot)
    }

    /// The periods of one day in order.
    public func periods(on day: ScheduleDay) -> [BellPeriod] { periods.filter { $0.day == day } }

    /// Free periods: instruction periods in which the teacher has no class and no duty.
    public func freeSlots(busy: Set<Slot>) -> [Slot] {
        instructionSlots.filter { !busy.contains($0) }
    }
}

extension String {
    /// Orders "2" before "10" and "A" before "B", deterministically and without Foundation.
    public func localizedStandardLess(_ other: String) -> Bool {
        switch (Int(self), Int(other)) {
        case let (a?, b?): return a < b
        case (_?, nil): return true
        case (nil, _?): return false
        default: return self < other
        }
    }
}
