import Foundation
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// policy.yaml's `web` section: whether principals see a teacher's raw scores (off by default).
@Suite struct WebPolicyConfigTests {
    /// A copy of Config with policy.yaml's text passed through `edit`.
    func config(_ edit: (String) -> String) throws -> PeerPlanConfig {
        let tmp = try TempDir()
        let policy = try String(contentsOf: configDirectory.appendingPathComponent("policy.yaml"), encoding: .utf8)
        try tmp.write("policy.yaml", edit(policy))
        let rubrics = configDirectory.appendingPathComponent("rubrics")
        for name in try FileManager.default.contentsOfDirectory(atPath: rubrics.path) {
            try tmp.write("rubrics/\(name)", try String(contentsOf: rubrics.appendingPathComponent(name), encoding: .utf8))
        }
        return try ConfigLoader.load(from: tmp.url)
    }

    @Test func scoresAreHiddenFromPrincipalsByDefault() throws {
        let shipped = try loadTestConfig()
        #expect(shipped.showScoresToPrincipals == false)
        let text = try String(contentsOf: configDirectory.appendingPathComponent("policy.yaml"), encoding: .utf8)
        #expect(text.contains("showScoresToPrincipals: {value: false, source: \"PeerPlan default:"))
        // A policy written before the section existed keeps them hidden.
        let older = try config { $0.components(separatedBy: "\n# The web app").first ?? $0 }
        #expect(older.showScoresToPrincipals == false)
    }

    @Test func aDistrictCanLetPrincipalsSeeScores() throws {
        let on = try config { $0.replacingOccurrences(of: "showScoresToPrincipals: {value: false", with: "showScoresToPrincipals: {value: true") }
        #expect(on.showScoresToPrincipals == true)
    }
}
