import Dispatch

/// A solution being built and improved.
struct PlacementSearch {
    let model: PlacementModel
    var rng: Xoshiro
    /// Per session (meeting, k): index into the meeting's candidates, or -1.
    var sessions: [(meeting: Int, k: Int)] = []
    /// Per meeting: its first session (a meeting's sessions are consecutive).
    var firstSession: [Int] = []
    var placed: [Int]
    // The cycle has two weeks (a session every 2 weeks holds only its own); a weekly session
    // holds both. Indices below lead with the week.
    var occupant: [Int]      // week × teacher-slot → session, or -1
    var dayLoad: [Int]       // week × teacher × day → counted sessions
    var meetingDay: [Int]    // meeting × day → session, or -1
    var weekLoad: [Int]      // week × teacher → meeting periods that week
    /// Sessions kept from an earlier run: never moved by the search.
    var pinned: [Bool]
    var objective = 0
    var best: (objective: Int, placed: [Int])

    init(model: PlacementModel, seed: UInt64) {
        self.model = model
        rng = Xoshiro(seed: seed)
        for (m, meeting) in model.meetings.enumerated() {
            firstSession.append(sessions.count)
            for k in 0..<meeting.sessions { sessions.append((m, k)) }
        }
        placed = [Int](repeating: -1, count: sessions.count)
        occupant = [Int](repeating: -1, count: 2 * model.free.count)
        dayLoad = [Int](repeating: 0, count: 2 * model.teacherIds.count * model.dayCount)
        meetingDay = [Int](repeating: -1, count: model.meetings.count * model.dayCount)
        weekLoad = [Int](repeating: 0, count: 2 * model.teacherIds.count)
        pinned = [Bool](repeating: false, count: sessions.count)
        best = (0, placed)
    }

    /// Indices into `occupant`, `dayLoad` and `weekLoad` for week w.
    func occ(_ w: Int, _ t: Int, _ d: Int, _ p: Int) -> Int { w * model.free.count + model.slot(t, d, p) }
    func dayAt(_ w: Int, _ t: Int, _ d: Int) -> Int { (w * model.teacherIds.count + t) * model.dayCount + d }
    func weekAt(_ w: Int, _ t: Int) -> Int { w * model.teacherIds.count + t }

    /// The placed session of the meeting that must take the other weeks, when it shares c's week.
    func alternateClash(_ s: Int, _ c: Int) -> Int? {
        let m = model.meetings[sessions[s].meeting]
        guard let other = m.alternate else { return nil }
        let week = m.candidates[c].week
        let first = firstSession[other]
        return (first..<(first + model.meetings[other].sessions)).first { o in
            placed[o] >= 0 && model.meetings[other].candidates[placed[o]].week == week
        }
    }

    func value(_ s: Int, _ c: Int) -> Int {
        let m = model.meetings[sessions[s].meeting]
        return m.candidates[c].minutes * m.priority
    }

    func fits(_ s: Int, _ c: Int) -> Bool {
        let mi = sessions[s].meeting
        let m = model.meetings[mi]
        let run = m.candidates[c]
        if meetingDay[mi * model.dayCount + run.day] >= 0 { return false }
        for w in run.weeks {
            for t in m.observers {
                if m.countsTowardCap && dayLoad[dayAt(w, t, run.day)] >= model.cap { return false }
                if weekLoad[weekAt(w, t)] + run.length > model.weekCap[t] { return false }
                for p in run.start..<(run.start + run.length) where occupant[occ(w, t, run.day, p)] >= 0 { return false }
            }
        }
        return m.alternate == nil || alternateClash(s, c) == nil
    }

    mutating func place(_ s: Int, _ c: Int) {
        let mi = sessions[s].meeting
        let m = model.meetings[mi]
        let run = m.candidates[c]
        placed[s] = c
        meetingDay[mi * model.dayCount + run.day] = s
        for w in run.weeks {
            for t in m.observers {
                weekLoad[weekAt(w, t)] += run.length
                if m.countsTowardCap { dayLoad[dayAt(w, t, run.day)] += 1 }
                for p in run.start..<(run.start + run.length) { occupant[occ(w, t, run.day, p)] = s }
            }
        }
        objective += value(s, c)
    }

