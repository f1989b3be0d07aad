import Dispatch

/// How one parameter moves the answer: the (MC − pairing) cash difference over the horizon at
/// the low and high ends of its range, and the value at which the two programmes cost the same.
public struct SensitivityEntry: Sendable, Hashable, Codable {
    public var parameter: String
    public var base: Double
    public var low: Double
    public var high: Double
    public var differenceAtLow: Double
    public var differenceAtHigh: Double
    /// |difference at high − difference at low|.
    public var swing: Double
    /// The same for economic costs (cash + hours at `rates.teacherHourValue`), when that view is
    /// on: hour items (MC hours, meeting time) have a price here.
    public var economicAtLow: Double?
    public var economicAtHigh: Double?
    public var economicSwing: Double?
    /// The value at which MC cash = pairing cash (nil: none in the searched bracket).
    public var breakEven: Double?
    /// Whether the break-even lies within [low, high].
    public var breakEvenInRange: Bool
    public var breakEvenNote: String
    public var source: String
}

public struct SensitivityReport: Sendable, Hashable, Codable {
    /// A school id, or the district.
    public var scope: String
    public var years: Int
    /// The support scenario of the MC path compared (costs.yaml `support.sensitivityScenario`).
    public var support: MCSupport
    /// MC cash − pairing cash over the horizon at the parameters' values (positive: MCs cost more).
    public var baseDifference: Double
    /// The same for economic costs, when `rates.teacherHourValue` is set.
    public var baseEconomicDifference: Double?
    /// Sorted by swing, largest first (ties by name).
    public var entries: [SensitivityEntry]
    /// Items left out of both sides because a figure has no value.
    public var notPriced: [CostItem]
}

public enum Sensitivity {
    /// A parameter the analysis varies, applied everywhere it is used (an award rate of
    /// costs.yaml also sets every catalogue entry's rate).
    struct Variable {
        var figure: CostFigure
        var isHorizon = false
        var isInteger = false
        var bracket: ClosedRange<Double>
        var apply: (inout CostParameters, Double) -> Void
    }

    static func variables(_ p: CostParameters) -> [Variable] {
        func wide(_ f: CostFigure) -> ClosedRange<Double> { 0...(max(f.high ?? 0, f.value ?? 0, 1) * 100) }
        var list: [Variable] = [
            Variable(figure: p.horizonYears, isHorizon: true, isInteger: true, bracket: 1...50) { $0.horizonYears.value = $1 },
            Variable(figure: p.salaryGrowthPerYear, bracket: -0.5...1) { $0.salaryGrowthPerYear.value = $1 },
            Variable(figure: p.schoolYearWeeks, bracket: 1...53) { $0.schoolYearWeeks.value = $1 },
            Variable(figure: p.awardRateSupported, bracket: 0.01...1) { p, v in
                p.awardRateSupported.value = v
                for k in p.catalogue.indices { p.catalogue[k].awardRateSupported.value = v }
            },
            Variable(figure: p.awardRateUnsupported, bracket: 0.01...1) { p, v in
                p.awardRateUnsupported.value = v
                for k in p.catalogue.indices { p.catalogue[k].awardRateUnsupported.value = v }
            },
        ]
        let plain: [(CostFigure, (inout CostParameters, Double) -> Void)] = [
            (p.extraDutyPerHour, { $0.extraDutyPerHour.value = $1 }),
            (p.substitutePerDay, { $0.substitutePerDay.value = $1 }),
            (p.teacherHourValue, { $0.teacherHourValue.value = $1 }),
            (p.pairingProgramFee, { $0.pairingProgramFee.value = $1 }),
            (p.partnerStipendPerYear, { $0.partnerStipendPerYear.value = $1 }),
            (p.coordinatorHoursPerSchoolPerWeek, { $0.coordinatorHoursPerSchoolPerWeek.value = $1 }),
            (p.neaFeeNonMember, { p, v in
                p.neaFeeNonMember.value = v
                for k in p.catalogue.indices where p.catalogue[k].memberFee != nil { p.catalogue[k].fee.value = v }
            }),
            (p.neaFeeMember, { p, v in
                p.neaFeeMember.value = v
                for k in p.catalogue.indices where p.catalogue[k].memberFee != nil { p.catalogue[k].memberFee?.value = v }
            }),
            (p.hoursPerMc, { p, v in
                p.hoursPerMc.value = v
                for k in p.catalogue.indices { p.catalogue[k].expectedHours.value = v }
            }),
            (p.mcsPerTeacherPerYear, { $0.mcsPerTeacherPerYear.value = $1 }),
            (p.digitalPromisePlatformFee, { $0.digitalPromisePlatformFee.value = $1 }),
            (p.digitalPromiseAssessmentFee, { $0.digitalPromiseAssessmentFee.value = $1 }),
            (p.assessorCostPerSubmission, { $0.assessorCostPerSubmission.value = $1 }),
            (p.stipendPerMc, { $0.stipendPerMc.value = $1 }),
            (p.coachingPerTeacherPerYear, { $0.coachingPerTeacherPerYear.value = $1 }),
            (p.laneIncreasePerYear, { $0.laneIncreasePerYear.value = $1 }),
        ]
        list += plain.map { Variable(figure: $0.0, bracket: wide($0.0), apply: $0.1) }
        return list.filter { $0.figure.value != nil && $0.figure.low != nil && $0.figure.high != nil }
    }

    /// MC cash − pairing cash over the horizon, for one school or the whole district, with the MC
    /// path under the parameters' sensitivity scenario.
    public static func difference(_ inputs: CostInputs, _ p: CostParameters, years: Int? = nil) -> Double {
        CostModel.differences(inputs, p, years: years, support: p.sensitivitySupport).cash
    }

