import Foundation
import PeerPlanCore
import Testing
@testable import PeerPlanGenerator

@Suite struct RatingsTests {
    /// Latest score per teacher and indicator, and the rubric each teacher was rated on.
    private func latest(_ ratings: Table) -> (scores: [String: [String: Int]], rubric: [String: String]) {
        var scores: [String: [String: (String, Int)]] = [:]
        var rubric: [String: String] = [:]
        for row in ratings.rows {
            let score = Int(row[3])!
            rubric[row[0]] = row[1]
            if let (date, _) = scores[row[0]]?[row[2]], date > row[4] { continue }
            scores[row[0], default: [:]][row[2]] = (row[4], score)
        }
        return (scores.mapValues { $0.mapValues(\.1) }, rubric)
    }

    @Test func weakTeacherShareIsBetween15And25Percent() throws {
        let district = try WrittenDistrict(GeneratorOptions(schools: 30, seed: 77, rubrics: TestRubrics.both),
                                           label: "weak", only: ["ratings.csv"])
        let (scores, rubricOf) = latest(district["ratings.csv"])
        let rubrics = Dictionary(uniqueKeysWithValues: TestRubrics.both.map { ($0.id, $0) })
        var weak = 0
        var weakByRubric: [String: (Int, Int)] = [:]
        var strongIndicators = 0, allIndicators = 0
        for (teacher, byIndicator) in scores {
            let rubric = rubrics[rubricOf[teacher]!]!
            let isWeak = byIndicator.values.contains { rubric.isWeak($0) }
            if isWeak { weak += 1 }
            let (w, n) = weakByRubric[rubric.id] ?? (0, 0)
            weakByRubric[rubric.id] = (w + (isWeak ? 1 : 0), n + 1)
            strongIndicators += byIndicator.values.filter { rubric.isStrong($0) }.count
            allIndicators += byIndicator.count
        }
        let rated = scores.count
        #expect(rated == district.summary.ratedTeachers)
        let share = Double(weak) / Double(rated)
        #expect((0.15...0.25).contains(share), "weak share among rated teachers \(share)")
        let shareOfAll = Double(weak) / Double(district.summary.teachers)
        #expect((0.15...0.25).contains(shareOfAll), "weak share among all teachers \(shareOfAll)")
        // Both rubrics give a plausible share, and strong partners are plentiful.
        for (id, (w, n)) in weakByRubric {
            #expect(n > 50 && (0.08...0.35).contains(Double(w) / Double(n)), "\(id): \(w) of \(n)")
        }
        #expect(Double(strongIndicators) / Double(allIndicators) > 0.3)
    }

    @Test func ratingsCoverEveryIndicatorOnTheScaleWithHistory() throws {
        let district = try sharedDistrict.get()
        let ratings = district["ratings.csv"]
        let rubrics = Dictionary(uniqueKeysWithValues: TestRubrics.both.map { ($0.id, $0) })
        var indicatorsOf: [String: Set<String>] = [:]
        var datesOf: [String: [String: Set<String>]] = [:]
        var rubricsPerSchool: [String: Set<String>] = [:]
        let users = district["users.csv"]
        var schoolOf: [String: String] = [:]
        for row in users.rows { schoolOf[row[0]] = row[users.column("orgSourcedIds")] }
        for row in ratings.rows {
            let rubric = try #require(rubrics[row[1]], "unknown rubric \(row[1])")
            #expect(rubric.indicators.contains { $0.id == row[2] })
            let score = try #require(Int(row[3]))
            #expect(rubric.contains(score: score))
            #expect(row[4] >= "2025-08-01" && row[4] <= "2026-06-30", "observedOn \(row[4]) outside 2025-2026")
            let parts = row[4].split(separator: "-").map { Int($0)! }
            #expect(CalendarDate(parts[0], parts[1], parts[2]).isWeekday)
            #expect(!row[5].isEmpty)
            indicatorsOf[row[0], default: []].insert(row[2])
            datesOf[row[0], default: [:]][row[2], default: []].insert(row[4])
            rubricsPerSchool[schoolOf[row[0]] ?? "?", default: []].insert(row[1])
        }
        // Every rated teacher has every indicator of their school's rubric; each school one rubric.
        #expect(rubricsPerSchool.values.allSatisfy { $0.count == 1 })
        #expect(Set(rubricsPerSchool.values.flatMap { $0 }) == ["TEAM", "Danielson"])
        for (teacher, indicators) in indicatorsOf {
            let rubric = rubrics[rubricsPerSchool[schoolOf[teacher]!]!.first!]!
            #expect(indicators == Set(rubric.indicators.map(\.id)), "\(teacher) lacks indicators")
        }
        // A few new teachers are unrated; some teachers were observed twice on the same indicator.
        let unrated = district.summary.teachers - indicatorsOf.count
        #expect(unrated > 0 && Double(unrated) < 0.1 * Double(district.summary.teachers))
        let withHistory = datesOf.values.filter { $0.values.contains { $0.count == 2 } }.count
        #expect(Double(withHistory) > 0.1 * Double(indicatorsOf.count))
    }

    @Test func scoresStayOnAnyRubricScale() {
        var rng = Xoshiro(seed: 5)
        let odd = Rubric(id: "Custom", name: "Custom", scaleMin: 0, scaleMax: 3, weakAtMost: 0, strongAtLeast: 2,
                         indicators: [Indicator(id: "a", name: "A", domain: "D1"), Indicator(id: "b", name: "B", domain: "D2")],
                         source: "test")
        for rubric in TestRubrics.both + [odd] {
            let model = RatingModel(rubric: rubric)
            for weak in [true, false] {
                for _ in 0..<300 {
                    let scores = model.scores(weak: weak, rng: &rng)
                    #expect(scores.count == rubric.indicators.count)
                    #expect(scores.allSatisfy(rubric.contains(score:)))
                    #expect(scores.contains(where: rubric.isWeak) == weak)
                }
            }
        }
    }
}
