import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanStore

struct CostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Compare the cost of pairing with a micro-credential programme for the same teachers and skills (cash and teacher hours, kept apart).",
        discussion: """
        Works from each school's latest placed week (`peerplan schedule`), its accepted pairs and its PLC teams. \
        Figures come from Config/costs.yaml (or --costs FILE) and Config/microcredentials.yaml, each with its source; \
        a figure with no public value is reported as "not priced", never as zero. --breakdown shows every line with \
        its formula, inputs and sources. --format html writes one self-contained page (tables, charts, sources and \
        the breakdown) to --out FILE or standard output. Micro-credentials attached with `peerplan mc attach` for a \
        school's current term replace its default MC path (one MC per target teacher and focus skill).
        """)

    @OptionGroup var options: StoreOptions

    @Option(help: "One school (its sourcedId).")
    var school: String?

    @Flag(help: "Every scheduled school of the district.")
    var district = false

    @Option(help: "School years to cost (default: horizon.years in costs.yaml).")
    var years: Int?

    @Option(help: ArgumentHelp("A cost parameter file to use instead of Config/costs.yaml.", valueName: "file"))
    var costs: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, html
    }

    @Option(help: "text, csv, json or html.")
    var format: Format = .text

    @Option(help: ArgumentHelp("With --format html: the file to write (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("With --format html: the date printed on the report, YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    @Flag(help: "Every line item with its formula, inputs and sources.")
    var breakdown = false

    @Flag(inversion: .prefixedNo, help: "Vary each figure over its range and find break-even values (the model runs many times: turn it off for very large districts).")
    var sensitivity = true

    func validate() throws {
        if (school == nil) == !district { throw ValidationError("Name one school with --school S, or use --district.") }
        if let years, years < 1 { throw ValidationError("--years must be at least 1.") }
        if format != .html && (out != nil || date != nil) { throw ValidationError("--out and --date go with --format html.") }
        if let date, CalendarDate(parsing: date) == nil { throw ValidationError("--date \"\(date)\" is not a date (YYYY-MM-DD).") }
    }

    func run() throws {
        let configDirectory = ConfigLoader.locate(explicit: options.config)
        let config = try options.loadConfig()
        let parameters = try CostConfigLoader.load(configDirectory: configDirectory, costsFile: costs.map { URL(fileURLWithPath: $0) })
        let store = try options.openExistingStore()
        let inputs = try store.writer.read { try CostInputsLoader.load($0, school: school, config: config) }
        guard !inputs.schools.isEmpty else {
            throw InputError(file: "--district", message: "no school has a schedule yet; run `peerplan schedule --all-schools` first")
        }
        let report = CostModel.compute(inputs, parameters, years: years)
        let sensitivity = self.sensitivity ? Sensitivity.analyse(inputs, parameters, years: years) : nil
        switch format {
        case .json:
            struct Out: Encodable {
                var report: CostReport
                var sensitivity: SensitivityReport?
                var inputs: CostInputs?
            }
            var shown = report
            if !breakdown { shown.lines = [] }
            print(try jsonString(Out(report: shown, sensitivity: sensitivity, inputs: breakdown ? withoutSkills(inputs) : nil)))
        case .csv:
            printCSV(report)
        case .text:
            printText(report, sensitivity, inputs, parameters)
        case .html:
            let day = date.flatMap { CalendarDate(parsing: $0) } ?? Terms.today(in: config.defaultTimezone)
            let html = CostHTML.render(report: report, inputs: inputs, parameters: parameters, sensitivity: sensitivity, date: day, school: school)
            guard let out else {
                print(html, terminator: "")
                return
            }
            let url = URL(fileURLWithPath: out)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(html.utf8).write(to: url, options: .atomic)
            } catch {
                throw InputError(file: out, message: "cannot write the HTML report: \(error.localizedDescription)")
            }
            print("HTML report: \(out)")
        }
    }

    /// Inputs as shown in a breakdown: focus skills are counted, never listed per teacher.
    func withoutSkills(_ inputs: CostInputs) -> CostInputs {
        var shown = inputs
        for s in shown.schools.indices {
            for t in shown.schools[s].teachers.indices {
                shown.schools[s].teachers[t].focusSkills = []
                shown.schools[s].teachers[t].credentials = []
            }
        }
        return shown
    }

    func scopes(_ report: CostReport) -> [ScopeTotals] {
        school == nil ? [report.district] + report.schools : report.schools + report.teachers
    }

    func printCSV(_ report: CostReport) {
        if breakdown {
            print("year,school,teacher,path,item,cash,hours,hoursOf,formula,inputs,sources")
            for l in report.lines {
                let inputs = l.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\(CostFormat.number($0.value, decimals: 6))" }.joined(separator: ";")
                print([String(l.year), l.school, l.teacher ?? "", l.path.rawValue, l.item.rawValue, l.cash.map { CostFormat.fixed($0) } ?? "not priced",
                       CostFormat.fixed(l.hours), l.hoursOf.rawValue, l.formula, inputs, l.sources.joined(separator: " | ")].map(csvField).joined(separator: ","))
            }
            return
        }
        print("scope,id,name,school,year,path,cash,teacherHours,coordinatorHours,notPriced")
        for scope in scopes(report) {
            let periods = scope.byYear.enumerated().map { (String($0.offset + 1), $0.element) } + [("all", scope.overall)]
            for (year, totals) in periods {
                for (path, t) in [("pairing", totals.pairing), ("mc", totals.mc), ("both", totals.both)] {
                    print([scope.kind.rawValue, scope.id, scope.name, scope.school ?? "", year, path, CostFormat.fixed(t.cash), CostFormat.fixed(t.teacherHours),
                           CostFormat.fixed(t.coordinatorHours), t.notPriced.map(\.rawValue).joined(separator: ";")].map(csvField).joined(separator: ","))
                }
            }
        }
    }

    func printText(_ report: CostReport, _ sensitivity: SensitivityReport?, _ inputs: CostInputs, _ p: CostParameters) {
        let weeks = inputs.schools.map { $0.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36 }
        let title = school.map { id in "\(inputs.schools.first?.name ?? id) (\(id))" } ?? "\(inputs.district) (\(inputs.schools.count) scheduled school\(inputs.schools.count == 1 ? "" : "s"))"
        print("Costs for \(title): \(report.years) school year\(report.years == 1 ? "" : "s") of \(CostFormat.number(weeks.first ?? 36)) weeks, \(report.currency)")
        let pairs = inputs.schools.reduce(0) { $0 + $1.pairs }, plcs = inputs.schools.reduce(0) { $0 + $1.plcs }
        let teachers = inputs.schools.reduce(0) { $0 + $1.teachers.count }
        let mcs = inputs.schools.reduce(0) { $0 + $1.mcCount(scope: inputs.mcScope, perTeacher: p.mcsPerTeacherPerYear.value ?? 0) }
        let attached = inputs.schools.filter(\.usesAttachedCredentials).map(\.id)
        let rule = attached.isEmpty ? "one per target teacher and focus skill"
            : "one per attachment for teachers with micro-credentials attached this term (at \(attached.joined(separator: ", "))), else one per target teacher and focus skill"
        let covers = inputs.schools.reduce(0) { $0 + $1.covers.count }, outside = inputs.schools.reduce(0) { $0 + $1.outsideSessions.count }
        print("  \(teachers) participating teachers, \(pairs) pairs, \(plcs) PLCs; \(covers) weekly session(s) need a substitute, \(outside) meet before/after school; MC path: \(mcs) MCs (\(rule))")
        print("")
        // Totals table.
        let header = (1...report.years).map { "year \($0)" } + (report.years > 1 ? ["total"] : [])
        func row(_ label: String, _ values: [String]) {
            print(label.padding(toLength: 28, withPad: " ", startingAt: 0) + values.map { String(repeating: " ", count: max(0, 14 - $0.count)) + $0 }.joined())
        }
        row("", header)
        let d = report.district
        let periods = d.byYear + (report.years > 1 ? [d.overall] : [])
        for (label, path) in [("(a) pairing", { (t: PathTotals) in t.pairing }), ("(b) micro-credentials", { $0.mc }), ("(c) both", { $0.both })] {
            row(label + " cash", periods.map { CostFormat.money(path($0).cash) })
            row("    teacher hours", periods.map { CostFormat.hours(path($0).teacherHours) })
        }
        row("coordinator hours", periods.map { CostFormat.hours($0.pairing.coordinatorHours) })
        if !report.notPriced.isEmpty {
            print("")
            print("Not priced (no public figure; left out of the cash totals):")
            for n in report.notPriced { print("  \(n.item.label): \(n.parameter) — \(n.source)") }
        }
        // Per school or per teacher.
        print("")
        let rows = school == nil ? report.schools : report.teachers
        print(school == nil ? "Per school, \(report.years)-year totals:" : "Per teacher, \(report.years)-year totals:")
        for s in rows {
            let o = s.overall
            print("  \((s.name.isEmpty ? s.id : "\(s.name) (\(s.id))").padding(toLength: 34, withPad: " ", startingAt: 0)) pairing \(CostFormat.money(o.pairing.cash)), \(CostFormat.hours(o.pairing.teacherHours)); MCs \(CostFormat.money(o.mc.cash)), \(CostFormat.hours(o.mc.teacherHours))\(o.both.notPriced.isEmpty ? "" : " (+ not priced)")")
        }
        print("")
        print("Collaboration dose (hours per participating teacher per year; effective \(CostFormat.number(p.dose.effectiveHours.lowerBound))–\(CostFormat.number(p.dose.effectiveHours.upperBound)) h, no effect \(CostFormat.number(p.dose.ineffectiveHours.lowerBound))–\(CostFormat.number(p.dose.ineffectiveHours.upperBound)) h; Yoon et al. 2007):")
        for dose in report.dose {
            print("  \(dose.summary)")
            let bands = DoseBand.allCases.compactMap { b in dose.teachersByBand[b].map { "\($0) \(b.rawValue)" } }
            if !bands.isEmpty { print("    teachers by band: \(bands.joined(separator: ", "))") }
        }
        if let sensitivity { printSensitivity(sensitivity) }
        printNotesAndBreakdown(report)
    }

    func printSensitivity(_ sensitivity: SensitivityReport) {
        print("")
        let sign = sensitivity.baseDifference >= 0 ? "MCs cost \(CostFormat.money(sensitivity.baseDifference)) more" : "pairing costs \(CostFormat.money(-sensitivity.baseDifference)) more"
        print("Sensitivity of MC − pairing cash over \(sensitivity.years) year\(sensitivity.years == 1 ? "" : "s") (\(sign) at the figures above), largest swing first:")
        for e in sensitivity.entries {
            var line = "  \(e.parameter) \(CostFormat.number(e.low))–\(CostFormat.number(e.high)): \(CostFormat.money(e.differenceAtLow)) to \(CostFormat.money(e.differenceAtHigh)) (swing \(CostFormat.money(e.swing)))"
            if let x = e.breakEven {
                line += "; break-even at \(CostFormat.number(x))\(e.breakEvenInRange ? " — inside its range: the answer can flip" : " (outside its range)")"
            } else {
                line += "; \(e.breakEvenNote)"
            }
            print(line)
        }
        if !sensitivity.notPriced.isEmpty {
            print("  (items not priced are left out of both sides: \(sensitivity.notPriced.map(\.label).joined(separator: ", ")))")
        }
    }

    func printNotesAndBreakdown(_ report: CostReport) {
        if !report.notes.isEmpty {
            print("")
            print("Notes:")
            for n in report.notes { print("  - \(n)") }
        }
        if breakdown {
            print("")
            print("Breakdown (every line, its formula and the sources of its figures):")
            for l in report.lines {
                let who = l.teacher.map { " \($0)" } ?? ""
                let amount = l.cash.map { CostFormat.money($0) } ?? "not priced"
                print("  year \(l.year) \(l.school)\(who) [\(l.path.rawValue)] \(l.item.label): \(amount)\(l.hours > 0 ? ", \(CostFormat.hours(l.hours))\(l.hoursOf == .coordinator ? " (coordinator)" : "")" : "")")
                print("      = \(l.formula)")
                for s in l.sources { print("      · \(s)") }
            }
        } else {
            print("")
            print("Every figure above can be traced: add --breakdown for each line's formula, inputs and sources.")
        }
    }
}
