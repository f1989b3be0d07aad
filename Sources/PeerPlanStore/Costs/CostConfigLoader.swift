import Foundation
import PeerPlanCore
import Yams

/// Reads the cost model's figures: Config/costs.yaml (or `--costs FILE`), Config/microcredentials.yaml
/// and the `dose` section of Config/policy.yaml. Every figure is `{value, source}` with an
/// optional `range: [low, high]`; `value: null` means "no public figure" and is allowed for prices.
/// Errors name the file and the field.
package enum CostConfigLoader {
    package static func load(configDirectory: URL, costsFile: URL? = nil) throws -> CostParameters {
        let costsURL = costsFile ?? configDirectory.appendingPathComponent("costs.yaml")
        let catalogueURL = configDirectory.appendingPathComponent("microcredentials.yaml")
        let policyURL = configDirectory.appendingPathComponent("policy.yaml")
        for url in [costsURL, catalogueURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw StoreError.costFileNotFound(url.path)
        }
        let costs = try ConfigLoader.decode(CostsFile.self, from: costsURL)
        let catalogue = try ConfigLoader.decode(CatalogueFile.self, from: catalogueURL)
        var p = CostParameters.neutral()
        func set(_ figure: inout CostFigure, _ y: YFigure) { figure = y.figure(figure.key) }
        p.currency = costs.currency
        if let weeks = costs.calendar?.schoolYearWeeks {
            set(&p.schoolYearWeeks, weeks)
        } else {
            p.schoolYearWeeks = CostFigure(p.schoolYearWeeks.key, 36, source: "PeerPlan built-in default: 36 weeks (180 school days ÷ 5), a round school year, not a cited figure; costs.yaml has no calendar.schoolYearWeeks")
        }
        set(&p.horizonYears, costs.horizon.years)
        set(&p.salaryGrowthPerYear, costs.horizon.salaryGrowthPerYear)
        set(&p.extraDutyPerHour, costs.rates.extraDutyPerHour)
        set(&p.substitutePerDay, costs.rates.substitutePerDay)
        if let block = costs.rates.substituteBlock {
            guard let value = SubstituteBlock(rawValue: block.value) else {
                throw InputError(file: costsURL.path, field: "rates.substituteBlock.value",
                                 message: "\"\(block.value)\" is not a block; expected \(SubstituteBlock.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            p.substituteBlock = value
            p.substituteBlockSource = block.source
        } else {
            p.substituteBlock = .halfDay
            p.substituteBlockSource = "PeerPlan built-in default: half days (costs.yaml has no rates.substituteBlock)"
        }
        if let hour = costs.rates.teacherHourValue { set(&p.teacherHourValue, hour) }
        set(&p.pairingProgramFee, costs.pairing.programFee)
        p.paidOutsideContractTime = CostFlag(p.paidOutsideContractTime.key, costs.pairing.paidOutsideContractTime.value, source: costs.pairing.paidOutsideContractTime.source)
        set(&p.partnerStipendPerYear, costs.pairing.partnerStipendPerYear)
        set(&p.coordinatorHoursPerSchoolPerWeek, costs.pairing.coordinatorHoursPerSchoolPerWeek)
        let mc = costs.microcredentials
        set(&p.neaFeeMember, mc.neaFeeMember)
        set(&p.neaFeeNonMember, mc.neaFeeNonMember)
        p.assumeNeaMembers = CostFlag(p.assumeNeaMembers.key, mc.assumeNeaMembers.value, source: mc.assumeNeaMembers.source)
        set(&p.neaCatalogueSize, mc.neaCatalogueSize)
        set(&p.hoursPerMc, mc.hoursPerMc)
        set(&p.awardRateSupported, mc.awardRateSupported)
        set(&p.awardRateUnsupported, mc.awardRateUnsupported)
        set(&p.mcsPerTeacherPerYear, mc.mcsPerTeacherPerYear)
        set(&p.digitalPromisePlatformFee, mc.digitalPromisePlatformFee)
        set(&p.digitalPromiseAssessmentFee, mc.digitalPromiseAssessmentFee)
        set(&p.assessorCostPerSubmission, mc.assessorCostPerSubmission)
        set(&p.stipendPerMc, mc.stipendPerMc)
        guard let scenario = MCSupport(rawValue: mc.support.sensitivityScenario.value) else {
            throw InputError(file: costsURL.path, field: "microcredentials.support.sensitivityScenario.value",
                             message: "\"\(mc.support.sensitivityScenario.value)\" is not a support scenario; expected \(MCSupport.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        p.sensitivitySupport = scenario
        p.sensitivitySupportSource = mc.support.sensitivityScenario.source
        set(&p.coachingPerTeacherPerYear, mc.support.coachingPerTeacherPerYear)
        set(&p.mcsForAdvancedDegreeLane, costs.salaryLanes.mcsForAdvancedDegreeLane)
        set(&p.creditsPerMc, costs.salaryLanes.creditsPerMc)
        set(&p.creditsBaToMa, costs.salaryLanes.creditsBaToMa)
        set(&p.laneIncreasePerYear, costs.salaryLanes.laneIncreasePerYear)
        if let context = costs.context {
            set(&p.pdSpendPerTeacherTNTP, context.pdSpendPerTeacherTNTP)
            set(&p.pdSpendPerTeacherRPPL, context.pdSpendPerTeacherRPPL)
        }
        p.catalogue = catalogue.microcredentials.map { e in
            let key = "microcredentials[\(e.id)]"
            return MicroCredential(
                id: e.id, name: e.name, issuer: e.issuer,
                indicators: e.indicators.map { IndicatorRef(rubric: $0.rubric, indicator: $0.indicator) },
                fee: e.fee.figure(key + ".fee"),
                memberFee: e.fee.memberValue.map { CostFigure(key + ".fee.memberValue", $0, source: e.fee.source) },
                platformFee: e.fee.platformFee.map { CostFigure(key + ".fee.platformFee", $0, source: e.fee.source) },
                expectedHours: e.expectedHours.figure(key + ".expectedHours"),
                assessorCost: e.assessorCost.figure(key + ".assessorCost"),
                awardRateSupported: e.awardRate.supported.figure(key + ".awardRate.supported"),
                awardRateUnsupported: e.awardRate.unsupported.figure(key + ".awardRate.unsupported"),
                laneCredits: e.salaryLaneValue.figure(key + ".salaryLaneValue"))
        }
        if let mapping = catalogue.indicatorMapping {
            guard ["example", "confirmed"].contains(mapping.value) else {
                throw InputError(file: catalogueURL.path, field: "indicatorMapping.value",
                                 message: "\"\(mapping.value)\" is not a mapping status; expected example or confirmed")
            }
            p.indicatorMapping = IndicatorMapping(isExample: mapping.value == "example", source: mapping.source)
        } else {
            p.indicatorMapping = IndicatorMapping(isExample: true, source: "microcredentials.yaml has no indicatorMapping: treated as an example the district must confirm")
        }
        p.dose = try loadDose(policyURL)
        let problems = p.validationProblems()
        if let first = problems.first {
            let file: URL
            switch first.file {
            case .costs: file = costsURL
            case .catalogue: file = catalogueURL
            case .policy: file = policyURL
            }
            let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""
            throw InputError(file: file.path, field: first.field, message: first.message + more)
        }
        return p
    }

    /// The dose bands of policy.yaml (Yoon et al. 2007); built-in defaults when the section is absent.
    static func loadDose(_ url: URL) throws -> DoseBands {
        guard FileManager.default.fileExists(atPath: url.path) else { return DoseBands(sources: ["Yoon et al. 2007 (built-in default)"]) }
        struct Policy: Decodable {
            struct Dose: Decodable { var effectiveHours, ineffectiveHours, effectiveSpanMonths: Sourced<[Double]> }
            var dose: Dose?
        }
        guard let dose = try ConfigLoader.decode(Policy.self, from: url).dose else {
            return DoseBands(sources: ["Yoon et al. 2007 (built-in default: 30–100 h effective, 5–14 h not)"])
        }
        func band(_ s: Sourced<[Double]>, _ field: String) throws -> ClosedRange<Double> {
            guard s.value.count == 2, s.value[0] <= s.value[1] else {
                throw InputError(file: url.path, field: "dose.\(field).value", message: "expected [low, high] with low ≤ high")
            }
            return s.value[0]...s.value[1]
        }
        return DoseBands(effectiveHours: try band(dose.effectiveHours, "effectiveHours"),
                         ineffectiveHours: try band(dose.ineffectiveHours, "ineffectiveHours"),
                         effectiveSpanMonths: try band(dose.effectiveSpanMonths, "effectiveSpanMonths"),
                         sources: [dose.effectiveHours.source, dose.ineffectiveHours.source, dose.effectiveSpanMonths.source])
    }
}

/// `{value, source, range?}`: `value` must be present (null allowed), `range` is `[low, high]`.
struct YFigure: Decodable {
    var value: Double?
    var range: [Double]?
    var source: String
    /// microcredentials.yaml fees: the member price and a platform fee.
    var memberValue: Double?
    var platformFee: Double?

    enum Keys: String, CodingKey { case value, range, source, memberValue, platformFee }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        guard c.contains(.value) else {
            throw DecodingError.keyNotFound(Keys.value, .init(codingPath: c.codingPath, debugDescription: "required setting is missing"))
        }
        value = try c.decodeNil(forKey: .value) ? nil : c.decode(Double.self, forKey: .value)
        range = try c.decodeIfPresent([Double].self, forKey: .range)
        if let range, range.count != 2 {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Keys.range], debugDescription: "expected [low, high], not \(range.count) numbers"))
        }
        source = try c.decode(String.self, forKey: .source)
        memberValue = try c.decodeIfPresent(Double.self, forKey: .memberValue)
        platformFee = try c.decodeIfPresent(Double.self, forKey: .platformFee)
    }

    func figure(_ key: String) -> CostFigure {
        CostFigure(key, value, source: source).withRange(range)
    }
}

