import Dispatch

/// A solution being built and improved.
struct PlacementSearch {
    let model: PlacementModel
    var rng: Xoshiro
    /// Per session (meeting, k): index into the meeting's candidates, or -1.
    var sessions: [(meeting: Int, k: Int)] = []
    var placed: [Int]
    var occupant: [Int]      // teacher-slot → session, or -1
    var dayLoad: [Int]       // teacher × day → counted sessions
    var meetingDay: [Int]    // meeting × day → session, or -1
    var weekLoad: [Int]      // teacher → meeting periods this week
    /// Sessions kept from an earlier run: never moved by the search.
    var pinned: [Bool]
    var objective = 0
    var best: (objective: Int, placed: [Int])

    init(model: PlacementModel, seed: UInt64) {
        self.model = model
        rng = Xoshiro(seed: seed)
        for (m, meeting) in model.meetings.enumerated() { for k in 0..<meeting.sessions { sessions.append((m, k)) } }
        placed = [Int](repeating: -1, count: sessions.count)
        occupant = [Int](repeating: -1, count: model.free.count)
        dayLoad = [Int](repeating: 0, count: model.teacherIds.count * model.dayCount)
        meetingDay = [Int](repeating: -1, count: model.meetings.count * model.dayCount)
        weekLoad = [Int](repeating: 0, count: model.teacherIds.count)
        pinned = [Bool](repeating: false, count: sessions.count)
        best = (0, placed)
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
        for t in m.observers {
            if m.countsTowardCap && dayLoad[t * model.dayCount + run.day] >= model.cap { return false }
            if weekLoad[t] + run.length > model.weekCap[t] { return false }
            for p in run.start..<(run.start + run.length) where occupant[model.slot(t, run.day, p)] >= 0 { return false }
        }
        return true
    }

    mutating func place(_ s: Int, _ c: Int) {
        let mi = sessions[s].meeting
        let m = model.meetings[mi]
        let run = m.candidates[c]
        placed[s] = c
        meetingDay[mi * model.dayCount + run.day] = s
        for t in m.observers {
            weekLoad[t] += run.length
            if m.countsTowardCap { dayLoad[t * model.dayCount + run.day] += 1 }
            for p in run.start..<(run.start + run.length) { occupant[model.slot(t, run.day, p)] = s }
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
        for t in m.observers {
            weekLoad[t] -= run.length
            if m.countsTowardCap { dayLoad[t * model.dayCount + run.day] -= 1 }
            for p in run.start..<(run.start + run.length) { occupant[model.slot(t, run.day, p)] = -1 }
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
        for t in m.observers {
            for p in run.start..<(run.start + run.length) {
                let o = occupant[model.slot(t, run.day, p)]
                if o >= 0 { out.insert(o) }
            }
        }
        if m.countsTowardCap {
            for t in m.observers where dayLoad[t * model.dayCount + run.day] >= model.cap {
                // Already freed by a conflict above?
                let freed = out.contains { o in
                    let om = model.meetings[sessions[o].meeting]
                    return om.countsTowardCap && om.candidates[placed[o]].day == run.day && om.observers.contains(t)
                }
                if freed { continue }
                // Eject the least valuable counted session of t that day.
                var victim = -1
                for o in placed.indices where placed[o] >= 0 {
                    let om = model.meetings[sessions[o].meeting]
                    guard om.countsTowardCap, om.candidates[placed[o]].day == run.day, om.observers.contains(t) else { continue }
                    if victim < 0 || value(o, placed[o]) < value(victim, placed[victim]) { victim = o }
                }
                if victim >= 0 { out.insert(victim) }
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
            let snapshot = (placed, occupant, dayLoad, meetingDay, weekLoad)
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
                (placed, occupant, dayLoad, meetingDay, weekLoad) = snapshot
                objective = before
                stale += 1
            }
        }
        restoreBest()
    }

    /// Branch and bound over every session's choice (a candidate or nothing).
    mutating func exact(deadline: UInt64) {
        // Remaining optimistic value from session index i onwards.
        var suffix = [Int](repeating: 0, count: sessions.count + 1)
        for s in stride(from: sessions.count - 1, through: 0, by: -1) {
            let m = model.meetings[sessions[s].meeting]
            suffix[s] = suffix[s + 1] + (pinned[s] ? 0 : (m.candidates.map { $0.minutes * m.priority }.max() ?? 0))
        }
        for s in sessions.indices where !pinned[s] { remove(s) }
        var nodes = 0
        var timedOut = false
        func search(_ i: Int, _ me: inout PlacementSearch) {
            nodes += 1
            // A node budget keeps the answer deterministic; the time limit is only a safety net.
            if nodes > 4_000_000 || (nodes & 1023 == 0 && DispatchTime.now().uptimeNanoseconds > deadline) { timedOut = true }
            if timedOut { return }
            if me.objective + suffix[i] <= me.best.objective { return }
            if i == me.sessions.count {
                me.remember()
                return
            }
            let m = me.model.meetings[me.sessions[i].meeting]
            if me.pinned[i] {
                search(i + 1, &me)
                return
            }
            // Sessions of one meeting are interchangeable: place them in day order, and leave
            // out only the last ones (kept sessions break the symmetry, so it only applies
            // between sessions that are both free to move).
            if me.sessions[i].k > 0 && !me.pinned[i - 1] && me.placed[i - 1] < 0 {
                search(i + 1, &me)
                return
            }
            let previousDay: Int = {
                guard me.sessions[i].k > 0, !me.pinned[i - 1], me.placed[i - 1] >= 0 else { return -1 }
                return m.candidates[me.placed[i - 1]].day
            }()
            let order = m.candidates.indices.sorted { m.candidates[$0].minutes > m.candidates[$1].minutes }
            for c in order where m.candidates[c].day > previousDay && me.fits(i, c) {
                me.place(i, c)
                search(i + 1, &me)
                me.remove(i)
                if timedOut { return }
            }
            search(i + 1, &me)
        }
        search(0, &self)
        restoreBest()
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
