import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanExchange
import PeerPlanReports
import PeerPlanStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring a district's rosters, bell schedules, calendar and ratings into PeerPlan.",
        discussion: """
        `peerplan import FOLDER` (or a .zip of it) reads every file it knows in the folder — \
        OneRoster 1.1 or 1.2 CSV, ratings.csv, bell-schedules.csv, duties.csv, calendar.csv, \
        participation.csv — as one step: if anything is wrong, nothing is changed and every error \
        is listed with its file, line and column. Rows or values PeerPlan sets aside or interprets \
        (README, "How an import decides") are warnings: counted per kind, each listed with \
        --verbose, refused with --strict. Importing the same files again changes nothing.
        `peerplan import ratings FILE` (and the other subcommands) read one file.
        `peerplan import busy --teacher ID FILE.ics` reads a teacher's own calendar as busy periods.
        `peerplan import log FILE.csv` records which scheduled sessions were held or missed.
        """,
        subcommands: [ImportDistrictCommand.self] + ImportFileKind.allCases.filter { $0 != .manifest }.map(singleFileCommand)
            + [ImportBusyCommand.self, ImportLogCommand.self],
        defaultSubcommand: ImportDistrictCommand.self
    )
}

struct ImportDistrictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "district",
        abstract: "Import every known file of a district folder or .zip, as one transaction.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var importOptions: ImportReadingOptions

    @Argument(help: ArgumentHelp("A district folder or a .zip of one.", valueName: "folder-or-zip"))
    var path: String

    func run() throws {
        let importer = Importer(store: try options.openStore(), config: try options.loadConfig(), options: try importOptions.resolved())
        try importOptions.run { try importer.importDistrict(at: path) }
    }
}

/// How every import command reads its files and prints what it did.
struct ImportReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The files' character encoding: utf-8 (default; with or without a byte-order mark), windows-1252 or latin1.",
                               valueName: "encoding"))
    var encoding: String = "utf-8"

    @Flag(help: "Refuse the import on any warning, as on an error.")
    var strict = false

    @Flag(name: .shortAndLong, help: "List every warning and note, not only their counts.")
    var verbose = false

    @Option(help: "text, or json (the whole report, every warning included).")
    var format: OutputFormat = .text

    @Flag(help: "Same as --format json.")
    var json = false

    func resolved() throws -> ImportOptions {
        guard let textEncoding = TextEncoding(name: encoding) else {
            throw ValidationError("--encoding: \"\(encoding)\" is not an encoding PeerPlan reads; use utf-8, windows-1252 or latin1")
        }
        if format == .csv { throw ValidationError("--format: an import report is text or json") }
        return ImportOptions(encoding: textEncoding, strict: strict)
    }

    var wantsJSON: Bool { json || format == .json }

    /// Runs the import and prints its report; a refusal is printed (as JSON with --format json)
    /// and ends the command with exit code 1.
    func run(_ body: () throws -> ImportReport) throws {
        let report: ImportReport
        do {
            report = try body()
        } catch let refused as ImportRefused {
            if wantsJSON {
                print(try ReportJSON.string(ImportRefusalJSON(refused)))
                throw ExitCode.failure
            }
            throw refused
        }
        if wantsJSON {
            print(try jsonString(report))
        } else {
            print(ImportReportText.text(report, verbose: verbose, listHint: "List them with --verbose (or --format json)."), terminator: "")
        }
    }
}

/// `--format json` of a refused import.
private struct ImportRefusalJSON: Encodable {
    var refused = true
    var total: Int
    var strictWarnings: Int
    var errors: [InputError]
    var warnings: [ImportWarning]

    init(_ refused: ImportRefused) {
        total = refused.total
        strictWarnings = refused.strictWarnings
        errors = refused.errors
        warnings = refused.warnings
    }
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
    @OptionGroup var importOptions: ImportReadingOptions

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
    var file: String

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError(file: file, message: "no such file")
        }
        let importer = Importer(store: try options.openStore(), config: try options.loadConfig(), options: try importOptions.resolved())
        try importOptions.run {
            try importer.importFiles([ImportFile(kind: Tag.kind, url: URL(fileURLWithPath: file), displayName: file)])
        }
    }
}

