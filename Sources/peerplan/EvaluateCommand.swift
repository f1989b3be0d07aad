import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// `peerplan evaluate --district | --school S [--cycle C] [--as-of D] [--names] --format text|csv|json|html`
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Did pairing work? Targets' scores on their focus indicators before and after the cycle, with comparisons (descriptive only).",
        discussion: """
        For every accepted pair of each school's active cycle (or --cycle C) and each focus indicator: the target's \
        latest rating on or before the day the cycle was accepted, the latest after it (on or before --as-of), and \
        the change; beside it the same targets' change on indicators that were not their focus, and the change of \
        teachers rated weak who were not paired, on the same indicators. n, mean change and a 95% interval per \
        school and for the district, and each pair's held hours (from `peerplan log`) against its change. \
        Ratings are personnel data: for principals and district analysts, never for teachers. Teachers and pairs \
        are pseudonyms (a keyed hash stable within the store) unless --names is given with --school. \
        Descriptive, not causal: there is no random assignment, and low scores tend to rise anyway.
        """)

    @OptionGroup var options: StoreOptions

    @Option(help: "One school (its sourcedId).")
    var school: String?

    @Flag(help: "Every school with accepted pairs, aggregated by school (no teacher is named).")
    var district = false

    @Option(help: ArgumentHelp("A pairing cycle id (default: each school's active cycle).", valueName: "cycle"))
    var cycle: Int64?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Count ratings and held sessions up to this date, YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Name the teachers (only with --school: for that school's principal).")
    var names = false

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, html
    }

    @Option(help: "text, csv, json or html.")
    var format: Format = .text

    func validate() throws {
        if (school == nil) == !district { throw ValidationError("Name one school with --school S, or use --district.") }
        if names && school == nil { throw ValidationError("--names goes with --school only: district outputs never name a teacher.") }
        if let asOf, CalendarDate(parsing: asOf) == nil { throw ValidationError("--as-of \"\(asOf)\" is not a date (YYYY-MM-DD).") }
    }

    func run() throws {
        let config = try options.loadConfig()
        let day = asOf.flatMap { CalendarDate(parsing: $0) } ?? Terms.today(in: config.defaultTimezone)
        let result = try options.openExistingStore().evaluate(school: school, cycle: cycle, asOf: day, names: names, config: config)
        switch format {
        case .text: print(EvaluationReport.text(result, district: district), terminator: "")
        case .csv: print(EvaluationReport.csv(result), terminator: "")
        case .json: print(try EvaluationReport.json(result))
        case .html: print(EvaluationReport.html(result, district: district), terminator: "")
        }
    }
}
