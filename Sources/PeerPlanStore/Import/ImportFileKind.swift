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
    /// Every warning (a row or value set aside or interpreted), in the order found.
    public var warnings: [ImportWarning] = []
    /// Every note (ignored columns, departments counted as their school).
    public var notes: [ImportWarning] = []
    public var changed = false
    public var runId: Int64?
    public var fingerprint = ""
    /// Seconds spent on each step (a file's kind, then `checks` and `commit`), for the benchmark:
    /// not part of the JSON report, which stays the same for the same files.
    public var seconds: [String: Double] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case files, oneRosterVersion, written, deleted, studentRowsReadPast, usersReadPast, warnings, notes, changed, runId, fingerprint
    }

    public var totalWritten: Int { written.values.reduce(0, +) + deleted.values.reduce(0, +) }

    /// How many warnings and notes of each kind, in the kinds' order.
    public var counts: [(kind: ImportWarning.Kind, count: Int)] {
        var counts: [ImportWarning.Kind: Int] = [:]
        for item in warnings + notes { counts[item.kind, default: 0] += 1 }
        return ImportWarning.Kind.allCases.compactMap { kind in counts[kind].map { (kind, $0) } }
    }
}

extension ImportFileKind {
    /// Every column a file of this kind may have: OneRoster 1.1 and 1.2's columns for the file
    /// (whether PeerPlan reads them or not) and PeerPlan's own. `metadata.*` extension columns
    /// are always allowed.
    var columnNames: [String] {
        let common = ["sourcedId", "status", "dateLastModified"]
        switch self {
        case .manifest: return ["propertyName", "value"]
        case .orgs: return common + ["name", "type", "identifier", "parentSourcedId", "timezone"]
        case .academicSessions: return common + ["title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"]
        case .courses: return common + ["schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"]
        case .roles: return common + ["userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"]
        case .users:
            return common + ["enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName", "middleName",
                             "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
                             "resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
                             "primaryOrgSourcedId", "pronouns"]
        case .classes:
            return common + ["title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
                             "termSourcedIds", "subjects", "subjectCodes", "periods", "resources"]
        case .enrollments: return common + ["classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"]
        case .bellSchedules: return ["schoolSourcedId", "day", "period", "start", "end", "kind", "note"]
        case .duties: return ["teacherSourcedId", "day", "period", "duty", "note"]
        case .calendar: return ["schoolSourcedId", "date", "kind", "note", "rotationDay"]
        case .ratings: return ["teacherSourcedId", "rubric", "indicator", "score", "observedOn", "evaluator"]
        case .participation: return ["teacherSourcedId", "participation", "note"]
        }
    }
}
