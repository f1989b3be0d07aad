import PeerPlanCore

/// A school-sized placement problem for `peerplan-bench place` (deterministic for a seed):
/// teachers with two free periods a day, weekly pair meetings, peer observations, PLCs of 4–6
/// and protected PD. Benchmark workload, not product.
package enum SyntheticPlacement {
    /// The school shapes of `peerplan-bench place --shape`.
    package enum Shape: String, CaseIterable, Sendable {
        /// Seven periods a day, Monday to Friday, two free periods a day, no weekly cap.
        case weekday
        /// An A/B block schedule (4 blocks a day), 2–3 free blocks per two-day cycle, a weekly cap
        /// of half the free blocks (what the scheduler writes), one session a day.
        case block
        /// Weekdays with scarce free time (5–8 free periods a week), weekly caps of 2–3 periods,
        /// daily caps of 2, and mixed priorities.
        case tight
    }

    package static func school(teachers count: Int, seed: UInt64, shape: Shape) -> PlacementProblem {
        switch shape {
        case .weekday: school(teachers: count, seed: seed)
        case .block: block(teachers: count, seed: seed)
        case .tight: tight(teachers: count, seed: seed)
        }
    }

    /// An A/B block school: the hardest shape the scheduler meets (Oak Ridge High in the Fixtures).
    static func block(teachers count: Int, seed: UInt64) -> PlacementProblem {
        var rng = Xoshiro(seed: seed)
        let days = ["A", "B"]
        let periods: [PlacementProblem.Period] = [
            .init(name: "1", start: "08:00", end: "09:30", kind: "instruction"),
            .init(name: "2", start: "09:40", end: "11:10", kind: "instruction"),
            .init(name: "L", start: "11:10", end: "11:50", kind: "lunch"),
            .init(name: "3", start: "11:55", end: "13:25", kind: "instruction"),
            .init(name: "4", start: "13:35", end: "15:05", kind: "instruction"),
        ]
        let slots = days.flatMap { d in (1...4).map { PlacementProblem.SlotRef(day: d, period: "\($0)") } }
        // Departments of about 6 share one free block; most teachers have one more of their own.
        var teachers: [PlacementProblem.Teacher] = []
        for i in 0..<count {
            var free: Set<Int> = [(i / 6) % 8]
            let extra = rng.below(4) == 0 ? 2 : 1
            while free.count < 1 + extra { free.insert(rng.below(8)) }
            let busy = slots.indices.filter { !free.contains($0) }.map { slots[$0] }
            teachers.append(.init(id: "T\(i)", busy: busy, teaching: busy, maxMeetingPeriodsPerWeek: free.count / 2))
        }
        return meetings(for: teachers, days: days, periods: periods, plcDays: days, dailyCap: 1, seed: seed, rng: &rng,
                        mixedPriorities: false)
    }

    /// Weekdays with scarce free time, tight weekly caps and mixed priorities.
    static func tight(teachers count: Int, seed: UInt64) -> PlacementProblem {
        var rng = Xoshiro(seed: seed)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
        let periods = weekdayPeriods
        let slots = days.flatMap { d in (1...7).map { PlacementProblem.SlotRef(day: d, period: "\($0)") } }
        var teachers: [PlacementProblem.Teacher] = []
        for i in 0..<count {
            // A department's common period on two days, and 3–6 free periods of one's own.
            let common = 1 + (i / 8) % 7
            var free: Set<Int> = [0, 2].map { d in d * 7 + common - 1 }.reduce(into: []) { $0.insert($1) }
            let own = 3 + rng.below(4)
            while free.count < 2 + own { free.insert(rng.below(35)) }
            let busy = slots.indices.filter { !free.contains($0) }.map { slots[$0] }
            teachers.append(.init(id: "T\(i)", busy: busy, teaching: busy, maxMeetingPeriodsPerWeek: 2 + rng.below(2)))
        }
        return meetings(for: teachers, days: days, periods: periods, plcDays: ["Tue", "Wed", "Thu"], dailyCap: 2, seed: seed, rng: &rng,
                        mixedPriorities: true)
    }

    /// Pairs among nearby colleagues (an observation for every other pair), PLC teams of 4–6 and
    /// protected PD, as the scheduler writes them: priorities pair 2, observation 2, PLC 3, PD 1, or
    /// with `mixedPriorities` drawn per meeting (pairs 2–4, observations 1–3, PLCs 2–4).
    private static func meetings(for teachers: [PlacementProblem.Teacher], days: [String], periods: [PlacementProblem.Period],
                                 plcDays: [String], dailyCap: Int, seed: UInt64, rng: inout Xoshiro,
                                 mixedPriorities: Bool) -> PlacementProblem {
        func priority(_ usual: Int, _ low: Int) -> Int { mixedPriorities ? low + rng.below(3) : usual }
        let count = teachers.count
        let ids = teachers.map(\.id)
        var meetings: [PlacementProblem.Meeting] = []
        for k in 0..<(count / 2) {
            let a = rng.below(count)
            var b = (a + 1 + rng.below(10)) % count
            if b == a { b = (a + 1) % count }
            meetings.append(.init(id: "pair-\(k)", kind: "pair", members: [ids[a], ids[b]], priority: priority(2, 2)))
            if k % 2 == 0 {
                meetings.append(.init(id: "obs-\(k)", kind: "observation", members: [ids[a], ids[b]], host: ids[b], priority: priority(2, 1)))
            }
        }
        var k = 0
        var start = 0
        while start < count {
            let size = min(count - start, 4 + rng.below(3))
            if size >= 3 {
                meetings.append(.init(id: "plc-\(k)", kind: "plc", members: Array(ids[start..<(start + size)]),
                                      allowedDays: plcDays, priority: priority(3, 2)))
                k += 1
            }
            start += size
        }
        for id in ids { meetings.append(.init(id: "pd-\(id)", kind: "pd", members: [id], priority: 1)) }
        return PlacementProblem(days: days, periods: periods, maxMeetingsPerTeacherPerDay: dailyCap, teachers: teachers,
                                meetings: meetings, seed: seed, timeLimitSeconds: 1.0)
    }

    package static func school(teachers count: Int, seed: UInt64) -> PlacementProblem {
        var rng = Xoshiro(seed: seed)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
        let periods = weekdayPeriods
        // Departments of about 8 share a common planning period; each teacher has one more of their own.
        var teachers: [PlacementProblem.Teacher] = []
        for i in 0..<count {
            let common = 1 + (i / 8) % 7
            var own = 1 + rng.below(7)
            if own == common { own = own % 7 + 1 }
            let busy = days.flatMap { d in (1...7).filter { $0 != common && $0 != own }.map { PlacementProblem.SlotRef(day: d, period: "\($0)") } }
            teachers.append(.init(id: "T\(i)", busy: busy))
        }
        return meetings(for: teachers, days: days, periods: periods, plcDays: ["Tue", "Wed", "Thu"], dailyCap: 1, seed: seed, rng: &rng,
                        mixedPriorities: false)
    }

    /// Seven 50-minute periods and lunch, Monday to Friday.
    static let weekdayPeriods: [PlacementProblem.Period] = {
        let times = [("07:50", "08:40"), ("08:45", "09:35"), ("09:40", "10:30"), ("10:35", "11:25"),
                     ("12:05", "12:55"), ("13:00", "13:50"), ("13:55", "14:45")]
        var periods = times.enumerated().map { PlacementProblem.Period(name: "\($0.offset + 1)", start: $0.element.0, end: $0.element.1, kind: "instruction") }
        periods.insert(.init(name: "L", start: "11:30", end: "12:00", kind: "lunch"), at: 4)
        return periods
    }()
}
