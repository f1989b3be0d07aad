import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

/// The sentences of cost notes, the micro-credential rule in each report's form, and the text
/// report that uses them.
@Suite struct CostWordingTests {
    @Test(arguments: [
        (CostNote.yearsRepeat(salaryGrowthPerYear: 0.025),
         "Each year repeats the same programme; pay (extra duty, substitutes, stipends, coaching, lane increases) grows by 2.5% a year from year 2, fees do not."),
        (.bothIsTheSum, "Both = pairing + MCs with peer support: the pairs and PLCs are the MC candidates' support, so support is counted once and no coaching is bought."),
        (.supportScenarios(sensitivity: .coaching),
         "MCs are costed under three support scenarios, side by side: no support (teachers work alone: the unsupported award rate, no support bought); paid coaching (the supported award rate and the coaching cost per teacher); peer support (the pairs and PLCs PeerPlan schedules are the support: the supported award rate, no extra cash (their teacher time and any cover are on the pairing path)). NEA reports the higher award rate for teachers in supported groups; it does not say the support was paid coaching. The sensitivity analysis compares pairing with MCs under paid coaching."),
        (.attachedCredentials(school: "s2", teachers: 1, credentials: 1),
         "s2: 1 teacher with 1 micro-credential attached this term, at catalogue figures (one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill)."),
        (.attachedCredentials(school: "s2", teachers: 3, credentials: 4),
         "s2: 3 teachers with 4 micro-credentials attached this term, at catalogue figures (one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill)."),
        (.sessionsNotHeld(school: "s1", sessions: 2), "s1: 2 weekly session(s) could not be placed and have no remedy; they are not held and not costed."),
        (.notCosted(school: "s3", why: "no accepted pairs"), "s3: not costed (no accepted pairs)."),
        (.notPriced([.coverage, .mcFees]),
         "Not priced (no public figure): substitute cover, MC fees × attempts; cash totals leave them out — set the figure in costs.yaml or microcredentials.yaml to price them."),
    ])
    func eachNoteHasOneSentence(_ note: CostNote, _ sentence: String) {
        #expect(CostNoteWording.sentence(note) == sentence)
    }

    static func school(_ id: String, attached: Bool) -> CostInputs.School {
        CostInputs.School(id: id, name: id, teachers: [
            CostInputs.Teacher(id: "\(id)-t", name: "T", weeklyMinutes: [:], credentials: attached ? ["mc-q"] : []),
        ])
    }

    /// Every form carries the same rule, word for word (it was worded three ways before).
    @Test func theMicroCredentialRuleInEachForm() {
        var p = CostParameters.neutral()
        p.mcsPerTeacherPerYear = CostFigure("microcredentials.mcsPerTeacherPerYear", 1.5, source: "test")
        let plain = CostInputs(district: "D", schools: [Self.school("a", attached: false)])
        let attached = CostInputs(district: "D", schools: [Self.school("a", attached: false), Self.school("b", attached: true)])
        #expect(MicroCredentialRuleWording.forReport(plain, p) == "one MC per target teacher and focus skill")
        #expect(MicroCredentialRuleWording.forReport(attached, p)
            == "one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill")
        var perTeacher = attached
        perTeacher.mcScope = .perTeacher
        #expect(MicroCredentialRuleWording.forReport(perTeacher, p) == "1.5 MC per participating teacher")
        #expect(MicroCredentialRuleWording.forSchool(attached.schools[0], scope: .focusSkills, p) == "one MC per target teacher and focus skill")
        #expect(MicroCredentialRuleWording.forSchool(attached.schools[1], scope: .focusSkills, p)
            == "one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill")
        #expect(MicroCredentialRuleWording.forSchool(attached.schools[1], scope: .perTeacher, p) == "1.5 MC per participating teacher")
        #expect(MicroCredentialRuleWording.forSummary(attachedAt: []) == "one MC per target teacher and focus skill")
        #expect(MicroCredentialRuleWording.forSummary(attachedAt: ["b", "c"])
            == "one MC per attachment for teachers with micro-credentials attached this term, else one per target teacher and focus skill (attached at b, c)")
    }

    @Test func theTextReportWordsItsNotesAndRule() {
        let p = CostHTMLTests.parameters()
        let inputs = CostHTMLTests.inputs()
        let report = CostModel.compute(inputs, p, years: 1)
        let text = CostTextReport.render(report, sensitivity: nil, inputs: inputs, parameters: p, school: nil, breakdown: false)
        #expect(text.hasPrefix("Costs for Test District (2 scheduled schools): 1 school year of 36 weeks, USD\n"))
        #expect(text.contains("MC path: 3 MCs (\(MicroCredentialRuleWording.forSummary(attachedAt: ["s2"])))\n"))
        for note in report.notes { #expect(text.contains("  - \(CostNoteWording.sentence(note))\n")) }
        #expect(!text.contains("Breakdown") && !text.contains("--"))
        let withLines = CostTextReport.render(report, sensitivity: nil, inputs: inputs, parameters: p, school: nil, breakdown: true)
        #expect(withLines.contains("Breakdown by school (each item's lines summed; a school's own breakdown has a line per teacher):\n"))
        #expect(withLines.contains("      = \(report.lines[0].formula)\n"))
        let byTeacher = CostModel.compute(inputs, p, years: 1, detail: .teachers)
        let everyLine = CostTextReport.render(byTeacher, sensitivity: nil, inputs: inputs, parameters: p, school: "s1", breakdown: true)
        #expect(everyLine.contains("Breakdown (every line, its formula and the sources of its figures):\n"))
    }

    @Test func costJSONWordsItsNotesAndHidesSkills() throws {
        let p = CostHTMLTests.parameters()
        let inputs = CostHTMLTests.inputs()
        let report = CostModel.compute(inputs, p, years: 1)
        let brief = try CostDataReport.json(report, sensitivity: nil, inputs: inputs, breakdown: false)
        #expect(brief.contains("\"notes\" : [\n      \"\(CostNoteWording.sentence(report.notes[0]))\""))
        #expect(brief.contains("\"lines\" : [\n\n    ]") && !brief.contains("\"inputs\" : {\n    \"district\""))
        let full = try CostDataReport.json(report, sensitivity: nil, inputs: inputs, breakdown: true)
        #expect(!full.contains("questioning") && !full.contains("mc-q\""))
    }
}

@Suite struct TextHelperTests {
    @Test func csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.row(["a", "b,c", ""]) == "a,\"b,c\",")
    }

    @Test func slotsAreGroupedByPeriod() {
        #expect(SlotText.compact(["Mon 1", "Tue 1", "Mon 3"]) == "period 1 Mon Tue, period 3 Mon")
        #expect(SlotText.compact(["Mon 2", "Tue 2", "Wed 2", "Thu 2", "Fri 2", "A 4"]) == "period 2 daily, period 4 A")
        #expect(SlotText.compact(["nonsense"]) == "")
    }
}
