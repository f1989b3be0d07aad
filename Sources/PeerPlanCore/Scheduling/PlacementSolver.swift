import Dispatch

/// Places meeting sessions into the week (DESIGN.md §6): members free in every period of a
/// session (an observation's host teaching instead), a teacher in one meeting per period, one
/// session of a meeting per day, at most N pair/PLC/observation sessions per teacher per day.
/// Maximises Σ priority × minutes: exact branch and bound on small problems; otherwise a
/// most-constrained-first construction improved by ejection moves. Both stop on a work budget
/// (so the same problem and seed give the same answer); the time limit only cuts them short.
public enum PlacementSolver {
    public static func solve(_ problem: PlacementProblem) throws(PlacementError) -> PlacementAnswer {
        let model = try PlacementModel(problem)
        var search = PlacementSearch(model: model, seed: problem.seed ?? 0)
        search.construct()
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, problem.timeLimitSeconds ?? 1.0) * 1e9)
        if search.objective < model.upperBound {
            if model.isSmall {
                search.exact(deadline: deadline)
            } else {
                search.improve(deadline: deadline)
            }
        }
        search.preferSlots()
        return search.answer()
    }
}

/// The problem compiled to integers, validated.
struct PlacementModel {
    struct Run { var day: Int; var start: Int; var length: Int; var minutes: Int }
    struct Meeting {
        var id: String
        var countsTowardCap: Bool
        var observers: [Int]
        var host: Int?
        var sessions: Int
        var length: Int
        var priority: Int
        var candidates: [Run]
        /// Per candidate: one of the meeting's preferred slots (a tie-break, never worth objective).
        var preferred: [Bool]
    }

    let problem: PlacementProblem
    let dayNames: [String]
    let periodNames: [String]
    let periodKinds: [PeriodKind]
    let teacherIds: [String]
    var meetings: [Meeting] = []
    let dayCount: Int, periodCount: Int
    let cap: Int
    var free: [Bool]      // teacher × day × period
    var teaching: [Bool]
    var weekCap: [Int]
    /// Candidate indices of each meeting that an earlier run used (kept first if still valid).
    var hints: [[Int]] = []
    var upperBound = 0

    /// Sessions small enough for an exhaustive search.
    var isSmall: Bool {
        var size = 1.0
        for m in meetings { size *= pow(Double(m.candidates.count + 1), Double(m.sessions)) }
        return size <= 2e6
    }

    func slot(_ t: Int, _ d: Int, _ p: Int) -> Int { (t * dayCount + d) * periodCount + p }

