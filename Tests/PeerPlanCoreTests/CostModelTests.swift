import Testing
@testable import PeerPlanCore

/// Every figure below is computed by hand in the comment next to it.
@Suite struct CostModelTests {
    let questioning = IndicatorRef(rubric: "TEAM", indicator: "questioning")
    let feedback = IndicatorRef(rubric: "TEAM", indicator: "academic-feedback")
    let pacing = IndicatorRef(rubric: "TEAM", indicator: "lesson-structure-pacing")
    let uncatalogued = IndicatorRef(rubric: "TEAM", indicator: "environment")

    /// An NEA entry ($75, members free, 15 h, $10 assessment, 80% / 50% award, 1 credit) and a
    /// Digital Promise entry (no public fee).
    func catalogue() -> [MicroCredential] {
        func f(_ key: String, _ v: Double?) -> CostFigure { CostFigure(key, v, source: "test") }
        return [
            MicroCredential(id: "mc-q", name: "Questioning", issuer: "NEA", indicators: [questioning, feedback],
                            fee: f("mc-q.fee", 75), memberFee: f("mc-q.memberFee", 0), expectedHours: f("mc-q.hours", 15),
                            assessorCost: f("mc-q.assessor", 10), awardRateSupported: f("mc-q.supported", 0.8),
                            awardRateUnsupported: f("mc-q.unsupported", 0.5), laneCredits: f("mc-q.credits", 1)),
            MicroCredential(id: "mc-p", name: "Pacing", issuer: "Digital Promise (issuer-set)", indicators: [pacing],
                            fee: f("mc-p.fee", nil), platformFee: f("mc-p.platformFee", 0), expectedHours: f("mc-p.hours", 15),
                            assessorCost: f("mc-p.assessor", nil), awardRateSupported: f("mc-p.supported", 0.8),
                            awardRateUnsupported: f("mc-p.unsupported", 0.5), laneCredits: f("mc-p.credits", 1)),
        ]
    }

    func school(_ teachers: [CostInputs.Teacher], covers: [CostInputs.Cover] = [], outside: [CostInputs.OutsideSession] = []) -> CostInputs {
        CostInputs(district: "d", schools: [CostInputs.School(id: "s1", name: "School 1", teachers: teachers, covers: covers,
                                                              outsideSessions: outside, pairs: 1, plcs: 1)])
    }

    /// The report by teacher (one school's breakdown), whose lines the figures below are about.
    func compute(_ inputs: CostInputs, _ p: CostParameters, years: Int? = nil) -> CostReport {
        CostModel.compute(inputs, p, years: years, detail: .teachers)
    }

    /// The cash of an item's lines; MC items under one support scenario (paid coaching by default).
    func cash(_ r: CostReport, _ item: CostItem, teacher: String? = nil, year: Int = 1, support: MCSupport = .coaching) -> Double? {
        let lines = r.lines.filter { $0.item == item && $0.year == year && (teacher == nil || $0.teacher == teacher) && (item.path == .pairing || $0.supports.contains(support)) }
        #expect(!lines.isEmpty, "no \(item) line")
        return lines.contains { $0.cash == nil } ? nil : lines.reduce(0) { $0 + $1.cash! }
    }

    func hours(_ r: CostReport, _ item: CostItem, year: Int = 1, support: MCSupport = .coaching) -> Double {
        r.lines.filter { $0.item == item && $0.year == year && (item.path == .pairing || $0.supports.contains(support)) }.reduce(0) { $0 + $1.hours }
    }

    // MARK: (a) pairing

    @Test func sessionTimeIsTeacherHoursAndCostsNoCashInContractTime() {
        // 50 min pair + 25 min observation (50 every other week) + 50 min PLC + 45 min PD a week, 36 weeks.
        let t = CostInputs.Teacher(id: "t1", weeklyMinutes: [.pair: 50, .observation: 25, .plc: 50, .pd: 45])
        let r = compute(school([t]), .neutral())
        #expect(hours(r, .pairMeetings) == 30)      // 50 × 36 ÷ 60
        #expect(hours(r, .observations) == 15)      // 25 × 36 ÷ 60
        #expect(hours(r, .plcMeetings) == 30)
        #expect(hours(r, .protectedPD) == 27)       // 45 × 36 ÷ 60
        #expect(cash(r, .pairMeetings) == 0)
        #expect(r.district.overall.pairing.teacherHours == 102)
        #expect(r.district.overall.pairing.cash == 0)
        let line = r.lines.first { $0.item == .pairMeetings }!
        #expect(line.formula == "50 min/week × 36 weeks ÷ 60 = 30 h of teacher time in contract time (no cash)")
        #expect(line.inputs["minutesPerWeek"] == 50 && line.inputs["weeks"] == 36)
        #expect(line.sources.contains { $0.hasPrefix("pairing.paidOutsideContractTime = false") })
    }

