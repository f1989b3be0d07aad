import Foundation
import GRDB
import PeerPlanCore

/// The state of one import transaction: what is known so far, and the writes it made.
final class ImportSession {
    enum Mode { case bulk, delta }

    let db: Database
    let config: PeerPlanConfig
    let wholeDistrict: Bool
    let kinds: Set<ImportFileKind>
    let options: ImportOptions
    var report = ImportReport()
    /// Errors found so far (the first `ImportRefused.limit`), and how many in all.
    var errors: [InputError] = []
    var errorCount = 0
    /// Ids of rows that had an error: rows that refer to them are not reported again.
    var broken: Set<String> = []
    /// Ids of rows marked `tobedeleted` in this import, by what they are.
    var deletedOrgs: Set<String> = [], deletedClasses: Set<String> = [], deletedUsers: Set<String> = []
    var deletedCourses: Set<String> = [], deletedTerms: Set<String> = []
    /// Sub-school orgs (departments) → the school they count as.
    var orgSchool: [String: String] = [:]
    private var fileDigests: [(String, String)] = []
    private var modes: [ImportFileKind: Mode] = [:]
    var version = "1.1"

    // What exists, from the store and from the files read so far in this import.
    var districts: Set<String> = []
    var schools: [String: String?] = [:] // school → district
    var otherOrgs: Set<String> = []
    var terms: Set<String> = []
    var courses: Set<String> = []
    var teachers: Set<String> = []
    var classes: [String: String] = [:] // class → school
    var bell: [String: [String: [String: PeriodKind]]] = [:] // school → day → period → kind
    var teacherSchools: [String: [String]] = [:]
    var classLines: [String: (file: String, line: Int)] = [:]
    var bellFile: String?
    /// Schools whose bell schedule this import replaced.
    var bellChanged: Set<String> = []

    // Users of this import that are not teachers (students are in a scratch table, on disk).
    var usersInThisImport = false
    var staffRoles: [String: String] = [:]
    var teacherRolesFromRolesFile: [String: [(org: String, primary: Bool, line: Int)]] = [:]
    var nonTeacherRolesFromRolesFile: [String: String] = [:]
    var rolesFile: String?