    /// Varies every parameter that has a range over it, one at a time, the others at their values.
    /// `school` restricts the analysis to one school.
    /// `report`: the report of the same inputs, parameters and years, when the caller has it (the
    /// whole district's, not one school's), so it is not computed twice.
    public static func analyse(_ inputs: CostInputs, _ p: CostParameters, years: Int? = nil, school: String? = nil,
                               report: CostReport? = nil) -> SensitivityReport {
        var scoped = inputs
        if let school { scoped.schools = inputs.schools.filter { $0.id == school } }
        let base = school == nil ? report ?? CostModel.compute(scoped, p, years: years) : CostModel.compute(scoped, p, years: years)
        let baseDifference = base.district.overall.mc(p.sensitivitySupport).cash - base.district.overall.pairing.cash
        // Each parameter is independent of the others: analysed on every core.
        // Each iteration writes only its own slot of the buffer.
        final class Work: @unchecked Sendable {
            let variables: [Variable]
            let entries: UnsafeMutableBufferPointer<SensitivityEntry?>
            init(_ variables: [Variable]) {
                self.variables = variables
                entries = .allocate(capacity: variables.count)
                entries.initialize(repeating: nil)
            }
            deinit {
                entries.deinitialize()
                entries.deallocate()
            }
        }
        let work = Work(variables(p))
        let summed = CostModel.Summed(scoped, catalogue: p.catalogue)
        DispatchQueue.concurrentPerform(iterations: work.variables.count) { k in
            let v = work.variables[k]
            let f = v.figure
            func both(_ x: Double) -> (cash: Double, economic: Double?) {
                var q = p
                v.apply(&q, v.isInteger ? x.rounded() : x)
                return CostModel.differences(summed, q, years: v.isHorizon ? nil : years, support: q.sensitivitySupport)
            }
            func diff(_ x: Double) -> Double { both(x).cash }
            let low = f.low!, high = f.high!
            let (atLow, economicAtLow) = both(low), (atHigh, economicAtHigh) = both(high)
            let (point, note) = breakEven(diff, bracket: v.bracket, base: f.value!, isInteger: v.isInteger)
            let inRange = point.map { $0 >= low - 1e-9 && $0 <= high + 1e-9 } ?? false
            let entry = SensitivityEntry(parameter: f.key, base: f.value!, low: low, high: high, differenceAtLow: atLow, differenceAtHigh: atHigh,
                                         swing: abs(atHigh - atLow), economicAtLow: economicAtLow, economicAtHigh: economicAtHigh,
                                         economicSwing: economicAtLow.flatMap { l in economicAtHigh.map { abs($0 - l) } }, breakEven: point, breakEvenInRange: inRange,
                                         breakEvenNote: note, source: f.source)
            work.entries[k] = entry
        }
        var entries = work.entries.compactMap { $0 }
        entries.sort { ($0.swing, $1.parameter) > ($1.swing, $0.parameter) }
        let notPriced = Array(Set(base.district.overall.pairing.notPriced + base.district.overall.mc(p.sensitivitySupport).notPriced)).sorted()
        let economic = p.teacherHourValue.value.map { v in
            base.district.overall.mc(p.sensitivitySupport).economic(hourValue: v) - base.district.overall.pairing.economic(hourValue: v)
        }
        return SensitivityReport(scope: school ?? inputs.district, years: base.years, support: p.sensitivitySupport, baseDifference: baseDifference,
                                 baseEconomicDifference: economic,
                                 entries: entries, notPriced: notPriced)
    }

    /// The value in `bracket` nearest `base` at which `f` changes sign, by a scan then bisection
    /// (integers: the first whole value at which the sign has changed).
    static func breakEven(_ f: (Double) -> Double, bracket: ClosedRange<Double>, base: Double, isInteger: Bool) -> (Double?, String) {
        let a = bracket.lowerBound, b = bracket.upperBound
        let steps = isInteger ? Int(b - a) : 20
        let xs = (0...steps).map { isInteger ? a + Double($0) : a + (b - a) * Double($0) / Double(steps) }
        let ys = xs.map(f)
        let span = "\(CostFormat.number(a))–\(CostFormat.number(b))"
        if let lo = ys.min(), let hi = ys.max(), hi - lo < 1e-6 {
            return (nil, "no break-even: the difference does not depend on it")
        }
        // Sign changes between neighbours (or exact zeros), nearest the base value first.
        var candidates: [(Double, Double)] = []
        for k in xs.indices {
            if ys[k] == 0 { candidates.append((xs[k], xs[k])) }
            if k > 0, ys[k - 1] != 0, ys[k] != 0, (ys[k - 1] < 0) != (ys[k] < 0) { candidates.append((xs[k - 1], xs[k])) }
        }
        guard let nearest = candidates.min(by: { abs(($0.0 + $0.1) / 2 - base) < abs(($1.0 + $1.1) / 2 - base) }) else {
            return (nil, "no break-even in \(span)")
        }
        if nearest.0 == nearest.1 { return (nearest.0, "MC and pairing cash are equal at \(CostFormat.number(nearest.0))") }
        if isInteger { return (nearest.1, "the answer flips between \(CostFormat.number(nearest.0)) and \(CostFormat.number(nearest.1))") }
        var lo = nearest.0, hi = nearest.1
        let signLo = f(lo) < 0
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if (f(mid) < 0) == signLo { lo = mid } else { hi = mid }
        }
        let x = (lo + hi) / 2
        return (x, "MC and pairing cash are equal at \(CostFormat.number(x))")
    }
}
