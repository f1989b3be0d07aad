import Testing
@testable import PeerPlanCore

/// `evaluate` reads before and after through the rubric's rule (issue 14 points 6 and 8), by hand.
@Suite struct EvaluationScoreRuleTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }

    func input(_ rule: ScoreRule) -> Evaluation.Input {
        // Target t, focus R/a, cycle from 2026-09-01. R/a history: 1 (2025-10-01) and 2 (2026-03-01)
        // in the 2025-26 school year; 2 (2026-10-01) and 4 (2026-12-01) after the start; 5 after --as-of.
        // Unpaired u: 1.5 and 2.0 in 2025-26, 2 after the start.
        let history = [Evaluation.Score(date: d("2025-10-01"), score: 1), Evaluation.Score(date: d("2026-03-01"), score: 2),
                       Evaluation.Score(date: d("2026-10-01"), score: 2), Evaluation.Score(date: d("2026-12-01"), score: 4),
                       Evaluation.Score(date: d("2027-03-01"), score: 5)]
        let unpaired = [Evaluation.Score(date: d("2025-11-01"), score: 1.5), Evaluation.Score(date: d("2026-05-01"), score: 2.0),
                        Evaluation.Score(date: d("2026-11-01"), score: 2)]
        let school = Evaluation.School(id: "S", name: "S", cycle: 1, cycleStart: d("2026-09-01"), pairs: [Evaluation.Pair(partner: "p", target: "t", focus: ["R/a"])],
                                       teachers: ["p", "t", "u"], ratings: ["t": ["R/a": history], "u": ["R/a": unpaired]],
                                       heldHours: ["t": 10], scheduledHours: ["t": 12])
        return Evaluation.Input(schools: [school], weakAtMost: ["R": 2], indicatorOrder: ["R/a"], names: nil, key: Array("k".utf8),
                                asOf: d("2027-01-31"), scoring: ["R": ScoreCounting(rule: rule)])
    }

    @Test func latestComparesTheLastRatingBeforeAndAfter() {
        let result = Evaluation.evaluate(input(.latest))
        // t: 2 → 4, change 2; u: 2.0 (weak, exactly at the threshold) → 2, change 0.
        let focus = result.rows.filter { $0.group == .focus }
        #expect(focus.map(\.before) == [2] && focus.map(\.after) == [4] && focus.map(\.change) == [2])
        #expect(result.summary.unpaired == ChangeSummary(n: 1, mean: 0, ci95: nil))
    }

    @Test func previousYearMeanComparesTheYearsMeansByHand() {
        let result = Evaluation.evaluate(input(.previousYearMean))
        // t: before (1 + 2) / 2 = 1.5, after (2 + 4) / 2 = 3, change 1.5.
        let focus = result.rows.filter { $0.group == .focus }
        #expect(focus.map(\.before) == [1.5] && focus.map(\.after) == [3] && focus.map(\.change) == [1.5])
        #expect(result.summary.focus == ChangeSummary(n: 1, mean: 1.5, ci95: nil))
        // u: before (1.5 + 2.0) / 2 = 1.75 (weak), after 2: change 0.25.
        #expect(result.summary.unpaired == ChangeSummary(n: 1, mean: 0.25, ci95: nil))
    }
}
