import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what PeerPlan holds: schools, teachers, free periods, who could be paired.",
        discussion: "Counts only: no one's ratings are shown.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Same as --format json.")
    var json = false

    @Option(help: "text, json or csv (csv: one row per school).")
    var format: OutputFormat = .text

    func run() throws {
        let status = try options.openExistingStore().status()
        switch json ? .json : format {
        case .json: print(try jsonString(status))
        case .csv: print(StatusText.csv(status), terminator: "")
        case .text: print(StatusText.text(status), terminator: "")
        }
    }
}

/// One CSV field, quoted when it must be (commands whose reports have not moved to PeerPlanReports).
func csvField(_ text: String) -> String { CSV.field(text) }