    init(_ problem: PlacementProblem) throws(PlacementError) {
        self.problem = problem
        func fail(_ field: String, _ message: String) -> PlacementError { PlacementError(field: field, message: message) }
        guard !problem.days.isEmpty else { throw fail("days", "at least one day is needed") }
        var dayIndex: [String: Int] = [:]
        for (i, day) in problem.days.enumerated() {
            guard dayIndex[day] == nil else { throw fail("days[\(i)]", "day \"\(day)\" appears twice") }
            dayIndex[day] = i
        }
        // Periods in time order; names unique; times valid; no overlaps.
        struct P { var name: String; var start: ClockTime; var end: ClockTime; var kind: PeriodKind; var index: Int }
        var parsed: [P] = []
        var periodIndexByName: [String: Int] = [:]
        for (i, p) in problem.periods.enumerated() {
            guard let start = ClockTime(parsing: p.start) else { throw fail("periods[\(i)].start", "\"\(p.start)\" is not a time (HH:MM)") }
            guard let end = ClockTime(parsing: p.end) else { throw fail("periods[\(i)].end", "\"\(p.end)\" is not a time (HH:MM)") }
            guard end > start else { throw fail("periods[\(i)].end", "period \(p.name) ends (\(end)) at or before it starts (\(start))") }
            guard let kind = PeriodKind(parsing: p.kind) else {
                throw fail("periods[\(i)].kind", "\"\(p.kind)\" is not a period kind (\(PeriodKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard periodIndexByName[p.name] == nil else { throw fail("periods[\(i)].name", "period \"\(p.name)\" appears twice") }
            periodIndexByName[p.name] = i
            parsed.append(P(name: p.name, start: start, end: end, kind: kind, index: i))
        }
        parsed.sort { $0.start < $1.start }
        for k in parsed.indices.dropFirst() where parsed[k].start < parsed[k - 1].end {
            throw fail("periods[\(parsed[k].index)]", "period \(parsed[k].name) overlaps period \(parsed[k - 1].name)")
        }
        var ordered: [String: Int] = [:]
        for (k, p) in parsed.enumerated() { ordered[p.name] = k }
        dayNames = problem.days
        periodNames = parsed.map(\.name)
        periodKinds = parsed.map(\.kind)
        dayCount = problem.days.count
        periodCount = parsed.count
        guard problem.maxMeetingsPerTeacherPerDay >= 0 else { throw fail("maxMeetingsPerTeacherPerDay", "must not be negative") }
        cap = problem.maxMeetingsPerTeacherPerDay

        var teacherIndex: [String: Int] = [:]
        for (i, t) in problem.teachers.enumerated() {
            guard teacherIndex[t.id] == nil else { throw fail("teachers[\(i)].id", "teacher \"\(t.id)\" appears twice") }
            teacherIndex[t.id] = i
        }
        teacherIds = problem.teachers.map(\.id)
        weekCap = problem.teachers.map { $0.maxMeetingPeriodsPerWeek ?? Int.max }
        free = [Bool](repeating: true, count: problem.teachers.count * dayCount * periodCount)
        teaching = [Bool](repeating: false, count: free.count)
        let slotOf = { (t: Int, d: Int, p: Int) in (t * problem.days.count + d) * parsed.count + p }
        for (i, t) in problem.teachers.enumerated() {
            for (k, ref) in t.busy.enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("teachers[\(i)].busy[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[ref.period] else { throw fail("teachers[\(i)].busy[\(k)].period", "unknown period \"\(ref.period)\"") }
                free[slotOf(i, d, p)] = false
                if t.teaching == nil { teaching[slotOf(i, d, p)] = true }
            }
            for (k, ref) in (t.teaching ?? []).enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("teachers[\(i)].teaching[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[ref.period] else { throw fail("teachers[\(i)].teaching[\(k)].period", "unknown period \"\(ref.period)\"") }
                teaching[slotOf(i, d, p)] = true
                free[slotOf(i, d, p)] = false
            }
        }
        // Runs of consecutive instruction periods.
        var longestRun = 0, current = 0
        for p in parsed {
            current = p.kind == .instruction ? current + 1 : 0
            longestRun = max(longestRun, current)
        }
        var meetingIds: Set<String> = []
        for (i, m) in problem.meetings.enumerated() {
            let field = "meetings[\(i)]"
            guard meetingIds.insert(m.id).inserted else { throw fail("\(field).id", "meeting \"\(m.id)\" appears twice") }
            let kinds = ["pair", "observation", "plc", "pd"]
            guard kinds.contains(m.kind) else { throw fail("\(field).kind", "\"\(m.kind)\" is not a meeting kind (\(kinds.joined(separator: ", ")))") }
            guard !m.members.isEmpty else { throw fail("\(field).members", "a meeting needs members") }
            var members: [Int] = []
            for (k, id) in m.members.enumerated() {
                guard let t = teacherIndex[id] else { throw fail("\(field).members[\(k)]", "unknown teacher \"\(id)\"") }
                guard !members.contains(t) else { throw fail("\(field).members[\(k)]", "teacher \"\(id)\" is listed twice") }
                members.append(t)
            }
            var host: Int?
            if let hostId = m.host {
                guard let h = teacherIndex[hostId] else { throw fail("\(field).host", "unknown teacher \"\(hostId)\"") }
                host = h
            } else if m.kind == "observation" {
                throw fail("\(field).host", "an observation needs a host who teaches while the others observe")
            }
            guard m.sessionsPerWeek >= 1 else { throw fail("\(field).sessionsPerWeek", "must be at least 1") }
            guard m.periodsPerSession >= 1 else { throw fail("\(field).periodsPerSession", "must be at least 1") }
            guard m.periodsPerSession <= longestRun else {
                throw fail("\(field).periodsPerSession", "\(m.periodsPerSession) periods is longer than any run of consecutive instruction periods (\(longestRun))")
            }
            guard m.priority >= 0 else { throw fail("\(field).priority", "must not be negative") }
            var allowed = Set(0..<dayCount)
            if let days = m.allowedDays {
                allowed = []
                for (k, day) in days.enumerated() {
                    guard let d = dayIndex[day] else { throw fail("\(field).allowedDays[\(k)]", "unknown day \"\(day)\"") }
                    allowed.insert(d)
                }
            }
            guard m.sessionsPerWeek <= allowed.count else {
                throw fail("\(field).sessionsPerWeek", "\(m.sessionsPerWeek) sessions need as many different days, but only \(allowed.count) are allowed")
            }
            let observers = members.filter { $0 != host }
            var candidates: [Run] = []
            for d in allowed.sorted() {
                var s = 0
                while s + m.periodsPerSession <= parsed.count {
                    let range = s..<(s + m.periodsPerSession)
                    let ok = range.allSatisfy { parsed[$0].kind == .instruction }
                        && observers.allSatisfy { t in range.allSatisfy { free[slotOf(t, d, $0)] } }
                        && (host.map { h in range.allSatisfy { teaching[slotOf(h, d, $0)] } } ?? true)
                    if ok {
                        let minutes = range.reduce(0) { $0 + parsed[$1].end.minutes - parsed[$1].start.minutes }
                        candidates.append(Run(day: d, start: s, length: m.periodsPerSession, minutes: minutes))
                    }
                    s += 1
                }
            }
            var preferredStarts: Set<Int> = []
            for (k, ref) in (m.preferredSlots ?? []).enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("\(field).preferredSlots[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[ref.period] else { throw fail("\(field).preferredSlots[\(k)].period", "unknown period \"\(ref.period)\"") }
                preferredStarts.insert(d * parsed.count + p)
            }
            let meeting = Meeting(id: m.id, countsTowardCap: m.kind != "pd", observers: observers, host: host,
                                  sessions: m.sessionsPerWeek, length: m.periodsPerSession, priority: m.priority, candidates: candidates,
                                  preferred: candidates.map { preferredStarts.contains($0.day * parsed.count + $0.start) })
            // Bound: the best value on each of the best `sessions` days.
            var bestPerDay: [Int: Int] = [:]
            for c in candidates { bestPerDay[c.day] = max(bestPerDay[c.day] ?? 0, c.minutes * m.priority) }
            upperBound += bestPerDay.values.sorted(by: >).prefix(m.sessionsPerWeek).reduce(0, +)
            meetings.append(meeting)
            let kept = (problem.keep ?? []).filter { $0.meeting == m.id }
            hints.append(kept.compactMap { k in
                candidates.firstIndex { c in dayNames[c.day] == k.day && periodNames[c.start] == k.periods.first && c.length == k.periods.count }
            })
        }
        if problem.teachers.contains(where: { ($0.maxMeetingPeriodsPerWeek ?? 0) < 0 }) {
            throw fail("teachers", "maxMeetingPeriodsPerWeek must not be negative")
        }
    }
}

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

    func answer() -> PlacementAnswer {
        var placements: [PlacementAnswer.Placement] = []
        var unplaced: [PlacementAnswer.Unplaced] = []
        // Number sessions of each meeting by day order of their placements.
        for (mi, m) in model.meetings.enumerated() {
            let mine = sessions.indices.filter { sessions[$0].meeting == mi }
            let placedRuns = mine.compactMap { placed[$0] >= 0 ? m.candidates[placed[$0]] : nil }.sorted { $0.day < $1.day }
            for (k, run) in placedRuns.enumerated() {
                placements.append(.init(meeting: m.id, session: k, day: model.dayNames[run.day],
                                        periods: (run.start..<(run.start + run.length)).map { model.periodNames[$0] }))
            }
            let missing = mine.count - placedRuns.count
            guard missing > 0 else { continue }
            let (reason, blockers) = explain(mi)
            let fix = remedy(mi)
            for k in placedRuns.count..<(placedRuns.count + missing) {
                unplaced.append(.init(meeting: m.id, session: k, reason: reason, blockers: blockers, remedy: fix))
            }
        }
        return PlacementAnswer(objective: objective, upperBound: model.upperBound, placements: placements, unplaced: unplaced)
    }

    /// What would let a left-over session happen: the cheapest slot if one member's class were
    /// covered by a substitute, else a before- or after-school period when all are free.
    func remedy(_ mi: Int) -> PlacementAnswer.Remedy? {
        let m = model.meetings[mi]
        func usable(_ t: Int, _ d: Int, _ p: Int) -> Bool {
            occupant[model.slot(t, d, p)] < 0
                && (!m.countsTowardCap || dayLoad[t * model.dayCount + d] < model.cap)
                && weekLoad[t] + m.length <= model.weekCap[t]
        }
        for d in 0..<model.dayCount where meetingDay[mi * model.dayCount + d] < 0 {
            for s in 0...(model.periodCount - m.length) {
                let range = s..<(s + m.length)
                guard range.allSatisfy({ model.periodKinds[$0] == .instruction }) else { continue }
                if let h = m.host, !range.allSatisfy({ model.teaching[model.slot(h, d, $0)] }) { continue }
                // Exactly one member is busy, and only because they teach (a class can be covered).
                let busy = m.observers.filter { t in range.contains { !model.free[model.slot(t, d, $0)] } }
                guard busy.count == 1, let t = busy.first,
                      range.allSatisfy({ model.free[model.slot(t, d, $0)] || model.teaching[model.slot(t, d, $0)] }),
                      m.observers.allSatisfy({ o in range.allSatisfy { usable(o, d, $0) } }) else { continue }
                return .init(kind: "cover", teacher: model.teacherIds[t], day: model.dayNames[d],
                             periods: range.map { model.periodNames[$0] }, coveredPeriods: range.filter { !model.free[model.slot(t, d, $0)] }.count)
            }
        }
        for d in 0..<model.dayCount where meetingDay[mi * model.dayCount + d] < 0 {
            for p in 0..<model.periodCount where model.periodKinds[p] == .beforeSchool || model.periodKinds[p] == .afterSchool {
                if m.observers.allSatisfy({ model.free[model.slot($0, d, p)] && occupant[model.slot($0, d, p)] < 0 }) {
                    return .init(kind: "outsideInstruction", teacher: nil, day: model.dayNames[d], periods: [model.periodNames[p]], coveredPeriods: 0)
                }
            }
        }
        return nil
    }

    /// Why a meeting has sessions left over.
    func explain(_ mi: Int) -> (String, [String]) {
        let m = model.meetings[mi]
        let problemMeeting = model.problem.meetings[mi]
        if m.candidates.isEmpty {
            // Would the observers alone find time? Then the host is the problem.
            let observersFreeTogether = (0..<model.dayCount).contains { d in
                (0...(model.periodCount - m.length)).contains { s in
                    m.observers.allSatisfy { t in (s..<(s + m.length)).allSatisfy { model.free[model.slot(t, d, $0)] } }
                }
            }
            if m.host != nil && observersFreeTogether {
                return ("hostNotTeaching", [model.teacherIds[m.host!]])
            }
            // The limiting members: those without whom the others would share a free period.
            var limiting: [String] = []
            for t in m.observers {
                let others = m.observers.filter { $0 != t }
                let helps = (0..<model.dayCount).contains { d in
                    (0...(model.periodCount - m.length)).contains { s in
                        others.allSatisfy { o in (s..<(s + m.length)).allSatisfy { model.free[model.slot(o, d, $0)] } }
                    }
                }
                if helps { limiting.append(model.teacherIds[t]) }
            }
            return ("noCommonFreePeriod", limiting.isEmpty ? problemMeeting.members.filter { $0 != problemMeeting.host } : limiting)
        }
        // A candidate held only by the daily cap would be free if the cap allowed it: that is the
        // reason to give. Otherwise name the meetings holding the candidates.
        var blockingMeetings: Set<String> = []
        var capped: Set<String> = []
        var weekly: Set<String> = []
        for run in m.candidates {
            if meetingDay[mi * model.dayCount + run.day] >= 0 { continue }
            var holders: Set<String> = []
            var full: Set<String> = []
            var overWeek: Set<String> = []
            for t in m.observers {
                if weekLoad[t] + run.length > model.weekCap[t] { overWeek.insert(model.teacherIds[t]) }
                if m.countsTowardCap && dayLoad[t * model.dayCount + run.day] >= model.cap { full.insert(model.teacherIds[t]) }
                for p in run.start..<(run.start + run.length) {
                    let o = occupant[model.slot(t, run.day, p)]
                    if o >= 0 { holders.insert(model.meetings[sessions[o].meeting].id) }
                }
            }
            // A candidate held only by a cap would be free if the cap allowed it.
            if holders.isEmpty { capped.formUnion(full); weekly.formUnion(overWeek) } else { blockingMeetings.formUnion(holders) }
        }
        if !capped.isEmpty { return ("dailyCapReached", capped.sorted()) }
        if !weekly.isEmpty { return ("weeklyShareReached", weekly.sorted()) }
        if blockingMeetings.isEmpty {
            // Every day with a candidate already holds a session of this meeting.
            return ("noCommonFreePeriod", problemMeeting.members.filter { $0 != problemMeeting.host })
        }
        return ("blockedBy", blockingMeetings.sorted())
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var n = Int(exponent)
    while n > 0 {
        result *= base
        n -= 1
        if result > 1e18 { return result }
    }
    return result
}
