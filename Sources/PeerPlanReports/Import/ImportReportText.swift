import Foundation
import PeerPlanStore

/// What an import did, or why it was refused, as a district data manager reads it.
package enum ImportReportText {
    /// How each kind of warning or note is counted in words ("3 classes with unknown periods").
    package static func label(_ kind: ImportWarning.Kind, count: Int) -> String {
        let plural = count != 1
        switch kind {
        case .departmentStandsInForSchool: return plural ? "departments standing in for a school" : "department standing in for a school"
        case .unknownParentOrg: return plural ? "schools whose parent org is not listed" : "school whose parent org is not listed"
        case .refersToDeletedRow: return plural ? "rows set aside: they point at rows marked tobedeleted" : "row set aside: it points at a row marked tobedeleted"
        case .unknownClassPeriods: return plural ? "classes with unknown meeting times (periods match no bell period)" : "class with unknown meeting times (periods match no bell period)"
        case .enrolledTeacherNotATeacher: return plural ? "teacher enrollments set aside: the user is not a teacher" : "teacher enrollment set aside: the user is not a teacher"
        case .classOutsideTeachersSchools: return plural ? "classes taught at a school missing from the teacher's orgs" : "class taught at a school missing from the teacher's orgs"
        case .unknownColumns: return plural ? "files with columns ignored" : "file with columns ignored"
        case .departmentCountsAsSchool: return plural ? "files whose departments count as their school" : "file whose departments count as their school"
        case .schoolWithoutBellSchedule: return plural ? "schools without a bell schedule" : "school without a bell schedule"
        }
    }

    /// The report. Counts per kind always; every warning and note when `verbose`, otherwise
    /// `listHint` (how to see them) after the counts.
    package static func text(_ report: ImportReport, verbose: Bool, listHint: String? = nil) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line("Read \(report.files.count) file\(report.files.count == 1 ? "" : "s")" +
             (report.oneRosterVersion.isEmpty ? "" : " (OneRoster \(report.oneRosterVersion))") +
             "; \(report.studentRowsReadPast) student enrollment rows read past, not stored.")
        if !report.warnings.isEmpty || !report.notes.isEmpty {
            let warningKinds = report.counts.filter { !$0.kind.isNote }, noteKinds = report.counts.filter { $0.kind.isNote }
            if !warningKinds.isEmpty {
                line("\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"): set aside or interpreted, and imported the rest:")
                for (kind, count) in warningKinds { line("  \(count) \(label(kind, count: count))") }
            }
            if !noteKinds.isEmpty {
                line("\(report.notes.count) note\(report.notes.count == 1 ? "" : "s"):")
                for (kind, count) in noteKinds { line("  \(count) \(label(kind, count: count))") }
            }
            if verbose {
                for warning in report.warnings { line("warning: \(warning)") }
                for note in report.notes { line("note: \(note)") }
            } else if let listHint {
                line(listHint)
            }
        }
        if !report.changed {
            line("Nothing changed: the store already holds exactly this data.")
            return out
        }
        let tables = Set(report.written.keys).union(report.deleted.keys).sorted()
        for table in tables {
            let written = report.written[table] ?? 0, deleted = report.deleted[table] ?? 0
            var parts: [String] = []
            if written > 0 { parts.append("\(written) added or updated") }
            if deleted > 0 { parts.append("\(deleted) removed") }
            line("  \(table): \(parts.joined(separator: ", "))")
        }
        line("Recorded as run #\(report.runId ?? 0) (inputs \(report.fingerprint.prefix(12))).")
        return out
    }

    /// A refused import: that nothing changed, then every error as `file:line: column …` (an
    /// editor can jump to each), grouped by file in reading order, then how many more.
    /// `encodingHint` is added after an encoding error (how to import the file in its encoding).
    package static func refusal(_ refused: ImportRefused, encodingHint: String? = nil) -> String {
        var lines: [String] = []
        let shown = refused.errors.count
        lines.append("The import was refused: \(refused.total) error\(refused.total == 1 ? "" : "s")"
                     + (refused.strictWarnings > 0 ? " (\(refused.strictWarnings) of them warnings, refused because the import is strict)" : "")
                     + ". Nothing was changed.")
        for (_, errors) in refused.byFile {
            for error in errors {
                lines.append(error.description)
                if error.kind == .encoding, let encodingHint { lines.append("  " + encodingHint) }
            }
        }
        if refused.total > shown { lines.append("… and \(refused.total - shown) more (the first \(shown) are listed)") }
        return lines.joined(separator: "\n")
    }
}
