import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct WeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "week",
        abstract: "Adjust one week for holidays, early releases, testing days and absences; only affected sessions move or are cancelled.",
        discussion: """
        Uses the school's latest weekly pattern (`peerplan schedule`) and calendar.csv; Config/policy.yaml says \
        what each kind of day affects. Affected sessions move to another free slot of the same week when one \
        exists, otherwise they are cancelled for that week. The changes are recorded as exceptions for the calendars.
        """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(help: "Any date in the week (YYYY-MM-DD).")
    var date: String

    @Option(name: .customLong("absent"), help: ArgumentHelp("An absence, TEACHER:YYYY-MM-DD (repeatable).", valueName: "teacher:date"))
    var absent: [String] = []

    @Option(help: ArgumentHelp("A CSV of absences with columns teacherSourcedId,date.", valueName: "file"))
    var absences: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let day = try dateOption(date, "--date")
        var list: [WeekChanges.Absence] = []
        for entry in absent {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let d = CalendarDate(parsing: parts[1]) else { throw ValidationError("--absent \"\(entry)\" is not TEACHER:YYYY-MM-DD") }
            list.append(.init(teacher: parts[0], date: d))
        }
        if let absences {
            let reader = try CSVReader(url: URL(fileURLWithPath: absences), displayName: absences)
            let teacher = try reader.requiredColumn("teacherSourcedId"), dateColumn = try reader.requiredColumn("date")
            while try reader.next() {
                let text = try reader.string(at: dateColumn)
                guard let d = CalendarDate(parsing: text) else {
                    throw InputError(file: absences, line: reader.line, column: dateColumn + 1, field: "date", message: "\"\(text)\" is not a date (YYYY-MM-DD)")
                }
                list.append(.init(teacher: try reader.string(at: teacher), date: d))
            }
        }
        let outcome = try WeekChanges(store: try options.openExistingStore(), config: try options.loadConfig()).apply(school: school, date: day, absences: list)
        switch format {
        case .json: print(try jsonString(outcome))
        case .csv: print(WeekChangesReport.csv(outcome), terminator: "")
        case .text: print(WeekChangesReport.text(outcome), terminator: "")
        }
    }
}
