import ArgumentParser
import Foundation
import PeerPlanStore

struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Generate a district, then time `import` of it into a fresh store (median of --runs).",
        discussion: """
        --student-copies N adds N extra copies of every student (users.csv and enrollments.csv rows \
        with new ids) to the same teachers and classes, to show that time grows with the number of \
        students read past but memory does not.
        With the sqlite3 shell on the PATH, each run also times its `.import` of the same CSV files \
        into plain tables of a fresh database (no checks, no upserts, no derived tables), and the \
        report gives the ratio: the price of PeerPlan's checks over a bare load.
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
        var bare: [Double] = []
        var last = ImportReport()
        let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        for _ in 0..<max(1, options.runs) {
            if let sqlite3 { bare.append(try timeSQLiteShellImport(sqlite3, folder: dir)) }
            let db = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
            let started = Date()
            let store = try Store(path: db)
            last = try Importer(store: store, config: config).importDistrict(at: dir.path)
            times.append(Date().timeIntervalSince(started))
        }
        var details: [String: Int] = ["teachers": summary.teachers, "students": summary.students, "enrollmentRows": summary.enrollments,
                                      "inputMegabytes": summary.bytesWritten / 1_000_000, "rowsWritten": last.totalWritten]
        // Where the time of the last run went, step by step.
        for (step, seconds) in last.seconds { details["ms." + step] = Int((seconds * 1000).rounded()) }
        if !bare.isEmpty {
            details["sqlite3ShellImportMilliseconds"] = Int((median(bare) * 1000).rounded())
            details["ratioToSqlite3ShellPercent"] = Int((median(times) / median(bare) * 100).rounded())
        }
        try report(BenchRun(name: "import \(options.schools) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(), details: details),
                   json: options.json)
    }
}

/// Seconds the sqlite3 shell takes to `.import` every CSV file of `folder` into plain tables of a
/// fresh database file (tables made from the headers, all text): the floor any CSV load stands on.
func timeSQLiteShellImport(_ sqlite3: String, folder: URL) throws -> Double {
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-bare-\(UUID().uuidString).sqlite").path
    defer { try? FileManager.default.removeItem(atPath: db) }
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
    var script = ".mode csv\nBEGIN;\n"
    for file in files {
        let table = file.dropLast(4).replacingOccurrences(of: "-", with: "_")
        script += ".import '\(folder.appendingPathComponent(file).path)' \(table)\n"
    }
    script += "COMMIT;\n"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: sqlite3)
    process.arguments = [db]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    let started = Date()
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return Date().timeIntervalSince(started)
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

/// One CSV field, quoted when it must be (RFC 4180), as the district files are written.
private func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
