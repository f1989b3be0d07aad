import Foundation
import GRDB

extension Importer {
    /// Imports a district folder or `.zip` for a signed-in account: the import and its audit
    /// entry are one transaction (an import that changes nothing writes and records nothing).
    package func importDistrict(at path: String, actor: AuditLog.Actor, now: Date = Date()) throws -> ImportReport {
        try importDistrict(at: path) { db, report in
            try AuditLog.record(db, at: now, actor: actor, action: .districtImported, details: Self.auditSummary(report))
        }
    }

    /// `3 files; teacher: 40 added or updated; … run #2`: what the import changed, in plain words.
    package static func auditSummary(_ report: ImportReport) -> String {
        var parts = ["\(report.files.count) file\(report.files.count == 1 ? "" : "s")"]
        for table in Set(report.written.keys).union(report.deleted.keys).sorted() {
            let written = report.written[table] ?? 0, deleted = report.deleted[table] ?? 0
            var counts: [String] = []
            if written > 0 { counts.append("\(written) added or updated") }
            if deleted > 0 { counts.append("\(deleted) removed") }
            if !counts.isEmpty { parts.append("\(table): \(counts.joined(separator: ", "))") }
        }
        if let run = report.runId { parts.append("run #\(run)") }
        var summary = parts.joined(separator: "; ")
        // What was set aside or interpreted, each located: the web page lists it with the import.
        if !report.warnings.isEmpty {
            summary += ". \(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"): "
                + report.warnings.prefix(20).map(\.description).joined(separator: " · ")
                + (report.warnings.count > 20 ? " · … and \(report.warnings.count - 20) more" : "")
        }
        return summary
    }
}
