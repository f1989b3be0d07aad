import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

@Suite struct IndicatorMappingWordingTests {
    @Test func anExampleMappingIsFlaggedUntilConfirmed() {
        let example = IndicatorMapping(isExample: true, source: "PeerPlan example: from the titles")
        #expect(IndicatorMappingWording.note(example)
            == "Note: which rubric indicators each micro-credential assesses (Config/microcredentials.yaml) is an example, not the issuer's: PeerPlan example: from the titles. Confirm it against the issuer's catalogue before relying on it.")
        #expect(IndicatorMappingWording.note(IndicatorMapping(isExample: false, source: "checked 2026")) == nil)
        // The text report says it too.
        var p = CostHTMLTests.parameters()
        p.indicatorMapping = example
        let inputs = CostHTMLTests.inputs()
        let text = CostTextReport.render(CostModel.compute(inputs, p, years: 1), sensitivity: nil, inputs: inputs, parameters: p, school: nil, breakdown: false)
        #expect(text.contains("  - \(IndicatorMappingWording.note(example)!)\n"))
    }
}