private extension CostFigure {
    /// Keeps the range as written (a reversed range is reported by validation, not silently fixed).
    func withRange(_ range: [Double]?) -> CostFigure {
        var f = self
        f.low = range?[0]
        f.high = range?[1]
        return f
    }
}

struct CostsFile: Decodable {
    struct Calendar: Decodable { var schoolYearWeeks: YFigure? }
    struct Horizon: Decodable { var years, salaryGrowthPerYear: YFigure }
    struct Rates: Decodable {
        var extraDutyPerHour, substitutePerDay: YFigure
        var substituteBlock: Sourced<String>?
        var teacherHourValue: YFigure?
    }
    struct Pairing: Decodable {
        var programFee: YFigure
        var paidOutsideContractTime: Sourced<Bool>
        var partnerStipendPerYear, coordinatorHoursPerSchoolPerWeek: YFigure
    }
    struct MicroCredentials: Decodable {
        struct Support: Decodable { var sensitivityScenario: Sourced<String>; var coachingPerTeacherPerYear: YFigure }
        var neaFeeMember, neaFeeNonMember: YFigure
        var assumeNeaMembers: Sourced<Bool>
        var neaCatalogueSize, hoursPerMc, awardRateSupported, awardRateUnsupported: YFigure
        var mcsPerTeacherPerYear, digitalPromisePlatformFee, digitalPromiseAssessmentFee, assessorCostPerSubmission, stipendPerMc: YFigure
        var support: Support
    }
    struct SalaryLanes: Decodable { var mcsForAdvancedDegreeLane, creditsPerMc, creditsBaToMa, laneIncreasePerYear: YFigure }
    struct Context: Decodable { var pdSpendPerTeacherTNTP, pdSpendPerTeacherRPPL: YFigure }
    var currency: String
    var calendar: Calendar?
    var horizon: Horizon
    var rates: Rates
    var pairing: Pairing
    var microcredentials: MicroCredentials
    var salaryLanes: SalaryLanes
    var context: Context?
}

struct CatalogueFile: Decodable {
    var indicatorMapping: Sourced<String>?
    struct Entry: Decodable {
        struct Indicator: Decodable { var rubric, indicator: String }
        struct AwardRate: Decodable { var supported, unsupported: YFigure }
        var id, name, issuer: String
        var indicators: [Indicator]
        var fee, expectedHours, assessorCost: YFigure
        var awardRate: AwardRate
        var salaryLaneValue: YFigure
    }
    var microcredentials: [Entry]
}