    mutating func remove(_ s: Int) {
        let c = placed[s]
        guard c >= 0 else { return }
        let mi = sessions[s].meeting
        let m = model.meetings[mi]
        let run = m.candidates[c]
        placed[s] = -1
        meetingDay[mi * model.dayCount + run.day] = -1
        for w in run.weeks {
            for t in m.observers {
                weekLoad[weekAt(w, t)] -= run.length
                if m.countsTowardCap { dayLoad[dayAt(w, t, run.day)] -= 1 }
                for p in run.start..<(run.start + run.length) { occupant[occ(w, t, run.day, p)] = -1 }
            }
        }
        objective -= value(s, c)
    }

    mutating func remember() {
        if objective > best.objective { best = (objective, placed) }
    }

    /// Most constrained first; each session at its best-valued free candidate, preferring slots
    /// that fewer other sessions could use.
    mutating func construct() {
        var demand = [Int](repeating: 0, count: model.free.count)
        for (mi, m) in model.meetings.enumerated() {
            _ = mi
            for c in m.candidates { for t in m.observers { for p in c.start..<(c.start + c.length) { demand[model.slot(t, c.day, p)] += m.sessions } } }
        }
        let order = sessions.indices.sorted { a, b in
            let ma = model.meetings[sessions[a].meeting], mb = model.meetings[sessions[b].meeting]
            let fa = ma.candidates.count, fb = mb.candidates.count
            if fa != fb { return fa < fb }
            if ma.priority != mb.priority { return ma.priority > mb.priority }
            return a < b
        }
        // An earlier run's placements first, where they still fit: stability beats a marginal gain.
        for s in order {
            let mi = sessions[s].meeting
            let k = sessions[s].k
            let hints = model.hints[mi]
            if k < hints.count, fits(s, hints[k]) {
                place(s, hints[k])
                pinned[s] = true
            }
        }
        for s in order where placed[s] < 0 { placeBest(s, demand: demand) }
        remember()
    }

    @discardableResult
    mutating func placeBest(_ s: Int, demand: [Int]? = nil) -> Bool {
        let m = model.meetings[sessions[s].meeting]
        var choice = -1
        var bestKey = (Int.min, Int.min)
        for c in m.candidates.indices where fits(s, c) {
            var pressure = 0
            if let demand {
                let run = m.candidates[c]
                for t in m.observers { for p in run.start..<(run.start + run.length) { pressure += demand[model.slot(t, run.day, p)] } }
            }
            let key = (value(s, c), -pressure)
            if key > bestKey {
                bestKey = key
                choice = c
            }
        }
        guard choice >= 0 else { return false }
        place(s, choice)
        return true
    }

