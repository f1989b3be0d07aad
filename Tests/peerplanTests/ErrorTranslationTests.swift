import Foundation
import PeerPlanTestSupport
import Testing

/// Libraries throw errors in domain words; the CLI alone adds the flag at fault and the command
/// that fixes it. These are the lines a person sees for the commonest mistakes, word for word.
@Suite(.serialized) struct ErrorTranslationTests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func storeErrorsGetTheirFlagAndTheFixingCommand() throws {
        let tmp = try TempDir()
        let db = tmp.path("store.sqlite").path
        #expect(try CLI.run(["import", fixtures, "--db", db]).status == 0)
        let cases: [([String], String)] = [
            (["pairs", "accept", "--school", "sch-mid"],
             "Error: --school: no proposal for sch-mid yet; run `peerplan pairs propose --school sch-mid` first"),
            (["pairs", "accept", "--all-schools"],
             "Error: --all-schools: no school has a pairing proposal yet; run `peerplan pairs propose --all-schools` first"),
            (["pairs", "propose", "--school", "sch-nowhere"],
             "Error: --school: unknown school \"sch-nowhere\" (known: sch-elm, sch-high, sch-mid)"),
            (["schedule", "show", "--school", "sch-mid"],
             "Error: --school: no schedule for sch-mid yet; run `peerplan schedule --school sch-mid`"),
            (["plcs", "show", "--school", "sch-mid"],
             "Error: --school: no PLC teams for sch-mid yet; run `peerplan plcs propose --school sch-mid`"),
            (["mc", "status", "--teacher", "t-mid-02", "--credential", "mc-questioning", "--set", "awarded"],
             "Error: --credential: t-mid-02 has no mc-questioning attached; use `peerplan mc attach`"),
        ]
        for (arguments, line) in cases {
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.trimmingCharacters(in: .newlines) == line, "\(arguments): \(result.stderr)")
        }
    }
}
