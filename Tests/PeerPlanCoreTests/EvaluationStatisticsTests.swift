import Testing
@testable import PeerPlanCore

@Suite struct EvaluationStatisticsTests {
    @Test func theSummaryOfThreeChangesIsTheHandComputedOne() throws {
        // Changes 1, 2, 0: mean 1; s² = (0 + 1 + 1) / 2 = 1; s/√n = 0.57735; t(0.975, 2) = 4.3027;
        // half-width 2.48416: the interval is −1.48416 to 3.48416.
        let s = ChangeSummary.of([1, 2, 0])
        #expect(s.n == 3)
        #expect(s.mean == 1)
        let ci = try #require(s.ci95)
        #expect(abs(ci[0] - (-1.48416)) < 0.00001)
        #expect(abs(ci[1] - 3.48416) < 0.00001)
    }

    @Test func fewerThanTwoChangesHaveNoInterval() {
        #expect(ChangeSummary.of([]) == ChangeSummary(n: 0, mean: nil, ci95: nil))
        #expect(ChangeSummary.of([-1]) == ChangeSummary(n: 1, mean: -1, ci95: nil))
    }

    @Test func tQuantilesMatchPublishedTables() {
        // Published two-sided 95% critical values of Student's t.
        for (df, value) in [(1, 12.706), (4, 2.776), (10, 2.228), (30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980), (1000, 1.962)] {
            #expect(abs(ChangeSummary.tQuantile975(degreesOfFreedom: df) - value) < 0.0006, "df \(df)")
        }
    }

    @Test func hmacMatchesRFC4231() {
        // RFC 4231, test case 2.
        #expect(HMACSHA256.hex(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rowsCompareBeforeAndAfterTheCycleStart() throws {
        func d(_ s: String) -> CalendarDate { CalendarDate(parsing: s)! }
        let school = Evaluation.School(
            id: "s", name: "S", cycle: 1, cycleStart: d("2026-09-01"),
            pairs: [.init(partner: "p", target: "t", focus: ["R/a"])], teachers: ["p", "t", "u", "v"],
            ratings: [
                "t": ["R/a": [.init(date: d("2026-02-01"), score: 1), .init(date: d("2026-09-01"), score: 2), .init(date: d("2026-10-01"), score: 3),
                              .init(date: d("2027-01-01"), score: 5)],
                      "R/b": [.init(date: d("2026-02-01"), score: 3), .init(date: d("2026-10-01"), score: 2)]],
                "u": ["R/a": [.init(date: d("2026-02-01"), score: 2), .init(date: d("2026-10-02"), score: 4)]],
                "v": ["R/a": [.init(date: d("2026-02-01"), score: 4), .init(date: d("2026-10-02"), score: 1)]],
            ],
            heldHours: ["t": 6], scheduledHours: ["t": 8])
        let r = Evaluation.evaluate(.init(schools: [school], weakAtMost: ["R": 2], indicatorOrder: ["R/a", "R/b"], names: nil,
                                          key: Array("k".utf8), asOf: d("2026-12-31")))
        // Before: the rating on the start day counts as before; after: the latest up to the as-of date (not 2027's).
        #expect(r.rows.map(\.group) == [.focus, .nonFocus, .unpaired])
        #expect(r.rows.map(\.change) == [1, -1, 2])
        #expect(r.rows[0].before == 2 && r.rows[0].after == 3)
        // v was not weak before, so is no comparison; p, a partner, neither.
        #expect(!r.rows.contains { $0.teacher == Evaluation.pseudonym("teacher:v", key: Array("k".utf8)) })
        #expect(r.dose == [.init(school: "s", pair: Evaluation.pseudonym("pair:p:t", key: Array("k".utf8)), heldHours: 6, scheduledHours: 8, meanFocusChange: 1)])
        #expect(r.rows.allSatisfy { $0.teacher.count == 8 && $0.teacher != "t" && $0.teacher != "u" })
    }
}
