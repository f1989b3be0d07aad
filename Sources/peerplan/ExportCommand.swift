import ArgumentParser
import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Publish schedules for calendar apps.",
        subcommands: [ExportICS.self, ExportCheck.self])
}

struct ExportICS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics",
        abstract: "Write iCalendar files: one per teacher, one for the school, one per PLC.",
        discussion: """
        Files go to DIR/SCHOOL/school.ics, DIR/SCHOOL/teachers/ID.ics and DIR/SCHOOL/plcs/TEAM.ics. Events \
        recur weekly over the term of the schedule (every 2 weeks for alternating observations); holidays \
        and cancellations are left out, moved sessions appear on their new day. Re-exporting after a change \
        raises SEQUENCE only on the events that changed, so calendar apps update them in place.
        """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var choice: SchoolChoice

    @Option(help: "Only this teacher's calendar (sourcedId).")
    var teacher: String?

    @Option(help: ArgumentHelp("The folder to write to.", valueName: "dir"))
    var out: String

    @Flag(help: "List every file written.")
    var list = false

    @Option(help: ArgumentHelp("DTSTAMP for every event, YYYY-MM-DDTHH:MM:SSZ (default: now); for reproducible files.", valueName: "time"))
    var stamp: String?

    func run() throws {
        try Exchange.prepare()
        let store = try options.openExistingStore()
        let publisher = Publisher(store: store, config: try options.loadConfig())
        let stampValue = try stamp.map { try parseStamp($0) } ?? Publisher.stamp()
        let directory = URL(fileURLWithPath: out)
        if let school = choice.school {
            let calendars = try publisher.export(school: school, teacher: teacher, to: directory, stamp: stampValue)
            if list { for calendar in calendars { print("\(calendar.path): \(calendar.events) events") } }
            print("\(school): wrote \(calendars.count) calendar(s), \(calendars.reduce(0) { $0 + $1.events }) events, to \(out)/\(school)/. Import one in Google Calendar (Settings → Import), Outlook (Add calendar → Upload from file) or Apple Calendar (File → Import).")
        } else {
            if teacher != nil { throw ValidationError("--teacher needs --school") }
            let scheduled = try publisher.scheduledSchools()
            let progress = ProgressLine(total: 0, label: "calendars")
            let started = Date()
            let result = try publisher.exportAll(schools: scheduled, to: directory, stamp: stampValue) { progress.update($0) }
            progress.finish()
            print("Wrote \(result.files) calendars (\(result.events) events) for \(scheduled.count) schools to \(out) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
        }
    }
}

func parseStamp(_ text: String) throws -> UTCDateTime {
    let digits = text.filter(\.isNumber)
    guard text.hasSuffix("Z"), digits.count == 14, let value = Int(digits) else {
        throw ValidationError("--stamp \"\(text)\" is not a UTC time like 2026-11-29T08:00:00Z")
    }
    let parts = [value / 10_000_000_000, value / 100_000_000 % 100, value / 1_000_000 % 100, value / 10_000 % 100, value / 100 % 100, value % 100]
    guard let stamp = UTCDateTime(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5]) else {
        throw ValidationError("--stamp \"\(text)\" is not a valid time")
    }
    return stamp
}

struct ExportCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse .ics files with libical and report X-LIC-ERROR problems (parse errors, then RFC 5546 restrictions).")

    @Argument(help: "The .ics files.")
    var files: [String]

    func run() throws {
        try Exchange.prepare()
        var failed = false
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationError("\(file): cannot read it as UTF-8")
            }
            let errors = ICalendarReader.validationErrors(text)
            let events = text.components(separatedBy: "BEGIN:VEVENT").count - 1
            print("\(file): \(events) events, \(errors.parse.count) parse errors, \(errors.restrictions.count) restriction notes")
            for e in errors.parse { print("  parse: \(e)") }
            for e in Set(errors.restrictions).sorted() { print("  restriction: \(e)") }
            if !errors.restrictions.isEmpty && errors.restrictions.allSatisfy({ $0.contains("ATTENDEE") }) {
                print("  (RFC 5546 lists no ATTENDEE for METHOD:PUBLISH; PeerPlan names the members on purpose, and Google, Outlook and Apple Calendar accept it)")
            }
            failed = failed || !errors.parse.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}
