import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct CostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Compare the cost of pairing with a micro-credential programme for the same teachers and skills (cash and teacher hours, kept apart).",
        discussion: """
        Works from each school's latest placed week (`peerplan schedule`), its accepted pairs and its PLC teams. \
        Figures come from Config/costs.yaml (or --costs FILE) and Config/microcredentials.yaml, each with its source; \
        a figure with no public value is reported as "not priced", never as zero. --breakdown shows every line with \
        its formula, inputs and sources: per teacher with --school S (the principal's view), summed by school with \
        --district, whose reports never name a teacher. --format html writes one self-contained page (tables, charts, sources and \
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

    @Flag(help: "Every line item with its formula, inputs and sources (per teacher with --school; summed by school with --district).")
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
        let inputs = try CostInputsLoader.load(from: store, school: school, config: config)
        guard !inputs.schools.isEmpty else {
            throw InputError(file: "--district", message: "no school has a schedule yet; run `peerplan schedule --all-schools` first")
        }
        // Per-teacher lines only in one school's breakdown (its principal's); the district's
        // reports, and a school's summary, are summed by school and name no teacher.
        let detail: CostReport.Detail = school != nil && breakdown ? .teachers : .schools
        let report = CostModel.compute(inputs, parameters, years: years, detail: detail)
        let sensitivity = self.sensitivity ? Sensitivity.analyse(inputs, parameters, years: years, report: report) : nil
        switch format {
        case .json:
            print(try CostDataReport.json(report, sensitivity: sensitivity, inputs: inputs, breakdown: breakdown))
        case .csv:
            print(CostDataReport.csv(report, school: school, breakdown: breakdown, hourValue: parameters.teacherHourValue.value), terminator: "")
        case .text:
            print(CostTextReport.render(report, sensitivity: sensitivity, inputs: inputs, parameters: parameters, school: school, breakdown: breakdown),
                  terminator: "")
            if !breakdown {
                print("")
                print("Every figure above can be traced: add --breakdown for each line's formula, inputs and sources.")
            }
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
}