    /// The sessions that stand in the way of placing s at c (other meetings' sessions in the
    /// members' periods, the same meeting that day, and for a full day the smallest session).
    func conflicts(_ s: Int, _ c: Int) -> Set<Int> {
        let mi = sessions[s].meeting
        let m = model.meetings[mi]
        let run = m.candidates[c]
        var out: Set<Int> = []
        let sameDay = meetingDay[mi * model.dayCount + run.day]
        if sameDay >= 0 { out.insert(sameDay) }
        if let clash = alternateClash(s, c) { out.insert(clash) }
        // Whether a placed session takes place in week w.
        func inWeek(_ o: Int, _ w: Int) -> Bool { model.meetings[sessions[o].meeting].candidates[placed[o]].weeks.contains(w) }
        for w in run.weeks {
            for t in m.observers {
                for p in run.start..<(run.start + run.length) {
                    let o = occupant[occ(w, t, run.day, p)]
                    if o >= 0 { out.insert(o) }
                }
            }
        }
        if m.countsTowardCap {
            for w in run.weeks {
                for t in m.observers where dayLoad[dayAt(w, t, run.day)] >= model.cap {
                    // Already freed by a conflict above?
                    let freed = out.contains { o in
                        let om = model.meetings[sessions[o].meeting]
                        return om.countsTowardCap && om.candidates[placed[o]].day == run.day && om.observers.contains(t) && inWeek(o, w)
                    }
                    if freed { continue }
                    // Eject the least valuable counted session of t that day.
                    var victim = -1
                    for o in placed.indices where placed[o] >= 0 {
                        let om = model.meetings[sessions[o].meeting]
                        guard om.countsTowardCap, om.candidates[placed[o]].day == run.day, om.observers.contains(t), inWeek(o, w) else { continue }
                        if victim < 0 || value(o, placed[o]) < value(victim, placed[victim]) { victim = o }
                    }
                    if victim >= 0 { out.insert(victim) }
                }
            }
        }
        // A member over their weekly periods: eject their least valuable sessions until it fits
        // (protected PD included: it counts toward the weekly share too).
        for w in run.weeks {
            for t in m.observers {
                var load = weekLoad[weekAt(w, t)] + run.length
                for o in out {
                    let om = model.meetings[sessions[o].meeting]
                    if om.observers.contains(t) && inWeek(o, w) { load -= om.candidates[placed[o]].length }
                }
                guard load > model.weekCap[t] else { continue }
                let mine = placed.indices.filter { o in
                    placed[o] >= 0 && !out.contains(o) && model.meetings[sessions[o].meeting].observers.contains(t) && inWeek(o, w)
                }.sorted { (value($0, placed[$0]), $0) < (value($1, placed[$1]), $1) }
                for o in mine where load > model.weekCap[t] {
                    out.insert(o)
                    load -= model.meetings[sessions[o].meeting].candidates[placed[o]].length
                }
            }
        }
        return out
    }

    /// Ejection moves: place an unplaced session by removing what blocks it, re-place the
    /// removed ones where they fit; keep the result if the objective does not fall.
    mutating func improve(deadline: UInt64) {
        var stale = 0
        let limit = 200 + 20 * sessions.count
        while DispatchTime.now().uptimeNanoseconds < deadline && stale < limit && objective < model.upperBound {
            let unplaced = placed.indices.filter { placed[$0] < 0 && !model.meetings[sessions[$0].meeting].candidates.isEmpty }
            if unplaced.isEmpty { break }
            let s = unplaced[rng.below(unplaced.count)]
            let candidates = model.meetings[sessions[s].meeting].candidates
            let c = rng.below(candidates.count)
            let ejected = conflicts(s, c)
            if ejected.contains(where: { pinned[$0] }) {
                stale += 1
                continue
            }
            let before = objective
            // Undone, when not kept, by moving back only the sessions that moved (copying the
            // occupancy arrays instead cost most of the search's time on 300-teacher schools).
            let previous = placed
            for o in ejected { remove(o) }
            if fits(s, c) {
                place(s, c)
                for o in ejected.sorted() { placeBest(o) }
                // Others may now fit too.
                for o in placed.indices where placed[o] < 0 { placeBest(o) }
            }
            if objective > before {
                stale = 0
                remember()
            } else if objective == before && rng.below(4) == 0 {
                stale += 1 // sideways move kept now and then to escape plateaus
            } else {
                let moved = placed.indices.filter { placed[$0] != previous[$0] }
                for o in moved where placed[o] >= 0 { remove(o) }
                for o in moved where previous[o] >= 0 { place(o, previous[o]) }
                assert(objective == before)
                stale += 1
            }
        }
        restoreBest()
    }

    /// Branch and bound over every session's choice (a candidate or nothing); true when the
    /// search finished, so the best found is proven optimal.
    @discardableResult
    mutating func exact(deadline: UInt64, nodeBudget: Int = 4_000_000) -> Bool {
        let free = sessions.indices.filter { !pinned[$0] }
        return exactOver(free, nodeBudget: nodeBudget, deadline: deadline).finished
    }

