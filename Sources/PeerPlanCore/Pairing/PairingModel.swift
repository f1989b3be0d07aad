/// An indicator of a rubric: ratings and focus skills refer to indicators this way.
public struct IndicatorRef: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var rubric: String
    public var indicator: String

    public init(rubric: String, indicator: String) {
        self.rubric = rubric
        self.indicator = indicator
    }

    public var description: String { "\(rubric)/\(indicator)" }

    public static func < (lhs: IndicatorRef, rhs: IndicatorRef) -> Bool {
        (lhs.rubric, lhs.indicator) < (rhs.rubric, rhs.indicator)
    }
}

/// What the pairing engine knows of a teacher. Personnel data: never leaves the principal's tools.
public struct PairingTeacher: Sendable, Hashable {
    public var id: String
    public var school: String
    /// Cross-school pairs stay inside a district.
    public var district: String
    /// The score that counts per indicator (`ScoreCounting`); decimals allowed.
    public var scores: [IndicatorRef: Double]
    public var participating: Bool
    /// How many colleagues this teacher may support at once (nil: the policy's default).
    public var capacity: Int?
    /// Free periods in the school week (`Mon 3`), for the shared-free-period rule.
    public var freeSlots: Set<Slot>
    public var subjects: Set<String>
    public var grades: Set<String>
    /// False when a class of theirs meets in periods the bell schedule does not name (or their
    /// school has no bell schedule): their free periods are unknown, so a pairing that needs a
    /// shared free period leaves them out (`UnmatchedReason.unknownClassTimes`).
    public var classTimesKnown: Bool = true

    public init(id: String, school: String, district: String = "", scores: [IndicatorRef: Double], participating: Bool = true,
                capacity: Int? = nil, freeSlots: Set<Slot> = [], subjects: Set<String> = [], grades: Set<String> = []) {
        self.id = id
        self.school = school
        self.district = district
        self.scores = scores
        self.participating = participating
        self.capacity = capacity
        self.freeSlots = freeSlots
        self.subjects = subjects
        self.grades = grades
    }
}

/// A (partner, target) pair of teacher ids.
public struct PairKey: Hashable, Sendable, Comparable, Codable {
    public var partner: String
    public var target: String

    public init(partner: String, target: String) {
        self.partner = partner
        self.target = target
    }

    public static func < (lhs: PairKey, rhs: PairKey) -> Bool { (lhs.target, lhs.partner) < (rhs.target, rhs.partner) }
}

public enum PairingMode: String, Sendable, Codable, CaseIterable {
    /// Maximise the total weight Σ w.
    case quality
    /// Maximise the number of pairs first, then Σ w.
    case participation
}

/// The rule's settings (DESIGN.md §5; defaults in Config/policy.yaml).
public struct PairingPolicy: Sendable, Hashable, Codable {
    public var mode: PairingMode = .quality
    public var defaultCapacity: Int = 1
    /// Shared free periods a week an edge needs; 0 pairs on skills alone.
    public var minSharedFreePeriods: Int = 1
    /// Pair a target across schools when no colleague at its own school can be its partner.
    public var crossSchool: Bool = false
    public var sameSubjectBonus: Int = 0
    public var sameGradeBonus: Int = 0
    public var previousCyclePenalty: Int = 0

    public init(mode: PairingMode = .quality, defaultCapacity: Int = 1, minSharedFreePeriods: Int = 1, crossSchool: Bool = false,
                sameSubjectBonus: Int = 0, sameGradeBonus: Int = 0, previousCyclePenalty: Int = 0) {
        self.mode = mode
        self.defaultCapacity = defaultCapacity
        self.minSharedFreePeriods = minSharedFreePeriods
        self.crossSchool = crossSchool
        self.sameSubjectBonus = sameSubjectBonus
        self.sameGradeBonus = sameGradeBonus
        self.previousCyclePenalty = previousCyclePenalty
    }

    public func validationProblems() -> [String] {
        var problems: [String] = []
        if defaultCapacity < 1 { problems.append("partner capacity must be at least 1 (got \(defaultCapacity))") }
        if minSharedFreePeriods < 0 { problems.append("minimum shared free periods must not be negative") }
        if sameSubjectBonus < 0 || sameGradeBonus < 0 { problems.append("bonuses must not be negative") }
        if previousCyclePenalty < 0 { problems.append("the previous-cycle penalty must not be negative") }
        return problems
    }
}

