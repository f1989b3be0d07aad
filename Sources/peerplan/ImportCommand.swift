import ArgumentParser
import Foundation
import PeerPlanStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring a district's rosters, bell schedules, calendar and ratings into PeerPlan.",
        discussion: """
        `peerplan import FOLDER` (or a .zip of it) reads every file it knows in the folder — \
        OneRoster 1.1 or 1.2 CSV, ratings.csv, bell-schedules.csv, duties.csv, calendar.csv, \
        participation.csv — as one step: if anything is wrong, nothing is changed and the error \
        names the file, line and column. Importing the same files again changes nothing.
        `peerplan import ratings FILE` (and the other subcommands) read one file.
        """,
        subcommands: [ImportDistrictCommand.self] + ImportFileKind.allCases.filter { $0 != .manifest }.map(singleFileCommand),
        defaultSubcommand: ImportDistrictCommand.self
    )
}

struct ImportDistrictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "district",
        abstract: "Import every known file of a district folder or .zip, as one transaction.")

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("A district folder or a .zip of one.", valueName: "folder-or-zip"))
    var path: String

    @Flag(help: "Print the import report as JSON.")
    var json = false

    func run() throws {
        let importer = Importer(store: try options.openStore(), config: try options.loadConfig())
        let report = try importer.importDistrict(at: path)
        try printReport(report, json: json)
    }
}

func printReport(_ report: ImportReport, json: Bool) throws {
    if json {
        print(try jsonString(report))
        return
    }
    for warning in report.warnings { printError("warning: " + warning) }
    if report.warningCount > report.warnings.count {
        printError("warning: … and \(report.warningCount - report.warnings.count) more")
    }
    print("Read \(report.files.count) file\(report.files.count == 1 ? "" : "s")" +
          (report.oneRosterVersion.isEmpty ? "" : " (OneRoster \(report.oneRosterVersion))") +
          "; \(report.studentRowsReadPast) student enrollment rows read past, not stored.")
    if !report.changed {
        print("Nothing changed: the store already holds exactly this data.")
        return
    }
    let tables = Set(report.written.keys).union(report.deleted.keys).sorted()
    for table in tables {
        let written = report.written[table] ?? 0, deleted = report.deleted[table] ?? 0
        var parts: [String] = []
        if written > 0 { parts.append("\(written) added or updated") }
        if deleted > 0 { parts.append("\(deleted) removed") }
        print("  \(table): \(parts.joined(separator: ", "))")
    }
    print("Recorded as run #\(report.runId ?? 0) (inputs \(report.fingerprint.prefix(12))).")
}

/// `peerplan import orgs FILE`, `peerplan import ratings FILE`, …
func singleFileCommand(_ kind: ImportFileKind) -> ParsableCommand.Type {
    switch kind {
    case .orgs: return SingleFileImport<OrgsKind>.self
    case .academicSessions: return SingleFileImport<SessionsKind>.self
    case .courses: return SingleFileImport<CoursesKind>.self
    case .roles: return SingleFileImport<RolesKind>.self
    case .users: return SingleFileImport<UsersKind>.self
    case .bellSchedules: return SingleFileImport<BellKind>.self
    case .classes: return SingleFileImport<ClassesKind>.self
    case .enrollments: return SingleFileImport<EnrollmentsKind>.self
    case .duties: return SingleFileImport<DutiesKind>.self
    case .calendar: return SingleFileImport<CalendarKind>.self
    case .ratings: return SingleFileImport<RatingsKind>.self
    case .participation: return SingleFileImport<ParticipationKind>.self
    case .manifest: fatalError("the manifest is not imported on its own")
    }
}

protocol FileKindTag { static var kind: ImportFileKind { get }; static var help: String { get } }
enum OrgsKind: FileKindTag { static let kind = ImportFileKind.orgs; static let help = "Import orgs.csv: the district and its schools." }
enum SessionsKind: FileKindTag { static let kind = ImportFileKind.academicSessions; static let help = "Import academicSessions.csv: school years and terms." }
enum CoursesKind: FileKindTag { static let kind = ImportFileKind.courses; static let help = "Import courses.csv." }
enum RolesKind: FileKindTag { static let kind = ImportFileKind.roles; static let help = "Import roles.csv (OneRoster 1.2); import it together with users.csv as a folder." }
enum UsersKind: FileKindTag { static let kind = ImportFileKind.users; static let help = "Import users.csv: teachers are kept, students are read past." }
enum BellKind: FileKindTag { static let kind = ImportFileKind.bellSchedules; static let help = "Import bell-schedules.csv: replaces the schedules of the schools it lists." }
enum ClassesKind: FileKindTag { static let kind = ImportFileKind.classes; static let help = "Import classes.csv: classes and the periods they meet in." }
enum EnrollmentsKind: FileKindTag { static let kind = ImportFileKind.enrollments; static let help = "Import enrollments.csv: who teaches which class." }
enum DutiesKind: FileKindTag { static let kind = ImportFileKind.duties; static let help = "Import duties.csv: replaces every duty (lunch, bus, hall) in the store." }
enum CalendarKind: FileKindTag { static let kind = ImportFileKind.calendar; static let help = "Import calendar.csv: holidays, breaks, early releases, testing days." }
enum RatingsKind: FileKindTag { static let kind = ImportFileKind.ratings; static let help = "Import ratings.csv: adds evaluation ratings to the history (the latest counts)." }
enum ParticipationKind: FileKindTag { static let kind = ImportFileKind.participation; static let help = "Import participation.csv: who takes part in peer collaboration (in/out)." }

struct SingleFileImport<Tag: FileKindTag>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Tag.kind.commandName, abstract: Tag.help)
    }

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
    var file: String

    @Flag(help: "Print the import report as JSON.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError(file: file, message: "no such file")
        }
        let importer = Importer(store: try options.openStore(), config: try options.loadConfig())
        let report = try importer.importFiles([ImportFile(kind: Tag.kind, url: URL(fileURLWithPath: file), displayName: file)])
        try printReport(report, json: json)
    }
}
