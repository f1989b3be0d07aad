/// The placement problem of DESIGN.md §6, in the JSON form `peerplan place --problem` reads.
public struct PlacementProblem: Codable, Sendable, Hashable {
    public struct Period: Codable, Sendable, Hashable {
        public var name: String
        public var start: String
        public var end: String
        public var kind: String
        public init(name: String, start: String, end: String, kind: String) {
            self.name = name
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    public struct SlotRef: Codable, Sendable, Hashable {
        public var day: String
        public var period: String
        public init(day: String, period: String) {
            self.day = day
            self.period = period
        }
    }

    public struct Teacher: Codable, Sendable, Hashable {
        public var id: String
        /// Periods in which the teacher is not free (classes, duties, other commitments).
        public var busy: [SlotRef]
        /// Of those, the periods in which the teacher teaches (an observation's host must be
        /// teaching). When absent, every busy period counts as teaching.
        public var teaching: [SlotRef]?
        /// At most this many periods of meetings in the week (so planning time survives).
        public var maxMeetingPeriodsPerWeek: Int?
        public init(id: String, busy: [SlotRef], teaching: [SlotRef]? = nil, maxMeetingPeriodsPerWeek: Int? = nil) {
            self.id = id
            self.busy = busy
            self.teaching = teaching
            self.maxMeetingPeriodsPerWeek = maxMeetingPeriodsPerWeek
        }
    }

    public struct Meeting: Codable, Sendable, Hashable {
        public var id: String
        /// `pair`, `observation`, `plc` or `pd` (protected PD time does not count toward the daily cap).
        public var kind: String
        public var members: [String]
        /// For an observation: the member who teaches while the others watch.
        public var host: String?
        public var sessionsPerWeek: Int
        public var periodsPerSession: Int
        /// Days the sessions may fall on; all days when absent.
        public var allowedDays: [String]?
        public var priority: Int
        /// Slots to prefer when the objective is equal, e.g. an observation during a class of the
        /// focus subject. A session is preferred when its first period is one of these.
        public var preferredSlots: [SlotRef]?
        /// 1 (every week, the default when absent) or 2: each session happens every other week, in
        /// the week (0 or 1) the answer gives, and holds its members' periods and caps only then.
        public var everyWeeks: Int?
        /// A meeting (also every 2 weeks) whose sessions fall in the other weeks: a pair's two
        /// observation directions take turns, so each member watches every other week.
        public var alternatesWith: String?
        public init(id: String, kind: String, members: [String], host: String? = nil, sessionsPerWeek: Int = 1,
                    periodsPerSession: Int = 1, allowedDays: [String]? = nil, priority: Int, preferredSlots: [SlotRef]? = nil,
                    everyWeeks: Int? = nil, alternatesWith: String? = nil) {
            self.preferredSlots = preferredSlots
            self.everyWeeks = everyWeeks
            self.alternatesWith = alternatesWith
            self.id = id
            self.kind = kind
            self.members = members
            self.host = host
            self.sessionsPerWeek = sessionsPerWeek
            self.periodsPerSession = periodsPerSession
            self.allowedDays = allowedDays
            self.priority = priority
        }
    }

    public var days: [String]
    public var periods: [Period]
    /// Days with their own bell times (a late-start Wednesday): such a day uses its list, every
    /// other day `periods`. Slot references on that day name its own periods.
    public var periodsByDay: [String: [Period]]?
    public var maxMeetingsPerTeacherPerDay: Int
    public var teachers: [Teacher]
    public var meetings: [Meeting]
    public var seed: UInt64?
    public var timeLimitSeconds: Double?
    /// Placements of an earlier run to keep where they are still valid (stability on re-runs).
    public var keep: [PlacementAnswer.Placement]?

    public init(days: [String], periods: [Period], maxMeetingsPerTeacherPerDay: Int, teachers: [Teacher], meetings: [Meeting],
                seed: UInt64? = 0, timeLimitSeconds: Double? = 1.0) {
        self.days = days
        self.periods = periods
        self.maxMeetingsPerTeacherPerDay = maxMeetingsPerTeacherPerDay
        self.teachers = teachers
        self.meetings = meetings
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
    }
}

extension PlacementProblem {
    /// SHA-256 of a canonical text of the problem (what a run was computed from). Much cheaper
    /// than hashing its JSON; changes whenever any field that matters to the solver changes.
    public var fingerprint: String {
        var text = "v1|\(days.joined(separator: ","))|\(maxMeetingsPerTeacherPerDay)|\(seed ?? 0)\n"
        for p in periods { text += "p|\(p.name)|\(p.start)|\(p.end)|\(p.kind)\n" }
        // Only when present, so problems without it keep their fingerprints.
        for day in (periodsByDay ?? [:]).keys.sorted() {
            for p in periodsByDay![day]! { text += "pd|\(day)|\(p.name)|\(p.start)|\(p.end)|\(p.kind)\n" }
        }
        func slots(_ refs: [SlotRef]?) -> String {
            guard let refs else { return "-" }
            return refs.map { "\($0.day) \($0.period)" }.joined(separator: ",")
        }
        for t in teachers { text += "t|\(t.id)|\(slots(t.busy))|\(slots(t.teaching))|\(t.maxMeetingPeriodsPerWeek.map(String.init) ?? "-")\n" }
        for m in meetings {
            text += "m|\(m.id)|\(m.kind)|\(m.members.joined(separator: ","))|\(m.host ?? "-")|\(m.sessionsPerWeek)|\(m.periodsPerSession)|"
            text += "\(m.allowedDays?.joined(separator: ",") ?? "-")|\(m.priority)|\(slots(m.preferredSlots))"
            // (Weekly meetings keep the text they always had.)
            if m.everyWeeks != nil || m.alternatesWith != nil { text += "|\(m.everyWeeks ?? 1)|\(m.alternatesWith ?? "-")" }
            text += "\n"
        }
        for k in keep ?? [] { text += "k|\(k.meeting)|\(k.session)|\(k.day)|\(k.periods.joined(separator: ","))\(k.week.map { "|w\($0)" } ?? "")\n" }
        return SHA256.hex(text)
    }
}

/// The answer: placements, unplaced sessions with reason codes, the objective and a bound.
public struct PlacementAnswer: Codable, Sendable, Hashable {
    public struct Placement: Codable, Sendable, Hashable {
        public init(meeting: String, session: Int, day: String, periods: [String], week: Int? = nil) {
            self.meeting = meeting
            self.session = session
            self.day = day
            self.periods = periods
            self.week = week
        }
        public var meeting: String
        public var session: Int
        public var day: String
        public var periods: [String]
        /// For a meeting every 2 weeks: the week it happens in, 0 (the first week of the cycle) or 1.
        /// Absent for weekly meetings.
        public var week: Int?
    }

