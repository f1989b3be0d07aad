import ArgumentParser
import Foundation
import PeerPlanGenerator
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore

/// Measured numbers for the README's performance section. Build with `-c release` first.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure PeerPlan's engines on synthetic districts (use a release build).",
        subcommands: [BenchImport.self, BenchGenerate.self, BenchCSV.self, BenchPairs.self, BenchPlace.self, BenchSchedule.self, BenchExport.self, BenchCosts.self])
}

struct BenchRun: Codable {
    var name: String
    var runs: [Double]
    var medianSeconds: Double
    var peakRSSMegabytes: Double
    var details: [String: Int]
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Peak resident memory of this process so far, in MB.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ run: BenchRun, json: Bool) throws {
    if json {
        print(try jsonString(run))
    } else {
        let digits = run.medianSeconds < 0.1 ? "%.4f" : "%.2f"
        let runs = run.runs.map { String(format: digits, $0) }.joined(separator: ", ")
        print("\(run.name): median \(String(format: digits, run.medianSeconds)) s over \(run.runs.count) runs [\(runs)], peak RSS \(String(format: "%.0f", run.peakRSSMegabytes)) MB")
        for (key, value) in run.details.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
    }
}

struct BenchOptions: ParsableArguments {
    @Option(help: "Number of schools in the synthetic district.")
    var schools: Int = 150

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "How many timed runs (the median is reported).")
    var runs: Int = 3

    @Option(help: ArgumentHelp("Keep the generated district here instead of a temporary folder.", valueName: "dir"))
    var keep: String?

    @Option(name: .long, help: ArgumentHelp("The Config folder (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false
}

func generateForBench(_ options: BenchOptions, config: PeerPlanConfig) throws -> (URL, GeneratorSummary, Bool) {
    let dir = options.keep.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString)")
    let summary = try DistrictGenerator.write(GeneratorOptions(schools: options.schools, seed: options.seed, rubrics: config.rubrics), to: dir)
    return (dir, summary, options.keep == nil)
}

struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Generate a district, then time `import` of it into a fresh store (median of --runs).",
        discussion: """
        --student-copies N adds N extra copies of every student (users.csv and enrollments.csv rows         with new ids) to the same teachers and classes, to show that time grows with the number of         students read past but memory does not.
        """)

    @OptionGroup var options: BenchOptions

    @Option(help: "Extra copies of every student row (0: the district as generated).")
    var studentCopies: Int = 0

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        var (dir, summary, temporary) = try generateForBench(options, config: config)
        defer { if temporary { try? FileManager.default.removeItem(at: dir) } }
        if studentCopies > 0 {
            let added = try addStudentCopies(in: dir, copies: studentCopies)
            summary.students += added.students
            summary.enrollments += added.enrollments
        }
        var times: [Double] = []
        var last = ImportReport()
        for _ in 0..<max(1, options.runs) {
            let db = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
            let started = Date()
            let store = try Store(path: db)
            last = try Importer(store: store, config: config).importDistrict(at: dir.path)
            times.append(Date().timeIntervalSince(started))
        }
        try report(BenchRun(name: "import \(options.schools) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["teachers": summary.teachers, "students": summary.students, "enrollmentRows": summary.enrollments,
                                      "inputMegabytes": summary.bytesWritten / 1_000_000, "rowsWritten": last.totalWritten]),
                   json: options.json)
    }
}

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time writing a synthetic district (median of --runs).")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        var times: [Double] = []
        var summary = GeneratorSummary()
        for _ in 0..<max(1, options.runs) {
            let started = Date()
            let (dir, s, temporary) = try generateForBench(options, config: config)
            times.append(Date().timeIntervalSince(started))
            summary = s
            if temporary { try? FileManager.default.removeItem(at: dir) }
        }
        try report(BenchRun(name: "generate \(options.schools) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["teachers": summary.teachers, "students": summary.students,
                                      "enrollmentRows": summary.enrollments, "megabytes": summary.bytesWritten / 1_000_000]),
                   json: options.json)
    }
}

