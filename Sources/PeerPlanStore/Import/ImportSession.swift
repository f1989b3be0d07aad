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
    var report = ImportReport()
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

    // Users of this import that are not teachers (students are in a scratch table, on disk).
    var usersInThisImport = false
    var staffRoles: [String: String] = [:]
    var teacherRolesFromRolesFile: [String: [(org: String, primary: Bool, line: Int)]] = [:]
    var nonTeacherRolesFromRolesFile: [String: String] = [:]
    var rolesFile: String?

    init(db: Database, config: PeerPlanConfig, wholeDistrict: Bool, kinds: Set<ImportFileKind>) throws {
        self.db = db
        self.config = config
        self.wholeDistrict = wholeDistrict
        self.kinds = kinds
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId FROM district") { districts.insert(row[0]) }
        for row in try Row.fetchAll(db, sql: "SELECT sourcedId, districtId FROM school") { schools[row[0]] = row[1] as String? }
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

    func warn(_ text: String) {
        report.warningCount += 1
        if report.warnings.count < 50 { report.warnings.append(text) }
    }

    func mode(of kind: ImportFileKind) -> Mode {
        if let mode = modes[kind] { return mode }
        return wholeDistrict ? .bulk : .delta
    }

    // MARK: - Rubrics from Config

    func syncRubrics() throws {
        let rubricSQL = Self.upsertSQL("rubric", keys: ["id"], columns: ["name", "scaleMin", "scaleMax", "weakAtMost", "strongAtLeast", "source", "thresholdsSource"])
        let indicatorSQL = Self.upsertSQL("indicator", keys: ["rubricId", "id"], columns: ["name", "domain", "position"])
        for rubric in config.rubrics {
            try write("rubric", rubricSQL, [rubric.id, rubric.name, rubric.scaleMin, rubric.scaleMax, rubric.weakAtMost,
                                            rubric.strongAtLeast, rubric.source, config.thresholdsSources[rubric.id] ?? ""])
            for (position, indicator) in rubric.indicators.enumerated() {
                try write("indicator", indicatorSQL, [rubric.id, indicator.id, indicator.name, indicator.domain, position + 1])
            }
        }
    }

    // MARK: - Files

    func importFile(_ file: ImportFile) throws {
        let reader = try CSVReader(url: file.url, displayName: file.displayName)
        switch file.kind {
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
        // Read to the end so the fingerprint covers the whole file.
        report.files.append(file.displayName)
        fileDigests.append((file.kind.rawValue, reader.finishHashing()))
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
        while try r.next() {
            let property = try r.string(at: name).lowercased()
            let value = try r.string(at: valueColumn).lowercased()
            if property == "oneroster.version" {
                guard value == "1.1" || value == "1.2" else {
                    throw error(r, valueColumn, "OneRoster version \"\(value)\" is not supported; expected 1.1 or 1.2")
                }
                version = value
            } else if property.hasPrefix("file.") {
                let fileKey = String(property.dropFirst(5)).lowercased()
                guard let kind = ImportFileKind.allCases.first(where: { $0.rawValue.lowercased() == fileKey }) else { continue }
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
        while (try? next()) == true {}
        return hasher.hexDigest()
    }
}
