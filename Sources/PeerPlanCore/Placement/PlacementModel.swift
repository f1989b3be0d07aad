/// The problem compiled to integers, validated.
struct PlacementModel {
    /// `week`: 0 or 1 for a session every 2 weeks, -1 for one every week (it holds both weeks).
    struct Run {
        var day: Int; var start: Int; var length: Int; var minutes: Int; var week = -1
        /// The weeks of the two-week cycle the session takes place in.
        var weeks: ClosedRange<Int> { week < 0 ? 0...1 : week...week }
    }
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
        /// 1 or 2; every 2 weeks: each candidate has its week.
        var everyWeeks = 1
        /// The meeting whose sessions must fall in the other weeks (a pair's other observation).
        var alternate: Int?
    }

    let problem: PlacementProblem
    let dayNames: [String]
    /// Per day, its periods in time order (days may differ: a late-start Wednesday).
    let periodNames: [[String]]
    let periodKinds: [[PeriodKind]]
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

    /// The kind of period `p` of day `d`; nil past the end of a shorter day.
    func kind(_ d: Int, _ p: Int) -> PeriodKind? { p < periodKinds[d].count ? periodKinds[d][p] : nil }

    init(_ problem: PlacementProblem) throws(PlacementError) {
        self.problem = problem
        func fail(_ field: String, _ message: String) -> PlacementError { PlacementError(field: field, message: message) }
        guard !problem.days.isEmpty else { throw fail("days", "at least one day is needed") }
        var dayIndex: [String: Int] = [:]
        for (i, day) in problem.days.enumerated() {
            guard dayIndex[day] == nil else { throw fail("days[\(i)]", "day \"\(day)\" appears twice") }
            dayIndex[day] = i
        }
        // Periods in time order; names unique; times valid; no overlaps. A day listed in
        // `periodsByDay` has its own periods; the others share `periods`.
        struct P { var name: String; var start: ClockTime; var end: ClockTime; var kind: PeriodKind }
        func parse(_ list: [PlacementProblem.Period], _ field: String) throws(PlacementError) -> [P] {
            var parsed: [(period: P, index: Int)] = []
            var names: Set<String> = []
            for (i, p) in list.enumerated() {
                guard let start = ClockTime(parsing: p.start) else { throw fail("\(field)[\(i)].start", "\"\(p.start)\" is not a time (HH:MM)") }
                guard let end = ClockTime(parsing: p.end) else { throw fail("\(field)[\(i)].end", "\"\(p.end)\" is not a time (HH:MM)") }
                guard end > start else { throw fail("\(field)[\(i)].end", "period \(p.name) ends (\(end)) at or before it starts (\(start))") }
                guard let kind = PeriodKind(parsing: p.kind) else {
                    throw fail("\(field)[\(i)].kind", "\"\(p.kind)\" is not a period kind (\(PeriodKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard names.insert(p.name).inserted else { throw fail("\(field)[\(i)].name", "period \"\(p.name)\" appears twice") }
                parsed.append((P(name: p.name, start: start, end: end, kind: kind), i))
            }
            parsed.sort { $0.period.start < $1.period.start }
            for k in parsed.indices.dropFirst() where parsed[k].period.start < parsed[k - 1].period.end {
                throw fail("\(field)[\(parsed[k].index)]", "period \(parsed[k].period.name) overlaps period \(parsed[k - 1].period.name)")
            }
            return parsed.map(\.period)
        }
        let shared = try parse(problem.periods, "periods")
        var byDay = [[P]](repeating: shared, count: problem.days.count)
        for day in (problem.periodsByDay ?? [:]).keys.sorted() {
            guard let d = dayIndex[day] else { throw fail("periodsByDay.\(day)", "unknown day \"\(day)\"") }
            byDay[d] = try parse(problem.periodsByDay![day]!, "periodsByDay.\(day)")
        }
        let ordered: [[String: Int]] = byDay.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1.name, $0) }) }
        dayNames = problem.days
        periodNames = byDay.map { $0.map(\.name) }
        periodKinds = byDay.map { $0.map(\.kind) }
        dayCount = problem.days.count
        // Slots past the end of a shorter day are never free and never instruction.
        periodCount = byDay.map(\.count).max() ?? 0
        guard problem.maxMeetingsPerTeacherPerDay >= 0 else { throw fail("maxMeetingsPerTeacherPerDay", "must not be negative") }
        cap = problem.maxMeetingsPerTeacherPerDay

        var teacherIndex: [String: Int] = [:]
        for (i, t) in problem.teachers.enumerated() {
            guard teacherIndex[t.id] == nil else { throw fail("teachers[\(i)].id", "teacher \"\(t.id)\" appears twice") }
            teacherIndex[t.id] = i
        }
        teacherIds = problem.teachers.map(\.id)
        weekCap = problem.teachers.map { $0.maxMeetingPeriodsPerWeek ?? Int.max }
        let periodCount = periodCount, dayCount = dayCount
        free = (0..<(problem.teachers.count * dayCount * periodCount)).map { ($0 % periodCount) < byDay[($0 / periodCount) % dayCount].count }
        teaching = [Bool](repeating: false, count: free.count)
        let slotOf = { (t: Int, d: Int, p: Int) in (t * dayCount + d) * periodCount + p }
        for (i, t) in problem.teachers.enumerated() {
            for (k, ref) in t.busy.enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("teachers[\(i)].busy[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[d][ref.period] else { throw fail("teachers[\(i)].busy[\(k)].period", "unknown period \"\(ref.period)\" on \(ref.day)") }
                free[slotOf(i, d, p)] = false
                if t.teaching == nil { teaching[slotOf(i, d, p)] = true }
            }
            for (k, ref) in (t.teaching ?? []).enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("teachers[\(i)].teaching[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[d][ref.period] else { throw fail("teachers[\(i)].teaching[\(k)].period", "unknown period \"\(ref.period)\" on \(ref.day)") }
                teaching[slotOf(i, d, p)] = true
                free[slotOf(i, d, p)] = false
            }
        }
        // Runs of consecutive instruction periods, within each day.
        var longestRun = 0
        for day in byDay {
            var current = 0
            for p in day {
                current = p.kind == .instruction ? current + 1 : 0
                longestRun = max(longestRun, current)
            }
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
            let everyWeeks = m.everyWeeks ?? 1
            guard everyWeeks == 1 || everyWeeks == 2 else { throw fail("\(field).everyWeeks", "must be 1 or 2") }
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
                let parsed = byDay[d]
                var s = 0
                while s + m.periodsPerSession <= parsed.count {
                    let range = s..<(s + m.periodsPerSession)
                    let ok = range.allSatisfy { parsed[$0].kind == .instruction }
                        && observers.allSatisfy { t in range.allSatisfy { free[slotOf(t, d, $0)] } }
                        && (host.map { h in range.allSatisfy { teaching[slotOf(h, d, $0)] } } ?? true)
                    if ok {
                        let minutes = range.reduce(0) { $0 + parsed[$1].end.minutes - parsed[$1].start.minutes }
                        // Every 2 weeks: the same slot in either week of the cycle.
                        for week in everyWeeks == 2 ? [0, 1] : [-1] {
                            candidates.append(Run(day: d, start: s, length: m.periodsPerSession, minutes: minutes, week: week))
                        }
                    }
                    s += 1
                }
            }
            var preferredStarts: Set<Int> = []
            for (k, ref) in (m.preferredSlots ?? []).enumerated() {
                guard let d = dayIndex[ref.day] else { throw fail("\(field).preferredSlots[\(k)].day", "unknown day \"\(ref.day)\"") }
                guard let p = ordered[d][ref.period] else { throw fail("\(field).preferredSlots[\(k)].period", "unknown period \"\(ref.period)\" on \(ref.day)") }
                preferredStarts.insert(d * periodCount + p)
            }
            let meeting = Meeting(id: m.id, countsTowardCap: m.kind != "pd", observers: observers, host: host,
                                  sessions: m.sessionsPerWeek, length: m.periodsPerSession, priority: m.priority, candidates: candidates,
                                  preferred: candidates.map { preferredStarts.contains($0.day * periodCount + $0.start) },
                                  everyWeeks: everyWeeks)
            // Bound: the best value on each of the best `sessions` days.
            var bestPerDay: [Int: Int] = [:]
            for c in candidates { bestPerDay[c.day] = max(bestPerDay[c.day] ?? 0, c.minutes * m.priority) }
            upperBound += bestPerDay.values.sorted(by: >).prefix(m.sessionsPerWeek).reduce(0, +)
            meetings.append(meeting)
            let kept = (problem.keep ?? []).filter { $0.meeting == m.id }
            hints.append(kept.compactMap { k in
                candidates.firstIndex { c in
                    dayNames[c.day] == k.day && periodNames[c.day][c.start] == k.periods.first && c.length == k.periods.count && c.week == (k.week ?? -1)
                }
            })
        }
        // Alternating meetings, both every 2 weeks, each linked at most once (either may name the other).
        let indexOf = Dictionary(uniqueKeysWithValues: meetings.enumerated().map { ($1.id, $0) })
        for (i, m) in problem.meetings.enumerated() {
            guard let other = m.alternatesWith else { continue }
            let field = "meetings[\(i)].alternatesWith"
            guard let j = indexOf[other] else { throw fail(field, "unknown meeting \"\(other)\"") }
            guard j != i else { throw fail(field, "a meeting cannot alternate with itself") }
            guard meetings[i].everyWeeks == 2, meetings[j].everyWeeks == 2 else {
                throw fail(field, "alternating meetings both need everyWeeks 2")
            }
            guard meetings[i].alternate ?? j == j, meetings[j].alternate ?? i == i else {
                throw fail(field, "\"\(m.id)\" or \"\(other)\" already alternates with another meeting")
            }
            meetings[i].alternate = j
            meetings[j].alternate = i
        }
        if problem.teachers.contains(where: { ($0.maxMeetingPeriodsPerWeek ?? 0) < 0 }) {
            throw fail("teachers", "maxMeetingPeriodsPerWeek must not be negative")
        }
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
