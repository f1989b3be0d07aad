import Testing
@testable import PeerPlanCore

let team = Rubric(id: "TEAM", name: "TEAM", scaleMin: 1, scaleMax: 5, weakAtMost: 2, strongAtLeast: 4,
                  indicators: [Indicator(id: "questioning", name: "Questioning", domain: "Instruction"),
                               Indicator(id: "academic-feedback", name: "Academic Feedback", domain: "Instruction"),
                               Indicator(id: "thinking", name: "Thinking", domain: "Instruction")],
                  source: "test")

@Suite struct CandidateRulesTests {
    @Test func weakOnAnyIndicatorIsATarget() {
        let status = CandidateRules.classify(latestScores: ["questioning": 2, "academic-feedback": 5, "thinking": 1],
                                             rubric: team, participating: true)
        #expect(status == .target(weak: ["questioning", "thinking"]))
    }

    @Test func strongAndWeakOnNoneIsAPartner() {
        #expect(CandidateRules.classify(latestScores: ["questioning": 4, "academic-feedback": 3], rubric: team, participating: true)
                == .partner(strong: ["questioning"]))
    }

    @Test func thresholdsAreInclusive() {
        #expect(CandidateRules.classify(latestScores: ["thinking": 3], rubric: team, participating: true) == .neither)
        #expect(CandidateRules.classify(latestScores: ["thinking": 2], rubric: team, participating: true).isTarget)
        #expect(CandidateRules.classify(latestScores: ["thinking": 4], rubric: team, participating: true).isPartner)
    }

    @Test func optedOutAndUnrated() {
        #expect(CandidateRules.classify(latestScores: ["thinking": 1], rubric: team, participating: false) == .optedOut)
        #expect(CandidateRules.classify(latestScores: [:], rubric: team, participating: true) == .unrated)
    }

    @Test func rubricValidation() {
        #expect(team.validationProblems().isEmpty)
        var bad = team
        bad.weakAtMost = 4
        #expect(bad.validationProblems().contains { $0.contains("must be below strongAtLeast") })
        bad = team
        bad.strongAtLeast = 6
        #expect(bad.validationProblems().contains { $0.contains("outside the scale") })
        #expect(team.indicator(matching: "QUESTIONING")?.id == "questioning")
        #expect(team.indicator(matching: "Academic Feedback")?.id == "academic-feedback")
        #expect(team.indicator(matching: "nope") == nil)
    }
}

@Suite struct BellScheduleTests {
    func period(_ day: ScheduleDay, _ name: String, _ start: Int, _ end: Int, _ kind: PeriodKind = .instruction) -> BellPeriod {
        BellPeriod(day: day, name: name, start: ClockTime(minutes: start), end: ClockTime(minutes: end), kind: kind)
    }

    @Test func freeSlotsAreInstructionPeriodsWithoutClassOrDuty() {
        let mon = ScheduleDay.weekday(.monday), tue = ScheduleDay.weekday(.tuesday)
        let schedule = BellSchedule(periods: [
            period(tue, "1", 480, 530), period(mon, "2", 535, 585), period(mon, "1", 480, 530),
            period(mon, "L", 590, 620, .lunch), period(tue, "2", 535, 585),
        ])
        #expect(schedule.days == [mon, tue])
        #expect(schedule.periods(on: mon).map(\.name) == ["1", "2", "L"])
        let free = schedule.freeSlots(busy: [Slot(day: mon, period: "1"), Slot(day: tue, period: "2")])
        #expect(free == [Slot(day: mon, period: "2"), Slot(day: tue, period: "1")])
    }

    @Test func overlapIgnoresTouchingPeriods() {
        let mon = ScheduleDay.weekday(.monday)
        #expect(!period(mon, "1", 480, 530).overlaps(period(mon, "2", 530, 580)))
        #expect(period(mon, "1", 480, 531).overlaps(period(mon, "2", 530, 580)))
        #expect(!period(mon, "1", 480, 531).overlaps(period(.weekday(.tuesday), "2", 530, 580)))
    }
}
