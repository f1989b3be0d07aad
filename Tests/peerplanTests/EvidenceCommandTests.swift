import Foundation
import PeerPlanTestSupport
import Testing

/// `peerplan log`, `peerplan import log` and `peerplan evaluate` at the terminal: flags named in
/// errors, exit codes, the database unchanged by a refused log, no names at district level.
@Suite struct EvidenceCommandTests {
    @Test func logAndEvaluateAsAPrincipalWouldRunThem() throws {
        let tmp = try TempDir()
        let db = tmp.path("cli.sqlite").path
        func peerplan(_ args: String...) throws -> CLI.Result { try CLI.run(args + ["--db", db]) }
        #expect(try peerplan("import", fixturesDirectory.appendingPathComponent("district").path).status == 0)
        #expect(try peerplan("pairs", "propose", "--school", "sch-mid").status == 0)
        #expect(try peerplan("pairs", "accept", "--school", "sch-mid").status == 0)

        // Before a week is placed there is nothing to log.
        let early = try peerplan("log", "held", "--school", "sch-mid", "--meeting", "pair:a:b", "--date", "2026-11-30")
        #expect(early.status == 1 && early.stderr.contains("--school: no schedule for sch-mid yet"))
        #expect(try peerplan("schedule", "--school", "sch-mid").status == 0)
        let unknown = try peerplan("log", "held", "--school", "sch-mid", "--meeting", "pair:a:b", "--date", "2026-11-30")
        #expect(unknown.status == 1 && unknown.stderr.contains("--meeting: the latest weekly pattern of sch-mid has no session \"pair:a:b\""))
        let status = try peerplan("log", "maybe", "--school", "sch-mid", "--meeting", "pair:a:b", "--date", "2026-11-30")
        #expect(status.status == 64)

        try tmp.write("log.csv", "schoolSourcedId,meetingId,date,status\nsch-mid,pair:a:b,2026-11-30,held\n")
        let refused = try peerplan("import", "log", tmp.path("log.csv").path)
        #expect(refused.status == 1 && refused.stderr.contains("log.csv:2: column 2 \"meetingId\""))

        // District outputs never name a teacher; --names needs --school.
        #expect(try peerplan("evaluate", "--district", "--names").status == 64)
        let district = try peerplan("evaluate", "--district", "--format", "csv")
        #expect(district.status == 0)
        for id in ["t-mid-01", "t-mid-02", "t-mid-03", "t-mid-14"] { #expect(!district.stdout.contains(id)) }
        let named = try peerplan("evaluate", "--school", "sch-mid", "--names")
        #expect(named.status == 0 && named.stdout.contains("teachers named"))
    }
}
