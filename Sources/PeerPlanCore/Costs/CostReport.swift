/// The two programmes compared; "both" is pairing plus MCs with peer support.
public enum CostPath: String, Sendable, Hashable, Codable, CaseIterable {
    case pairing, mc
}

/// The support MC candidates get — a scenario, never an assumption (DESIGN.md §8). NEA reports a
/// higher award rate for teachers in "supported groups"; it does not say the support was paid
/// coaching. The MC path is costed under each scenario, side by side.
public enum MCSupport: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// Teachers work alone: the unsupported award rate, no support bought.
    case none
    /// Paid coaching: the supported award rate and the coaching cost per teacher.
    case coaching
    /// The pairs and PLCs PeerPlan schedules: the supported award rate, no extra cash (their
    /// teacher time, and any cover, is on the pairing path).
    case peer

    /// Whether the scenario's candidates earn the supported award rate.
    public var supportedRate: Bool { self != .none }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Every item the model prices (DESIGN.md §8).
public enum CostItem: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    // (a) pairing
    case pairMeetings, observations, plcMeetings, protectedPD, outsideInstruction, coverage, coordinator, partnerStipend, pairingProgramFee
    // (b) micro-credentials
    case mcFees, mcTeacherTime, mcAssessment, mcStipends, salaryLanes, mcSupport

    public var path: CostPath {
        switch self {
        case .pairMeetings, .observations, .plcMeetings, .protectedPD, .outsideInstruction, .coverage, .coordinator, .partnerStipend, .pairingProgramFee: .pairing
        case .mcFees, .mcTeacherTime, .mcAssessment, .mcStipends, .salaryLanes, .mcSupport: .mc
        }
    }

    public var label: String {
        switch self {
        case .pairMeetings: "pair meeting time"
        case .observations: "peer observation time"
        case .plcMeetings: "PLC meeting time"
        case .protectedPD: "protected PD time"
        case .outsideInstruction: "sessions before/after school (extra-duty pay)"
        case .coverage: "substitute cover"
        case .coordinator: "coordinator time"
        case .partnerStipend: "partner stipend"
        case .pairingProgramFee: "pairing programme fee"
        case .mcFees: "MC fees × attempts"
        case .mcTeacherTime: "teacher time on MCs"
        case .mcAssessment: "MC assessment"
        case .mcStipends: "MC stipends"
        case .salaryLanes: "salary-lane increases"
        case .mcSupport: "support for MC candidates"
        }
    }

    static func of(_ kind: CollaborationKind) -> CostItem {
        switch kind {
        case .pair: .pairMeetings
        case .observation: .observations
        case .plc: .plcMeetings
        case .pd: .protectedPD
        }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Whose time a line's hours are.
public enum HoursOf: String, Sendable, Hashable, Codable {
    case teachers, coordinator
}

/// One priced item for one school (and teacher, when it is theirs) in one year, with how it was
/// computed: the formula in words, the inputs by name and the sources of every figure used.
public struct CostLine: Sendable, Hashable, Codable {
    public var item: CostItem
    public var path: CostPath
    public var school: String
    public var teacher: String?
    /// The support scenarios an MC line belongs to (empty on the pairing path): lines at the
    /// supported award rate count under coaching and peer support, the others under none.
    public var supports: [MCSupport] = []
    public var year: Int
    /// Cash; nil = not priced (a figure it needs has no public figure). A line summed by school
    /// (`CostReport.Detail.schools`) adds up the parts that are priced; its formula says how many are not.
    public var cash: Double?
    public var hours: Double
    public var hoursOf: HoursOf
    public var formula: String
    public var inputs: [String: Double]
    public var sources: [String]

    public var priced: Bool { cash != nil }
}

/// Cash and hours, kept apart; items that could not be priced are listed, never counted as zero.
public struct CostTotals: Sendable, Hashable, Codable {
    public var cash: Double = 0
    public var teacherHours: Double = 0
    public var coordinatorHours: Double = 0
    /// Items with at least one line that is not priced (no public figure): `cash` leaves them out.
    public var notPriced: [CostItem] = []

    public init() {}

    /// The economic cost (ingredients method): cash plus every teacher and coordinator hour at
    /// `hourValue`. Never mixed into `cash`.
    public func economic(hourValue: Double) -> Double { cash + (teacherHours + coordinatorHours) * hourValue }

    mutating func add(_ line: CostLine) {
        if let cash = line.cash { self.cash += cash } else if !notPriced.contains(line.item) {
            notPriced.append(line.item)
            notPriced.sort()
        }
        switch line.hoursOf {
        case .teachers: teacherHours += line.hours
        case .coordinator: coordinatorHours += line.hours
        }
    }

    static func + (a: CostTotals, b: CostTotals) -> CostTotals {
        var sum = CostTotals()
        sum.cash = a.cash + b.cash
        sum.teacherHours = a.teacherHours + b.teacherHours
        sum.coordinatorHours = a.coordinatorHours + b.coordinatorHours
        sum.notPriced = Array(Set(a.notPriced + b.notPriced)).sorted()
        return sum
    }
}

/// (a) pairing, (b) MCs under each support scenario and (c) both, for one scope and period.
public struct PathTotals: Sendable, Hashable, Codable {
    public var pairing = CostTotals()
    /// The MC path under each support scenario (every scenario present).
    public var mcBySupport: [MCSupport: CostTotals] = Dictionary(uniqueKeysWithValues: MCSupport.allCases.map { ($0, CostTotals()) })

    /// The MC path under one support scenario.
    public func mc(_ support: MCSupport) -> CostTotals { mcBySupport[support] ?? CostTotals() }

    /// (c) both: pairing and MCs with peer support — the pairs and PLCs are the MC candidates'
    /// support, so support is counted once and no coaching is bought.
    public var both: CostTotals { pairing + mc(.peer) }

    public init() {}

    mutating func add(_ line: CostLine) {
        switch line.path {
        case .pairing: pairing.add(line)
        case .mc: for s in line.supports { mcBySupport[s, default: CostTotals()].add(line) }
        }
    }

    enum CodingKeys: String, CodingKey { case pairing, mc, both }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pairing = try c.decode(CostTotals.self, forKey: .pairing)
        mcBySupport = try c.decode([MCSupport: CostTotals].self, forKey: .mc)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pairing, forKey: .pairing)
        try c.encode(mcBySupport, forKey: .mc)
        try c.encode(both, forKey: .both)
    }
}