    /// Branch and bound over the given sessions (whole meetings, in session order) with every
    /// other session where it is. Keeps the best of the current and the found placements; true
    /// when the search finished within the node budget.
    @discardableResult
    mutating func exactOver(_ subset: [Int], nodeBudget: Int, deadline: UInt64) -> (finished: Bool, nodes: Int) {
        remember()
        // Only a better placement of the subset counts.
        var bestHere = objective
        var bestPlaced = placed
        for s in subset { remove(s) }
        // Candidate orders, best first: only those that fit beside the sessions that stay.
        var orders: [Int: [Int]] = [:]
        for s in subset {
            let mi = sessions[s].meeting
            if orders[mi] == nil {
                let m = model.meetings[mi]
                orders[mi] = m.candidates.indices.filter { fits(s, $0) }
                    .sorted { (m.candidates[$0].minutes, -$0) > (m.candidates[$1].minutes, -$1) }
            }
        }
        // Remaining optimistic value from position i of the subset onwards.
        var suffix = [Int](repeating: 0, count: subset.count + 1)
        // A meeting's sessions in the subset: at most one per day with a candidate left.
        var dayBests: [Int: [Int]] = [:]
        for (mi, order) in orders {
            let m = model.meetings[mi]
            var perDay: [Int: Int] = [:]
            for c in order { perDay[m.candidates[c].day] = max(perDay[m.candidates[c].day] ?? 0, m.candidates[c].minutes * m.priority) }
            dayBests[mi] = perDay.values.sorted(by: >)
        }
        var rank = [Int](repeating: 0, count: subset.count)
        for i in subset.indices.dropFirst() where sessions[subset[i]].meeting == sessions[subset[i - 1]].meeting { rank[i] = rank[i - 1] + 1 }
        for i in stride(from: subset.count - 1, through: 0, by: -1) {
            let bests = dayBests[sessions[subset[i]].meeting]!
            // (A later session may take the best day when an earlier one took another, so
            // each session counts the best remaining day, as long as days remain.)
            suffix[i] = suffix[i + 1] + (rank[i] < bests.count ? bests[0] : 0)
        }
        // A tighter bound by teacher: each session's value shared among its members; each member
        // can give the sessions still to come only the weekly periods they have left (fractional
        // knapsack, best value per period first).
        var share = [Double](repeating: 0, count: subset.count)
        var teachersHere: [Int] = []
        var listOf: [Int: [Int]] = [:]
        for (i, s) in subset.enumerated() {
            let m = model.meetings[sessions[s].meeting]
            let bests = dayBests[sessions[s].meeting]!
            let worth = rank[i] < bests.count ? bests[0] : 0
            guard worth > 0, !m.observers.isEmpty else { continue }
            share[i] = Double(worth) / Double(m.observers.count)
            for t in m.observers {
                if listOf[t] == nil { teachersHere.append(t) }
                listOf[t, default: []].append(i)
            }
        }
        // Over the two-week cycle: a weekly session takes its periods in both weeks.
        let lengthAt = subset.map { model.meetings[sessions[$0].meeting].length * (3 - model.meetings[sessions[$0].meeting].everyWeeks) }
        var lists: [[Int]] = teachersHere.map { t in
            listOf[t]!.sorted { (share[$0] / Double(lengthAt[$0]), -$0) > (share[$1] / Double(lengthAt[$1]), -$1) }
        }
        let capped = teachersHere.map { model.weekCap[$0] < Int.max / 2 }
        if !capped.contains(true) { lists = [] }
        func teacherBound(_ i: Int, _ me: PlacementSearch) -> Int {
            var total = 0.0
            for (k, t) in teachersHere.enumerated() {
                var room = capped[k] ? Double(2 * me.model.weekCap[t] - me.weekLoad[me.weekAt(0, t)] - me.weekLoad[me.weekAt(1, t)]) : Double.infinity
                for j in lists[k] where j >= i {
                    guard room > 0 else { break }
                    let take = min(1.0, room / Double(lengthAt[j]))
                    total += take * share[j]
                    room -= take * Double(lengthAt[j])
                }
            }
            return Int((total + 1e-6).rounded(.down))
        }
        var nodes = 0
        var stopped = false
        func search(_ i: Int, _ me: inout PlacementSearch) {
            nodes += 1
            // A node budget keeps the answer deterministic; the time limit is only a safety net.
            if nodes > nodeBudget || (nodes & 1023 == 0 && DispatchTime.now().uptimeNanoseconds > deadline) { stopped = true }
            if stopped { return }
            if me.objective + suffix[i] <= bestHere { return }
            if !lists.isEmpty && me.objective + teacherBound(i, me) <= bestHere { return }
            if i == subset.count {
                bestHere = me.objective
                bestPlaced = me.placed
                return
            }
            let s = subset[i]
            let mi = me.sessions[s].meeting
            let m = me.model.meetings[mi]
            // Sessions of one meeting are interchangeable: place them in day order, and leave
            // out only the last ones.
            let samePrevious = i > 0 && me.sessions[subset[i - 1]].meeting == mi
            if samePrevious && me.placed[subset[i - 1]] < 0 {
                search(i + 1, &me)
                return
            }
            let previousDay = samePrevious ? m.candidates[me.placed[subset[i - 1]]].day : -1
            for c in orders[mi]! where m.candidates[c].day > previousDay && me.fits(s, c) {
                me.place(s, c)
                search(i + 1, &me)
                me.remove(s)
                if stopped { return }
            }
            search(i + 1, &me)
        }
        search(0, &self)
        for s in subset { remove(s) }
        for s in subset where bestPlaced[s] >= 0 { place(s, bestPlaced[s]) }
        remember()
        return (!stopped, nodes)
    }

