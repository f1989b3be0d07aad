import Foundation
import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

/// Issue 14 point 7: the cost report's dose shows held hours where the session log has them,
/// labelled "held (logged)", and says that nothing was logged instead of showing a 0.
@Suite struct HeldDoseReportTests {
    /// School s1: 2 teachers, 20 teacher-hours scheduled on the logged dates, 15 held, 3 missed.
    static let logged = LoggedDose(from: CalendarDate(year: 2026, month: 9, day: 1)!, through: CalendarDate(year: 2026, month: 10, day: 30)!,
                                   teachers: 2, scheduledHours: 20, heldHours: 15, missedHours: 3)

    static func outputs() throws -> (text: String, html: String, json: String) {
        var inputs = CostHTMLTests.inputs()
        inputs.schools[0].logged = logged
        let p = CostHTMLTests.parameters()
        let report = CostModel.compute(inputs, p)
        return (CostTextReport.render(report, sensitivity: nil, inputs: inputs, parameters: p, school: nil, breakdown: false),
                CostHTML.render(report: report, inputs: inputs, parameters: p, sensitivity: nil, date: CostHTMLTests.date),
                try CostDataReport.json(report, sensitivity: nil, inputs: inputs, breakdown: false))
    }

    @Test func heldHoursArePerTeacherBesideTheScheduledOnesByHand() throws {
        let (text, html, json) = try Self.outputs()
        // 15 / 2 = 7.5 held, 3 / 2 = 1.5 missed, 20 / 2 = 10 scheduled; 20 − 15 − 3 = 2 not logged.
        let s1 = "held (logged) 2026-09-01 to 2026-10-30: 7.5 h of collaboration per teacher held, 1.5 h missed, of 10 h scheduled on those dates (2 teachers; 2 teacher-hours not logged)"
        #expect(text.components(separatedBy: s1).count == 3, "s1 and the district (only s1 logged)")
        #expect(text.contains("held (logged): no sessions logged, so held hours are unknown (not zero)"))
        #expect(html.contains("<th>Held (logged)</th>"))
        #expect(html.contains("<td>7.5 h held, 1.5 h missed of 10 h scheduled (2026-09-01–2026-10-30)</td>"))
        #expect(html.contains("<td>not logged</td>"))
        // JSON: the logged figures where there are some; absent (not 0) where nothing was logged.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let dose = try #require((object["report"] as? [String: Any])?["dose"] as? [[String: Any]])
        #expect((dose.first { $0["scope"] as? String == "s1" }?["logged"] as? [String: Any])?["heldHours"] as? Double == 15)
        #expect(dose.first { $0["scope"] as? String == "s2" }?["logged"] == nil)
    }

    @Test func nothingLoggedAnywhereIsSaidNotZeroed() throws {
        let inputs = CostHTMLTests.inputs()
        let p = CostHTMLTests.parameters()
        let text = CostTextReport.render(CostModel.compute(inputs, p), sensitivity: nil, inputs: inputs, parameters: p, school: nil, breakdown: false)
        #expect(text.components(separatedBy: "held (logged): no sessions logged, so held hours are unknown (not zero)").count == 4)
        #expect(!text.contains("h held"))
        #expect(LoggedDose.combined([]) == nil)
    }
}
