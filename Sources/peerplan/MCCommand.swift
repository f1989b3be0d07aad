import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct MCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mc",
        abstract: "Micro-credential checkpoints: attach a credential, record its progress, list them.",
        discussion: """
        The catalogue is Config/microcredentials.yaml. Checkpoints (evidence every 3 weeks across the term, \
        then a final submission and a review date; Config/policy.yaml `microcredentials.checkpoints`) appear \
        as all-day events in the teacher's own calendar (`peerplan export ics`).
        """,
        subcommands: [MCAttach.self, MCStatus.self, MCList.self])
}

struct MCAttach: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach a micro-credential to a teacher, or to the paired teachers whose focus skills it assesses.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The micro-credential id (Config/microcredentials.yaml).")
    var credential: String

    @Option(help: "One teacher (sourcedId).")
    var teacher: String?

    @Flag(help: "Every teacher of the school's active pairs whose focus skills the credential assesses (needs --school).")
    var pairs = false

    @Option(help: "The school, with --pairs.")
    var school: String?

    @Option(help: "The term (default: the one running today).")
    var term: String?

    @Option(help: "First day of the cycle, YYYY-MM-DD (default: today, or the term's start).")
    var start: String?

    func validate() throws {
        if (teacher == nil) == !pairs { throw ValidationError("Name one teacher with --teacher ID, or use --pairs --school S.") }
        if pairs && school == nil { throw ValidationError("--pairs needs --school S.") }
    }

    func run() throws {
        let startDate = try start.map { try dateOption($0, "--start") }
        let config = try options.loadConfig()
        let made = try CredentialStore(store: try options.openExistingStore(), config: config)
            .attach(credential: credential, teacher: teacher, pairsOf: pairs ? school : nil, term: term, start: startDate)
        if made.isEmpty { print("Nothing attached (already attached this term, or no pair works on skills \(credential) assesses).") }
        for a in made {
            print("\(a.teacherName) (\(a.teacher)): \(a.credentialName), \(a.term)")
            for c in a.checkpoints { print("  \(c.date)  \(c.label)") }
        }
        if let note = IndicatorMappingWording.note(try MicroCredentialCatalogue.indicatorMapping(from: config.directory)) { print(note) }
    }
}

struct MCStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Record a step: submitted, awarded, resubmission or withdrawn.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The teacher (sourcedId).")
    var teacher: String

    @Option(help: "The micro-credential id.")
    var credential: String

    @Option(help: "submitted, awarded, resubmission or withdrawn.")
    var set: String

    @Option(help: "When, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(help: "A note.")
    var note: String = ""

    func run() throws {
        guard let status = CredentialStore.Status(rawValue: set), status != .inProgress else {
            throw ValidationError("--set \"\(set)\" must be submitted, awarded, resubmission or withdrawn")
        }
        let config = try options.loadConfig()
        let day = try date.map { try dateOption($0, "--date") } ?? Terms.today(in: config.defaultTimezone)
        let a = try CredentialStore(store: try options.openExistingStore(), config: config)
            .record(teacher: teacher, credential: credential, status: status, on: day, note: note)
        print("\(a.teacherName): \(a.credentialName) is now \(a.status).")
        for c in a.checkpoints { print("  \(c.date)  \(c.label)\(a.cancelled.contains(c.sequence) ? " (cancelled)" : "")") }
    }
}

struct MCList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Attached micro-credentials and their checkpoints.")

    @OptionGroup var options: StoreOptions

    @Option(help: "Only this school.")
    var school: String?

    @Option(help: "Only this teacher.")
    var teacher: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let config = try options.loadConfig()
        let list = try CredentialStore(store: try options.openExistingStore(), config: config).list(school: school, teacher: teacher)
        switch format {
        case .json: print(try jsonString(list))
        case .csv: print(CredentialListReport.csv(list), terminator: "")
        case .text: print(CredentialListReport.text(list, today: Terms.today(in: config.defaultTimezone)), terminator: "")
        }
    }
}

/// A `YYYY-MM-DD` option value, or a usage error naming the option.
func dateOption(_ text: String, _ option: String) throws -> CalendarDate {
    guard let date = CalendarDate(parsing: text) else { throw ValidationError("\(option) \"\(text)\" is not a date (YYYY-MM-DD)") }
    return date
}
