import ArgumentParser
import Foundation
import PeerPlanStore

struct TeachersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teachers",
        abstract: "List teachers with their classes and free periods (no ratings).")

    @OptionGroup var options: StoreOptions

    @Option(help: "Only this school (its sourcedId).")
    var school: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let store = try options.openStore()
        let teachers = try store.writer.read { try TeacherListing.load($0, school: school) }
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
                let shared = t.colleaguesSharingAFreePeriod == 0 && !t.freePeriods.isEmpty ? " — no colleague shares these" : ""
                print("  \(t.name)\(note): \(t.classes) classes, \(t.freePeriods.count) free periods a week\(shared)")
            }
        }
    }
}