    public struct Unplaced: Codable, Sendable, Hashable {
        public var meeting: String
        public var session: Int
        /// `noCommonFreePeriod`, `hostNotTeaching`, `dailyCapReached`, `weeklyShareReached` or `blockedBy`.
        public var reason: String
        /// Teachers (noCommonFreePeriod, hostNotTeaching, dailyCapReached) or meetings (blockedBy).
        public var blockers: [String]
        /// What would make room, so its cost can be priced; nil when nothing simple would.
        public var remedy: Remedy?
    }

    /// `cover`: a substitute takes `teacher`'s class in `periods` on `day` (coveredPeriods of them);
    /// `outsideInstruction`: everyone is free in a before- or after-school period of the contract day.
    public struct Remedy: Codable, Sendable, Hashable {
        public var kind: String
        public var teacher: String?
        public var day: String
        public var periods: [String]
        public var coveredPeriods: Int

        public init(kind: String, teacher: String?, day: String, periods: [String], coveredPeriods: Int) {
            self.kind = kind
            self.teacher = teacher
            self.day = day
            self.periods = periods
            self.coveredPeriods = coveredPeriods
        }
    }

    public init(objective: Int, upperBound: Int, optimal: Bool = false, placements: [Placement], unplaced: [Unplaced]) {
        self.objective = objective
        self.upperBound = upperBound
        self.optimal = optimal
        self.gap = upperBound - objective
        self.placements = placements
        self.unplaced = unplaced
    }

    /// Σ priority × minutes over placed sessions.
    public var objective: Int
    /// No placement can score more than this (the objective itself when proven optimal).
    public var upperBound: Int
    /// Proven optimal: no placement of the problem (with its `keep`) scores more.
    public var optimal: Bool
    /// `upperBound − objective`: how much better a placement could be at most (0 when optimal).
    public var gap: Int
    public var placements: [Placement]
    public var unplaced: [Unplaced]
}

public struct PlacementError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the problem, e.g. `meetings[3].members[1]`.
    public var field: String
    public var message: String
    public var description: String { "\(field): \(message)" }
}
