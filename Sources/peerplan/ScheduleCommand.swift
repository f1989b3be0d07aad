import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Place the week: pair meetings, peer observations, PLC meetings and protected PD time in common free periods.",
        discussion: """
        Uses the school's accepted pairs (`peerplan pairs accept`), its latest PLC teams (`peerplan plcs propose`) \
        and Config/policy.yaml: never in lunch, duty or non-instruction periods, at most one collaboration \
        session per teacher per day, and never more than half of a teacher's free periods. Re-running keeps \
        sessions where they still fit and reports how many moved.
        """,
        subcommands: [SchedulePlace.self, ScheduleShow.self],
        defaultSubcommand: SchedulePlace.self)
}

struct SchedulePlace: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "place", abstract: "Build and record the weekly pattern of a school.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var choice: SchoolChoice

    @Option(help: ArgumentHelp("The term (academicSession sourcedId) whose classes count; default: the term running today.", valueName: "term"))
    var term: String?

    @Option(help: ArgumentHelp("Also write the exact problem solved (the JSON `peerplan place --problem` reads) to this file; one school only.", valueName: "file"))
    var problemOut: String?

    func validate() throws {
        if problemOut != nil && choice.allSchools { throw ValidationError("--problem-out writes one school's problem: use it with --school S.") }
    }

    func run() throws {
        let store = try options.openExistingStore()
        let scheduler = Scheduler(store: store, config: try options.loadConfig())
        let schools = try choice.school.map { [$0] } ?? PairingStore.schools(in: store).map(\.id)
        let outcomes: [Scheduler.Outcome]
        if choice.allSchools {
            let progress = ProgressLine(total: schools.count, label: "schools")
            outcomes = try scheduler.scheduleAll(schools: schools, term: term) { progress.update($0) }
            progress.finish()
        } else {
            outcomes = [try scheduler.schedule(school: schools[0], term: term)]
        }
        if let problemOut, let problem = outcomes.first?.problem {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            do { try encoder.encode(problem).write(to: URL(fileURLWithPath: problemOut)) } catch {
                throw InputError(file: problemOut, message: "cannot write the problem (\(error.localizedDescription))")
            }
        }
        print(PlacementOutcomeReport.text(outcomes, district: choice.allSchools), terminator: "")
        if !choice.allSchools {
            print("  See the week with `peerplan schedule show --school \(schools[0])`.")
        }
    }
}

struct ScheduleShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the week grid of a school, or one teacher's week.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(help: "Only this teacher's sessions (sourcedId).")
    var teacher: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let week = try Scheduler(store: try options.openExistingStore(), config: try options.loadConfig()).week(school: school, teacher: teacher)
        switch format {
        case .json: print(try jsonString(week))
        case .csv: print(WeekReport.csv(week), terminator: "")
        case .text: print(WeekReport.text(week, teacher: teacher), terminator: "")
        }
    }
}
