import ArgumentParser
import Foundation
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
        case .json:
            print(try jsonString(teachers))
        case .csv:
            print("sourcedId,name,email,school,participating,classes,duties,freePeriodsPerWeek,freePeriods,colleaguesSharingAFreePeriod")
            for t in teachers {
                print([t.sourcedId, t.name, t.email, t.school, t.participating ? "true" : "false", "\(t.classes)", "\(t.duties)",
                       "\(t.freePeriods.count)", t.freePeriods.joined(separator: ";"), "\(t.colleaguesSharingAFreePeriod)"]
                    .map(csvField).joined(separator: ","))
            }
        case .text:
            var currentSchool = ""
            for t in teachers {
                if t.school != currentSchool {
                    currentSchool = t.school
                    print("\n\(t.school)")
                }
                let note = t.participating ? "" : " (not taking part)"
                let shared = t.freePeriods.isEmpty ? "" : t.colleaguesSharingAFreePeriod == 0
                    ? " — no colleague is free at the same time"
                    : ", shared with \(t.colleaguesSharingAFreePeriod) colleague\(t.colleaguesSharingAFreePeriod == 1 ? "" : "s")"
                let periods = t.freePeriods.isEmpty ? "" : " (\(compactSlots(t.freePeriods)))"
                print("  \(t.name)\(note): \(t.classes) classes, \(t.freePeriods.count) free periods\(periods)\(shared)")
            }
        }
    }
}

/// "Mon 1", "Tue 1", "Mon 3" → "period 1 Mon Tue, period 3 Mon" (periods in order of first appearance).
func compactSlots(_ slots: [String]) -> String {
    var order: [String] = []
    var days: [String: [String]] = [:]
    for slot in slots {
        let parts = slot.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        if days[parts[1]] == nil { order.append(parts[1]) }
        days[parts[1], default: []].append(parts[0])
    }
    let allWeek = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    return order.map { period in
        let d = days[period]!
        return "period \(period) " + (d == allWeek ? "daily" : d.joined(separator: " "))
    }.joined(separator: ", ")
}
