import PeerPlanCore

/// The cost comparison as ONE self-contained HTML file: inline CSS,
/// inline SVG charts drawn by `CostCharts`, no scripts, fonts or images from anywhere. Pure string
/// building: the same report, inputs, parameters and date give the same bytes (fixed decimals, no
/// locale, no clock — the date is passed in). All text is escaped.
///
/// Like every cost report it counts focus skills and never names a teacher's skill or rating;
/// catalogue figures are cited by issuer.
package enum CostHTML {
    /// Text safe inside an element or a quoted attribute.
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The report. `school` names the one school of a school's report (nil: the district). A
    /// report by school (`CostReport.Detail.schools`) names no teacher anywhere: its breakdown is by
    /// school and item; a report by teacher has every line.
    package static func render(report: CostReport, inputs: CostInputs, parameters p: CostParameters, sensitivity: SensitivityReport?,
                              date: CalendarDate, school: String? = nil) -> String {
        var doc = Document(report: report, inputs: inputs, p: p, sensitivity: sensitivity, date: date, school: school)
        return doc.build()
    }

    static func e(_ s: String) -> String { escape(s) }

    /// Whole currency units for chart labels: `$4,240`.
    static func dollars(_ v: Double) -> String { String(CostFormat.money(v.rounded()).dropLast(3)) }

    static let css = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; background: #ffffff; margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; line-height: 1.45; font-size: 15px; }
    h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #cbd5e0; padding-bottom: .2rem; }
    h3 { font-size: 1.05rem; margin-top: 1.4rem; }
    .date { color: #4a5568; margin: 0 0 1rem; }
    .facts, .note { color: #2d3748; }
    table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
    th, td { border: 1px solid #cbd5e0; padding: .25rem .5rem; vertical-align: top; text-align: left; }
    thead th { background: #edf2f7; }
    td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .np { color: #9c4221; font-size: .8rem; white-space: nowrap; }
    .path-pairing { border-left: 4px solid #2b6cb0; }
    .path-mc { border-left: 4px solid #dd6b20; }
    .path-both { border-left: 4px solid #718096; }
    figure { margin: 1rem 0; }
    figcaption { font-size: .85rem; color: #4a5568; }
    svg.chart { width: 100%; height: auto; max-width: 100%; display: block; font-family: inherit; }
    svg.chart text { fill: #1a1a1a; }
    details { margin: .5rem 0; }
    summary { cursor: pointer; }
    table.lines { font-size: .78rem; }
    table.lines td.formula { min-width: 18rem; }
    ul.sources { margin: 0; padding-left: 1rem; }
    .flip { color: #9b2c2c; }
    footer { margin-top: 2rem; color: #4a5568; font-size: .85rem; }
    @page { margin: 14mm; }
    @media print {
      body { margin: 0; max-width: none; padding: 0; font-size: 10pt; color: #000000; background: #ffffff; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
      table { page-break-inside: auto; }
      tr, figure, svg.chart { break-inside: avoid; page-break-inside: avoid; }
      thead { display: table-header-group; }
      thead th { background: #ffffff; }
      svg.chart { width: 100% !important; height: auto !important; }
      section.breakdown { page-break-before: always; break-before: page; }
      summary { list-style: none; }
    }
    """

    struct Document {
        let report: CostReport
        let inputs: CostInputs
        let p: CostParameters
        let sensitivity: SensitivityReport?
        let date: CalendarDate
        let school: String?
        var out = ""

        init(report: CostReport, inputs: CostInputs, p: CostParameters, sensitivity: SensitivityReport?, date: CalendarDate, school: String?) {
            self.report = report
            self.inputs = inputs
            self.p = p
            self.sensitivity = sensitivity
            self.date = date
            self.school = school
        }

        var years: Int { report.years }
        var yearsLabel: String { years == 1 ? "1 year" : "\(years) years" }

        func schoolName(_ id: String) -> String {
            guard let s = inputs.schools.first(where: { $0.id == id }) else { return id }
            return s.name.isEmpty ? s.id : "\(s.name) (\(s.id))"
        }

        func shortName(_ id: String) -> String {
            guard let s = inputs.schools.first(where: { $0.id == id }), !s.name.isEmpty else { return id }
            return s.name
        }

        var title: String {
            if let school { return schoolName(school) }
            return inputs.district
        }

        var participating: Int { inputs.schools.reduce(0) { $0 + $1.teachers.count } }

        mutating func add(_ s: String) { out += s + "\n" }

        mutating func build() -> String {
            add("<!DOCTYPE html>")
            add("<html lang=\"en\">")
            add("<head>")
            add("<meta charset=\"utf-8\">")
            add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            add("<title>\(e("Costs: pairing and micro-credentials — \(title)"))</title>")
            add("<style>\n\(css)\n</style>")
            add("</head>")
            add("<body>")
            header()
            comparison()
            charts()
            sensitivitySection()
            doseSection()
            notes()
            assumptions()
            breakdown()
            add("<footer><p>\(e("Produced by PeerPlan's cost model (DESIGN.md §8). Cash and teacher hours are kept apart and never converted into each other. Every figure is an editable parameter of Config/costs.yaml or Config/microcredentials.yaml, listed above with its source."))</p></footer>")
            add("</body>")
            add("</html>")
            return out
        }

        // MARK: header and comparison tables

        mutating func header() {
            add("<header>")
            add("<h1>\(e("Pairing and micro-credentials: what each costs — \(title)"))</h1>")
            add("<p class=\"date\">\(e("Prepared \(date.description) · \(scopeLine)"))</p>")
            add("<p class=\"facts\">\(e(facts))</p>")
            add("</header>")
        }

        /// `3 years of 36-week school years · amounts in USD, nominal`.
        var scopeLine: String {
            let weeks = Set(inputs.schools.map { $0.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36 }).sorted()
            let weeksText = weeks.map { CostFormat.number($0) }.joined(separator: ", ")
            return "\(yearsLabel) of \(weeksText)-week school years · amounts in \(report.currency), nominal"
        }

        /// Teachers, schools, pairs, PLCs and how each path is counted, in one paragraph.
        var facts: String {
            let pairs = inputs.schools.reduce(0) { $0 + $1.pairs }, plcs = inputs.schools.reduce(0) { $0 + $1.plcs }
            let mcs = inputs.schools.reduce(0) { $0 + $1.mcCount(scope: inputs.mcScope, perTeacher: p.mcsPerTeacherPerYear.value ?? 0) }
            let schools = inputs.schools.count
            var facts = "\(participating) participating teacher\(participating == 1 ? "" : "s") in \(schools) scheduled school\(schools == 1 ? "" : "s"), \(pairs) pair\(pairs == 1 ? "" : "s"), \(plcs) PLC\(plcs == 1 ? "" : "s"). "
            facts += "(a) Pairing: the collaboration time PeerPlan schedules. (b) Micro-credentials: \(mcs) MC\(mcs == 1 ? "" : "s") a year — \(mcRule) — under three support scenarios: no support, paid coaching, peer support. (c) Both: pairing + MCs with peer support (support counted once)."
            return facts
        }

        var mcRule: String { MicroCredentialRuleWording.forReport(inputs, p) }

        func cash(_ t: CostTotals) -> String {
            CostFormat.money(t.cash) + (t.notPriced.isEmpty ? "" : " <span class=\"np\">+ not priced</span>")
        }

        mutating func comparisonTable(_ s: ScopeTotals, caption: String) {
            add("<table class=\"comparison\">")
            add("<caption>\(e(caption))</caption>")
            add("<thead>")
            let hourValue = p.teacherHourValue.value
            let span = hourValue == nil ? 2 : 3
            var head = "<tr><th rowspan=\"2\">Programme</th><th colspan=\"\(span)\">Year 1</th>"
            if years > 1 { head += "<th colspan=\"\(span)\">\(e("Years 1–\(years)"))</th>" }
            add(head + "</tr>")
            let economicHead = hourValue.map { "<th class=\"num\">\(e("Economic cost (hours at \(CostFormat.money($0))/h)"))</th>" } ?? ""
            add("<tr>" + String(repeating: "<th class=\"num\">Cash</th><th class=\"num\">Teacher hours</th>" + economicHead, count: years > 1 ? 2 : 1) + "</tr>")
            add("</thead>")
            add("<tbody>")
            let periods = [s.byYear.first ?? PathTotals()] + (years > 1 ? [s.overall] : [])
            let paths: [(String, String, (PathTotals) -> CostTotals)] = [("(a) Pairing", "pairing", { $0.pairing })]
                + MCSupport.allCases.map { s in (MCSupportWording.row(s), "mc", { $0.mc(s) }) }
                + [(MCSupportWording.both, "both", { $0.both })]
            for (label, css, pick) in paths {
                var row = "<tr class=\"path-\(css)\"><th>\(e(label))</th>"
                for t in periods.map(pick) {
                    row += "<td class=\"num\">\(cash(t))</td><td class=\"num\">\(e(CostFormat.hours(t.teacherHours)))</td>"
                    if let hourValue { row += "<td class=\"num\">\(e(CostFormat.money(t.economic(hourValue: hourValue))))</td>" }
                }
                add(row + "</tr>")
            }
            var row = "<tr><th>\(e("Principal or coordinator time (pairing, contract time)"))</th>"
            for t in periods {
                row += "<td class=\"num\">—</td><td class=\"num\">\(e(CostFormat.hours(t.pairing.coordinatorHours)))</td>"
                if hourValue != nil { row += "<td class=\"num\">—</td>" }
            }
            add(row + "</tr>")
            add("</tbody>")
            add("</table>")
        }

        mutating func comparison() {
            add("<section class=\"comparison\">")
            add("<h2>The comparison</h2>")
            add("<p class=\"note\">\(e("Cash is money the district pays; teacher hours are time teachers spend (in contract time for pairing unless it is paid, their own time for MCs). The two are never added together. “+ not priced” marks a total that leaves out an item with no public figure (listed under Assumptions and sources)."))</p>")
            if let v = p.teacherHourValue.value {
                add("<p class=\"note\">\(e("Economic cost (ingredients method): cash plus every teacher and coordinator hour at \(CostFormat.money(v))/h (rates.teacherHourValue, with its source under Assumptions and sources). It is shown next to the cash, never added to it."))</p>")
            }
            add("<p class=\"note\">\(e("Each micro-credential row assumes one support scenario: " + MCSupport.allCases.map { "\(MCSupportWording.label($0)) — \(MCSupportWording.assumption($0))" }.joined(separator: "; ") + ". NEA reports the higher award rate for teachers in supported groups; it does not say the support was paid coaching."))</p>")
            if school == nil && inputs.schools.count > 1 {
                comparisonTable(report.district, caption: "\(inputs.district): every scheduled school")
            }
            for s in report.schools {
                guard let schoolInputs = inputs.schools.first(where: { $0.id == s.id }) else { continue }
                add("<h3>\(e(schoolName(s.id)))</h3>")
                let mcs = schoolInputs.mcCount(scope: inputs.mcScope, perTeacher: p.mcsPerTeacherPerYear.value ?? 0)
                let rule = MicroCredentialRuleWording.forSchool(schoolInputs, scope: inputs.mcScope, p)
                let n = schoolInputs.teachers.count
                var facts = "\(n) participating teacher\(n == 1 ? "" : "s"), \(schoolInputs.pairs) pair\(schoolInputs.pairs == 1 ? "" : "s"), \(schoolInputs.plcs) PLC\(schoolInputs.plcs == 1 ? "" : "s"); "
                facts += "\(schoolInputs.covers.count) weekly session\(schoolInputs.covers.count == 1 ? "" : "s") need a substitute, \(schoolInputs.outsideSessions.count) meet before or after school"
                if schoolInputs.sessionsNotHeld > 0 { facts += ", \(schoolInputs.sessionsNotHeld) cannot be held" }
                facts += ". MC path: \(mcs) MC\(mcs == 1 ? "" : "s") a year (\(rule))."
                add("<p class=\"facts\">\(e(facts))</p>")
                comparisonTable(s, caption: "\(shortName(s.id)): pairing, micro-credentials and both")
                if n > 0 {
                    let o = s.overall
                    let mcs = MCSupport.allCases.map { "\(CostFormat.money(o.mc($0).cash / Double(n))) with \(MCSupportWording.label($0))" }.joined(separator: ", ")
                    add("<p class=\"note\">\(e("Per participating teacher over \(yearsLabel): pairing \(CostFormat.money(o.pairing.cash / Double(n))) and \(CostFormat.hours(o.pairing.teacherHours / Double(n))); micro-credentials \(mcs)."))</p>")
                }
            }
            add("</section>")
        }

        // MARK: charts

        mutating func charts() {
            add("<section class=\"charts\">")
            add("<h2>Charts</h2>")
            let perTeacher = report.schools.map { s -> CostCharts.Group in
                let n = Double(max(1, inputs.schools.first { $0.id == s.id }?.teachers.count ?? 0))
                return CostCharts.Group(label: shortName(s.id), values: [s.overall.pairing.cash / n] + MCSupport.allCases.map { s.overall.mc($0).cash / n })
            }
            add("<figure>")
            add(CostCharts.groupedBars(id: "chart-per-teacher", title: "Cash per participating teacher by school, \(yearsLabel)",
                                       description: "Grouped bars: for each school, the cash of pairing and of micro-credentials under each support scenario, divided by its participating teachers.",
                                       groups: perTeacher, series: CostCharts.Series.paths, format: CostHTML.dollars))
            add("<figcaption>\(e("(a) Cash per participating teacher by school over \(yearsLabel). Items not priced are left out."))</figcaption>")
            add("</figure>")
            let cashGroups = report.schools.map { s in CostCharts.Group(label: shortName(s.id), values: [s.overall.pairing.cash] + MCSupport.allCases.map { s.overall.mc($0).cash }) }
            let hourGroups = report.schools.map { s in CostCharts.Group(label: shortName(s.id), values: [s.overall.pairing.teacherHours] + MCSupport.allCases.map { s.overall.mc($0).teacherHours }) }
            add("<figure>")
            add(CostCharts.panels(id: "chart-cash-time", title: "Cash and teacher time by school, \(yearsLabel)",
                                  description: "Two panels with their own axes: cash above, teacher hours below, pairing and micro-credentials per school.",
                                  panels: [CostCharts.Panel(title: "Cash (\(report.currency))", groups: cashGroups, format: CostHTML.dollars),
                                           CostCharts.Panel(title: "Teacher hours", groups: hourGroups, format: { CostFormat.number($0, decimals: 0) + " h" })],
                                  series: CostCharts.Series.paths))
            add("<figcaption>\(e("(b) Cash and teacher time over \(yearsLabel), kept apart: each panel has its own axis."))</figcaption>")
            add("</figure>")
            add("</section>")
        }

        // MARK: sensitivity

        mutating func sensitivitySection() {
            add("<section class=\"sensitivity\">")
            add("<h2>Sensitivity and break-even values</h2>")
            guard let s = sensitivity else {
                add("<p class=\"note\">\(e("Not run for this report."))</p>")
                add("</section>")
                return
            }
            let scenario = MCSupportWording.label(s.support)
            let sign = s.baseDifference >= 0 ? "micro-credentials (\(scenario)) cost \(CostFormat.money(s.baseDifference)) more than pairing"
                : "pairing costs \(CostFormat.money(-s.baseDifference)) more than micro-credentials (\(scenario))"
            add("<p class=\"note\">\(e("MC (\(scenario)) − pairing cash over \(s.years == 1 ? "1 year" : "\(s.years) years"): at the figures used, \(sign). Each figure with a range is set to its low and high ends, the others kept; the longest bars move the answer most. A break-even value is where both cost the same."))</p>")
            add("<figure>")
            add(CostCharts.tornado(id: "chart-sensitivity", title: "Swing of MC − pairing cash per figure, largest first",
                                   description: "Tornado chart: for each figure, bars from the difference at the figures used to the difference at the low and high ends of its range.",
                                   entries: s.entries, base: s.baseDifference, format: CostHTML.dollars))
            add("<figcaption>\(e("(c) Sensitivity: MC − pairing cash when one figure moves across its range. Right of the dashed line micro-credentials cost more; left of it pairing does."))</figcaption>")
            add("</figure>")
            add("<table class=\"sensitivity\">")
            let economic = s.baseEconomicDifference != nil
            add("<thead><tr><th>Figure</th><th class=\"num\">Used</th><th class=\"num\">Range</th><th class=\"num\">MC − pairing at low</th><th class=\"num\">at high</th><th class=\"num\">Swing</th>\(economic ? "<th class=\"num\">Economic swing</th>" : "")<th>Break-even</th></tr></thead>")
            add("<tbody>")
            for x in s.entries {
                var breakEven: String
                if let v = x.breakEven {
                    breakEven = e(CostFormat.number(v))
                    breakEven += x.breakEvenInRange ? " <span class=\"flip\">\(e("inside its range: the answer can flip"))</span>" : e(" (outside its range)")
                } else {
                    breakEven = e(x.breakEvenNote)
                }
                add("<tr><td>\(e(x.parameter))</td><td class=\"num\">\(e(CostFormat.number(x.base)))</td><td class=\"num\">\(e("\(CostFormat.number(x.low))–\(CostFormat.number(x.high))"))</td><td class=\"num\">\(e(CostFormat.money(x.differenceAtLow)))</td><td class=\"num\">\(e(CostFormat.money(x.differenceAtHigh)))</td><td class=\"num\">\(e(CostFormat.money(x.swing)))</td>\(economic ? "<td class=\"num\">\(e(x.economicSwing.map { CostFormat.money($0) } ?? "—"))</td>" : "")<td>\(breakEven)</td></tr>")
            }
            add("</tbody>")
            add("</table>")
            if !s.notPriced.isEmpty {
                add("<p class=\"note\">\(e("Items not priced are left out of both sides: \(s.notPriced.map(\.label).joined(separator: ", "))."))</p>")
            }
            add("</section>")
        }

        // MARK: dose

        func doseLabel(_ scope: String) -> String {
            inputs.schools.contains { $0.id == scope } ? shortName(scope) : "All schools"
        }

        mutating func doseSection() {
            add("<section class=\"dose\">")
            add("<h2>Dose of collaboration: scheduled hours against the research bands</h2>")
            let bands = p.dose
            let band = { (r: ClosedRange<Double>) in "\(CostFormat.number(r.lowerBound))–\(CostFormat.number(r.upperBound)) h" }
            add("<p class=\"note\">\(e("Scheduled hours of collaboration per participating teacher per year — pair meetings, observations and PLC meetings, as scheduled. Held (logged): the hours the session log records as held and missed between its first and last dates, per teacher, beside those scheduled on those dates; where nothing is logged, held hours are unknown, not zero. Individual protected PD is a teacher's own time, not collaboration: it is counted apart. The hours are compared with the \(band(bands.effectiveHours)) over \(CostFormat.number(bands.effectiveSpanMonths.lowerBound))–\(CostFormat.number(bands.effectiveSpanMonths.upperBound)) months of the programmes Yoon et al. (2007) found effective — 9 studies of workshops and summer institutes for elementary teachers — and the \(band(bands.ineffectiveHours)) of programmes with no significant effect: a comparison of sizes, not a prediction of effect."))</p>")
            let rows = report.dose.map { (label: doseLabel($0.scope), dose: $0) }
            add("<figure>")
            add(CostCharts.dose(id: "chart-dose", title: "Scheduled collaboration hours per participating teacher per year",
                                description: "For each school, the range of its teachers' hours as a line and the mean as a dot, against the shaded research bands.",
                                rows: rows, bands: bands))
            add("<figcaption>\(e("Dose: each school's teachers from fewest to most scheduled collaboration hours (line) and the mean (dot); grey: \(band(bands.ineffectiveHours)), programmes with no significant effect; green: \(band(bands.effectiveHours)), the programmes Yoon et al. (2007) found effective."))</figcaption>")
            add("</figure>")
            add("<table class=\"dose\">")
            add("<thead><tr><th>School</th><th class=\"num\">Teachers</th><th class=\"num\">Mean</th><th class=\"num\">Fewest–most</th><th>Mean compared with the research</th><th>Teachers by band</th><th class=\"num\">Protected PD (individual, scheduled)</th><th class=\"num\">School year</th><th>Held (logged)</th></tr></thead>")
            add("<tbody>")
            for r in rows {
                let d = r.dose
                let byBand = DoseBand.allCases.compactMap { b in d.teachersByBand[b].map { "\($0) \(bandName(b))" } }.joined(separator: ", ")
                add("<tr><td>\(e(r.label))</td><td class=\"num\">\(d.participatingTeachers)</td><td class=\"num\">\(e(CostFormat.hours(d.meanHours)))</td><td class=\"num\">\(e("\(CostFormat.number(d.minHours, decimals: 1))–\(CostFormat.hours(d.maxHours))"))</td><td>\(e(d.participatingTeachers == 0 ? "—" : d.band.describe(bands)))</td><td>\(e(byBand.isEmpty ? "—" : byBand))</td><td class=\"num\">\(e(d.protectedPDTeachers == 0 ? "—" : CostFormat.hours(d.meanProtectedPDHours)))</td><td class=\"num\">\(e(CostFormat.number(d.spanMonths, decimals: 1) + " months"))</td><td>\(e(LoggedDoseWording.cell(d.logged)))</td></tr>")
            }
            add("</tbody>")
            add("</table>")
            add("</section>")
        }

        func bandName(_ b: DoseBand) -> String {
            let i = p.dose.ineffectiveHours, f = p.dose.effectiveHours
            switch b {
            case .belowIneffective: return "below \(CostFormat.number(i.lowerBound)) h"
            case .ineffective: return "\(CostFormat.number(i.lowerBound))–\(CostFormat.number(i.upperBound)) h"
            case .between: return "\(CostFormat.number(i.upperBound))–\(CostFormat.number(f.lowerBound)) h"
            case .effective: return "\(CostFormat.number(f.lowerBound))–\(CostFormat.number(f.upperBound)) h"
            case .aboveEffective: return "above \(CostFormat.number(f.upperBound)) h"
            }
        }

        // MARK: notes, assumptions, breakdown

        mutating func notes() {
            guard !report.notes.isEmpty else { return }
            add("<section class=\"notes\">")
            add("<h2>Notes</h2>")
            add("<ul>")
            for n in report.notes { add("<li>\(e(CostNoteWording.sentence(n)))</li>") }
            add("</ul>")
            add("</section>")
        }

        /// Every figure of the model with its value, range and source; catalogue figures cited by
        /// issuer (as the lines cite them), each distinct figure once.
        var figures: [CostFigure] {
            var list = [p.schoolYearWeeks, p.horizonYears, p.salaryGrowthPerYear, p.extraDutyPerHour, p.substitutePerDay, p.teacherHourValue,
                        p.pairingProgramFee, p.partnerStipendPerYear, p.coordinatorHoursPerSchoolPerWeek,
                        p.neaFeeMember, p.neaFeeNonMember, p.neaCatalogueSize, p.hoursPerMc, p.awardRateSupported, p.awardRateUnsupported,
                        p.mcsPerTeacherPerYear, p.digitalPromisePlatformFee, p.digitalPromiseAssessmentFee, p.assessorCostPerSubmission,
                        p.stipendPerMc, p.coachingPerTeacherPerYear, p.mcsForAdvancedDegreeLane, p.creditsPerMc, p.creditsBaToMa,
                        p.laneIncreasePerYear, p.pdSpendPerTeacherTNTP, p.pdSpendPerTeacherRPPL]
            for s in inputs.schools {
                if let w = s.schoolYearWeeks { list.append(CostFigure("schools[\(s.id)].schoolYearWeeks", w, source: "the school's own calendar")) }
            }
            var catalogue: [CostFigure] = []
            for mc in p.catalogue {
                func cite(_ f: CostFigure, _ field: String) -> CostFigure {
                    var g = f
                    g.key = "microcredentials[\(mc.issuer)].\(field)"
                    return g
                }
                var entry = [cite(mc.fee, "fee")]
                if let m = mc.memberFee { entry.append(cite(m, "fee.memberValue")) }
                if let pf = mc.platformFee { entry.append(cite(pf, "fee.platformFee")) }
                entry += [cite(mc.expectedHours, "expectedHours"), cite(mc.assessorCost, "assessorCost"),
                          cite(mc.awardRateSupported, "awardRate.supported"), cite(mc.awardRateUnsupported, "awardRate.unsupported"),
                          cite(mc.laneCredits, "salaryLaneValue")]
                for f in entry where !catalogue.contains(f) { catalogue.append(f) }
            }
            return list + catalogue
        }

        mutating func assumptions() {
            add("<section class=\"assumptions\">")
            add("<h2>Assumptions and sources</h2>")
            add("<p class=\"note\">\(e("Every figure the model uses, with its value, the range the sensitivity analysis varies it over and its source. Money is in \(report.currency). Catalogue figures are cited by issuer."))</p>")
            add("<table class=\"figures\">")
            add("<thead><tr><th>Figure</th><th class=\"num\">Value</th><th class=\"num\">Range</th><th>Source</th></tr></thead>")
            add("<tbody>")
            for f in figures {
                let value = f.value.map { CostFormat.number($0, decimals: 4) } ?? "not priced (no public figure)"
                let range = f.low.flatMap { low in f.high.map { "\(CostFormat.number(low, decimals: 4))–\(CostFormat.number($0, decimals: 4))" } } ?? "—"
                add("<tr><td>\(e(f.key))</td><td class=\"num\">\(e(value))</td><td class=\"num\">\(e(range))</td><td>\(e(f.source))</td></tr>")
            }
            for flag in [p.paidOutsideContractTime, p.assumeNeaMembers] {
                add("<tr><td>\(e(flag.key))</td><td class=\"num\">\(flag.value ? "yes" : "no")</td><td class=\"num\">—</td><td>\(e(flag.source))</td></tr>")
            }
            add("<tr><td>microcredentials.indicatorMapping</td><td class=\"num\">\(p.indicatorMapping.isExample ? "example" : "confirmed")</td><td class=\"num\">—</td><td>\(e(p.indicatorMapping.source))</td></tr>")
            add("<tr><td>rates.substituteBlock</td><td class=\"num\">\(e(p.substituteBlock.rawValue))</td><td class=\"num\">—</td><td>\(e(p.substituteBlockSource))</td></tr>")
            add("<tr><td>microcredentials.support.sensitivityScenario</td><td class=\"num\">\(e(p.sensitivitySupport.rawValue))</td><td class=\"num\">—</td><td>\(e(p.sensitivitySupportSource))</td></tr>")
            let bands: [(String, ClosedRange<Double>, String)] = [("dose.effectiveHours", p.dose.effectiveHours, " h"),
                                                                  ("dose.ineffectiveHours", p.dose.ineffectiveHours, " h"),
                                                                  ("dose.effectiveSpanMonths", p.dose.effectiveSpanMonths, " months")]
            // policy.yaml gives one source per band (effective, ineffective, span); a default, one for all.
            let sources = p.dose.sources
            for (k, (key, r, unit)) in bands.enumerated() {
                let source = sources.count == bands.count ? sources[k] : sources.isEmpty ? "policy.yaml dose" : sources.joined(separator: " · ")
                add("<tr><td>\(e(key))</td><td class=\"num\">\(e("\(CostFormat.number(r.lowerBound))–\(CostFormat.number(r.upperBound))\(unit)"))</td><td class=\"num\">—</td><td>\(e(source))</td></tr>")
            }
            add("</tbody>")
            add("</table>")
            add("<h3>Not priced (no public figure)</h3>")
            if report.notPriced.isEmpty {
                add("<p class=\"note\">Every item this report needed has a figure.</p>")
            } else {
                add("<p class=\"note\">\(e("These items are left out of the cash totals, never counted as zero. Set the figure in costs.yaml or microcredentials.yaml to price them."))</p>")
                add("<ul class=\"not-priced\">")
                for n in report.notPriced { add("<li>\(e("\(n.item.label): \(n.parameter) — \(n.source)"))</li>") }
                add("</ul>")
            }
            add("</section>")
        }

        func teacherLabel(_ school: String, _ id: String?) -> String {
            guard let id else { return "—" }
            let name = inputs.schools.first { $0.id == school }?.teachers.first { $0.id == id }?.name ?? ""
            return name.isEmpty || name == id ? id : "\(name) (\(id))"
        }

        mutating func breakdown() {
            guard report.detail == .teachers else { return schoolBreakdown() }
            add("<section class=\"breakdown\">")
            add("<h2>Breakdown: every line, its formula and inputs</h2>")
            add("<p class=\"note\">\(e("Open a school to read its lines (a printout shows the schools that are open)."))</p>")
            for s in report.schools {
                let lines = report.lines(school: s.id)
                add("<details>")
                add("<summary>\(e("\(schoolName(s.id)): \(lines.count) line\(lines.count == 1 ? "" : "s")"))</summary>")
                add("<table class=\"lines\">")
                add("<thead><tr><th class=\"num\">Year</th><th>Teacher</th><th>Path</th><th>Item</th><th class=\"num\">Cash</th><th class=\"num\">Hours</th><th>Formula</th><th>Inputs</th><th>Sources</th></tr></thead>")
                add("<tbody>")
                for l in lines {
                    let amount = l.cash.map { CostFormat.money($0) } ?? "not priced"
                    let hours = l.hours > 0 ? CostFormat.hours(l.hours) + (l.hoursOf == .coordinator ? " (coordinator)" : "") : "—"
                    let inputsText = l.inputs.sorted { $0.key < $1.key }.map { "\($0.key) = \(CostFormat.number($0.value, decimals: 4))" }.joined(separator: "; ")
                    let sources = l.sources.isEmpty ? "—" : "<ul class=\"sources\">" + l.sources.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
                    add("<tr><td class=\"num\">\(l.year)</td><td>\(e(teacherLabel(l.school, l.teacher)))</td><td>\(e(l.path == .pairing ? "pairing" : "MC (\(l.supports.map(MCSupportWording.label).joined(separator: ", ")))"))</td><td>\(e(l.item.label))</td><td class=\"num\">\(e(amount))</td><td class=\"num\">\(e(hours))</td><td class=\"formula\">\(e(l.formula))</td><td>\(e(inputsText.isEmpty ? "—" : inputsText))</td><td>\(sources)</td></tr>")
                }
                add("</tbody>")
                add("</table>")
                add("</details>")
            }
            add("</section>")
        }

        /// The breakdown of a report by school: per school, each item's cash and hours year by year
        /// (the figures and their sources are in the assumptions table, once, which keeps a
        /// 150-school page small). No teacher, no session.
        mutating func schoolBreakdown() {
            add("<section class=\"breakdown\">")
            add("<h2>Breakdown by school: each item, year by year</h2>")
            add("<p class=\"note\">\(e("Each item's lines summed by school: cash · teacher hours. The figures behind them are listed once under Assumptions and sources, with their sources; the text, CSV and JSON breakdowns name the figures each line uses. Lines per teacher are in a school's own breakdown, which is its principal's."))</p>")
            for s in report.schools {
                let lines = report.lines(school: s.id)
                struct Row: Hashable { var item: CostItem, supports: [MCSupport] }
                var items: [Row] = []
                var byItem: [Row: [Int: CostLine]] = [:]
                for l in lines {
                    let row = Row(item: l.item, supports: l.supports)
                    if byItem[row] == nil { items.append(row) }
                    byItem[row, default: [:]][l.year] = l
                }
                add("<details>")
                add("<summary>\(e("\(schoolName(s.id)): \(items.count) item\(items.count == 1 ? "" : "s")"))</summary>")
                add("<table class=\"lines\">")
                add("<thead><tr><th>Item</th><th>Path (support scenarios)</th>" + (1...years).map { "<th class=\"num\">Year \($0)</th>" }.joined() + "</tr></thead>")
                add("<tbody>")
                for item in items {
                    let path = item.item.path == .pairing ? "pairing" : "MC (\(item.supports.map(MCSupportWording.label).joined(separator: ", ")))"
                    var row = "<tr><td>\(e(item.item.label))</td><td>\(e(path))</td>"
                    for year in 1...years {
                        guard let l = byItem[item]?[year] else {
                            row += "<td class=\"num\">—</td>"
                            continue
                        }
                        var cell = l.cash.map { CostFormat.money($0) } ?? "not priced"
                        if l.cash != nil && l.formula.hasPrefix("not priced") { cell += " + not priced" }
                        if l.hours > 0 { cell += " · " + CostFormat.hours(l.hours) }
                        row += "<td class=\"num\">\(e(cell))</td>"
                    }
                    add(row + "</tr>")
                }
                add("</tbody>")
                add("</table>")
                add("</details>")
            }
            add("</section>")
        }
    }
}
