import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Issue 14 point 6 on the Fixtures district: decimal scores are imported and stored as numbers,
/// a rubric's score rule chooses the score pairing and `status` read, and participation is
/// opt-in or opt-out by policy.
@Suite struct RatingsPolicyTests {
    let tmp: TempDir
    init() throws { tmp = try TempDir() }

    /// A copy of Config with policy.yaml and team.yaml passed through `edit`.
    func config(policy: (String) -> String = { $0 }, team: (String) -> String = { $0 }) throws -> PeerPlanConfig {
        let dir = try TempDir()
        try dir.write("policy.yaml", policy(try String(contentsOf: configDirectory.appendingPathComponent("policy.yaml"), encoding: .utf8)))
        let rubrics = configDirectory.appendingPathComponent("rubrics")
        for name in try FileManager.default.contentsOfDirectory(atPath: rubrics.path) {
            let text = try String(contentsOf: rubrics.appendingPathComponent(name), encoding: .utf8)
            try dir.write("rubrics/\(name)", name == "team.yaml" ? team(text) : text)
        }
        return try ConfigLoader.load(from: dir.url)
    }

    func importRatings(_ store: Store, _ config: PeerPlanConfig, _ lines: [String]) throws {
        try tmp.write("ratings.csv", (["teacherSourcedId,rubric,indicator,score,observedOn,evaluator"] + lines).joined(separator: "\n") + "\n")
        _ = try Importer(store: store, config: config).importFiles([ImportFile(kind: .ratings, url: tmp.path("ratings.csv"), displayName: "ratings.csv")])
    }

    static let questioning = IndicatorRef(rubric: "TEAM", indicator: "questioning")

