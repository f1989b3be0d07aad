import Foundation
import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

/// The HTML cost report and its hand-drawn SVG charts.
@Suite struct CostHTMLTests {
    static let questioning = IndicatorRef(rubric: "TEAM", indicator: "questioning")
    static let date = CalendarDate(year: 2026, month: 9, day: 1)!
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/cost-report.html")

    /// Two schools: one costed on its pairs' focus skills, one on the micro-credential attached to
    /// a teacher. Names carry characters HTML must escape.
    static func inputs(schoolName: String = "North & \"South\" <School>", teacherName: String = "Ann <script>&\"x") -> CostInputs {
        let s1 = CostInputs.School(
            id: "s1", name: schoolName,
            teachers: [
                CostInputs.Teacher(id: "t1", name: teacherName, weeklyMinutes: [.pair: 50, .observation: 25, .plc: 50], focusSkills: [questioning]),
                CostInputs.Teacher(id: "t2", name: "Bo Lee", weeklyMinutes: [.pair: 50, .plc: 50], partnerships: 1),
            ],
            covers: [CostInputs.Cover(meeting: "observe:t1:t2", kind: .observation, teacher: "t1", coveredPeriods: 1, periodsInDay: 7, perWeek: 0.5)],
            pairs: 1, plcs: 1)
        let s2 = CostInputs.School(
            id: "s2", name: "West Hill",
            teachers: [
                CostInputs.Teacher(id: "t3", name: "Cy Moss", weeklyMinutes: [.pd: 45], credentials: ["mc-q"]),
                CostInputs.Teacher(id: "t4", name: "Di Park", weeklyMinutes: [.pd: 45], focusSkills: [questioning]),
            ])
        return CostInputs(district: "Test District", schools: [s1, s2])
    }

    static func parameters() -> CostParameters {
        var p = CostParameters.neutral()
        func f(_ key: String, _ v: Double?, _ range: ClosedRange<Double>? = nil, _ source: String) -> CostFigure {
            CostFigure(key, v, range: range, source: source)
        }
        p.horizonYears = f("horizon.years", 2, 1...3, "test: two years")
        p.salaryGrowthPerYear = f("horizon.salaryGrowthPerYear", 0.02, 0...0.05, "test: 2% <growth>")
        p.substitutePerDay = f("rates.substitutePerDay", 140, 80...189, "test: substitutes $80–$189")
        p.partnerStipendPerYear = f("pairing.partnerStipendPerYear", 500, 0...1000, "test: stipend")
        p.coachingPerTeacherPerYear = f("microcredentials.support.coachingPerTeacherPerYear", 1000, 0...2000, "test: coaching")
        p.laneIncreasePerYear = f("salaryLanes.laneIncreasePerYear", nil, nil, "test: no public figure")
        p.coordinatorHoursPerSchoolPerWeek = f("pairing.coordinatorHoursPerSchoolPerWeek", 1, nil, "test: coordinator")
        p.catalogue = [
            MicroCredential(id: "mc-q", name: "Questioning", issuer: "NEA", indicators: [questioning],
                            fee: f("mc-q.fee", 75, nil, "test: $75 & free to members"), memberFee: f("mc-q.memberFee", 0, nil, "test: members"),
                            expectedHours: f("mc-q.hours", 15, nil, "test: 15 h"), assessorCost: f("mc-q.assessor", 10, nil, "test: $10"),
                            awardRateSupported: f("mc-q.supported", 0.8, nil, "test: 80%"), awardRateUnsupported: f("mc-q.unsupported", 0.5, nil, "test: 50%"),
                            laneCredits: f("mc-q.credits", 1, nil, "test: 1 credit")),
        ]
        p.dose = DoseBands(sources: ["test: 30–100 h effective", "test: 5–14 h no effect", "test: over 6–12 months"])
        return p
    }

    static func render(_ inputs: CostInputs = inputs(), sensitivity: Bool = true) -> String {
        let p = parameters()
        let report = CostModel.compute(inputs, p)
        return CostHTML.render(report: report, inputs: inputs, parameters: p,
                               sensitivity: sensitivity ? Sensitivity.analyse(inputs, p) : nil, date: date)
    }

    /// One school's report by teacher (its principal's), with every line.
    static func renderSchool(_ id: String = "s1") -> String {
        let p = parameters()
        var inputs = inputs()
        inputs.schools = inputs.schools.filter { $0.id == id }
        let report = CostModel.compute(inputs, p, detail: .teachers)
        return CostHTML.render(report: report, inputs: inputs, parameters: p, sensitivity: nil, date: date, school: id)
    }

