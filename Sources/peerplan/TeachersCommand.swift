import ArgumentParser
import Foundation
import PeerPlanReports
import PeerPlanStore

struct TeachersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teachers",
        abstract: "List teachers with their free periods; record who takes part in peer collaboration.",
        subcommands: [TeachersList.self, TeachersOptOut.self, TeachersOptIn.self, TeachersCapacity.self],
        defaultSubcommand: TeachersList.self)
}

struct TeachersOptOut: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "opt-out", abstract: "A teacher does not take part in peer collaboration (it is voluntary).")
    @OptionGroup var options: StoreOptions
    @Argument(help: "The teacher's sourcedId.") var teacher: String
    @Option(help: "Why, for your records.") var note: String = ""
    func run() throws {
        try PairingStore(store: try options.openExistingStore(), config: try options.loadConfig()).setParticipation(teacher: teacher, participating: false, note: note)
        print("\(teacher) no longer takes part: not proposed for any pair.")
    }
}

struct TeachersOptIn: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "opt-in", abstract: "A teacher takes part in peer collaboration again.")
    @OptionGroup var options: StoreOptions
    @Argument(help: "The teacher's sourcedId.") var teacher: String
    func run() throws {
        try PairingStore(store: try options.openExistingStore(), config: try options.loadConfig()).setParticipation(teacher: teacher, participating: true, note: "")
        print("\(teacher) takes part again.")
    }
}

struct TeachersCapacity: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capacity", abstract: "How many colleagues a strong teacher may support at once (overrides the policy).")
    @OptionGroup var options: StoreOptions
    @Argument(help: "The teacher's sourcedId.") var teacher: String
    @Argument(help: "A number, or `default` to follow the policy again.") var capacity: String
    func run() throws {
        let value: Int?
        if capacity == "default" { value = nil } else {
            guard let n = Int(capacity), n >= 0 else { throw ValidationError("capacity must be a whole number or `default`") }
            value = n
        }
        try PairingStore(store: try options.openExistingStore(), config: try options.loadConfig()).setCapacity(teacher: teacher, capacity: value)
        print(value.map { "\(teacher) may support \($0) colleague(s) at once." } ?? "\(teacher) follows the policy's capacity.")
    }
}

struct TeachersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List teachers with their classes and free periods (no ratings).")

    @OptionGroup var options: StoreOptions

    @Option(help: "Only this school (its sourcedId).")
    var school: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let store = try options.openExistingStore()
        let teachers = try TeacherListing.load(from: store, school: school)
        switch format {
        case .json: print(try jsonString(teachers))
        case .csv: print(TeacherListingReport.csv(teachers), terminator: "")
        case .text: print(TeacherListingReport.text(teachers), terminator: "")
        }
    }
}
