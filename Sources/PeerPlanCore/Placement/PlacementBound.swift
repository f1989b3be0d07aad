/// An upper bound on the objective that accounts for each teacher's limits (Lagrangian
/// decomposition by teacher).
///
/// Each meeting's value is shared among the members who attend it (weights summing to 1); each
/// teacher then takes the best sessions for their share alone, within their weekly periods, their
/// daily cap on every day and their free periods. The sum over teachers bounds every placement,
/// whatever the weights; a few rounds of subgradient steps move weight toward the members who
/// would not take the meeting, which lowers the bound. Deterministic: a fixed number of rounds.
/// With meetings every 2 weeks the limits are those of the two-week cycle: twice each weekly
/// limit, a weekly session taking its periods (and its place under the daily cap) twice.
struct PlacementBound {
    /// Per meeting: the value of its first k sessions at best (index k, from 0).
    let meetingValue: [[Int]]
    /// Per teacher: (meeting, periods per session, places under the daily cap per session), over the cycle.
    let teacherMeetings: [[(meeting: Int, length: Int, counted: Int)]]
    let periodCap: [Int]
    let countedCap: [Int]
    /// Meetings no teacher attends as more than a host: nothing limits them.
    let unlimited: Int

    init(_ model: PlacementModel) {
        var values: [[Int]] = []
        var constant = 0
        var perTeacher = [[(meeting: Int, length: Int, counted: Int)]](repeating: [], count: model.teacherIds.count)
        // The cycle: one week, or two when some meeting is every 2 weeks.
        let cycle = model.meetings.contains { $0.everyWeeks == 2 } ? 2 : 1
        for (mi, m) in model.meetings.enumerated() {
            var bestPerDay: [Int: Int] = [:]
            for c in m.candidates { bestPerDay[c.day] = max(bestPerDay[c.day] ?? 0, c.minutes * m.priority) }
            var running = [0]
            for v in bestPerDay.values.sorted(by: >).prefix(m.sessions) { running.append(running.last! + v) }
            values.append(running)
            if m.observers.isEmpty { constant += running.last! }
            if running.count > 1 {
                let times = cycle / m.everyWeeks
                for t in m.observers { perTeacher[t].append((mi, m.length * times, m.countsTowardCap ? times : 0)) }
            }
        }
        meetingValue = values
        unlimited = constant
        teacherMeetings = perTeacher
        var periods: [Int] = []
        for t in model.teacherIds.indices {
            var free = 0
            for d in 0..<model.dayCount {
                for p in 0..<model.periodCount where model.kind(d, p) == .instruction && model.free[model.slot(t, d, p)] { free += 1 }
            }
            periods.append(cycle * min(free, model.weekCap[t]))
        }
        periodCap = periods
        countedCap = [Int](repeating: cycle * model.cap * model.dayCount, count: model.teacherIds.count)
    }

    /// The best a teacher can take for weighted shares of their meetings: sessions per meeting.
    private func teacherBest(_ t: Int, weights: WeightView) -> (value: Double, taken: [Int]) {
        let items = teacherMeetings[t]
        if items.isEmpty { return (0, []) }
        let pc = periodCap[t], cc = min(countedCap[t], items.reduce(0) { $0 + $1.counted * (meetingValue[$1.meeting].count - 1) })
        let width = cc + 1
        // dp[p * width + c]: best value using p periods and c counted sessions; choice per item.
        var dp = [Double](repeating: -.infinity, count: (pc + 1) * width)
        dp[0] = 0
        var choices: [[Int8]] = []
        for item in items {
            let options = meetingValue[item.meeting]
            let w = weights[item.meeting]
            var next = dp
            var choice = [Int8](repeating: 0, count: dp.count)
            for state in dp.indices where dp[state] > -.infinity {
                let p = state / width, c = state % width
                for k in 1..<options.count {
                    let np = p + k * item.length, nc = c + k * item.counted
                    guard np <= pc, nc <= cc else { break }
                    let v = dp[state] + w * Double(options[k])
                    let target = np * width + nc
                    if v > next[target] + 1e-9 {
                        next[target] = v
                        choice[target] = Int8(k)
                    }
                }
            }
            dp = next
            choices.append(choice)
        }
        var bestState = 0
        for state in dp.indices where dp[state] > dp[bestState] { bestState = state }
        var taken = [Int](repeating: 0, count: items.count)
        var state = bestState
        for i in stride(from: items.count - 1, through: 0, by: -1) {
            let k = Int(choices[i][state])
            taken[i] = k
            if k > 0 { state -= (k * items[i].length) * width + k * items[i].counted }
        }
        return (dp[bestState], taken)
    }

    /// Runs the subgradient rounds; returns the lowest bound found (an integer, rounded down
    /// from the real bound with a small tolerance). Stops early once `target` is reached.
    func compute(model: PlacementModel, target: Int, rounds: Int = 60) -> Int {
        // Weights: meeting → teacher → share (equal to start with).
        var share = [[Double]](repeating: [], count: model.meetings.count)
        for (mi, m) in model.meetings.enumerated() { share[mi] = [Double](repeating: 1 / Double(max(1, m.observers.count)), count: m.observers.count) }
        let position: [[Int: Int]] = model.meetings.map { m in Dictionary(uniqueKeysWithValues: m.observers.enumerated().map { ($1, $0) }) }
        var best = Int.max
        var step = 0.5
        var previous = Double.infinity
        for _ in 0..<rounds {
            var total = Double(unlimited)
            var taken = [[Int]](repeating: [], count: model.meetings.count)
            for (mi, m) in model.meetings.enumerated() { taken[mi] = [Int](repeating: 0, count: m.observers.count) }
            for t in model.teacherIds.indices {
                let items = teacherMeetings[t]
                guard !items.isEmpty else { continue }
                var w: [Int: Double] = [:]
                for item in items { w[item.meeting] = share[item.meeting][position[item.meeting][t]!] }
                let (value, k) = teacherBest(t, weights: WeightView(w))
                total += value
                for (i, item) in items.enumerated() { taken[item.meeting][position[item.meeting][t]!] = k[i] }
            }
            best = min(best, Int((total + 1e-6).rounded(.down)))
            if best <= target { break }
            if total > previous - 1e-9 { step *= 0.7 }
            previous = min(previous, total)
            // Move weight toward members who take fewer sessions than the others.
            var moved = false
            for (mi, m) in model.meetings.enumerated() where m.observers.count > 1 && meetingValue[mi].count > 1 {
                let k = taken[mi]
                let mean = Double(k.reduce(0, +)) / Double(k.count)
                guard k.contains(where: { Double($0) != mean }) else { continue }
                moved = true
                let scale = step / Double(meetingValue[mi].count - 1)
                for j in k.indices { share[mi][j] += scale * (mean - Double(k[j])) }
            }
            if !moved { break }
        }
        return best
    }
}

/// Weights by meeting index, read through a subscript (a dictionary, as a teacher has few meetings).
struct WeightView {
    let values: [Int: Double]
    init(_ values: [Int: Double]) { self.values = values }
    subscript(_ meeting: Int) -> Double { values[meeting] ?? 0 }
}