    /// Every element opened is closed, in order (void elements and `<x/>` excepted). Returns the problems.
    static func tagProblems(_ html: String) -> [String] {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"]
        var stack: [String] = []
        var problems: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { problems.append("unclosed comment"); break }
                rest = rest[end.upperBound...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { problems.append("unclosed tag"); break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }  // <!DOCTYPE html>
            if tag.contains("<") { problems.append("'<' inside a tag: \(tag.prefix(40))") }
            let name = String(tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            if tag.hasPrefix("/") {
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else if tag.hasSuffix("/") || void.contains(name) {
                continue
            } else {
                stack.append(name)
                if name == "style" {
                    guard let end = rest.range(of: "</style>") else { problems.append("unclosed style"); break }
                    rest = rest[end.lowerBound...]
                }
            }
        }
        if !stack.isEmpty { problems.append("left open: \(stack)") }
        return problems
    }

    /// Numeric attribute values of the elements (opening tags) matching `prefix`.
    static func attributes(_ html: String, element prefix: String, _ names: [String]) -> [[String: Double]] {
        html.components(separatedBy: prefix).dropFirst().map { chunk in
            let tag = chunk.prefix { $0 != ">" }
            var out: [String: Double] = [:]
            for name in names {
                if let r = tag.range(of: " \(name)=\"") {
                    out[name] = Double(tag[r.upperBound...].prefix { $0 != "\"" })
                }
            }
            return out
        }
    }

    /// The `<svg …>…</svg>` with that id.
    static func chart(_ html: String, _ id: String) -> String {
        guard let start = html.range(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(id)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<rest.range(of: "</svg>")!.upperBound])
    }

    // MARK: golden

    /// Re-record with PEERPLAN_RECORD_GOLDEN=1 (on purpose only).
    @Test func theReportMatchesTheGoldenFile() throws {
        let html = Self.render()
        if ProcessInfo.processInfo.environment["PEERPLAN_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(html.utf8).write(to: Self.golden)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(html == expected)
    }

    // MARK: structure

    @Test func everyOpenedTagIsClosed() {
        let html = Self.render()
        #expect(Self.tagProblems(html).isEmpty, "\(Self.tagProblems(html))")
        // The checker catches what it is for.
        #expect(!Self.tagProblems("<div><p>a</div>").isEmpty)
        #expect(!Self.tagProblems("<table><tr><td>a</td></tr>").isEmpty)
        #expect(Self.tagProblems("<p>a<br>b<rect x=\"1\"/></p>").isEmpty)
        // Without sensitivity it is still whole.
        #expect(Self.tagProblems(Self.render(sensitivity: false)).isEmpty)
    }

    @Test func oneSelfContainedFileReadableWhenPrinted() {
        let html = Self.render()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("Prepared 2026-09-01"))
        // No scripts, no external fonts, images or style sheets.
        for banned in ["<script", "<link", "<img", "src=", "url(", "@import", "@font-face", "https://"] {
            #expect(!html.lowercased().contains(banned), "\(banned)")
        }
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
        // Print rules: page breaks around tables and charts, charts at page width.
        #expect(html.contains("@media print"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains("svg.chart { width: 100% !important"))
        // Every section the report promises.
        for part in ["The comparison", "Year 1", "Years 1–2", "(a) Pairing", "(b) Micro-credentials", "(c) Both", "Teacher hours",
                     "id=\"chart-per-teacher\"", "id=\"chart-cash-time\"", "id=\"chart-sensitivity\"", "id=\"chart-dose\"",
                     "Sensitivity and break-even values", "Dose of collaboration", "Assumptions and sources", "Not priced (no public figure)",
                     "<details>", "Breakdown"] {
            #expect(html.contains(part), "\(part)")
        }
        #expect(Self.render(sensitivity: false).contains("Not run for this report."))
    }

    @Test func assumptionsListEveryFigureWithItsSourceAndWhatIsNotPriced() {
        let html = Self.render()
        let p = Self.parameters()
        let assumptions = String(html[html.range(of: "<section class=\"assumptions\">")!.lowerBound...])
        for f in [p.substitutePerDay, p.partnerStipendPerYear, p.coachingPerTeacherPerYear, p.horizonYears, p.hoursPerMc, p.creditsBaToMa] {
            #expect(assumptions.contains("<td>\(f.key)</td>"), "\(f.key)")
            #expect(assumptions.contains(CostHTML.escape(f.source)), "\(f.source)")
        }
        #expect(assumptions.contains("<td>rates.substitutePerDay</td><td class=\"num\">140</td><td class=\"num\">80–189</td><td>test: substitutes $80–$189</td>"))
        #expect(assumptions.contains("test: 2% &lt;growth&gt;"))
        #expect(assumptions.contains("<td>dose.ineffectiveHours</td><td class=\"num\">5–14 h</td><td class=\"num\">—</td><td>test: 5–14 h no effect</td>"))
        // Catalogue figures cited by issuer, the entry never named.
        #expect(assumptions.contains("<td>microcredentials[NEA].fee</td><td class=\"num\">75</td>"))
        #expect(assumptions.contains("test: $75 &amp; free to members"))
        // Not priced: the lane increase (2 years: lanes are paid from year 2).
        let notPriced = assumptions[assumptions.range(of: "<ul class=\"not-priced\">")!.lowerBound...]
        #expect(notPriced.contains("salary-lane increases: salaryLanes.laneIncreasePerYear — test: no public figure"))
    }

    // MARK: charts

    @Test func barHeightsAndWidthsAreProportionalToTheirValues() {
        // Vertical bars: the axis ends at 100, the plot is 276 − 44 = 232 high.
        let bars = CostCharts.groupedBars(id: "c", title: "t", description: "d",
                                          groups: [.init(label: "A", values: [100, 50]), .init(label: "B", values: [25, 0])],
                                          series: [.pairing, .mc], format: { CostFormat.number($0) })
        let heights = Self.attributes(bars, element: "<rect class=\"bar ", ["height", "data-value", "y"])
        #expect(heights.map { $0["height"] } == [232, 116, 58, 0])
        #expect(heights.map { $0["data-value"] } == [100, 50, 25, 0])
        #expect(heights.map { $0["y"] } == [44, 160, 218, 276])  // bars stand on the axis
        #expect(CostCharts.niceMax(101) == 200 && CostCharts.niceMax(1234) == 2000 && CostCharts.niceMax(2100) == 2500 && CostCharts.niceMax(0.3) == 0.5 && CostCharts.niceMax(0) == 1)

        // The report's chart (a): each bar's height ÷ its value is the same, and the values are the
        // report's cash per participating teacher.
        let html = Self.render()
        let p = Self.parameters()
        let report = CostModel.compute(Self.inputs(), p)
        let a = Self.attributes(Self.chart(html, "chart-per-teacher"), element: "<rect class=\"bar ", ["height", "data-value"])
        let s1 = report.schools[0].overall, s2 = report.schools[1].overall
        // Per school: pairing, then MCs with no support, paid coaching and peer support.
        let expected = [s1, s2].flatMap { o in [o.pairing.cash / 2] + MCSupport.allCases.map { o.mc($0).cash / 2 } }
        #expect(a.count == 8)
        #expect(expected[2] > expected[3] && expected[3] < expected[1], "coaching costs most; peer support has the supported rate")
        for (bar, value) in zip(a, expected) { #expect(abs(bar["data-value"]! - value) < 0.006) }
        let axis = CostCharts.niceMax(expected.max()!)
        for bar in a { #expect(abs(bar["height"]! - bar["data-value"]! / axis * 232) <= 0.06) }

        // Chart (b): bar widths ÷ values are the same within a panel (440 wide, its own axis).
        let b = Self.chart(html, "chart-cash-time")
        let panels = b.components(separatedBy: "<g class=\"panel\"").dropFirst()
        #expect(panels.count == 2)
        for panel in panels {
            let axisEnd = Double(panel.split(separator: "\"")[1])!
            let rects = Self.attributes(String(panel), element: "<rect class=\"bar ", ["width", "data-value"])
            #expect(rects.count == 8)
            for r in rects { #expect(abs(r["width"]! - r["data-value"]! / axisEnd * 440) <= 0.06) }
        }

        // Tornado: a bar's width is |difference − base| over the axis span × 360.
        let s = Sensitivity.analyse(Self.inputs(), p)
        let shown = s.entries.filter { $0.swing > 0 }
        let domain = CostCharts.tornadoDomain(shown, base: s.baseDifference)
        let t = Self.attributes(Self.chart(html, "chart-sensitivity"), element: "<rect class=\"bar ", ["width", "data-value"])
        #expect(t.count == 2 * shown.count && !shown.isEmpty)
        for r in t {
            #expect(abs(r["width"]! - abs(r["data-value"]! - s.baseDifference) / (domain.upperBound - domain.lowerBound) * 360) <= 0.06)
        }
        // Largest swing first.
        #expect(shown.map(\.swing) == shown.map(\.swing).sorted(by: >))

        // Dose: the mean's dot sits at mean ÷ axis × 460 from the plot's left edge (170).
        let dose = Self.attributes(Self.chart(html, "chart-dose"), element: "<circle class=\"mean\"", ["cx", "data-value"])
        // A dot per scope with scheduled collaboration (West Hill has protected PD only, which is not collaboration).
        #expect(dose.count == report.dose.filter { $0.participatingTeachers > 0 }.count && dose.count == 2)
        let doseAxis = CostCharts.doseAxis(report.dose.map { (label: $0.scope, dose: $0) }, bands: p.dose)
        for d in dose { #expect(abs(d["cx"]! - (170 + d["data-value"]! / doseAxis * 460)) <= 0.06) }
    }

    // MARK: escaping, determinism, no ratings

    @Test func namesAndSourcesAreEscaped() {
        let html = Self.render()
        #expect(!html.contains("Ann"))                       // the district's report names no teacher
        #expect(Self.renderSchool().contains("Ann &lt;script&gt;&amp;&quot;x (t1)"))
        #expect(Self.tagProblems(Self.renderSchool()).isEmpty)
        #expect(!html.contains("<script"))
        #expect(!html.contains("Ann <"))
        #expect(html.contains("North &amp; &quot;South&quot; &lt;School&gt;"))
        #expect(!html.contains("\"South\""))
        #expect(CostHTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        // Inside the charts too (an SVG label is text like any other).
        let a = Self.chart(html, "chart-per-teacher")
        #expect(a.contains("North &amp; &quot;South&quot; &lt;Sch"))
    }

    @Test func twoRendersAreIdentical() {
        let first = Self.render()
        #expect(first == Self.render())
        #expect(first != CostHTML.render(report: CostModel.compute(Self.inputs(), Self.parameters()), inputs: Self.inputs(),
                                         parameters: Self.parameters(), sensitivity: nil, date: CalendarDate(year: 2026, month: 9, day: 2)!))
    }

    @Test func noRatingScoreOrFocusSkillAppears() {
        let html = Self.render().lowercased()
        for word in ["rating", "score", "weight", "questioning", "mc-q", "threshold"] {
            #expect(!html.contains(word), "\(word)")
        }
    }

    // MARK: attached micro-credentials (model)

    @Test func aSchoolWithAttachedCredentialsIsCostedOnThem() {
        let p = Self.parameters()
        let inputs = Self.inputs()
        let report = CostModel.compute(inputs, p, years: 1, detail: .teachers)
        // s2: t3 is costed on the one MC attached to him; t4 (nothing attached) on her focus skill.
        let s2 = report.lines(school: "s2").filter { $0.item == .mcFees && $0.supports.contains(.coaching) }
        #expect(s2.map(\.teacher) == ["t3", "t4"])
        #expect(s2.first?.inputs["mcs"] == 1)
        #expect(s2.first?.formula.hasPrefix("1 NEA MC ÷ 0.8 award rate (supported) = 1.25 attempts") == true)
        #expect(inputs.schools[1].mcCount(scope: .focusSkills, perTeacher: 1) == 2)
        #expect(report.notes.map(CostNoteWording.sentence).contains { $0.hasPrefix("s2: 1 teacher with 1 micro-credential attached this term") })
        // s1 (nothing attached): one MC per target and focus skill.
        #expect(report.lines(school: "s1").filter { $0.item == .mcFees && $0.supports.contains(.coaching) }.map(\.teacher) == ["t1"])
        // Without the attachment s2 falls back to t4's focus skill.
        var none = inputs
        none.schools[1].teachers[0].credentials = []
        let fallback = CostModel.compute(none, p, years: 1, detail: .teachers)
        #expect(fallback.lines(school: "s2").filter { $0.item == .mcFees && $0.supports.contains(.coaching) }.map(\.teacher) == ["t4"])
        // Two attachments: two MCs (fees for 2 ÷ 0.8 attempts).
        var two = inputs
        two.schools[1].teachers[0].credentials = ["mc-q", "mc-q"]
        let doubled = CostModel.compute(two, p, years: 1, detail: .teachers)
        #expect(doubled.lines(school: "s2").first { $0.item == .mcFees }?.inputs["attempts"] == 2.5)
        #expect(Sensitivity.difference(two, p) > Sensitivity.difference(inputs, p))
    }
}
