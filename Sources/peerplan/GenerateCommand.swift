import ArgumentParser
import Foundation
import PeerPlanGenerator
import PeerPlanStore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic district, in exactly the files `peerplan import` reads.",
        discussion: """
        Elementary, middle and high schools with their bell schedules (some A/B block schedules), \
        departments and grade teams, students and their enrollments, ratings, duties and a school-year \
        calendar. The same --seed gives byte-identical files. Written as a stream: a state-sized \
        district (1,800 schools) needs little memory.
        """)

    @Option(help: "Number of schools.")
    var schools: Int

    @Option(help: "Teachers in every school (default: typical sizes, about 28 elementary, 38 middle, 55 high).")
    var teachersPerSchool: Int?

    @Option(help: "Random seed: the same seed gives the same district.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Folder to write the district into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("The Config folder with rubrics/ (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    func validate() throws {
        guard schools >= 1 else { throw ValidationError("--schools must be at least 1.") }
    }

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: config))
        let options = GeneratorOptions(schools: schools, teachersPerSchool: teachersPerSchool, seed: seed, rubrics: config.rubrics)
        let problems = options.validationProblems()
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        let started = Date()
        let progress = ProgressLine(total: schools, label: "schools")
        let summary = try DistrictGenerator.write(options, to: URL(fileURLWithPath: out)) { done in progress.update(done) }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        print("Wrote \(summary.schools) schools (\(summary.elementarySchools) elementary, \(summary.middleSchools) middle, \(summary.highSchools) high; \(summary.blockScheduleSchools) on A/B block schedules)")
        print("  \(summary.teachers) teachers, \(summary.students) students, \(summary.classes) classes, \(summary.enrollments) enrollments, \(summary.ratings) ratings")
        print("  \(summary.files.count) files, \(summary.bytesWritten / 1_000_000) MB in \(String(format: "%.1f", seconds)) s, to \(out)")
    }
}

/// A one-line progress display, only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var last = -1
    private let lock = NSLock()

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != last else { return }
        last = percent
        FileHandle.standardError.write(Data("\r\(done)/\(total) \(label) (\(percent)%)".utf8))
    }

    func finish() {
        guard enabled, last >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
