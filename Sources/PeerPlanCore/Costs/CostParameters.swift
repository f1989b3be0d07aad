/// A cost figure from Config: its value (nil = "no public figure": the district must supply
/// it), the range a sensitivity analysis varies it over, and where it comes from.
public struct CostFigure: Sendable, Hashable, Codable {
    /// Where the figure lives, e.g. `rates.substitutePerDay` (costs.yaml) or
    /// `microcredentials[mc-questioning].fee` (microcredentials.yaml).
    public var key: String
    public var value: Double?
    public var low: Double?
    public var high: Double?
    public var source: String

    public init(_ key: String, _ value: Double?, range: ClosedRange<Double>? = nil, source: String) {
        self.key = key
        self.value = value
        self.low = range?.lowerBound
        self.high = range?.upperBound
        self.source = source
    }

    /// `rates.substitutePerDay = 134.5: <source>`, for a line's sources.
    public var citation: String {
        "\(key) = \(value.map { CostFormat.number($0) } ?? "null (no public figure)"): \(source)"
    }
}

/// A yes/no setting from Config, with its source.
public struct CostFlag: Sendable, Hashable, Codable {
    public var key: String
    public var value: Bool
    public var source: String

    public init(_ key: String, _ value: Bool, source: String) {
        self.key = key
        self.value = value
        self.source = source
    }

    public var citation: String { "\(key) = \(value): \(source)" }
}

/// One entry of the micro-credential catalogue (Config/microcredentials.yaml).
public struct MicroCredential: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var issuer: String
    /// Rubric indicators the MC builds (a focus skill maps to the first MC listing it).
    public var indicators: [IndicatorRef]
    /// Fee per attempt for non-members (nil: no public figure).
    public var fee: CostFigure
    /// Fee per attempt for members (NEA: free), when the issuer has one.
    public var memberFee: CostFigure?
    /// A platform fee per attempt on top of the fee (Digital Promise: 0).
    public var platformFee: CostFigure?
    public var expectedHours: CostFigure
    /// Assessment cost per submission (nil: no public figure).
    public var assessorCost: CostFigure
    public var awardRateSupported: CostFigure
    public var awardRateUnsupported: CostFigure
    /// Board credits an awarded MC counts for toward a salary lane.
    public var laneCredits: CostFigure

    public init(id: String, name: String, issuer: String, indicators: [IndicatorRef], fee: CostFigure, memberFee: CostFigure? = nil,
                platformFee: CostFigure? = nil, expectedHours: CostFigure, assessorCost: CostFigure, awardRateSupported: CostFigure,
                awardRateUnsupported: CostFigure, laneCredits: CostFigure) {
        self.id = id
        self.name = name
        self.issuer = issuer
        self.indicators = indicators
        self.fee = fee
        self.memberFee = memberFee
        self.platformFee = platformFee
        self.expectedHours = expectedHours
        self.assessorCost = assessorCost
        self.awardRateSupported = awardRateSupported
        self.awardRateUnsupported = awardRateUnsupported
        self.laneCredits = laneCredits
    }

    /// Whether this MC builds the skill (rubric ids compared ignoring case).
    public func covers(_ skill: IndicatorRef) -> Bool {
        indicators.contains { $0.rubric.lowercased() == skill.rubric.lowercased() && $0.indicator.lowercased() == skill.indicator.lowercased() }
    }
}

/// How far the catalogue's MC-to-indicator mapping can be trusted (microcredentials.yaml
/// `indicatorMapping`): PeerPlan ships an example a district must confirm against the issuer.
public struct IndicatorMapping: Sendable, Hashable, Codable {
    /// True until the district marks the mapping `confirmed`.
    public var isExample: Bool
    public var source: String

    public init(isExample: Bool, source: String) {
        self.isExample = isExample
        self.source = source
    }
}

/// The blocks in which a district buys substitute cover (costs.yaml `rates.substituteBlock`).
public enum SubstituteBlock: String, Sendable, Hashable, Codable, CaseIterable {
    /// Half a day at half the day rate; a session covering more periods than half the day's
    /// instruction periods takes two half days.
    case halfDay
    /// A whole day at the day rate.
    case day
    /// The day rate split over the day's instruction periods, per covered period (a district that
    /// pays by the period, or pools cover so one substitute covers several sessions a day).
    case period
}

