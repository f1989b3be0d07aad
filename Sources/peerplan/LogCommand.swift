import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// `peerplan log held|missed --school S --meeting M --date D [--note TEXT]`
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record whether a scheduled session took place (held or missed).",
        discussion: """
        The session must be one the school's latest weekly pattern has on that date, as its calendars have it \
        (holidays, early releases, testing days and `peerplan week` changes applied; a moved session is logged on \
        the date it moved to). Logging it again replaces the entry; the same entry again changes nothing. \
        `peerplan import log FILE.csv` logs many at once.
        """)

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("held or missed.", valueName: "status"))
    var status: String

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(help: ArgumentHelp("The meeting id of the weekly pattern (pair:PARTNER:TARGET, observe:OBSERVER:HOST, plc:N, pd:TEACHER).", valueName: "meeting"))
    var meeting: String

    @Option(help: "The date it was scheduled on (YYYY-MM-DD).")
    var date: String

    @Option(help: "A note (why it was missed, what was done).")
    var note: String = ""

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        guard let status = SessionStatus(rawValue: status.lowercased()) else {
            throw ValidationError("status \"\(self.status)\": use held or missed")
        }
        let request = SessionLogRequest(school: school, meeting: meeting, date: try dateOption(date, "--date"), status: status, note: note)
        let entry = try options.openExistingStore().logSession(request, config: try options.loadConfig())
        switch format {
        case .json: print(try jsonString(entry))
        case .csv: print(SessionLogReport.csv([entry]), terminator: "")
        case .text: print(SessionLogReport.text([entry]), terminator: "")
        }
    }
}

/// `peerplan import log FILE.csv`
struct ImportLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Import a session log (schoolSourcedId, meetingId, date, status held|missed, note) in one transaction.",
        discussion: """
        Every row must name a session the school's latest weekly pattern has on that date. Any bad row is listed \
        with its line and column and nothing is written. Importing the same file again changes nothing.
        """)

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("The file's character encoding: utf-8 (default), windows-1252 or latin1.", valueName: "encoding"))
    var encoding: String = "utf-8"

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
    var file: String

    func run() throws {
        guard let textEncoding = TextEncoding(name: encoding) else {
            throw ValidationError("--encoding: \"\(encoding)\" is not an encoding PeerPlan reads; use utf-8, windows-1252 or latin1")
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw InputError(file: file, message: "no such file")
        }
        let report = try options.openExistingStore().importSessionLog(URL(fileURLWithPath: file), displayName: file,
                                                                       config: try options.loadConfig(), encoding: textEncoding)
        switch format {
        case .json: print(try jsonString(report))
        case .csv: print(SessionLogReport.csv(report.entries), terminator: "")
        case .text: print(SessionLogReport.summary(report), terminator: "")
        }
    }
}
