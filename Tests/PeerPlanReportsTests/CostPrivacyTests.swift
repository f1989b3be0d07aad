import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

/// A district's cost report names no teacher in any format: a per-teacher line that only targets
/// (MCs) or partners (stipends) have tells who is rated low or high (DESIGN.md §1).
@Suite struct CostPrivacyTests {
    static let ids = ["tch-ann", "tch-bo", "tch-cy", "tch-di"]
    static let names = ["Ann Lo", "Bo Lee", "Cy Moss", "Di Park"]

    /// The HTML tests' district, with ids and names no other text could contain.
    static func inputs() -> CostInputs {
        var inputs = CostHTMLTests.inputs(schoolName: "North", teacherName: names[0])
        var k = 0
        for s in inputs.schools.indices {
            for t in inputs.schools[s].teachers.indices {
                inputs.schools[s].teachers[t].id = ids[k]
                inputs.schools[s].teachers[t].name = names[k]
                k += 1
            }
        }
        inputs.schools[0].teachers[1].name = names[1]
        inputs.schools[0].covers = [CostInputs.Cover(meeting: "observe:tch-ann:tch-bo", kind: .observation, teacher: "tch-ann",
                                                     coveredPeriods: 1, periodsInDay: 7, perWeek: 0.5)]
        inputs.schools[0].outsideSessions = [CostInputs.OutsideSession(meeting: "pair:tch-bo:tch-ann", kind: .pair, members: ["tch-ann", "tch-bo"], minutes: 50)]
        // Held hours from the session log: counted, never listed per teacher.
        inputs.schools[0].logged = HeldDoseReportTests.logged
        return inputs
    }

    static func districtOutputs(breakdown: Bool) throws -> [String: String] {
        let p = CostHTMLTests.parameters()
        let inputs = inputs()
        let report = CostModel.compute(inputs, p, years: 2)
        let sensitivity = Sensitivity.analyse(inputs, p, years: 2)
        return [
            "text": CostTextReport.render(report, sensitivity: sensitivity, inputs: inputs, parameters: p, school: nil, breakdown: breakdown),
            "csv": CostDataReport.csv(report, school: nil, breakdown: breakdown),
            "json": try CostDataReport.json(report, sensitivity: sensitivity, inputs: inputs, breakdown: breakdown),
            "html": CostHTML.render(report: report, inputs: inputs, parameters: p, sensitivity: sensitivity, date: CostHTMLTests.date),
            "web": CostHTML.schoolsFragment(report: report, inputs: inputs, parameters: p, sensitivity: sensitivity, date: CostHTMLTests.date),
        ]
    }

    @Test(arguments: [false, true])
    func noDistrictFormatNamesATeacher(breakdown: Bool) throws {
        for (format, output) in try Self.districtOutputs(breakdown: breakdown) {
            #expect(output.contains("North") || output.contains("s1,"), "\(format) shows the school")
            for word in Self.ids + Self.names + ["observe:", "pair:"] {
                #expect(!output.contains(word), "\(word) in the district's \(format)\(breakdown ? " breakdown" : "")")
            }
        }
    }

    @Test func oneSchoolsBreakdownHasItsTeachers() throws {
        // The check above can fail: the principal's breakdown does name them.
        let p = CostHTMLTests.parameters()
        var inputs = Self.inputs()
        inputs.schools = [inputs.schools[0]]
        let report = CostModel.compute(inputs, p, years: 2, detail: .teachers)
        let text = CostTextReport.render(report, sensitivity: nil, inputs: inputs, parameters: p, school: "s1", breakdown: true)
        let csv = CostDataReport.csv(report, school: "s1", breakdown: false)
        #expect(text.contains("tch-ann") && text.contains("Per teacher") && csv.contains("teacher,tch-bo,Bo Lee,s1"))
        #expect(CostHTML.render(report: report, inputs: inputs, parameters: p, sensitivity: nil, date: CostHTMLTests.date, school: "s1").contains("Ann Lo (tch-ann)"))
    }
}