/// `peerplan import busy --teacher ID FILE.ics`
struct ImportBusyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busy",
        abstract: "Import a teacher's own calendar (.ics): periods it blocks week after week become busy.",
        discussion: """
        Reads an .ics export (Google, Outlook, Apple), expands recurring events over the term (EXDATE and \
        RECURRENCE-ID overrides applied; cancelled, transparent and all-day events ignored), converts times \
        to each of the teacher's schools' zone, and marks a period busy when events overlap it on at least \
        half of that schedule day's dates in the term (--threshold). One-off events are reported, not \
        stored. Re-importing a file of the same name replaces what it set before. Prints the sessions of \
        the current weekly pattern that now conflict.
        """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("The teacher (sourcedId).", valueName: "id"))
    var teacher: String

    @Option(help: ArgumentHelp("The term (academicSession sourcedId); default: the term running on --date.", valueName: "term"))
    var term: String?

    @Option(help: ArgumentHelp("Pick the term running on this date (YYYY-MM-DD); default: today.", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Share of a schedule day's dates an event must overlap a period on to block it (0 < share ≤ 1).", valueName: "share"))
    var threshold: Double = BusyImport.defaultThreshold

    @Argument(help: ArgumentHelp("The calendar file (.ics).", valueName: "file"))
    var file: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        var day: CalendarDate?
        if let date {
            guard let parsed = CalendarDate(parsing: date) else {
                throw InputError(file: "--date", message: "\"\(date)\" is not a date (YYYY-MM-DD)")
            }
            day = parsed
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError(file: file, message: "no such file")
        }
        let store = try options.openExistingStore()
        let report = try BusyImport.importFile(URL(fileURLWithPath: file), displayName: file, teacher: teacher, term: term,
                                               on: day, threshold: threshold, into: store)
        if json {
            print(try jsonString(report))
        } else {
            print(busyReportText(report), terminator: "")
        }
    }
}

/// The busy import report as text: which slots became busy from which events, what did not
/// block the weekly pattern, what was ignored, and the sessions that now conflict.
func busyReportText(_ report: BusyImportReport) -> String {
    var out = ""
    func line(_ text: String = "") { out += text + "\n" }
    let percent = Int((report.threshold * 100).rounded())
    line("\(report.teacherName) (\(report.teacher)), \(report.source): \(report.termTitle) \(report.termStart)..\(report.termEnd); "
         + "a period is busy when events overlap it on at least \(percent)% of that day's dates.")
    for school in report.schools {
        line()
        line("\(school.name) (\(school.id), times in \(school.timeZone)):")
        if school.busy.isEmpty {
            line("  No period is busy week after week.")
        }
        for slot in school.busy {
            var text = "  busy \(slot.day) \(slot.period) (\(slot.start)–\(slot.end)): \(slot.datesBusy) of \(slot.datesInTerm) dates — "
                + slot.events.joined(separator: "; ")
            if let other = slot.alreadyBusyFrom { text += " (already busy from \(other))" }
            line(text)
        }
        if !school.released.isEmpty {
            line("  no longer busy from this file: " + school.released.joined(separator: ", "))
        }
        if !school.notBlocking.isEmpty {
            line("  not blocking the weekly pattern:")
            // One line per event and set of dates, naming every period it touches then.
            var groups: [(event: String, dates: [String], total: Int, slots: [String])] = []
            for item in school.notBlocking {
                if let k = groups.firstIndex(where: { $0.event == item.event && $0.dates == item.dates }) {
                    groups[k].slots.append("\(item.day) \(item.period)")
                } else {
                    groups.append((item.event, item.dates, item.datesInTerm, ["\(item.day) \(item.period)"]))
                }
            }
            for group in groups {
                let dates = group.dates.count <= 3 ? group.dates.joined(separator: ", ")
                    : "\(group.dates.count) of \(group.total) dates, \(group.dates[0])…\(group.dates.last!)"
                line("    \(group.event): \(group.slots.joined(separator: ", ")) on \(dates)")
            }
        }
        if !school.outsideSchoolHours.isEmpty {
            line("  outside school periods: " + school.outsideSchoolHours.joined(separator: "; "))
        }
        if !school.conflicts.isEmpty {
            line("  now in conflict with the weekly pattern (schedule run #\(school.scheduleRunId ?? 0)):")
            for conflict in school.conflicts {
                line("    \(conflict.title) (\(conflict.kind)): \(conflict.day) \(conflict.periods.joined(separator: ",")) — "
                     + "busy in \(conflict.busyPeriods.joined(separator: ",")): \(conflict.events.joined(separator: "; "))")
            }
            line("  Re-place them: peerplan schedule --school \(school.id)")
        }
    }
    if !report.ignored.isEmpty {
        line()
        line("Ignored:")
        let reasons = ["all-day": "all-day event, blocks no period", "cancelled": "cancelled", "transparent": "transparent: shown as free"]
        for item in report.ignored { line("  \(item.event) (\(reasons[item.reason] ?? item.reason))") }
    }
    line()
    if report.changed {
        line("Stored: \(report.written) busy period\(report.written == 1 ? "" : "s") written, \(report.removed) removed (recorded as run #\(report.runId ?? 0)).")
    } else {
        line("Nothing changed: the store already holds exactly these busy periods from \(report.source).")
    }
    return out
}