/// The research bands for the dose of professional learning (policy.yaml `dose`, Yoon et al. 2007).
public struct DoseBands: Sendable, Hashable, Codable {
    public var effectiveHours: ClosedRange<Double>
    public var ineffectiveHours: ClosedRange<Double>
    public var effectiveSpanMonths: ClosedRange<Double>
    public var sources: [String]

    public init(effectiveHours: ClosedRange<Double> = 30...100, ineffectiveHours: ClosedRange<Double> = 5...14,
                effectiveSpanMonths: ClosedRange<Double> = 6...12, sources: [String] = []) {
        self.effectiveHours = effectiveHours
        self.ineffectiveHours = ineffectiveHours
        self.effectiveSpanMonths = effectiveSpanMonths
        self.sources = sources
    }
}

/// Every figure of the cost model (DESIGN.md §8), as plain values: Config/costs.yaml, the MC
/// catalogue (Config/microcredentials.yaml) and the dose bands (policy.yaml `dose`).
/// Money is nominal, in `currency`; a figure whose value is nil is "not priced".
public struct CostParameters: Sendable, Hashable, Codable {
    public var currency: String
    public var schoolYearWeeks: CostFigure
    public var horizonYears: CostFigure
    public var salaryGrowthPerYear: CostFigure
    public var extraDutyPerHour: CostFigure
    public var substitutePerDay: CostFigure
    public var substituteBlock: SubstituteBlock
    public var substituteBlockSource: String
    /// What a teacher (or coordinator) hour is worth for the economic-cost view (ingredients
    /// method); nil: the view is off.
    public var teacherHourValue: CostFigure
    // Pairing programme.
    public var pairingProgramFee: CostFigure
    public var paidOutsideContractTime: CostFlag
    public var partnerStipendPerYear: CostFigure
    public var coordinatorHoursPerSchoolPerWeek: CostFigure
    // MC programme (figures used for MCs the catalogue does not list, and programme settings).
    public var neaFeeMember: CostFigure
    public var neaFeeNonMember: CostFigure
    public var assumeNeaMembers: CostFlag
    public var neaCatalogueSize: CostFigure
    public var hoursPerMc: CostFigure
    public var awardRateSupported: CostFigure
    public var awardRateUnsupported: CostFigure
    public var mcsPerTeacherPerYear: CostFigure
    public var digitalPromisePlatformFee: CostFigure
    public var digitalPromiseAssessmentFee: CostFigure
    public var assessorCostPerSubmission: CostFigure
    public var stipendPerMc: CostFigure
    /// The support scenario the sensitivity analysis compares with pairing (all are reported).
    public var sensitivitySupport: MCSupport
    public var sensitivitySupportSource: String
    public var coachingPerTeacherPerYear: CostFigure
    // Salary lanes.
    public var mcsForAdvancedDegreeLane: CostFigure
    public var creditsPerMc: CostFigure
    public var creditsBaToMa: CostFigure
    public var laneIncreasePerYear: CostFigure
    // Context only.
    public var pdSpendPerTeacherTNTP: CostFigure
    public var pdSpendPerTeacherRPPL: CostFigure
    public var catalogue: [MicroCredential]
    /// Whether the catalogue's `indicators` are PeerPlan's example or confirmed by the district.
    public var indicatorMapping: IndicatorMapping
    public var dose: DoseBands

