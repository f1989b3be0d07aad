import PeerPlanCore

/// A school-sized placement problem for `peerplan-bench place` (deterministic for a seed):
/// teachers with two free periods a day, weekly pair meetings, peer observations, PLCs of 4–6
/// and protected PD. Benchmark workload, not product.
package enum SyntheticPlacement {
    package static func school(teachers count: Int, seed: UInt64) -> PlacementProblem {
        var rng = Xoshiro(seed: seed)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
        let times = [("07:50", "08:40"), ("08:45", "09:35"), ("09:40", "10:30"), ("10:35", "11:25"),
                     ("12:05", "12:55"), ("13:00", "13:50"), ("13:55", "14:45")]
        var periods = times.enumerated().map { PlacementProblem.Period(name: "\($0.offset + 1)", start: $0.element.0, end: $0.element.1, kind: "instruction") }
        periods.insert(.init(name: "L", start: "11:30", end: "12:00", kind: "lunch"), at: 4)
        // Departments of about 8 share a common planning period; each teacher has one more of their own.
        var teachers: [PlacementProblem.Teacher] = []
        for i in 0..<count {
            let common = 1 + (i / 8) % 7
            var own = 1 + rng.below(7)
            if own == common { own = own % 7 + 1 }
            let busy = days.flatMap { d in (1...7).filter { $0 != common && $0 != own }.map { PlacementProblem.SlotRef(day: d, period: "\($0)") } }
            teachers.append(.init(id: "T\(i)", busy: busy))
        }
        var meetings: [PlacementProblem.Meeting] = []
        let ids = teachers.map(\.id)
        // Pairs among colleagues of nearby departments, an observation for every other pair.
        for k in 0..<(count / 2) {
            let a = rng.below(count)
            var b = (a + 1 + rng.below(10)) % count
            if b == a { b = (a + 1) % count }
            meetings.append(.init(id: "pair-\(k)", kind: "pair", members: [ids[a], ids[b]], priority: 2))
            if k % 2 == 0 {
                meetings.append(.init(id: "obs-\(k)", kind: "observation", members: [ids[a], ids[b]], host: ids[b], priority: 2))
            }
        }
        // PLCs: departments split into teams of 4–6, weekly, Tue–Thu.
        var k = 0
        var start = 0
        while start < count {
            let size = min(count - start, 4 + rng.below(3))
            if size >= 3 {
                meetings.append(.init(id: "plc-\(k)", kind: "plc", members: Array(ids[start..<(start + size)]),
                                      allowedDays: ["Tue", "Wed", "Thu"], priority: 3))
                k += 1
            }
            start += size
        }
        for id in ids {
            meetings.append(.init(id: "pd-\(id)", kind: "pd", members: [id], priority: 1))
        }
        return PlacementProblem(days: days, periods: periods, maxMeetingsPerTeacherPerDay: 1, teachers: teachers,
                                meetings: meetings, seed: seed, timeLimitSeconds: 1.0)
    }
}