    @Test func decimalScoresAreStoredAsNumbersAndCompareWithTheThreshold() throws {
        let config = try loadTestConfig()
        let store = try importFixture(db: tmp.path("dec.sqlite").path, config: config)
        try importRatings(store, config, ["t-elm-04,TEAM,questioning,2.75,2026-04-01,E", "t-elm-06,TEAM,questioning,2.00,2026-04-01,E",
                                          "t-elm-07,TEAM,questioning,2.01,2026-04-01,E"])
        let stored = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT teacherId, typeof(score), score FROM rating WHERE observedOn = '2026-04-01' ORDER BY teacherId")
                .map { "\($0[0] as String) \($0[1] as String) \($0[2] as Double)" }
        }
        #expect(stored == ["t-elm-04 real 2.75", "t-elm-06 integer 2.0", "t-elm-07 real 2.01"])
        let (teachers, _) = try store.writer.read { try PairingStore.loadTeachers($0, schools: ["sch-elm"]) }
        let score = { (id: String) in teachers.first { $0.id == id }?.scores[Self.questioning] }
        #expect(score("t-elm-04") == 2.75 && score("t-elm-06") == 2 && score("t-elm-07") == 2.01)
        // Exactly at weakAtMost (2) is weak; 2.01 is not.
        let team = try #require(config.rubric(matching: "TEAM"))
        let atThreshold = try #require(score("t-elm-06")), justAbove = try #require(score("t-elm-07"))
        #expect(team.isWeak(atThreshold) && !team.isWeak(justAbove))
        // `status` counts them the same way (one function): t-elm-06 weak on questioning is a target.
        let scores = try store.writer.read { try CountingScores.load($0, rubrics: try Rubric.stored($0), school: "sch-elm") }
        #expect(scores["t-elm-06"]?[Self.questioning] == 2 && scores["t-elm-04"]?[Self.questioning] == 2.75)
    }

    @Test func theRubricsRuleChoosesTheScoreThatCounts() throws {
        // t-elm-02 questioning: 2 (2025-10-21), 3 (2026-03-03); t-elm-03: 3 (2025-10-16), 2 (2026-03-05).
        let latest = try loadTestConfig()
        let mean = try config(team: { $0.replacingOccurrences(of: "scoreRule: latest", with: "scoreRule: previousYearMean") })
        #expect(mean.rubric(matching: "TEAM")?.scoring.rule == .previousYearMean)
        #expect(latest.rubric(matching: "TEAM")?.scoring == ScoreCounting(rule: .latest, schoolYearStartMonth: 7))
        let store = try importFixture(db: tmp.path("rule.sqlite").path, config: mean)
        #expect(try store.writer.read { try Rubric.stored($0)["TEAM"]?.scoring.rule } == .previousYearMean)
        let onFirstDay = try store.writer.read { try CountingScores.load($0, rubrics: try Rubric.stored($0), asOf: CalendarDate(parsing: "2026-09-01")!) }
        // The 2025-26 school year's mean: (2 + 3) / 2 and (3 + 2) / 2.
        #expect(onFirstDay["t-elm-02"]?[Self.questioning] == 2.5 && onFirstDay["t-elm-03"]?[Self.questioning] == 2.5)
        // A year later nothing was rated in 2026-27: no score counts (not a zero).
        let aYearLater = try store.writer.read { try CountingScores.load($0, rubrics: try Rubric.stored($0), asOf: CalendarDate(parsing: "2027-09-01")!) }
        #expect(aYearLater["t-elm-02"]?[Self.questioning] == nil)
        // Importing again with `latest` puts the rule back: the latest ratings, 3 and 2.
        _ = try Importer(store: store, config: latest).importDistrict(at: fixturesDirectory.appendingPathComponent("district").path)
        let now = try store.writer.read { try CountingScores.load($0, rubrics: try Rubric.stored($0), asOf: CalendarDate(parsing: "2026-09-01")!) }
        #expect(now["t-elm-02"]?[Self.questioning] == 3 && now["t-elm-03"]?[Self.questioning] == 2)
    }

    func participating(_ store: Store) throws -> Set<String> {
        Set(try store.writer.read { try String.fetchAll($0, sql: "SELECT sourcedId FROM teacher WHERE participating = 1") })
    }

    @Test func optInPairsOnlyTeachersWhoOptedIn() throws {
        let optIn = try config(policy: { $0.replacingOccurrences(of: "participation: {value: optOut", with: "participation: {value: optIn") })
        #expect(optIn.participation == .optIn)
        #expect(try loadTestConfig().participation == .optOut)
        let store = try importFixture(db: tmp.path("optin.sqlite").path, config: optIn)
        // participation.csv: t-elm-03, t-mid-02 and t-hs-04 opted in, t-elm-05 out.
        #expect(try participating(store) == ["t-elm-03", "t-mid-02", "t-hs-04"])
        let pairing = PairingStore(store: store, config: optIn)
        for proposal in try pairing.propose(schools: nil, policy: optIn.pairing) {
            for pair in proposal.result.pairs {
                #expect(["t-elm-03", "t-mid-02", "t-hs-04"].contains(pair.partner) && ["t-elm-03", "t-mid-02", "t-hs-04"].contains(pair.target))
            }
        }
        // Opting in on the principal's page counts at once.
        try pairing.setParticipation(teacher: "t-elm-04", participating: true, note: "")
        #expect(try participating(store).contains("t-elm-04"))
        // Back to opt-out at the next import: everyone but t-elm-05, who opted out.
        let optOut = try loadTestConfig()
        _ = try Importer(store: store, config: optOut).importDistrict(at: fixturesDirectory.appendingPathComponent("district").path)
        let all = Set(try store.writer.read { try String.fetchAll($0, sql: "SELECT sourcedId FROM teacher") })
        #expect(try participating(store) == all.subtracting(["t-elm-05"]))
    }

    @Test func unknownRulesAreConfigErrorsNamingTheField() throws {
        func failure(_ make: () throws -> PeerPlanConfig) -> InputError? {
            do { _ = try make(); return nil } catch let error as InputError { return error } catch { return nil }
        }
        let participation = failure { try config(policy: { $0.replacingOccurrences(of: "participation: {value: optOut", with: "participation: {value: volunteers") }) }
        #expect(participation?.field == "pairing.participation")
        #expect(participation?.message.contains("expected optIn or optOut") == true)
        let rule = failure { try config(team: { $0.replacingOccurrences(of: "scoreRule: latest", with: "scoreRule: median") }) }
        #expect(rule?.field == "scoreRule" && rule?.file.hasSuffix("team.yaml") == true)
        #expect(rule?.message.contains("expected latest or previousYearMean") == true)
        let unsourced = failure { try config(team: { $0.replacingOccurrences(of: "\nscoreRuleSource:", with: "\n# scoreRuleSource:") }) }
        #expect(unsourced?.field == "scoreRuleSource")
        let month = failure { try config(team: { $0.replacingOccurrences(of: "schoolYearStartMonth: 7", with: "schoolYearStartMonth: 0") }) }
        #expect(month?.message.contains("schoolYearStartMonth 0 is not a month") == true)
    }

    @Test func theShippedRulesCarryTheirSources() throws {
        let config = try loadTestConfig()
        #expect(config.scoreRuleSources["TEAM"]?.contains("previousYearMean") == true)
        #expect(config.scoreRuleSources["TEAM"]?.hasPrefix("PeerPlan default:") == true)
        let policy = try String(contentsOf: configDirectory.appendingPathComponent("policy.yaml"), encoding: .utf8)
        #expect(policy.contains("participation: {value: optOut, source: \"PeerPlan default:"))
    }
}
