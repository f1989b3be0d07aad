import PeerPlanBenchSupport
import PeerPlanCore
import Testing

/// A five-indicator rubric, 1–5, weak ≤ 2, strong ≥ 4.
private let mini = Rubric(id: "R", name: "Mini", scaleMin: 1, scaleMax: 5, weakAtMost: 2, strongAtLeast: 4,
                          indicators: ["a", "b", "c", "d", "e"].map { Indicator(id: $0, name: "Skill " + $0.uppercased(), domain: "X") },
                          source: "test")

@Suite struct SyntheticPairingTests {
    @Test func syntheticInstancesAreDeterministic() throws {
        let a = SyntheticPairing.instance(.school, teachers: 120, rubric: mini, seed: 5)
        let b = SyntheticPairing.instance(.school, teachers: 120, rubric: mini, seed: 5)
        let ra = try PairingEngine.propose(a), rb = try PairingEngine.propose(b)
        #expect(ra == rb)
        #expect(ra.pairs.count > 5)
    }
}