    @Test func sessionTimeOutsideContractIsPaidAtTheExtraDutyRateAndGrows() {
        var p = CostParameters.neutral()
        p.paidOutsideContractTime.value = true
        p.extraDutyPerHour.value = 50
        p.salaryGrowthPerYear.value = 0.02
        let t = CostInputs.Teacher(id: "t1", weeklyMinutes: [.pair: 50])
        let r = compute(school([t]), p, years: 3)
        #expect(cash(r, .pairMeetings, year: 1) == 1500)                     // 30 h × $50
        #expect(abs(cash(r, .pairMeetings, year: 2)! - 1530) < 1e-9)         // × 1.02
        #expect(abs(cash(r, .pairMeetings, year: 3)! - 1560.6) < 1e-9)       // × 1.02²
        #expect(abs(r.district.overall.pairing.cash - 4590.6) < 1e-9)
        #expect(r.district.byYear.count == 3)
        #expect(r.lines.first { $0.item == .pairMeetings && $0.year == 3 }!.formula
                == "50 min/week × 36 weeks ÷ 60 = 30 h × $50.00/h extra-duty pay × 1.02^2 salary growth")
    }

    @Test func coverIsASubstituteDaySplitOverTheDaysPeriods() {
        var p = CostParameters.neutral()
        p.substitutePerDay.value = 140
        p.salaryGrowthPerYear.value = 0.1
        let covers = [CostInputs.Cover(meeting: "pair:a:b", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 7),
                      CostInputs.Cover(meeting: "observe:a:b", kind: .observation, teacher: "t2", coveredPeriods: 2, periodsInDay: 7, perWeek: 0.5)]
        let r = compute(school([.init(id: "t1"), .init(id: "t2")], covers: covers), p, years: 3)
        #expect(cash(r, .coverage, teacher: "t1") == 720)                  // 1 × 1 × 36 × 140 ÷ 7
        #expect(cash(r, .coverage, teacher: "t2") == 720)                  // 2 × 0.5 × 36 × 140 ÷ 7
        #expect(abs(cash(r, .coverage, teacher: "t1", year: 3)! - 871.2) < 1e-9)   // 720 × 1.1²
        let line = r.lines.first { $0.item == .coverage && $0.teacher == "t1" && $0.year == 1 }!
        #expect(line.formula == "pair meetings pair:a:b: 1 period covered × $140.00/day ÷ 7 periods × 1 session/week × 36 weeks")
        #expect(line.hours == 0)
        #expect(r.teachers.first { $0.id == "t2" }!.overall.pairing.cash > 0)
    }

    @Test func coverIsBoughtInTheBlocksADistrictBuys() {
        var p = CostParameters.neutral()
        p.substitutePerDay.value = 140
        let covers = [CostInputs.Cover(meeting: "pair:a:b", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 7),
                      CostInputs.Cover(meeting: "observe:a:b", kind: .observation, teacher: "t2", coveredPeriods: 4, periodsInDay: 7, perWeek: 0.5)]
        let inputs = school([.init(id: "t1"), .init(id: "t2")], covers: covers)
        p.substituteBlock = .halfDay
        let half = compute(inputs, p)
        #expect(cash(half, .coverage, teacher: "t1") == 2520)              // 1 period → 1 half day × $70 × 36 weeks
        #expect(cash(half, .coverage, teacher: "t2") == 2520)              // 4 periods > 3.5 → 2 half days × $70 × 0.5 × 36
        #expect(half.lines.first { $0.teacher == "t1" && $0.item == .coverage }!.formula
                == "pair meetings pair:a:b: 1 period covered → 1 half day × $140.00/day ÷ 2 × 1 session/week × 36 weeks")
        #expect(half.lines.first { $0.teacher == "t1" && $0.item == .coverage }!.sources.last == "rates.substituteBlock = halfDay: neutral")
        p.substituteBlock = .day
        let day = compute(inputs, p)
        #expect(cash(day, .coverage, teacher: "t1") == 5040)               // 1 day × $140 × 36
        #expect(cash(day, .coverage, teacher: "t2") == 2520)               // 1 day × $140 × 0.5 × 36
        p.substituteBlock = .period
        #expect(cash(compute(inputs, p), .coverage, teacher: "t2") == 1440) // 4 × 0.5 × 36 × 140 ÷ 7
    }

    @Test func theEconomicViewPricesHoursBesideTheCashAndInTheSensitivityAnalysis() {
        // Pairing: 50 min a week (30 h); one generic MC: $75, 15 h, award rate 1.
        var p = CostParameters.neutral()
        p.neaFeeNonMember.value = 75
        p.hoursPerMc = CostFigure("microcredentials.hoursPerMc", 15, range: 10...20, source: "test")
        let inputs = school([.init(id: "t1", weeklyMinutes: [.pair: 50], focusSkills: [uncatalogued])])
        let r = compute(inputs, p)
        #expect(r.district.overall.pairing.economic(hourValue: 40) == 1200)          // 30 h × $40, no cash
        #expect(r.district.overall.mc(.coaching).economic(hourValue: 40) == 675)     // $75 + 15 h × $40
        #expect(r.district.overall.pairing.cash == 0)                                // never added to cash
        // Off: the sensitivity analysis has no economic figures, and hours swing no cash.
        let off = Sensitivity.analyse(inputs, p)
        #expect(off.baseEconomicDifference == nil)
        #expect(off.entries.first { $0.parameter == "microcredentials.hoursPerMc" }!.swing == 0)
        // On: the MC hours have a price — (20 − 10) h × $40 of swing.
        p.teacherHourValue = CostFigure("rates.teacherHourValue", 40, range: 15...50, source: "test")
        let on = Sensitivity.analyse(inputs, p)
        #expect(abs(on.baseEconomicDifference! - (675 - 1200)) < 1e-9)
        let hours = on.entries.first { $0.parameter == "microcredentials.hoursPerMc" }!
        #expect(hours.swing == 0 && abs(hours.economicSwing! - 400) < 1e-9)
        let value = on.entries.first { $0.parameter == "rates.teacherHourValue" }!
        #expect(abs(value.economicAtLow! - (75 - 15 * 15)) < 1e-9 && abs(value.economicSwing! - 35 * 15) < 1e-9)   // (15 − 30) h × $15 … × $50
    }

    @Test func sessionsBeforeOrAfterSchoolArePaidToEveryMember() {
        var p = CostParameters.neutral()
        p.extraDutyPerHour.value = 50
        let outside = [CostInputs.OutsideSession(meeting: "plc:1", kind: .plc, members: ["t1", "t2"], minutes: 60)]
        let r = compute(school([.init(id: "t1"), .init(id: "t2")], outside: outside), p)
        #expect(cash(r, .outsideInstruction, teacher: "t1") == 1800)       // 60 min × 36 weeks ÷ 60 = 36 h × $50
        #expect(cash(r, .outsideInstruction) == 3600)
        #expect(hours(r, .outsideInstruction) == 72)
    }

    @Test func coordinatorStipendAndProgrammeFee() {
        var p = CostParameters.neutral()
        p.coordinatorHoursPerSchoolPerWeek.value = 1
        p.partnerStipendPerYear.value = 500
        p.pairingProgramFee.value = 100
        let r = compute(school([.init(id: "p1", partnerships: 2), .init(id: "t1")]), p)
        let coordinator = r.lines.first { $0.item == .coordinator }!
        #expect(coordinator.hours == 36 && coordinator.hoursOf == .coordinator && coordinator.cash == 0 && coordinator.teacher == nil)
        #expect(r.district.overall.pairing.coordinatorHours == 36)
        #expect(r.district.overall.pairing.teacherHours == 0)
        #expect(cash(r, .partnerStipend, teacher: "p1") == 1000)           // 2 pairs × $500
        #expect(!r.lines.contains { $0.item == .partnerStipend && $0.teacher == "t1" })
        #expect(cash(r, .pairingProgramFee) == 100)
        #expect(r.district.overall.pairing.cash == 1100)
    }

    // MARK: (b) micro-credentials

    func mcParameters() -> CostParameters {
        var p = CostParameters.neutral()
        p.catalogue = catalogue()
        p.stipendPerMc.value = 50
        p.coachingPerTeacherPerYear.value = 4000
        p.laneIncreasePerYear.value = 3600
        p.creditsBaToMa.value = 36
        p.salaryGrowthPerYear.value = 0.1
        return p
    }

    @Test func mcFeesAttemptsHoursAssessmentStipendsLanesAndSupport() {
        let t = CostInputs.Teacher(id: "t1", focusSkills: [questioning, feedback])   // both → the NEA entry
        let r = compute(school([t]), mcParameters(), years: 3)
        // 2 MCs ÷ 0.8 = 2.5 attempts.
        #expect(cash(r, .mcFees) == 187.5)                   // 2.5 × $75 (non-members)
        #expect(hours(r, .mcTeacherTime) == 37.5)            // 2.5 × 15 h
        #expect(cash(r, .mcTeacherTime) == 0)
        #expect(cash(r, .mcAssessment) == 25)                // 2.5 × $10
        #expect(cash(r, .mcStipends) == 100)                 // 2 awards × $50
        #expect(abs(cash(r, .mcStipends, year: 2)! - 110) < 1e-9)
        #expect(cash(r, .salaryLanes, year: 1) == 0)         // credits pay from the next year
        #expect(abs(cash(r, .salaryLanes, year: 2)! - 220) < 1e-9)   // 2 credits × 3600 ÷ 36 × 1.1
        #expect(abs(cash(r, .salaryLanes, year: 3)! - 484) < 1e-9)   // 4 credits × 100 × 1.21
        #expect(cash(r, .mcSupport) == 4000)
        #expect(abs(cash(r, .mcSupport, year: 3)! - 4840) < 1e-9)
        #expect(cash(r, .mcFees, year: 3) == 187.5)          // fees do not grow
        // Year 1 MC cash: 187.5 + 25 + 100 + 0 + 4000.
        #expect(r.district.byYear[0].mc(.coaching).cash == 4312.5)
        #expect(r.lines.first { $0.item == .mcFees }!.formula == "2 NEA MCs ÷ 0.8 award rate (supported) = 2.5 attempts × $75.00 per attempt")
        // Skills are counted, never named.
        #expect(!r.lines.contains { ([$0.formula] + $0.sources).joined().contains("mc-q") || $0.formula.contains("questioning") })
        #expect(r.lines.first { $0.item == .mcFees }!.sources.first == "microcredentials[NEA].fee = 75: test")
    }

    @Test func membersPayTheMemberFeeAndUnsupportedTeachersBuyNoCoaching() {
        var p = mcParameters()
        p.assumeNeaMembers.value = true
        let r = compute(school([.init(id: "t1", focusSkills: [questioning])]), p)
        #expect(cash(r, .mcFees, support: .none) == 0)
        #expect(cash(r, .mcAssessment, support: .none) == 20)                // 1 ÷ 0.5 = 2 attempts × $10
        #expect(hours(r, .mcTeacherTime, support: .none) == 30)
        #expect(!r.lines.contains { $0.item == .mcSupport && $0.supports.contains(.none) })
    }

    @Test func supportIsAScenarioCostedThreeWaysSideBySide() {
        // One NEA MC ($75, $10 assessment, 15 h, 80% supported / 50% not, $50 stipend); coaching $4,000.
        let r = compute(school([.init(id: "t1", focusSkills: [questioning])]), mcParameters())
        let year1 = r.district.byYear[0]
        // None: 1 ÷ 0.5 = 2 attempts: 2 × 75 + 2 × 10 + 50, no support bought; 30 h.
        #expect(year1.mc(.none).cash == 220)
        #expect(year1.mc(.none).teacherHours == 30)
        // Paid coaching: 1.25 attempts: 93.75 + 12.5 + 50 + 4000; 18.75 h.
        #expect(year1.mc(.coaching).cash == 4156.25)
        #expect(year1.mc(.coaching).teacherHours == 18.75)
        // Peer support: the supported rate and no extra cash.
        #expect(year1.mc(.peer).cash == 156.25)
        #expect(year1.mc(.peer).teacherHours == 18.75)
        // Each MC line says which scenarios it belongs to, and its formula which award rate it uses.
        let fees = r.lines.filter { $0.item == .mcFees && $0.year == 1 }
        #expect(fees.map(\.supports) == [[.coaching, .peer], [.none]])
        #expect(fees[1].formula == "1 NEA MC ÷ 0.5 award rate (unsupported) = 2 attempts × $75.00 per attempt")
        let support = r.lines.filter { $0.item == .mcSupport && $0.year == 1 }
        #expect(support.map(\.supports) == [[.coaching], [.peer]] && support.map(\.cash) == [4000, 0])
        #expect(support[1].formula.hasPrefix("peer support: no extra cash"))
        #expect(r.notes.contains(.supportScenarios(sensitivity: .coaching)))
    }

    @Test func skillsMissingFromTheCatalogueArePricedAsGenericNEAMCs() {
        var p = mcParameters()
        p.neaFeeNonMember.value = 75
        p.hoursPerMc.value = 12
        p.awardRateSupported.value = 0.75
        p.assessorCostPerSubmission.value = 4
        let r = compute(school([.init(id: "t1", focusSkills: [uncatalogued])]), p)
        #expect(abs(cash(r, .mcFees)! - 100) < 1e-9)         // 1 ÷ 0.75 attempts × $75
        #expect(abs(hours(r, .mcTeacherTime) - 16) < 1e-9)   // 4/3 × 12
        #expect(abs(cash(r, .mcAssessment)! - 16 / 3) < 1e-9)
    }

    @Test func perTeacherScopeGivesEveryParticipantTheSameNumberOfMCs() {
        var p = mcParameters()
        p.mcsPerTeacherPerYear.value = 3
        p.neaFeeNonMember.value = 60
        p.awardRateSupported.value = 0.5
        var inputs = school([.init(id: "t1"), .init(id: "t2", partnerships: 1)])
        inputs.mcScope = .perTeacher
        let r = compute(inputs, p)
        #expect(cash(r, .mcFees, teacher: "t1") == 360)      // 3 ÷ 0.5 = 6 attempts × $60
        #expect(cash(r, .mcFees) == 720)
        #expect(cash(r, .mcSupport) == 8000)
    }

    // MARK: (c) both, nulls, determinism

    @Test func bothIsTheSumOfThePathsPerTeacherSchoolAndDistrict() {
        var p = mcParameters()
        p.substitutePerDay.value = 140
        let teachers = [CostInputs.Teacher(id: "t1", weeklyMinutes: [.pair: 50], focusSkills: [questioning]), .init(id: "p1", weeklyMinutes: [.pair: 50], partnerships: 1)]
        let covers = [CostInputs.Cover(meeting: "pair:p1:t1", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 7)]
        let r = compute(school(teachers, covers: covers), p, years: 2)
        for scope in [r.district] + r.schools + r.teachers {
            for totals in scope.byYear + [scope.overall] {
                #expect(totals.both.cash == totals.pairing.cash + totals.mc(.peer).cash)
                #expect(totals.both.teacherHours == totals.pairing.teacherHours + totals.mc(.peer).teacherHours)
            }
        }
        // Pairing year 1: $720 cover; MC year 1 with coaching: 1.25 × 75 + 1.25 × 10 + 50 + 4000 = 4156.25.
        #expect(r.district.byYear[0].pairing.cash == 720)
        #expect(r.district.byYear[0].mc(.coaching).cash == 4156.25)
        // Both = pairing + MCs with peer support (156.25): the pairs are the support, no coaching bought twice.
        #expect(r.district.byYear[0].both.cash == 876.25)
        #expect(r.teachers.first { $0.id == "p1" }!.overall.mc(.coaching).cash == 0)
        #expect(r.schools[0].overall == r.district.overall)
    }

    @Test func theDistrictsReportSumsLinesBySchoolAndKeepsNoTeacher() {
        var p = mcParameters()
        p.substitutePerDay.value = 140
        p.digitalPromiseAssessmentFee.value = nil
        let teachers = [CostInputs.Teacher(id: "tch-ann", name: "Ann Lo", weeklyMinutes: [.pair: 50], focusSkills: [questioning, pacing]),
                        .init(id: "tch-bo", name: "Bo Lee", weeklyMinutes: [.pair: 50], partnerships: 1, focusSkills: [feedback])]
        let covers = [CostInputs.Cover(meeting: "pair:tch-bo:tch-ann", kind: .pair, teacher: "tch-ann", coveredPeriods: 1, periodsInDay: 7),
                      CostInputs.Cover(meeting: "observe:tch-ann:tch-bo", kind: .observation, teacher: "tch-ann", coveredPeriods: 1, periodsInDay: 7, perWeek: 0.5)]
        let inputs = school(teachers, covers: covers)
        let byTeacher = compute(inputs, p, years: 2)
        let bySchool = CostModel.compute(inputs, p, years: 2)
        #expect(bySchool.detail == .schools && byTeacher.detail == .teachers)
        #expect(bySchool.teachers.isEmpty && byTeacher.teachers.count == 2)
        #expect(bySchool.district == byTeacher.district && bySchool.schools == byTeacher.schools)
        // One line per school, year and item, summing the teachers' lines.
        #expect(bySchool.lines.allSatisfy { $0.teacher == nil })
        #expect(Set(bySchool.lines.map { "\($0.year) \($0.item) \($0.supports)" }).count == bySchool.lines.count)
        let cover = bySchool.lines.first { $0.item == .coverage && $0.year == 1 }!
        #expect(cover.cash == 1080)                          // 720 + 360: 36 × 140 ÷ 7 a week, the observation every other week
        #expect(cover.inputs == ["lines": 2])
        let fees = bySchool.lines.first { $0.item == .mcFees && $0.year == 1 && $0.supports == [.coaching, .peer] }!
        #expect(fees.cash == 187.5)                          // the NEA MCs (2 ÷ 0.8 × 75); Digital Promise's fee has no figure
        #expect(fees.formula.hasPrefix("not priced (no public figure) in 1 of them; sum of 3 lines"))
        let stipends = bySchool.lines.first { $0.item == .mcStipends && $0.year == 1 && $0.supports == [.none] }!
        #expect(stipends.cash == 150 && stipends.cash == byTeacher.lines.filter { $0.item == .mcStipends && $0.year == 1 && $0.supports == [.none] }.compactMap(\.cash).reduce(0, +))
        // Nothing names a teacher or a session (a session's id names its members).
        let text = bySchool.lines.map { ([$0.formula] + $0.sources + $0.inputs.keys).joined(separator: " ") }.joined(separator: " ")
        for word in ["tch-", "Ann", "Bo Lee", "pair:", "observe:"] { #expect(!text.contains(word), "\(word)") }
        #expect(byTeacher.lines.contains { $0.formula.contains("pair:tch-bo:tch-ann") })
    }

    @Test func figuresWithNoPublicValueAreReportedAsNotPricedNeverAsZero() {
        var p = mcParameters()
        p.substitutePerDay.value = nil
        p.digitalPromiseAssessmentFee.value = nil
        p.assessorCostPerSubmission.value = nil
        p.laneIncreasePerYear.value = nil
        let covers = [CostInputs.Cover(meeting: "pair:p1:t1", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 7)]
        let r = compute(school([.init(id: "t1", focusSkills: [pacing])], covers: covers), p, years: 2)
        #expect(cash(r, .coverage) == nil)
        #expect(cash(r, .mcFees) == nil)                     // Digital Promise: no public fee
        #expect(cash(r, .mcAssessment) == nil)
        #expect(cash(r, .salaryLanes, year: 1) == 0)         // nothing is owed in year 1 whatever the price
        #expect(cash(r, .salaryLanes, year: 2) == nil)
        #expect(r.lines.first { $0.item == .coverage }!.formula.hasPrefix("not priced (no public figure: rates.substitutePerDay)"))
        #expect(r.district.overall.pairing.notPriced == [.coverage])
        #expect(r.district.overall.mc(.coaching).notPriced == [.mcFees, .mcAssessment, .salaryLanes])
        #expect(Set(r.notPriced.map(\.parameter)) == ["rates.substitutePerDay", "microcredentials.digitalPromiseAssessmentFee",
                                                      "microcredentials.assessorCostPerSubmission", "salaryLanes.laneIncreasePerYear"])
        // Priced items still add up: stipends 50 + 55, coaching 4000 + 4400.
        #expect(abs(r.district.overall.mc(.coaching).cash - 8505) < 1e-9)
        #expect(r.notes.contains(.notPriced([.coverage, .mcFees, .mcAssessment, .salaryLanes])))
    }

    @Test func theSameInputsGiveTheSameReport() {
        var p = mcParameters()
        p.substitutePerDay.value = 134.5
        let teachers = (1...9).map { CostInputs.Teacher(id: "t\($0)", weeklyMinutes: [.pair: 50, .plc: 45, .pd: 45, .observation: 22.5],
                                                         partnerships: $0 % 3, focusSkills: $0 % 2 == 0 ? [questioning, pacing] : []) }
        let covers = [CostInputs.Cover(meeting: "pair:t1:t2", kind: .pair, teacher: "t2", coveredPeriods: 1, periodsInDay: 7)]
        let a = compute(school(teachers, covers: covers), p, years: 3)
        let b = compute(school(teachers, covers: covers), p, years: 3)
        #expect(a == b)
        #expect(Sensitivity.analyse(school(teachers, covers: covers), withRanges(p)) == Sensitivity.analyse(school(teachers, covers: covers), withRanges(p)))
    }

    // MARK: dose

    @Test func doseIsScheduledCollaborationWithProtectedPDApart() {
        let teachers = [CostInputs.Teacher(id: "a", weeklyMinutes: [.pair: 50, .observation: 25, .plc: 50, .pd: 45]),   // 75 h collaboration + 27 h PD
                        CostInputs.Teacher(id: "b", weeklyMinutes: [.pd: 20]),                                             // 12 h PD
                        CostInputs.Teacher(id: "c")]                                                                       // 0 h: not counted
        let outside = [CostInputs.OutsideSession(meeting: "pair:b:x", kind: .pair, members: ["b"], minutes: 50)]            // +30 h collaboration for b
        let r = compute(school(teachers, outside: outside), .neutral())
        let dose = r.dose[0]
        #expect(dose.participatingTeachers == 2)
        #expect(dose.meanHours == 52.5)                      // (75 + 30) ÷ 2: protected PD is not collaboration
        #expect(dose.minHours == 30 && dose.maxHours == 75)
        #expect(dose.band == .effective)
        #expect(dose.teachersByBand == [.effective: 2])
        #expect(dose.meanHoursByKind[.pair] == 30 && dose.meanHoursByKind[.pd] == nil)
        #expect(dose.protectedPDTeachers == 2 && dose.meanProtectedPDHours == 19.5)   // (27 + 12) ÷ 2
        #expect(dose.summary == "s1: 52.5 h of scheduled collaboration (pair meetings, observations, PLCs) per participating teacher per year (2 teachers, 30–75 h), comparable to the 30–100 h of the programmes Yoon et al. (2007) found effective (9 studies of workshops and summer institutes, elementary teachers); and, apart, 19.5 h of scheduled individual protected PD (2 teachers)")
        #expect(abs(dose.spanMonths - 36 * 7 / 30.44) < 1e-9 && dose.spanInEffectiveRange)
        let bands = DoseBands()
        #expect(DoseBand.of(4, bands: bands) == .belowIneffective)
        #expect(DoseBand.of(14, bands: bands) == .ineffective)
        #expect(DoseBand.of(20, bands: bands) == .between)
        #expect(DoseBand.of(30, bands: bands) == .effective)
    }

    // MARK: sensitivity

    func withRanges(_ base: CostParameters) -> CostParameters {
        var p = base
        p.substitutePerDay.low = 80; p.substitutePerDay.high = 189
        p.neaFeeNonMember.low = 0; p.neaFeeNonMember.high = 75
        p.coordinatorHoursPerSchoolPerWeek.low = 0; p.coordinatorHoursPerSchoolPerWeek.high = 3
        p.awardRateSupported.low = 0.53; p.awardRateSupported.high = 0.87
        return p
    }

    @Test func sensitivitySortsBySwingAndFindsTheBreakEvenComputedByHand() {
        // Pairing: one period covered a week, 6 periods a day: 36 × sub ÷ 6 = 6 × sub.
        // MCs: one generic MC at $75, award rate 1, nothing else: 75 ÷ rate.
        var p = CostParameters.neutral()
        p.substitutePerDay.value = 100
        p.neaFeeNonMember.value = 75
        p = withRanges(p)
        let inputs = school([.init(id: "t1", focusSkills: [uncatalogued])],
                            covers: [.init(meeting: "pair:p:t1", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 6)])
        let s = Sensitivity.analyse(inputs, p)
        #expect(s.baseDifference == -525)                    // 75 − 600
        #expect(s.entries.map(\.parameter) == ["rates.substitutePerDay", "microcredentials.neaFeeNonMember",
                                               "microcredentials.awardRateSupported", "pairing.coordinatorHoursPerSchoolPerWeek"])
        let sub = s.entries[0]
        #expect(sub.differenceAtLow == -405 && sub.differenceAtHigh == -1059)   // 75 − 480, 75 − 1134
        #expect(sub.swing == 654)
        #expect(abs(sub.breakEven! - 12.5) < 1e-6)           // 6 × sub = 75
        #expect(!sub.breakEvenInRange)
        let fee = s.entries[1]
        #expect(fee.swing == 75)
        #expect(abs(fee.breakEven! - 600) < 1e-6)            // fee = 600
        let rate = s.entries[2]
        #expect(abs(rate.swing - (75 / 0.53 - 75 / 0.87)) < 1e-9)
        #expect(abs(rate.breakEven! - 0.125) < 1e-6)         // 75 ÷ rate = 600
        let coordinator = s.entries[3]
        #expect(coordinator.swing == 0 && coordinator.breakEven == nil)
        #expect(coordinator.breakEvenNote == "no break-even: the difference does not depend on it")
    }

    /// The sensitivity analysis runs the model on each school's teachers summed into one
    /// (`CostModel.Summed`): for every parameter it varies, at both ends of its range, and for
    /// both MC scopes and attached credentials, the difference is the per-teacher model's.
    @Test(arguments: [CostInputs.MCScope.focusSkills, .perTeacher])
    func summedTeachersGiveThePerTeacherDifferences(scope: CostInputs.MCScope) {
        var p = withRanges(mcParameters())
        p.paidOutsideContractTime.value = true
        p.extraDutyPerHour.value = 40; p.extraDutyPerHour.low = 30; p.extraDutyPerHour.high = 55
        p.partnerStipendPerYear.value = 500; p.partnerStipendPerYear.low = 0; p.partnerStipendPerYear.high = 1000
        p.coachingPerTeacherPerYear.low = 0; p.coachingPerTeacherPerYear.high = 6000
        p.mcsPerTeacherPerYear.value = 2; p.mcsPerTeacherPerYear.low = 1; p.mcsPerTeacherPerYear.high = 3
        p.awardRateUnsupported.low = 0.3; p.awardRateUnsupported.high = 0.7
        p.hoursPerMc.low = 10; p.hoursPerMc.high = 20
        p.teacherHourValue.value = 45
        let teachers: [CostInputs.Teacher] = [
            .init(id: "a", weeklyMinutes: [.pair: 50, .observation: 25, .pd: 45], focusSkills: [questioning, pacing]),
            .init(id: "b", weeklyMinutes: [.pair: 50, .plc: 50], partnerships: 2),
            .init(id: "c", weeklyMinutes: [.plc: 50], focusSkills: [uncatalogued, questioning, feedback]),
            .init(id: "d", weeklyMinutes: [.observation: 25], focusSkills: [pacing], credentials: ["mc-q", "mc-gone"]),
            .init(id: "e"),
        ]
        var inputs = school(teachers, covers: [.init(meeting: "pair:b:a", kind: .pair, teacher: "a", coveredPeriods: 2, periodsInDay: 7, perWeek: 0.5)],
                            outside: [.init(meeting: "plc:1", kind: .plc, members: ["b", "c"], minutes: 45)])
        inputs.schools.append(CostInputs.School(id: "s2", teachers: Array(teachers.prefix(3)), schoolYearWeeks: 38))
        inputs.schools.append(CostInputs.School(id: "s3"))
        inputs.mcScope = scope
        let summed = CostModel.Summed(inputs, catalogue: p.catalogue)
        var checked = 0
        for v in Sensitivity.variables(p) {
            for x in [v.figure.low!, v.figure.high!] {
                var q = p
                v.apply(&q, v.isInteger ? x.rounded() : x)
                for support in MCSupport.allCases {
                    let one = CostModel.differences(summed, q, years: v.isHorizon ? nil : 3, support: support)
                    let each = CostModel.compute(inputs, q, years: v.isHorizon ? nil : 3, detail: .teachers)
                    let cash = each.district.overall.mc(support).cash - each.district.overall.pairing.cash
                    #expect(abs(one.cash - cash) <= 1e-6 * max(1, abs(cash)), "\(v.figure.key) = \(x), \(support): \(one.cash) ≠ \(cash)")
                    let economic = each.district.overall.mc(support).economic(hourValue: q.teacherHourValue.value!)
                        - each.district.overall.pairing.economic(hourValue: q.teacherHourValue.value!)
                    #expect(abs(one.economic! - economic) <= 1e-6 * max(1, abs(economic)), "\(v.figure.key) = \(x), \(support) (economic)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 20 * MCSupport.allCases.count)
    }

    @Test func aBreakEvenInsideTheRangeIsFlagged() {
        // Pairing 6 × sub; MCs $900 flat (fee 900, rate 1): equal at sub = 150, inside 80–189.
        var p = withRanges(CostParameters.neutral())
        p.substitutePerDay.value = 100
        p.neaFeeNonMember.value = 900
        p.neaFeeNonMember.high = 1000
        let inputs = school([.init(id: "t1", focusSkills: [uncatalogued])],
                            covers: [.init(meeting: "m", kind: .pair, teacher: "t1", coveredPeriods: 1, periodsInDay: 6)])
        let entry = Sensitivity.analyse(inputs, p).entries.first { $0.parameter == "rates.substitutePerDay" }!
        #expect(abs(entry.breakEven! - 150) < 1e-6)
        #expect(entry.breakEvenInRange)
        #expect(entry.differenceAtLow > 0 && entry.differenceAtHigh < 0)
    }

    // MARK: validation

    @Test func validationNamesNegativePricesBadAwardRatesAndMissingNumbers() {
        var p = CostParameters.neutral()
        #expect(p.validationProblems().isEmpty)
        p.substitutePerDay.value = -1
        p.awardRateSupported.value = 1.2
        p.hoursPerMc.value = nil
        p.extraDutyPerHour.low = 60; p.extraDutyPerHour.high = 15
        p.horizonYears.value = 2.5
        p.catalogue = catalogue()
        p.catalogue[0].awardRateUnsupported.value = 0
        let problems = p.validationProblems()
        let fields = problems.map(\.field)
        #expect(fields.contains("rates.substitutePerDay.value"))
        #expect(fields.contains("microcredentials.awardRateSupported.value"))
        #expect(fields.contains("microcredentials.hoursPerMc.value"))
        #expect(fields.contains("rates.extraDutyPerHour.range"))
        #expect(fields.contains("horizon.years.value"))
        #expect(problems.contains { $0.field == "mc-q.unsupported.value" && $0.file == .catalogue && $0.message.contains("(0, 1]") })
        #expect(problems.first { $0.field == "rates.substitutePerDay.value" }!.message == "must not be negative, not -1")
        // A null price is allowed: it is "not priced".
        var q = CostParameters.neutral()
        q.substitutePerDay.value = nil
        #expect(q.validationProblems().isEmpty)
    }

    @Test func moneyAndNumbersAreFormattedWithoutFoundation() {
        #expect(CostFormat.money(4240) == "$4,240.00")
        #expect(CostFormat.money(134.5) == "$134.50")
        #expect(CostFormat.money(-1234567.891) == "-$1,234,567.89")
        #expect(CostFormat.number(1.0 / 0.87) == "1.149")
        #expect(CostFormat.number(36) == "36")
        #expect(CostFormat.fixed(2.5) == "2.50")
    }
}