struct BenchCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Time PeerPlan's CSV reader over a file (every field checked as UTF-8).")

    @Argument(help: "A CSV file, e.g. a generated enrollments.csv.")
    var file: String

    @Option(help: "How many timed runs.")
    var runs: Int = 3

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        var times: [Double] = []
        var rows = 0
        for _ in 0..<max(1, runs) {
            let started = Date()
            let reader = try CSVReader(url: URL(fileURLWithPath: file))
            rows = 0
            while try reader.next() {
                try reader.validateUTF8()
                rows += 1
            }
            _ = reader.hasher.hexDigest()
            times.append(Date().timeIntervalSince(started))
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        try report(BenchRun(name: "csv \(file)", runs: times, medianSeconds: median(times), peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["rows": rows, "megabytes": bytes / 1_000_000,
                                      "megabytesPerSecond": Int(Double(bytes) / 1_000_000 / max(median(times), 1e-9))]),
                   json: json)
    }
}

/// Appends `copies` renamed copies of every student row of users.csv and enrollments.csv.
func addStudentCopies(in dir: URL, copies: Int) throws -> (students: Int, enrollments: Int) {
    func extend(_ name: String, idColumns: [String], roleColumn: String) throws -> Int {
        let url = dir.appendingPathComponent(name)
        let reader = try CSVReader(url: url)
        let role = try reader.requiredColumn(roleColumn)
        let ids = try idColumns.map { try reader.requiredColumn($0) }
        // The copies go to a new file (the original first), which then replaces the original.
        let extended = url.appendingPathExtension("extended")
        try FileManager.default.copyItem(at: url, to: extended)
        guard let out = FileHandle(forWritingAtPath: extended.path) else { throw InputError(file: extended.path, message: "cannot write") }
        try out.seekToEnd()
        var added = 0
        var buffer = ""
        while try reader.next() {
            guard reader.field(role, equalsIgnoringCase: "student") else { continue }
            let fields = try (0..<reader.fieldCount).map { try reader.string(at: $0) }
            for copy in 1...copies {
                var row = fields
                for id in ids where !row[id].isEmpty { row[id] += "-copy\(copy)" }
                buffer += row.map(csvField).joined(separator: ",") + "\n"
                added += 1
            }
            if buffer.utf8.count > 1 << 20 {
                out.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        out.write(Data(buffer.utf8))
        try out.close()
        try FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: extended, to: url)
        return added
    }
    let students = try extend("users.csv", idColumns: ["sourcedId"], roleColumn: "role")
    let enrollments = try extend("enrollments.csv", idColumns: ["sourcedId", "userSourcedId"], roleColumn: "role")
    return (students, enrollments)
}

struct BenchPairs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Time the pairing engine on synthetic instances (engine only, no database).",
        discussion: """
        --shape school: one school of --teachers teachers, shared free period required. \
        --shape dense: half targets, half partners in different schools, every pair an edge (cross-school). \
        --shape sparse: schools of 36 teachers with schedules, cross-school pairs for targets alone at theirs.
        """)

    @Option(help: "school, dense or sparse.")
    var shape: String = "school"

    @Option(help: "Number of teachers.")
    var teachers: Int = 200

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "How many timed runs.")
    var runs: Int = 5

    @Option(help: "quality or participation.")
    var mode: PairingMode = .quality

    @Option(name: .long, help: ArgumentHelp("The Config folder (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        guard let shape = SyntheticPairing.Shape(rawValue: shape) else { throw ValidationError("--shape is school, dense or sparse") }
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: config))
        let rubric = try config.rubric(matching: "TEAM").unwrap("Config has no TEAM rubric")
        var input = SyntheticPairing.instance(shape, teachers: teachers, perSchool: shape == .school ? teachers : 36, rubric: rubric, seed: seed)
        input.policy.mode = mode
        var times: [Double] = []
        var result: PairingResult?
        for _ in 0..<max(1, runs) {
            let started = Date()
            result = try PairingEngine.propose(input)
            times.append(Date().timeIntervalSince(started))
        }
        try report(BenchRun(name: "pairs \(shape.rawValue) \(teachers) teachers (\(mode.rawValue))", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["pairs": result?.pairs.count ?? 0, "unmatched": result?.unmatched.count ?? 0,
                                      "totalWeight": result?.totalWeight ?? 0]),
                   json: json)
    }
}