    /// Every price zero, award rates 1, 36 weeks, one year, no growth, no catalogue: a blank
    /// sheet on which a test (or a loader) sets the figures it means.
    public static func neutral() -> CostParameters {
        let s = "neutral"
        return CostParameters(
            currency: "USD",
            schoolYearWeeks: CostFigure("calendar.schoolYearWeeks", 36, source: s),
            horizonYears: CostFigure("horizon.years", 1, source: s),
            salaryGrowthPerYear: CostFigure("horizon.salaryGrowthPerYear", 0, source: s),
            extraDutyPerHour: CostFigure("rates.extraDutyPerHour", 0, source: s),
            substitutePerDay: CostFigure("rates.substitutePerDay", 0, source: s),
            substituteBlock: .period, substituteBlockSource: s,
            teacherHourValue: CostFigure("rates.teacherHourValue", nil, source: s),
            pairingProgramFee: CostFigure("pairing.programFee", 0, source: s),
            paidOutsideContractTime: CostFlag("pairing.paidOutsideContractTime", false, source: s),
            partnerStipendPerYear: CostFigure("pairing.partnerStipendPerYear", 0, source: s),
            coordinatorHoursPerSchoolPerWeek: CostFigure("pairing.coordinatorHoursPerSchoolPerWeek", 0, source: s),
            neaFeeMember: CostFigure("microcredentials.neaFeeMember", 0, source: s),
            neaFeeNonMember: CostFigure("microcredentials.neaFeeNonMember", 0, source: s),
            assumeNeaMembers: CostFlag("microcredentials.assumeNeaMembers", false, source: s),
            neaCatalogueSize: CostFigure("microcredentials.neaCatalogueSize", 0, source: s),
            hoursPerMc: CostFigure("microcredentials.hoursPerMc", 0, source: s),
            awardRateSupported: CostFigure("microcredentials.awardRateSupported", 1, source: s),
            awardRateUnsupported: CostFigure("microcredentials.awardRateUnsupported", 1, source: s),
            mcsPerTeacherPerYear: CostFigure("microcredentials.mcsPerTeacherPerYear", 1, source: s),
            digitalPromisePlatformFee: CostFigure("microcredentials.digitalPromisePlatformFee", 0, source: s),
            digitalPromiseAssessmentFee: CostFigure("microcredentials.digitalPromiseAssessmentFee", 0, source: s),
            assessorCostPerSubmission: CostFigure("microcredentials.assessorCostPerSubmission", 0, source: s),
            stipendPerMc: CostFigure("microcredentials.stipendPerMc", 0, source: s),
            sensitivitySupport: .coaching, sensitivitySupportSource: s,
            coachingPerTeacherPerYear: CostFigure("microcredentials.support.coachingPerTeacherPerYear", 0, source: s),
            mcsForAdvancedDegreeLane: CostFigure("salaryLanes.mcsForAdvancedDegreeLane", 30, source: s),
            creditsPerMc: CostFigure("salaryLanes.creditsPerMc", 1, source: s),
            creditsBaToMa: CostFigure("salaryLanes.creditsBaToMa", 36, source: s),
            laneIncreasePerYear: CostFigure("salaryLanes.laneIncreasePerYear", 0, source: s),
            pdSpendPerTeacherTNTP: CostFigure("context.pdSpendPerTeacherTNTP", nil, source: s),
            pdSpendPerTeacherRPPL: CostFigure("context.pdSpendPerTeacherRPPL", nil, source: s),
            catalogue: [], indicatorMapping: IndicatorMapping(isExample: true, source: s), dose: DoseBands())
    }

    /// Which file a problem is in.
    public enum File: String, Sendable, Hashable, Codable {
        case costs, catalogue, policy
    }

    /// A figure that cannot be used, named by its field.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: File
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// Figures that must be numbers (a price may be null: "not priced"; these may not).
    var requiredFigures: [CostFigure] {
        [schoolYearWeeks, horizonYears, salaryGrowthPerYear, coordinatorHoursPerSchoolPerWeek, hoursPerMc,
         awardRateSupported, awardRateUnsupported, mcsPerTeacherPerYear, creditsPerMc, creditsBaToMa]
    }

    /// Prices, hours and counts: never negative.
    var nonNegativeFigures: [CostFigure] {
        [schoolYearWeeks, horizonYears, extraDutyPerHour, substitutePerDay, teacherHourValue, pairingProgramFee, partnerStipendPerYear,
         coordinatorHoursPerSchoolPerWeek, neaFeeMember, neaFeeNonMember, neaCatalogueSize, hoursPerMc, mcsPerTeacherPerYear,
         digitalPromisePlatformFee, digitalPromiseAssessmentFee, assessorCostPerSubmission, stipendPerMc,
         coachingPerTeacherPerYear, mcsForAdvancedDegreeLane, creditsPerMc, creditsBaToMa, laneIncreasePerYear,
         pdSpendPerTeacherTNTP, pdSpendPerTeacherRPPL]
    }

