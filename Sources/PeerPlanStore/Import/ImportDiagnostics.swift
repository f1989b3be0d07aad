import Foundation

/// How an import reads its files (README, "How an import decides").
public struct ImportOptions: Sendable, Hashable {
    /// The encoding of every file of the import (UTF-8 unless the district says otherwise).
    public var encoding: TextEncoding
    /// Every warning refuses the import, as an error would.
    public var strict: Bool

    public init(encoding: TextEncoding = .utf8, strict: Bool = false) {
        self.encoding = encoding
        self.strict = strict
    }
}

/// Something the import set aside or interpreted, and went on: where, what was done, and why.
/// Notes are the same shape but only inform (an ignored column, a department counted as its
/// school); they never refuse an import, even a strict one.
public struct ImportWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        // Warnings: a row or value set aside or interpreted.
        /// A department (or other sub-school org) with no listed school above it stands in for one.
        case departmentStandsInForSchool
        /// A school's parent org is not in orgs.csv: the school is kept without a district.
        case unknownParentOrg
        /// An active row that points only at rows marked `tobedeleted`, set aside.
        case refersToDeletedRow
        /// A class's periods match neither the bell schedule's names nor a period list: its
        /// meeting times are unknown.
        case unknownClassPeriods
        /// A user enrolled as a class's teacher who is not a teacher in users.csv.
        case enrolledTeacherNotATeacher
        /// A teacher teaches a class at a school missing from their orgs.
        case classOutsideTeachersSchools
        // Notes.
        /// Columns that are neither read by PeerPlan nor part of OneRoster (misspelled headers).
        case unknownColumns
        /// A department counts as the school above it.
        case departmentCountsAsSchool
        /// A school has classes but no bell schedule: its teachers' free time is unknown.
        case schoolWithoutBellSchedule

        public var isNote: Bool {
            switch self {
            case .unknownColumns, .departmentCountsAsSchool, .schoolWithoutBellSchedule: return true
            default: return false
            }
        }
    }

    public var kind: Kind
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String?
    /// What was found, what was done, and why.
    public var message: String

    public init(kind: Kind, file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `classes.csv:14: column 14 "periods": …`, located like an `InputError`.
    public var description: String {
        InputError(file: file, line: line, column: column, field: field, message: message).description
    }
}

/// An import that was refused: every error found (up to `ImportRefused.limit`), grouped by file
/// in the order the files are read, and the total. Nothing was changed.
public struct ImportRefused: Error, Sendable, CustomStringConvertible {
    public static let limit = 200

    public var errors: [InputError]
    /// All errors found, including those beyond the limit.
    public var total: Int
    /// How many of the errors are warnings refused because the import was strict.
    public var strictWarnings: Int
    /// What was found besides the errors (not written: the import changed nothing).
    public var warnings: [ImportWarning]

    public init(errors: [InputError], total: Int, strictWarnings: Int = 0, warnings: [ImportWarning] = []) {
        self.errors = errors
        self.total = total
        self.strictWarnings = strictWarnings
        self.warnings = warnings
    }

    /// A refusal for one problem that is not about a file's rows (a missing folder).
    public init(_ error: InputError) {
        self.init(errors: [error], total: 1)
    }

    /// The first error (there is always one).
    public var first: InputError { errors[0] }

    /// Errors by file, files in the order they were read.
    public var byFile: [(file: String, errors: [InputError])] {
        var order: [String] = []
        var groups: [String: [InputError]] = [:]
        for error in errors {
            if groups[error.file] == nil { order.append(error.file) }
            groups[error.file, default: []].append(error)
        }
        return order.map { ($0, groups[$0]!) }
    }

    public var description: String {
        var lines = errors.map(\.description)
        if total > errors.count { lines.append("… and \(total - errors.count) more") }
        return lines.joined(separator: "\n")
    }
}