/// Totals for the district, a school or a teacher: year by year and over the whole horizon.
public struct ScopeTotals: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case district, school, teacher }
    public var kind: Kind
    public var id: String
    public var name: String
    /// The school a teacher's totals belong to.
    public var school: String?
    /// Index 0 is year 1.
    public var byYear: [PathTotals]
    public var overall: PathTotals

    init(kind: Kind, id: String, name: String, school: String? = nil, years: Int) {
        self.kind = kind
        self.id = id
        self.name = name
        self.school = school
        byYear = Array(repeating: PathTotals(), count: years)
        overall = PathTotals()
    }

    mutating func add(_ line: CostLine) {
        byYear[line.year - 1].add(line)
        overall.add(line)
    }
}

/// A parameter the report needed but which has no value ("no public figure").
public struct NotPriced: Sendable, Hashable, Codable {
    public var item: CostItem
    public var parameter: String
    public var source: String
}

/// What `CostModel.compute` returns: every line, and totals per district, school and teacher.
public struct CostReport: Sendable, Hashable, Codable {
    /// Who may read a report: the district sees schools, a school's principal sees teachers.
    public enum Detail: String, Sendable, Hashable, Codable {
        /// Lines summed by school, item and year; no per-teacher totals. Names no teacher.
        case schools
        /// A line per teacher (or session) and per-teacher totals: one school's breakdown.
        case teachers
    }

    public var years: Int
    public var currency: String
    public var detail: Detail
    public var lines: [CostLine]
    public var district: ScopeTotals
    public var schools: [ScopeTotals]
    public var teachers: [ScopeTotals]
    public var dose: [DoseResult]
    public var notPriced: [NotPriced]
    /// Assumptions and gaps a reader must know (e.g. sessions that cannot be held).
    public var notes: [CostNote]

    /// The lines behind one scope's figures (`nil` school: the district).
    public func lines(school: String? = nil, teacher: String? = nil) -> [CostLine] {
        lines.filter { (school == nil || $0.school == school) && (teacher == nil || $0.teacher == teacher) }
    }
}

/// An assumption or gap a reader of the figures must know. The model says which apply; the
/// reports word them (`PeerPlanReports`).
public enum CostNote: Sendable, Hashable, Codable {
    /// Each year repeats the same programme; pay grows by this share a year from year 2, fees do not.
    case yearsRepeat(salaryGrowthPerYear: Double)
    /// (c) both is pairing plus MCs with peer support: support counted once.
    case bothIsTheSum
    /// The MC path is costed under each support scenario; the sensitivity analysis varies the one named.
    case supportScenarios(sensitivity: MCSupport)
    /// At `school`, `teachers` teachers are costed on the `credentials` micro-credentials attached
    /// to them this term (one MC per attachment); the others on one MC per focus skill.
    case attachedCredentials(school: String, teachers: Int, credentials: Int)
    /// Weekly sessions of `school` that could not be placed and have no remedy: not held, not costed.
    case sessionsNotHeld(school: String, sessions: Int)
    /// Accepted pairs of `school` that are not scheduled (a partner at another school, or a
    /// virtual pair): costed on neither path.
    case pairsNotScheduled(school: String, pairs: Int)
    /// A school left out of the report, and why.
    case notCosted(school: String, why: String)
    /// Items with no public figure, left out of the cash totals.
    case notPriced([CostItem])
}