    /// Everything that makes these figures unusable, in file order; empty when they are fine.
    public func validationProblems() -> [Problem] {
        var problems: [Problem] = []
        func check(_ f: CostFigure, _ file: File, required: Bool, nonNegative: Bool, rate: Bool) {
            let field = f.key + ".value"
            if let v = f.value {
                if !v.isFinite {
                    problems.append(Problem(file: file, field: field, message: "\(v) is not a number"))
                } else if rate && !(v > 0 && v <= 1) {
                    problems.append(Problem(file: file, field: field, message: "an award rate must be in (0, 1], not \(CostFormat.number(v))"))
                } else if nonNegative && v < 0 {
                    problems.append(Problem(file: file, field: field, message: "must not be negative, not \(CostFormat.number(v))"))
                }
            } else if required {
                problems.append(Problem(file: file, field: field, message: "must be a number (only prices may be null, meaning no public figure)"))
            }
            if let low = f.low, let high = f.high {
                if low > high {
                    problems.append(Problem(file: file, field: f.key + ".range", message: "low \(CostFormat.number(low)) is above high \(CostFormat.number(high))"))
                } else if rate && !(low > 0 && high <= 1) {
                    problems.append(Problem(file: file, field: f.key + ".range", message: "award rates must stay in (0, 1]"))
                } else if nonNegative && low < 0 {
                    problems.append(Problem(file: file, field: f.key + ".range", message: "must not go below 0"))
                }
            }
        }
        let required = Set(requiredFigures.map(\.key))
        let nonNegative = Set(nonNegativeFigures.map(\.key))
        let rates: Set<String> = [awardRateSupported.key, awardRateUnsupported.key]
        let all = [schoolYearWeeks, horizonYears, salaryGrowthPerYear, extraDutyPerHour, substitutePerDay, teacherHourValue, pairingProgramFee,
                   partnerStipendPerYear, coordinatorHoursPerSchoolPerWeek, neaFeeMember, neaFeeNonMember, neaCatalogueSize,
                   hoursPerMc, awardRateSupported, awardRateUnsupported, mcsPerTeacherPerYear, digitalPromisePlatformFee,
                   digitalPromiseAssessmentFee, assessorCostPerSubmission, stipendPerMc, coachingPerTeacherPerYear,
                   mcsForAdvancedDegreeLane, creditsPerMc, creditsBaToMa, laneIncreasePerYear, pdSpendPerTeacherTNTP, pdSpendPerTeacherRPPL]
        for f in all {
            check(f, .costs, required: required.contains(f.key), nonNegative: nonNegative.contains(f.key), rate: rates.contains(f.key))
        }
        if let years = horizonYears.value, years.isFinite, years < 1 || years != years.rounded() {
            problems.append(Problem(file: .costs, field: horizonYears.key + ".value", message: "must be a whole number of years, at least 1"))
        }
        if let weeks = schoolYearWeeks.value, weeks.isFinite, weeks <= 0 || weeks > 53 {
            problems.append(Problem(file: .costs, field: schoolYearWeeks.key + ".value", message: "must be between 1 and 53 weeks"))
        }
        if let g = salaryGrowthPerYear.value, g.isFinite, g <= -1 {
            problems.append(Problem(file: .costs, field: salaryGrowthPerYear.key + ".value", message: "must be above -1 (a fall of 100% or more)"))
        }
        if let c = creditsBaToMa.value, c == 0 {
            problems.append(Problem(file: .costs, field: creditsBaToMa.key + ".value", message: "must be above 0 (it divides the lane increase)"))
        }
        var seen: Set<String> = []
        for mc in catalogue {
            if !seen.insert(mc.id).inserted {
                problems.append(Problem(file: .catalogue, field: "microcredentials[\(mc.id)].id", message: "\"\(mc.id)\" is listed twice"))
            }
            for f in [mc.fee, mc.memberFee, mc.platformFee, mc.assessorCost].compactMap({ $0 }) {
                check(f, .catalogue, required: false, nonNegative: true, rate: false)
            }
            check(mc.expectedHours, .catalogue, required: true, nonNegative: true, rate: false)
            check(mc.laneCredits, .catalogue, required: true, nonNegative: true, rate: false)
            check(mc.awardRateSupported, .catalogue, required: true, nonNegative: true, rate: true)
            check(mc.awardRateUnsupported, .catalogue, required: true, nonNegative: true, rate: true)
        }
        for (name, band) in [("dose.effectiveHours", dose.effectiveHours), ("dose.ineffectiveHours", dose.ineffectiveHours),
                             ("dose.effectiveSpanMonths", dose.effectiveSpanMonths)] where band.lowerBound < 0 {
            problems.append(Problem(file: .policy, field: name + ".value", message: "must not be negative"))
        }
        return problems
    }
}
