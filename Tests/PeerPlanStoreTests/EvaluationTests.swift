import Foundation
import GRDB
import PeerPlanCore
import PeerPlanReports
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// `peerplan evaluate` on the Fixtures district: sch-mid's pairs accepted on 2026-09-01, new
/// ratings imported after it, the summary computed by hand; district outputs name no teacher.
@Suite struct EvaluationTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let store: Store
    /// (target, focus indicator refs) of sch-mid's cycle, by target.
    let pairs: [(target: String, focus: [String])]

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        store = try importFixture(db: tmp.path("eval.sqlite").path, config: config)
        try acceptProposedPairs(store, config: config, schools: ["sch-mid"])
        try store.writer.write { try $0.execute(sql: "UPDATE pairingCycle SET acceptedAt = '2026-09-01T12:00:00Z'") }
        pairs = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT p.targetId, p.focus FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId WHERE c.schoolId = 'sch-mid' AND c.active = 1 ORDER BY p.targetId")
                .map { ($0[0], ($0[1] as String).split(separator: ",").map(String.init)) }
        }
    }

    func before(_ teacher: String, _ ref: String) throws -> Int? {
        let parts = ref.split(separator: "/").map(String.init)
        return try store.writer.read {
            try Int.fetchOne($0, sql: "SELECT score FROM rating WHERE teacherId = ? AND rubricId = ? AND indicatorId = ? AND observedOn <= '2026-09-01' ORDER BY observedOn DESC LIMIT 1",
                            arguments: [teacher, parts[0], parts[1]])
        }
    }

    func importRatings(_ lines: [String]) throws {
        try tmp.write("ratings.csv", (["teacherSourcedId,rubric,indicator,score,observedOn,evaluator"] + lines).joined(separator: "\n") + "\n")
        _ = try Importer(store: store, config: config).importFiles([ImportFile(kind: .ratings, url: tmp.path("ratings.csv"), displayName: "ratings.csv")])
    }

    func line(_ teacher: String, _ ref: String, _ score: Int, _ date: String = "2026-10-15") -> String {
        let parts = ref.split(separator: "/")
        return "\(teacher),\(parts[0]),\(parts[1]),\(score),\(date),Evaluator"
    }

    @Test func theSummaryIsTheHandComputedOne() throws {
        // The first three focus rows (targets in id order, indicators in rubric order) move by +1, +2 and 0;
        // one non-focus indicator of the first target by −1. A rating after --as-of is not counted.
        let focusRows = pairs.flatMap { p in p.focus.map { (p.target, $0) } }
        #expect(focusRows.count >= 3)
        var lines: [String] = []
        for ((teacher, ref), delta) in zip(focusRows, [1, 2, 0]) {
            lines.append(line(teacher, ref, try #require(try before(teacher, ref)) + delta))
        }
        let first = pairs[0].target
        let other = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT rubricId || '/' || indicatorId, score FROM latestRating WHERE teacherId = ? AND score >= 2 ORDER BY rubricId, indicatorId", arguments: [first])
                .map { ($0[0] as String, $0[1] as Int) }
        }.first { !pairs[0].focus.contains($0.0) }
        let (otherRef, otherScore) = try #require(other)
        lines.append(line(first, otherRef, otherScore - 1))
        lines.append(line(first, otherRef, 5, "2027-03-01"))
        try importRatings(lines)

        let result = try store.evaluate(school: "sch-mid", cycle: nil, asOf: CalendarDate(parsing: "2026-12-31")!, names: false, config: config)
        // Changes 1, 2, 0: mean 1, s = 1, s/√3 = 0.57735, t(0.975, 2) = 4.3027: 1 ± 2.48416.
        #expect(result.summary.focus.n == 3)
        #expect(result.summary.focus.mean == 1)
        let ci = try #require(result.summary.focus.ci95)
        #expect(abs(ci[0] + 1.48416) < 0.00001 && abs(ci[1] - 3.48416) < 0.00001)
        #expect(result.summary.nonFocus == ChangeSummary(n: 1, mean: -1, ci95: nil))
        #expect(result.schools.map(\.school) == ["sch-mid"] && result.schools[0].summary == result.summary)
        #expect(result.rows.filter { $0.group == .focus }.count == focusRows.count)

        // JSON has the documented shape, with null for what is missing.
        let json = try EvaluationReport.json(result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let focus = try #require(summary["focus"] as? [String: Any])
        #expect(focus["n"] as? Int == 3 && focus["mean"] as? Double == 1 && (focus["ci95"] as? [Double])?.count == 2)
        #expect(summary["nonFocus"] != nil && summary["unpaired"] != nil)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(Set(rows[0].keys).isSuperset(of: ["school", "pair", "indicator", "focus", "before", "after", "change"]))
        #expect(rows.contains { $0["change"] is NSNull })
        // Every output says it is descriptive, not causal, and why.
        for text in [EvaluationReport.text(result, district: false), json, EvaluationReport.html(result, district: false)] {
            #expect(text.contains("not a causal estimate") && text.contains("regression to the mean") && text.contains("at random"))
        }
        #expect(EvaluationReport.html(result, district: false).contains("<svg"))
    }

    @Test func districtOutputsNameNoTeacherAndPseudonymsAreStable() throws {
        let target = pairs[0].target, ref = pairs[0].focus[0]
        try importRatings([line(target, ref, try #require(try before(target, ref)) + 1)])
        let asOf = CalendarDate(parsing: "2026-12-31")!
        let result = try store.evaluate(school: nil, cycle: nil, asOf: asOf, names: false, config: config)
        let people = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sourcedId, givenName, familyName, email FROM teacher")
                .flatMap { [$0[0] as String, "\($0[1] as String) \($0[2] as String)", $0[3] as String] }
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        #expect(people.count > 80)
        let outputs = [EvaluationReport.text(result, district: true), EvaluationReport.csv(result), try EvaluationReport.json(result),
                       EvaluationReport.html(result, district: true)]
        for output in outputs {
            for word in people { #expect(!output.contains(word), "a district output contains \(word)") }
        }
        #expect(result.rows.contains { $0.change == 1 })
        // The same store gives the same pseudonyms; --names (one school) gives names instead.
        #expect(try store.evaluate(school: nil, cycle: nil, asOf: asOf, names: false, config: config) == result)
        let named = try store.evaluate(school: "sch-mid", cycle: nil, asOf: asOf, names: true, config: config)
        #expect(named.named && !result.named)
        let name = try store.writer.read { try String.fetchOne($0, sql: "SELECT givenName || ' ' || familyName FROM teacher WHERE sourcedId = ?", arguments: [target]) }
        #expect(EvaluationReport.text(named, district: false).contains(try #require(name)))
        // Names are never given for the district, whatever is asked.
        #expect(try !store.evaluate(school: nil, cycle: nil, asOf: asOf, names: true, config: config).named)
    }

    @Test func theDoseIsTheHeldHoursOfEachTarget() throws {
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid")
        let sessions = try store.datedSessions(school: "sch-mid", config: config)
        let target = pairs[0].target
        let meeting = try #require(sessions.first { $0.kind == "pair" && $0.members.contains(target) && $0.date > CalendarDate(parsing: "2026-09-01")! })
        _ = try store.logSession(SessionLogRequest(school: "sch-mid", meeting: meeting.meeting, date: meeting.date, status: .held), config: config)
        let result = try store.evaluate(school: "sch-mid", cycle: nil, asOf: meeting.date, names: false, config: config)
        #expect(result.dose.map(\.heldHours).sorted().last == Double(meeting.minutes) / 60)
        #expect(result.dose.allSatisfy { $0.scheduledHours >= $0.heldHours })
    }

    @Test func unknownCyclesAndSchoolsWithoutPairsAreClearErrors() throws {
        let asOf = CalendarDate(parsing: "2026-12-31")!
        #expect(throws: EvaluationError.noCycle(school: "sch-elm")) {
            try store.evaluate(school: "sch-elm", cycle: nil, asOf: asOf, names: false, config: config)
        }
        #expect(throws: EvaluationError.self) {
            try store.evaluate(school: "sch-mid", cycle: 999, asOf: asOf, names: false, config: config)
        }
    }
}