    /// Moves sessions not in a preferred slot into one of equal value where it fits (pinned
    /// sessions stay). Never changes the objective.
    mutating func preferSlots() {
        for s in sessions.indices where placed[s] >= 0 && !pinned[s] {
            let m = model.meetings[sessions[s].meeting]
            let current = placed[s]
            guard !m.preferred[current], m.preferred.contains(true) else { continue }
            let worth = value(s, current)
            remove(s)
            if let better = m.candidates.indices.first(where: { m.preferred[$0] && value(s, $0) == worth && fits(s, $0) }) {
                place(s, better)
            } else {
                place(s, current)
            }
        }
    }

    mutating func restoreBest() {
        for s in sessions.indices { remove(s) }
        for s in sessions.indices where best.placed[s] >= 0 { place(s, best.placed[s]) }
    }
}

extension PlacementSearch {
    /// Large-neighbourhood search with exact sub-solves: for each meeting with a session left
    /// over, every session of the meetings its members attend is re-placed by branch and bound
    /// (the rest stays), keeping any gain. Rounds repeat while they gain, within a total node
    /// budget, so the answer is deterministic.
    mutating func neighbourhoods(deadline: UInt64, upperBound: Int, nodeBudget: Int = 600_000, perNeighbourhood: Int = 20_000) {
        var byTeacher = [[Int]](repeating: [], count: model.teacherIds.count)
        for (mi, m) in model.meetings.enumerated() { for t in m.observers { byTeacher[t].append(mi) } }
        var sessionsOf = [[Int]](repeating: [], count: model.meetings.count)
        for (s, session) in sessions.enumerated() where !pinned[s] { sessionsOf[session.meeting].append(s) }
        var spent = 0
        for _ in 0..<4 {
            var gained = false
            let seeds = model.meetings.indices.filter { mi in
                !model.meetings[mi].candidates.isEmpty && sessionsOf[mi].contains { placed[$0] < 0 }
            }
            for seed in seeds {
                guard sessionsOf[seed].contains(where: { placed[$0] < 0 }) else { continue }
                // The seed first, then the other meetings of its members, most valuable first.
                var chosen: [Int] = [seed]
                var seen: Set<Int> = [seed]
                let others = model.meetings[seed].observers.flatMap { byTeacher[$0] }.filter { seen.insert($0).inserted }
                chosen += others.sorted { a, b in
                    let va = model.meetings[a].priority * model.meetings[a].length, vb = model.meetings[b].priority * model.meetings[b].length
                    return (va, -a) > (vb, -b)
                }.prefix(24)
                let subset = chosen.flatMap { sessionsOf[$0] }
                let before = objective
                let budget = min(perNeighbourhood, nodeBudget - spent)
                guard budget > 0 else { return }
                spent += exactOver(subset, nodeBudget: budget, deadline: deadline).nodes
                if objective > before { gained = true }
                if objective >= upperBound || DispatchTime.now().uptimeNanoseconds > deadline { return }
            }
            if !gained { return }
        }
    }
}
