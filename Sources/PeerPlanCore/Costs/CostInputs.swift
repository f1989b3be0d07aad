/// The kinds of scheduled collaboration whose teacher time the pairing path counts.
public enum CollaborationKind: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case pair, observation, plc, pd

    public var label: String {
        switch self {
        case .pair: "pair meetings"
        case .observation: "peer observations"
        case .plc: "PLC meetings"
        case .pd: "protected PD time"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What the cost model is computed from: per school, the teachers who take part with their
/// weekly collaboration time, the sessions that need a substitute or happen outside
/// instruction, and the MC programme that would cover the same teachers and skills.
public struct CostInputs: Sendable, Hashable, Codable {
    /// Which MCs the MC path buys.
    public enum MCScope: String, Sendable, Hashable, Codable {
        /// One MC per (target teacher, focus skill) of the pairs: the same teachers and skills.
        /// A teacher with micro-credentials attached (`peerplan mc attach`) is costed on those
        /// instead: one MC per attachment (see `School.usesAttachedCredentials`).
        case focusSkills
        /// `mcsPerTeacherPerYear` MCs for every participating teacher (costs.yaml).
        case perTeacher
    }

    public struct Teacher: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// Minutes per average calendar week the teacher spends in each kind of session (placed
        /// sessions and sessions held with cover), already weighted by how often they occur
        /// (an every-other-week observation counts half). An observation's host is teaching and
        /// is not counted.
        public var weeklyMinutes: [CollaborationKind: Double]
        /// Pairs in which the teacher is the partner (the stronger colleague).
        public var partnerships: Int
        /// Focus skills the teacher works on as a target (one MC each on the MC path).
        public var focusSkills: [IndicatorRef]
        /// Catalogue ids of the micro-credentials attached to the teacher for the school's current
        /// term and not withdrawn (one entry per attachment).
        public var credentials: [String]

        public init(id: String, name: String = "", weeklyMinutes: [CollaborationKind: Double] = [:], partnerships: Int = 0,
                    focusSkills: [IndicatorRef] = [], credentials: [String] = []) {
            self.id = id
            self.name = name
            self.weeklyMinutes = weeklyMinutes
            self.partnerships = partnerships
            self.focusSkills = focusSkills
            self.credentials = credentials
        }
    }

    /// A weekly session that needs a substitute for one member's class (a `cover` remedy).
    public struct Cover: Sendable, Hashable, Codable {
        public var meeting: String
        public var kind: CollaborationKind
        /// The teacher whose class is covered.
        public var teacher: String
        public var coveredPeriods: Int
        /// Instruction periods in that school day (a substitute day is split across them).
        public var periodsInDay: Int
        /// Occurrences per calendar week (1 weekly; 0.5 every other week).
        public var perWeek: Double

        public init(meeting: String, kind: CollaborationKind, teacher: String, coveredPeriods: Int, periodsInDay: Int, perWeek: Double = 1) {
            self.meeting = meeting
            self.kind = kind
            self.teacher = teacher
            self.coveredPeriods = coveredPeriods
            self.periodsInDay = periodsInDay
            self.perWeek = perWeek
        }
    }

    /// A weekly session held before or after school (an `outsideInstruction` remedy): its
    /// members' time is paid at the extra-duty rate.
    public struct OutsideSession: Sendable, Hashable, Codable {
        public var meeting: String
        public var kind: CollaborationKind
        public var members: [String]
        public var minutes: Double
        public var perWeek: Double

        public init(meeting: String, kind: CollaborationKind, members: [String], minutes: Double, perWeek: Double = 1) {
            self.meeting = meeting
            self.kind = kind
            self.members = members
            self.minutes = minutes
            self.perWeek = perWeek
        }
    }

    public struct School: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// Participating teachers (in a pair, a PLC or a scheduled session), by id.
        public var teachers: [Teacher]
        public var covers: [Cover]
        public var outsideSessions: [OutsideSession]
        public var pairs: Int
        /// Accepted pairs the schedule leaves out (a partner at another school, or a virtual
        /// pair): neither path costs them — no pair time, and no MCs for their focus skills.
        public var pairsNotScheduled: Int = 0
        public var plcs: Int
        /// Weekly sessions that could not be placed and have no remedy: not held, not costed.
        public var sessionsNotHeld: Int
        /// School-year weeks when the school's own calendar says (else the parameter).
        public var schoolYearWeeks: Double?
        /// The schedule run the inputs come from.
        public var scheduleRun: Int64?
        /// Collaboration hours the session log has for the school (nil: nothing logged).
        public var logged: LoggedDose? = nil

        /// Whether the MC path (scope `focusSkills`) uses the micro-credentials actually attached
        /// to the school's teachers — one MC per attachment, at that catalogue entry's figures —
        /// instead of one MC per (target, focus skill). The rule is per teacher: a teacher with an
        /// attachment is costed on what was attached; the others keep one MC per focus skill.
        public var usesAttachedCredentials: Bool { teachers.contains { !$0.credentials.isEmpty } }

        /// MCs the MC path buys in one year under `scope` (before award rates).
        public func mcCount(scope: MCScope, perTeacher: Double) -> Int {
            switch scope {
            case .focusSkills:
                teachers.reduce(0) { $0 + ($1.credentials.isEmpty ? $1.focusSkills.count : $1.credentials.count) }
            case .perTeacher:
                teachers.count * Int(perTeacher.rounded())
            }
        }

        public init(id: String, name: String = "", teachers: [Teacher] = [], covers: [Cover] = [], outsideSessions: [OutsideSession] = [],
                    pairs: Int = 0, plcs: Int = 0, sessionsNotHeld: Int = 0, schoolYearWeeks: Double? = nil, scheduleRun: Int64? = nil) {
            self.id = id
            self.name = name
            self.teachers = teachers
            self.covers = covers
            self.outsideSessions = outsideSessions
            self.pairs = pairs
            self.plcs = plcs
            self.sessionsNotHeld = sessionsNotHeld
            self.schoolYearWeeks = schoolYearWeeks
            self.scheduleRun = scheduleRun
        }
    }

    public var district: String
    public var schools: [School]
    public var mcScope: MCScope
    /// Schools left out, with why (e.g. no schedule yet).
    public var skipped: [String: String]

    public init(district: String = "district", schools: [School], mcScope: MCScope = .focusSkills, skipped: [String: String] = [:]) {
        self.district = district
        self.schools = schools
        self.mcScope = mcScope
        self.skipped = skipped
    }
}
