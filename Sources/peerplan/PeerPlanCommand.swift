import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

@main
struct PeerPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerplan",
        abstract: "Pair teachers skill by skill, find them time together, and publish it to their calendars.",
        discussion: """
        A term starts with `peerplan import DISTRICT-FOLDER`; `peerplan status` shows what was imported.
        Every command works on one SQLite file: --db FILE, or the PEERPLAN_DB environment variable, \
        or ./peerplan.sqlite.
        """,
        subcommands: [ImportCommand.self, StatusCommand.self, TeachersCommand.self, PairsCommand.self, PLCsCommand.self, ScheduleCommand.self, WeekCommand.self, LogCommand.self, PlaceCommand.self, ExportCommand.self, MCCommand.self, CostsCommand.self, EvaluateCommand.self, FeedsCommand.self, ServeCommand.self, UsersCommand.self, BackupCommand.self, RestoreCommand.self, GenerateCommand.self]
    )
}

/// Options every command takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The PeerPlan database file (default: $PEERPLAN_DB or ./peerplan.sqlite).", valueName: "file"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The Config folder with policy.yaml and rubrics/ (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    var databasePath: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["PEERPLAN_DB"], !env.isEmpty { return env }
        return "peerplan.sqlite"
    }

    /// Opens the store, creating it if needed (imports).
    func openStore() throws -> Store { try Store(path: databasePath) }

    /// Opens a store that must already exist: a mistyped --db is an error, not a new empty store.
    func openExistingStore() throws -> Store {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw InputError(file: databasePath, message: "no PeerPlan database here; import a district first (`peerplan import DIR --db \(databasePath)`)")
        }
        return try Store(path: databasePath)
    }
    func loadConfig() throws -> PeerPlanConfig { try ConfigLoader.load(from: ConfigLoader.locate(explicit: config)) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func jsonString<T: Encodable>(_ value: T) throws -> String { try ReportJSON.string(value) }
