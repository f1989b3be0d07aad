import Testing
@testable import PeerPlanCore

/// Issue 14 point 6: decimal scores compare numerically with the thresholds, and a rubric's rule
/// chooses the score that counts (the latest, or the previous school year's mean).
@Suite struct ScoreRuleTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
    func s(_ date: String, _ score: Double) -> Evaluation.Score { Evaluation.Score(date: d(date), score: score) }

    /// A history across three school years (July 1 – June 30).
    var history: [Evaluation.Score] {
        [s("2025-06-30", 1), s("2025-07-01", 2), s("2026-02-01", 3), s("2026-06-30", 2.5), s("2026-07-01", 5)]
    }

    @Test func aScoreExactlyAtAThresholdFallsOnItsSide() {
        // TEAM: weak at most 2, strong at least 4.
        #expect(team.isWeak(2.0) && !team.isWeak(2.01) && team.isWeak(1.99))
        #expect(team.isStrong(4.0) && !team.isStrong(3.99) && team.isStrong(4.25))
        #expect(!team.isWeak(2.5) && !team.isStrong(2.5))
        #expect(team.contains(score: 2.75) && team.contains(score: 5.0) && !team.contains(score: 5.01) && !team.contains(score: 0.99))
        #expect(!team.contains(score: Double.nan) && !team.contains(score: Double.infinity))
        #expect(CandidateRules.classify(latestScores: ["questioning": 2.0, "thinking": 4.5], rubric: team, participating: true) == .target(weak: ["questioning"]))
        #expect(CandidateRules.classify(latestScores: ["questioning": 2.01, "thinking": 3.99], rubric: team, participating: true) == .neither)
        #expect(CandidateRules.classify(latestScores: ["questioning": 4.0, "thinking": 3.5], rubric: team, participating: true) == .partner(strong: ["questioning"]))
    }

    @Test func latestIsTheMostRecentRatingOnOrBeforeTheDay() {
        let latest = ScoreCounting(rule: .latest)
        #expect(latest.score(history, asOf: nil) == 5)
        #expect(latest.score(history, asOf: d("2026-06-30")) == 2.5)
        #expect(latest.score(history, asOf: d("2025-01-01")) == nil)
        #expect(latest.scoreAfter(history, start: d("2025-07-01"), through: d("2026-06-30")) == 2.5)
    }

    @Test func previousYearMeanAveragesThePreviousSchoolYearByHand() {
        let mean = ScoreCounting(rule: .previousYearMean)
        // On 2026-09-01 the school year is 2026-27; the previous one holds 2 (07-01), 3, 2.5 (06-30):
        // (2 + 3 + 2.5) / 3 = 2.5.
        #expect(mean.previousSchoolYear(of: d("2026-09-01")) == (d("2025-07-01"), d("2026-07-01")))
        #expect(mean.score(history, asOf: d("2026-09-01")) == 2.5)
        // On the last day of 2025-26 the previous year is 2024-25: only the 1 of 2025-06-30.
        #expect(mean.score(history, asOf: d("2026-06-30")) == 1)
        // On the first day of 2026-27 the previous year is 2025-26 again.
        #expect(mean.score(history, asOf: d("2026-07-01")) == 2.5)
        // A year with no ratings: nothing counts (not a zero).
        #expect(mean.score(history, asOf: d("2028-09-01")) == nil)
        #expect(mean.score(history, asOf: nil) == nil)
        // School years from August: 2025-08-01 … 2026-07-31 holds 3, 2.5 and 5: 10.5 / 3 = 3.5.
        let august = ScoreCounting(rule: .previousYearMean, schoolYearStartMonth: 8)
        #expect(august.score(history, asOf: d("2026-09-01")) == 3.5)
        // After a cycle: the mean of the ratings after its first day.
        // (3 + 2.5 + 5) / 3 = 3.5.
        #expect(mean.scoreAfter(history, start: d("2025-07-01"), through: d("2026-07-01")) == 3.5)
    }

    @Test func anImpossibleSchoolYearMonthIsARubricProblem() {
        var rubric = team
        rubric.scoring.schoolYearStartMonth = 13
        #expect(rubric.validationProblems().contains { $0.contains("schoolYearStartMonth 13") })
    }

    @Test func pairingWeighsDecimalScoresInHundredths() throws {
        // t is weak on a (2.0, exactly at the threshold) and on b (1.5); p strong on both (4.25, 4.0).
        // w = (4.25 − 2.0) + (4.0 − 1.5) = 4.75. q is 3.99 on b (not strong) and 4.0 on a.
        let result = try propose([teacher("p", ["a": 4.25, "b": 4.0]), teacher("q", ["a": 4.0, "b": 3.99]),
                                  teacher("t", ["a": 2.0, "b": 1.5]), teacher("u", ["a": 2.01, "b": 3.0])])
        #expect(pairText(result) == ["p>t:4.75"])
        #expect(result.pairs[0].focus.map(\.indicator) == ["a", "b"])
        // u at 2.01 is weak nowhere: not a target, so not unmatched either.
        #expect(result.unmatched.isEmpty)
        // Whole scores keep whole weights.
        #expect(pairText(try propose([teacher("p", ["a": 5]), teacher("t", ["a": 2])])) == ["p>t:3"])
    }
}
