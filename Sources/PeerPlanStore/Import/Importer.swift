import Foundation
import GRDB
import PeerPlanCore
import ZIPFoundation

/// Imports district files into the store. Every import is one transaction: it reads every file
/// and, if it found any error, throws `ImportRefused` listing them all and writes nothing; an
/// import that would change nothing leaves the file untouched (no run row). Warnings (rows or
/// values set aside or interpreted) are in the report, or refuse the import when `strict`.
public struct Importer: Sendable {
    public let store: Store
    public let config: PeerPlanConfig
    public let options: ImportOptions

    public init(store: Store, config: PeerPlanConfig, options: ImportOptions = ImportOptions()) {
        self.store = store
        self.config = config
        self.options = options
    }

    /// Imports a district folder or a `.zip` of one: every known file that is present.
    public func importDistrict(at path: String) throws -> ImportReport {
        try importDistrict(at: path, audit: nil)
    }

    /// `importDistrict(at:)`, then `audit` inside the same transaction when it changed anything.
    func importDistrict(at path: String, audit: (@Sendable (Database, ImportReport) throws -> Void)?) throws -> ImportReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportRefused(InputError(file: path, message: "no such file or folder"))
        }
        if isDirectory.boolValue {
            var shown = path
            while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
            return try importFiles(Self.districtFiles(in: URL(fileURLWithPath: path), displayPrefix: shown), wholeDistrict: true, audit: audit)
        }
        guard path.lowercased().hasSuffix(".zip") else {
            throw ImportRefused(InputError(file: path, message: "expected a district folder or a .zip of one, or a single file with its kind"))
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.unzipItem(at: URL(fileURLWithPath: path), to: scratch)
        } catch {
            throw ImportRefused(InputError(file: path, message: "cannot read the zip archive (\(error))"))
        }
        // The files may sit at the top of the archive or in one folder inside it.
        var root = scratch
        let top = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?.filter { !$0.hasPrefix("__MACOSX") && !$0.hasPrefix(".") } ?? []
        if top.count == 1, !top[0].lowercased().hasSuffix(".csv") { root = scratch.appendingPathComponent(top[0]) }
        let zipName = URL(fileURLWithPath: path).lastPathComponent
        return try importFiles(Self.districtFiles(in: root, displayPrefix: zipName), wholeDistrict: true, audit: audit)
    }

    static func districtFiles(in directory: URL, displayPrefix: String) throws -> [ImportFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var files: [ImportFile] = []
        for kind in ImportFileKind.allCases {
            // File names are matched ignoring case (`Users.csv` happens).
            let matches = names.filter { $0.lowercased() == kind.fileName.lowercased() }.sorted()
            if matches.count > 1 {
                throw ImportRefused(InputError(file: displayPrefix, message: "both \(matches.joined(separator: " and ")) are present; keep one"))
            }
            if let name = matches.first {
                let url = directory.appendingPathComponent(name)
                files.append(ImportFile(kind: kind, url: url, displayName: displayPrefix + "/" + name))
            }
        }
        if files.isEmpty {
            throw ImportRefused(InputError(file: displayPrefix, message: "no district files found (expected e.g. orgs.csv, users.csv, classes.csv, ratings.csv)"))
        }
        return files
    }

    /// Imports the given files in one transaction. `wholeDistrict`: OneRoster files without a
    /// manifest entry are treated as `bulk` (complete) rather than `delta`.
    public func importFiles(_ files: [ImportFile], wholeDistrict: Bool = false) throws -> ImportReport {
        try importFiles(files, wholeDistrict: wholeDistrict, audit: nil)
    }

    func importFiles(_ files: [ImportFile], wholeDistrict: Bool, audit: (@Sendable (Database, ImportReport) throws -> Void)?) throws -> ImportReport {
        let sorted = files.sorted { $0.kind < $1.kind }
        var report = ImportReport()
        var refusal: ImportRefused?
        var committing = DispatchTime.now().uptimeNanoseconds
        try store.writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let session = try ImportSession(db: db, config: config, wholeDistrict: wholeDistrict,
                                                kinds: Set(sorted.map(\.kind)), options: options)
                defer { session.dropScratchTables() }
                try session.syncRubrics()
                for file in sorted {
                    try session.importFile(file)
                }
                try session.syncParticipation()
                let checking = DispatchTime.now().uptimeNanoseconds
                try session.finish()
                session.report.seconds["checks"] = Double(DispatchTime.now().uptimeNanoseconds - checking) / 1e9
                if session.errorCount > 0 || (options.strict && !session.report.warnings.isEmpty) {
                    var errors = session.errors
                    var total = session.errorCount
                    var strictCount = 0
                    if options.strict {
                        for warning in session.report.warnings {
                            total += 1
                            strictCount += 1
                            guard errors.count < ImportRefused.limit else { continue }
                            errors.append(InputError(file: warning.file, line: warning.line, column: warning.column, field: warning.field,
                                                     message: warning.message + " (a warning, refused because the import is strict)"))
                        }
                    }
                    refusal = ImportRefused(errors: Self.grouped(errors, order: sorted.map(\.displayName)), total: total,
                                            strictWarnings: strictCount, warnings: session.report.warnings + session.report.notes)
                    return .rollback
                }
                report = session.report
                report.fingerprint = session.fingerprint()
                report.changed = report.totalWritten > 0
                guard report.changed else { return .rollback }
                report.runId = try session.recordRun()
                try audit?(db, report)
                committing = DispatchTime.now().uptimeNanoseconds
                return .commit
            }
        }
        if let refusal { throw refusal }
        if report.changed { report.seconds["commit"] = Double(DispatchTime.now().uptimeNanoseconds - committing) / 1e9 }
        return report
    }

    /// Errors grouped by file in the order the files are read, each file's in the order found.
    static func grouped(_ errors: [InputError], order: [String]) -> [InputError] {
        var rank: [String: Int] = [:]
        for (index, name) in order.enumerated() { rank[name] = index }
        return errors.enumerated().sorted { a, b in
            let ra = rank[a.element.file] ?? -1, rb = rank[b.element.file] ?? -1
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
