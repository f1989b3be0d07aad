import Foundation
import PeerPlanBenchSupport
import PeerPlanStore
import PeerPlanTestSupport
import Testing

/// The short version of `make crash-check` (issue 15): `import`, `schedule --all-schools` and
/// `export ics --all-schools` on the Fixtures district, each killed with SIGKILL at a few seeded
/// moments; the store is always whole and in the state before or after, the calendars whole.
@Suite struct CrashSafetyTests {
    @Test func killedCommandsLeaveTheStateBeforeOrAfter() throws {
        let config = try loadTestConfig()
        let tmp = try TempDir()
        let outcomes = try CrashRun(peerplan: CLI.executable, config: configDirectory.path, seed: 7, kills: 4)
            .run(district: fixturesDirectory.appendingPathComponent("district").path, scratch: tmp.url) { store in
                try acceptProposedPairs(store, config: config, schools: ["sch-elm", "sch-high", "sch-mid"], formingPLCs: true)
            }
        #expect(outcomes.map(\.command) == ["import", "schedule --all-schools", "export ics --all-schools"])
        for outcome in outcomes {
            #expect(outcome.problems.isEmpty, "\(outcome.command): \(outcome.problems)")
            #expect(outcome.sawBefore + outcome.sawAfter == outcome.kills)
            // The kills land while the command runs (not all after it finished).
            #expect(outcome.finishedFirst < outcome.kills, "\(outcome)")
        }
    }
}
