import Foundation

/// The files of a district folder, in the order they are imported (each may refer to earlier ones).
public enum ImportFileKind: String, CaseIterable, Sendable, Comparable {
    case manifest
    case orgs
    case academicSessions
    case courses
    case roles
    case users
    case bellSchedules = "bell-schedules"
    case classes
    case enrollments
    case duties
    case calendar
    case ratings
    case participation

    public var fileName: String { rawValue + ".csv" }

    /// OneRoster files follow the manifest's bulk/delta rule; PeerPlan's own files have their own.
    public var isOneRoster: Bool {
        switch self {
        case .manifest, .orgs, .academicSessions, .courses, .roles, .users, .classes, .enrollments: return true
        default: return false
        }
    }

    public static func < (lhs: ImportFileKind, rhs: ImportFileKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Command-line names (`peerplan import ratings FILE`).
    public var commandName: String {
        switch self {
        case .academicSessions: return "sessions"
        default: return rawValue
        }
    }
}

/// One input file of an import.
public struct ImportFile: Sendable {
    public var kind: ImportFileKind
    public var url: URL
    /// How errors name the file (the path the user gave, or `district.zip/classes.csv`).
    public var displayName: String

    public init(kind: ImportFileKind, url: URL, displayName: String? = nil) {
        self.kind = kind
        self.url = url
        self.displayName = displayName ?? url.path
    }
}

/// What an import did.
public struct ImportReport: Sendable, Codable {
    public var files: [String] = []
    public var oneRosterVersion: String = ""
    /// Rows written per table: inserted or updated, and deleted.
    public var written: [String: Int] = [:]
    public var deleted: [String: Int] = [:]
    public var studentRowsReadPast = 0
    public var usersReadPast = 0
    public var warnings: [String] = []
    public var warningCount = 0
    public var changed = false
    public var runId: Int64?
    public var fingerprint = ""

    public init() {}

    public var totalWritten: Int { written.values.reduce(0, +) + deleted.values.reduce(0, +) }
}