extension Optional {
    func unwrap(_ message: String) throws -> Wrapped {
        guard let value = self else { throw ValidationError(message) }
        return value
    }
}

struct BenchPlace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Time the placement kernel on synthetic school weeks and report the objective against its upper bound.")

    @Option(help: "Teachers per school.")
    var teachers: Int = 150

    @Option(help: "How many different schools (seeds) to solve.")
    var schools: Int = 5

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write each problem and its answer here (school-N.problem.json, school-N.answer.json), for an outside exact solver to check.", valueName: "dir"))
    var dump: String?

    func run() throws {
        var times: [Double] = []
        var ratios: [Double] = []
        if let dump { try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        var sessions = 0, placed = 0
        for seed in 1...max(1, schools) {
            let problem = SyntheticPlacement.school(teachers: teachers, seed: UInt64(seed))
            let started = Date()
            let answer = try PlacementSolver.solve(problem)
            times.append(Date().timeIntervalSince(started))
            if let dump {
                let base = URL(fileURLWithPath: dump).appendingPathComponent("school-\(seed)")
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try encoder.encode(problem).write(to: base.appendingPathExtension("problem.json"))
                try encoder.encode(answer).write(to: base.appendingPathExtension("answer.json"))
            }
            ratios.append(answer.upperBound == 0 ? 1 : Double(answer.objective) / Double(answer.upperBound))
            sessions += answer.placements.count + answer.unplaced.count
            placed += answer.placements.count
        }
        try report(BenchRun(name: "place \(schools) schools of \(teachers) teachers", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["sessions": sessions, "placed": placed,
                                      "worstObjectivePerMilleOfUpperBound": Int((ratios.min() ?? 0) * 1000),
                                      "medianObjectivePerMilleOfUpperBound": Int(median(ratios) * 1000)]),
                   json: json)
    }
}