/// The principal's decisions.
public struct PairingDecisions: Sendable, Hashable {
    public var locked: [PairKey] = []
    public var forbidden: Set<PairKey> = []
    /// Pairs of the previous cycle (penalised if the policy says so).
    public var previous: Set<PairKey> = []
    /// Accepted pairs outside this proposal (another school's active cycle, with cross-school
    /// pairing): their targets are not paired again and their partners' capacity is used.
    public var committed: [PairKey] = []

    public init(locked: [PairKey] = [], forbidden: Set<PairKey> = [], previous: Set<PairKey> = [], committed: [PairKey] = []) {
        self.locked = locked
        self.forbidden = forbidden
        self.previous = previous
        self.committed = committed
    }
}

public struct PairingInput: Sendable {
    public var rubrics: [String: Rubric]
    public var teachers: [PairingTeacher]
    public var policy: PairingPolicy
    public var decisions: PairingDecisions

    public init(rubrics: [String: Rubric], teachers: [PairingTeacher], policy: PairingPolicy = PairingPolicy(),
                decisions: PairingDecisions = PairingDecisions()) {
        self.rubrics = rubrics
        self.teachers = teachers
        self.policy = policy
        self.decisions = decisions
    }
}

public struct ProposedPair: Sendable, Hashable, Codable {
    public var partner: String
    public var target: String
    /// The focus skills: where the target is weak and the partner strong (rubric order).
    public var focus: [IndicatorRef]
    /// Σ_{i ∈ F} (score(p, i) − score(t, i)) + bonuses − penalty; a decimal when scores are.
    public var weight: Double
    public var locked: Bool
    /// Across schools: they meet virtually.
    public var virtual: Bool
    public var sharedFreePeriods: [Slot]
}

public enum UnmatchedReason: String, Sendable, Codable, CaseIterable {
    /// Nobody who takes part is strong on the target's weak indicators.
    case noStrongColleague
    /// Colleagues strong on them exist, but none shares a free period with the target.
    case noSharedFreePeriod
    /// Every such colleague already supports as many colleagues as they can.
    case allAtCapacity
    /// The principal forbade every possible pair.
    case forbiddenByPrincipal
    /// The teacher opted out of peer collaboration.
    case optedOut
    /// The only colleagues who could support them were their partners in the previous cycle,
    /// and the policy's penalty for repeating a pair leaves nothing to gain.
    case penalisedRepeat
    /// The teacher's class times are unknown (a class's periods match no period of the bell
    /// schedule, or the school has none), so no shared free period can be found: with
    /// `colleagues`, the target's times are known but those of every colleague who could support
    /// them are not.
    case unknownClassTimes
}

/// Why a target has no partner, with what the reason is about (never scores). The sentence a
/// principal reads is worded from it in one place (`PeerPlanReports`).
public struct UnmatchedTarget: Sendable, Hashable, Codable {
    public var teacher: String
    public var reason: UnmatchedReason
    /// The indicators the reason is about: the teacher's weak ones (none when they opted out).
    public var indicators: [IndicatorRef]
    /// The colleagues the reason is about: those strong on the indicators who were excluded,
    /// share no free period, or are already paired.
    public var colleagues: [String]
    /// With `allAtCapacity`: whom each of `colleagues` already supports, in the same order;
    /// otherwise empty.
    public var supporting: [[String]]

    public init(teacher: String, reason: UnmatchedReason, indicators: [IndicatorRef] = [], colleagues: [String] = [],
                supporting: [[String]] = []) {
        self.teacher = teacher
        self.reason = reason
        self.indicators = indicators
        self.colleagues = colleagues
        self.supporting = supporting
    }
}

public struct PairingResult: Sendable, Hashable {
    public var pairs: [ProposedPair]
    public var unmatched: [UnmatchedTarget]
    public var totalWeight: Double { pairs.reduce(0) { $0 + $1.weight } }
    /// Problems with the principal's locks that were honoured anyway (e.g. no shared free period).
    public var warnings: [String]

    public init(pairs: [ProposedPair], unmatched: [UnmatchedTarget], warnings: [String]) {
        self.pairs = pairs
        self.unmatched = unmatched
        self.warnings = warnings
    }
}

public struct PairingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Slot: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let day = ScheduleDay(parsing: parts[0]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a slot: \(text)"))
        }
        self.init(day: day, period: parts[1])
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