    init(db: Database, config: PeerPlanConfig, wholeDistrict: Bool, kinds: Set<ImportFileKind>, options: ImportOptions = ImportOptions()) throws {
        self.db = db
        self.config = config
        self.options = options
        self.wholeDistrict = wholeDistrict
        self.kinds = kinds
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId FROM district") { districts.insert(row[0]) }
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId, districtId FROM school") { schools[row[0]] = row[1] as String? }
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId, schoolId FROM subOrg") { orgSchool[row[0]] = row[1] }
        terms = Set(try String.fetchAll(db, sql: "SELECT sourcedId FROM term"))
        courses = Set(try String.fetchAll(db, sql: "SELECT sourcedId FROM course"))
        teachers = Set(try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher"))
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId, schoolId FROM class") { classes[row[0]] = row[1] }
        try loadBell()
        for row in try Row.fetchAll(db, sql: "SELECT teacherId, schoolId FROM teacherSchool ORDER BY isPrimary DESC, schoolId") {
            teacherSchools[row[0], default: []].append(row[1])
        }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS importUser (id TEXT PRIMARY KEY NOT NULL, role TEXT NOT NULL, line INTEGER NOT NULL) WITHOUT ROWID")
        try db.execute(sql: "DELETE FROM temp.importUser")
    }

    func dropScratchTables() {
        try? db.execute(sql: "DROP TABLE IF EXISTS temp.importUser")
    }

    func loadBell() throws {
        bell = [:]
        for row in try Row.fetchAll(db, sql: "SELECT schoolId, day, period, kind FROM bellPeriod") {
            bell[row[0], default: [:]][row[1], default: [:]][row[2]] = PeriodKind(rawValue: row[3]) ?? .instruction
        }
    }

    // MARK: - Writing, counted

    /// Runs a write and counts the rows it really changed.
    func write(_ table: String, _ sql: String, _ arguments: StatementArguments) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: arguments)
        let changed = db.changesCount
        if changed > 0 { report.written[table, default: 0] += changed }
    }

    func delete(_ table: String, _ sql: String, _ arguments: StatementArguments) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: arguments)
        let changed = db.changesCount
        if changed > 0 { report.deleted[table, default: 0] += changed }
    }

    /// `INSERT … ON CONFLICT DO UPDATE … WHERE something differs`: unchanged rows are not touched.
    static func upsertSQL(_ table: String, keys: [String], columns: [String]) -> String {
        let all = keys + columns
        var sql = "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", "))) ON CONFLICT(\(keys.joined(separator: ", "))) "
        if columns.isEmpty { return sql + "DO NOTHING" }
        sql += "DO UPDATE SET " + columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        sql += " WHERE " + columns.map { "\(table).\($0) IS NOT excluded.\($0)" }.joined(separator: " OR ")
        return sql
    }

    /// Records a warning or a note about the current row of `r` (or the file, with no column).
    func warn(_ kind: ImportWarning.Kind, _ r: CSVReader, _ column: Int?, _ message: String, line: Int? = nil) {
        let field = column.flatMap { $0 < r.header.count ? r.header[$0] : nil }
        note(ImportWarning(kind: kind, file: r.displayName, line: line ?? r.line, column: column.map { $0 + 1 }, field: field, message: message))
    }

    func note(_ item: ImportWarning) {
        if item.kind.isNote { report.notes.append(item) } else { report.warnings.append(item) }
    }

    /// Records an error; the import goes on reading, to list every problem, and is refused at the end.
    func record(_ error: InputError) {
        errorCount += 1
        if errors.count < ImportRefused.limit { errors.append(error) }
    }

    /// Reads every row of `r` through `body`. A row with an error is recorded and skipped (its id,
    /// from `idColumn`, marked broken so rows referring to it are not reported again); a file
    /// in the wrong encoding stops at its first bad byte, one error for the file.
    func eachRow(_ r: CSVReader, idColumn: Int? = nil, _ body: () throws -> Void) throws {
        while true {
            do {
                guard try r.next() else { return }
            } catch let error as InputError {
                record(error)
                continue
            }
            do {
                try body()
            } catch let error as InputError {
                record(error)
                if let idColumn, let id = try? r.string(at: idColumn), !id.isEmpty { broken.insert(id) }
                if error.kind == .encoding { return }
            }
        }
    }

    /// True when `id` had an error of its own (already reported).
    func isBroken(_ id: String) -> Bool { broken.contains(id) }

    func mode(of kind: ImportFileKind) -> Mode {
        if let mode = modes[kind] { return mode }
        return wholeDistrict ? .bulk : .delta
    }

    // MARK: - Rubrics from Config

    func syncRubrics() throws {
        let rubricSQL = Self.upsertSQL("rubric", keys: ["id"], columns: ["name", "scaleMin", "scaleMax", "weakAtMost", "strongAtLeast", "source", "thresholdsSource",
                                                                   "scoreRule", "schoolYearStartMonth", "scoreRuleSource"])
        let indicatorSQL = Self.upsertSQL("indicator", keys: ["rubricId", "id"], columns: ["name", "domain", "position"])
        for rubric in config.rubrics {
            try write("rubric", rubricSQL, [rubric.id, rubric.name, rubric.scaleMin, rubric.scaleMax, rubric.weakAtMost,
                                            rubric.strongAtLeast, rubric.source, config.thresholdsSources[rubric.id] ?? "",
                                            rubric.scoring.rule.rawValue, rubric.scoring.schoolYearStartMonth, config.scoreRuleSources[rubric.id] ?? ""])
            for (position, indicator) in rubric.indicators.enumerated() {
                try write("indicator", indicatorSQL, [rubric.id, indicator.id, indicator.name, indicator.domain, position + 1])
            }
        }
    }

    /// Who takes part under the policy's participation rule (`pairing.participation`): a
    /// teacher's own choice when they made one; otherwise everyone under `optOut`, no one under
    /// `optIn`. After the files, so that teachers new in this import count too.
    func syncParticipation() throws {
        let byDefault = config.participation == .optOut
        try write("participation", """
            UPDATE teacher SET participating = COALESCE(participationChoice, ?) WHERE participating IS NOT COALESCE(participationChoice, ?)
            """, [byDefault, byDefault])
    }

    // MARK: - Files

    /// Imports one file; errors are recorded (not thrown) so the next files are still checked.
    func importFile(_ file: ImportFile) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { report.seconds[file.kind.rawValue, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let reader: CSVReader
        do {
            reader = try CSVReader(url: file.url, displayName: file.displayName, encoding: options.encoding)
        } catch let error as InputError {
            record(error)
            broken.insert("file:\(file.kind.rawValue)")
            return
        }
        noteUnknownColumns(reader, kind: file.kind)
        do {
            try importRows(of: file.kind, reader)
        } catch let error as InputError {
            // A problem with the whole file (a required column missing): its rows are not read.
            record(error)
            broken.insert("file:\(file.kind.rawValue)")
        }
        // Read to the end so the fingerprint covers the whole file.
        report.files.append(file.displayName)
        fileDigests.append((file.kind.rawValue, reader.finishHashing()))
    }

    /// One note per file for header cells that are neither PeerPlan's nor OneRoster's (a
    /// misspelled `dataLastModified`): their values are ignored, whatever they hold. Empty
    /// header cells (`…,orgSourcedId,,`) are ignored without a note.
    func noteUnknownColumns(_ r: CSVReader, kind: ImportFileKind) {
        let names = kind.columnNames
        let known = Set(names.map { $0.lowercased() })
        let unknown = r.header.filter { !$0.isEmpty && !known.contains($0.lowercased()) && !$0.lowercased().hasPrefix("metadata.") }
        guard !unknown.isEmpty else { return }
        let described = unknown.map { name -> String in
            let lower = name.lowercased()
            let close = names.first { Self.editDistance(lower, $0.lowercased()) <= 2 }
            return close.map { "\(name) (did you mean \($0)?)" } ?? name
        }
        note(ImportWarning(kind: .unknownColumns, file: r.displayName, line: 1,
                           message: "column\(unknown.count == 1 ? "" : "s") \(described.joined(separator: ", ")) "
                               + "\(unknown.count == 1 ? "is" : "are") not part of OneRoster or of PeerPlan's files; ignored"))
    }

    /// Levenshtein distance, for suggesting the column a misspelled header meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// True when a whole file of this kind could not be read: references into it are not checked.
    func fileBroken(_ kind: ImportFileKind) -> Bool { broken.contains("file:\(kind.rawValue)") }

    private func importRows(of kind: ImportFileKind, _ reader: CSVReader) throws {
        switch kind {
        case .manifest: try importManifest(reader)
        case .orgs: try importOrgs(reader)
        case .academicSessions: try importSessions(reader)
        case .courses: try importCourses(reader)
        case .roles: try importRoles(reader)
        case .users: try importUsers(reader)
        case .bellSchedules: try importBellSchedules(reader)
        case .classes: try importClasses(reader)
        case .enrollments: try importEnrollments(reader)
        case .duties: try importDuties(reader)
        case .calendar: try importCalendar(reader)
        case .ratings: try importRatings(reader)
        case .participation: try importParticipation(reader)
        }
    }

    func fingerprint() -> String {
        var hasher = SHA256()
        for (kind, digest) in fileDigests.sorted(by: { $0.0 < $1.0 }) { hasher.update("\(kind)=\(digest)\n") }
        return hasher.hexDigest()
    }

    func recordRun() throws -> Int64 {
        let formatter = ISO8601DateFormatter()
        let summaryJSON = (try? String(data: JSONSerialization.data(withJSONObject: ["written": report.written, "deleted": report.deleted, "files": report.files], options: [.sortedKeys]), encoding: .utf8)) ?? ""
        try db.execute(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('import', ?, ?, ?, '', NULL, ?)",
                       arguments: [formatter.string(from: Date()), fingerprint(), report.files.joined(separator: "\n"), summaryJSON])
        return db.lastInsertedRowID
    }

    // MARK: - Field helpers

    func error(_ reader: CSVReader, _ column: Int?, _ message: String) -> InputError {
        InputError(file: reader.displayName, line: reader.line, column: column.map { $0 + 1 },
                   field: column.flatMap { $0 < reader.header.count ? reader.header[$0] : nil }, message: message)
    }

    /// A required, non-empty value.
    func value(_ reader: CSVReader, _ column: Int) throws -> String {
        let text = try reader.string(at: column)
        if text.isEmpty { throw error(reader, column, "a value is required here") }
        return text
    }

    enum RowStatus { case active, deleted }

    func status(_ reader: CSVReader, _ column: Int?) throws -> RowStatus {
        guard let column else { return .active }
        let text = try reader.string(at: column).lowercased()
        switch text {
        case "", "active": return .active
        case "tobedeleted", "inactive", "deleted": return .deleted
        default: throw error(reader, column, "\"\(text)\" is not a status; expected active or tobedeleted")
        }
    }

    func bool(_ reader: CSVReader, _ column: Int?, default defaultValue: Bool) throws -> Bool {
        guard let column else { return defaultValue }
        switch try reader.string(at: column).lowercased() {
        case "": return defaultValue
        case "true", "yes", "1", "y", "t": return true
        case "false", "no", "0", "n", "f": return false
        case let other: throw error(reader, column, "\"\(other)\" is not true or false")
        }
    }

    func date(_ reader: CSVReader, _ column: Int, required: Bool = true) throws -> CalendarDate? {
        let text = try reader.string(at: column)
        if text.isEmpty {
            if required { throw error(reader, column, "a date is required here (YYYY-MM-DD)") }
            return nil
        }
        guard let date = CalendarDate(parsing: text) else {
            throw error(reader, column, "\"\(text)\" is not a date; expected YYYY-MM-DD, e.g. 2026-08-10")
        }
        return date
    }

    func list(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    func checkDuplicate(_ seen: inout [String: Int], _ key: String, _ reader: CSVReader, _ column: Int, what: String) throws {
        if let first = seen[key] {
            throw error(reader, column, "duplicate \(what) \"\(key)\" (first on line \(first))")
        }
        seen[key] = reader.line
    }

    /// Deletes rows of a bulk file's table that the file no longer lists.
    func deleteMissing(_ table: String, existing: some Sequence<String>, seen: [String: Int]) throws {
        for id in existing where seen[id] == nil {
            try delete(table, "DELETE FROM \(table) WHERE sourcedId = ?", [id])
        }
    }

    // MARK: manifest.csv

    func importManifest(_ r: CSVReader) throws {
        let name = try r.requiredColumn("propertyName"), valueColumn = try r.requiredColumn("value")
        try eachRow(r) {
            let property = try r.string(at: name).lowercased()
            let value = try r.string(at: valueColumn).lowercased()
            if property == "oneroster.version" {
                guard value == "1.1" || value == "1.2" else {
                    throw error(r, valueColumn, "OneRoster version \"\(value)\" is not supported; expected 1.1 or 1.2")
                }
                version = value
            } else if property.hasPrefix("file.") {
                let fileKey = String(property.dropFirst(5)).lowercased()
                guard let kind = ImportFileKind.allCases.first(where: { $0.rawValue.lowercased() == fileKey }) else { return }
                switch value {
                case "bulk": modes[kind] = .bulk
                case "delta": modes[kind] = .delta
                case "absent": modes[kind] = nil
                default: throw error(r, valueColumn, "\"\(value)\" is not bulk, delta or absent")
                }
            }
        }
        report.oneRosterVersion = version
    }
}

extension CSVReader {
    /// Reads whatever is left so the hash covers the file, and returns it.
    func finishHashing() -> String {
        while true {
            do {
                if try !next() { break }
            } catch {
                continue
            }
        }
        return hasher.hexDigest()
    }
}