/// Generates, imports, pairs, forms PLCs and schedules a synthetic district in a temporary store.
func scheduledBenchDistrict(_ options: BenchOptions, config: PeerPlanConfig) throws -> (store: Store, schools: [String], cleanup: () -> Void) {
    let (dir, _, temporary) = try generateForBench(options, config: config)
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString).sqlite").path
    let cleanup = {
        if temporary { try? FileManager.default.removeItem(at: dir) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
    let store = try Store(path: db)
    _ = try Importer(store: store, config: config).importDistrict(at: dir.path)
    let pairing = PairingStore(store: store, config: config)
    let proposals = try pairing.propose(schools: nil, policy: config.pairing)
    for p in proposals {
        try pairing.accept(school: p.school, runId: p.runId)
        _ = try PLCStore(store: store).propose(school: p.school)
    }
    return (store, proposals.map(\.school), cleanup)
}

struct BenchExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Schedule a synthetic district, then time exporting every calendar (teachers, schools, PLCs) and a plain libical loop over the same events.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        try Exchange.prepare()
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        let publisher = Publisher(store: store, config: config)
        let stamp = UTCDateTime(year: 2026, month: 11, day: 29, hour: 8, minute: 0)!
        // Flush what generating and importing the district wrote, so the timing is the export's own
        // file writes and not the kernel writing back a gigabyte of CSV at the same time.
        sync()
        var times: [Double] = [], layouts: [Double] = [], serial: [Double] = [], baseline: [Double] = []
        var files = 0, events = 0, bytes = 0
        for _ in 0..<max(1, options.runs) {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-ics-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let started = Date()
            let result = try publisher.exportAll(schools: schools, to: out, stamp: stamp)
            times.append(Date().timeIntervalSince(started))
            (files, events) = result
            // The parts: laying out (store, one transaction), rendering on one core, and libical alone.
            let t0 = Date()
            let pending = try publisher.plan(schools: schools)
            layouts.append(Date().timeIntervalSince(t0))
            let t1 = Date()
            bytes = 0
            for p in pending { bytes += try p.render(stamp: stamp).text.utf8.count }
            serial.append(Date().timeIntervalSince(t1))
            let t2 = Date()
            _ = LibicalBaseline.serialize(pending.map(\.document))
            baseline.append(Date().timeIntervalSince(t2))
        }
        let m = median(times)
        try report(BenchRun(name: "export calendars of \(schools.count) schools (parallel, files written)", runs: times, medianSeconds: m,
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["files": files, "events": events, "filesPerSecond": Int(Double(files) / max(m, 1e-9)),
                                      "layoutMilliseconds": Int(median(layouts) * 1000),
                                      "renderOneCoreMilliseconds": Int(median(serial) * 1000),
                                      "plainLibicalLoopOneCoreMilliseconds": Int(median(baseline) * 1000),
                                      "renderToLibicalRatioPercent": Int(median(serial) / max(median(baseline), 1e-9) * 100),
                                      "megabytes": bytes / 1_000_000]),
                   json: options.json)
    }
}

struct BenchCosts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Schedule a synthetic district, then time the district cost comparison: inputs from the store, the model, and the sensitivity analysis.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Years of the comparison.")
    var years: Int = 3

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        let parameters = try CostConfigLoader.load(configDirectory: config.directory)
        var times: [Double] = [], loads: [Double] = [], models: [Double] = [], sensitivities: [Double] = []
        var lines = 0, teachers = 0
        for _ in 0..<max(1, options.runs) {
            let t0 = Date()
            let inputs = try store.writer.read { try CostInputsLoader.load($0, school: nil, config: config) }
            let t1 = Date()
            let report = CostModel.compute(inputs, parameters, years: years)
            let t2 = Date()
            _ = Sensitivity.analyse(inputs, parameters, years: years)
            let t3 = Date()
            times.append(t3.timeIntervalSince(t0))
            loads.append(t1.timeIntervalSince(t0))
            models.append(t2.timeIntervalSince(t1))
            sensitivities.append(t3.timeIntervalSince(t2))
            lines = report.lines.count
            teachers = inputs.schools.reduce(0) { $0 + $1.teachers.count }
        }
        try report(BenchRun(name: "cost comparison of \(schools.count) schools over \(years) years (inputs, model, sensitivity)", runs: times,
                            medianSeconds: median(times), peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["participatingTeachers": teachers, "lines": lines,
                                      "inputsMilliseconds": Int(median(loads) * 1000), "modelMilliseconds": Int(median(models) * 1000),
                                      "sensitivityMilliseconds": Int(median(sensitivities) * 1000)]),
                   json: options.json)
    }
}

struct BenchSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Generate and import a district, accept its pairs and PLC teams, then time scheduling every school (store to store).")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        let scheduler = Scheduler(store: store, config: config)
        var times: [Double] = []
        var placed = 0, unplaced = 0
        for run in 0..<max(1, options.runs) {
            let started = Date()
            let outcomes = try scheduler.scheduleAll(schools: schools)
            if run == 0 {
                for outcome in outcomes {
                    placed += outcome.answer.placements.count
                    unplaced += outcome.answer.unplaced.count
                }
            }
            times.append(Date().timeIntervalSince(started))
        }
        try report(BenchRun(name: "schedule \(schools.count) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(), details: ["sessionsPlaced": placed, "sessionsNotPlaced": unplaced]),
                   json: options.json)
    }
}
