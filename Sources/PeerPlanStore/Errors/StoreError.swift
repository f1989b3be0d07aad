import PeerPlanCore

/// Why the store could not do what it was asked, in domain words, carrying the values at fault.
/// Problems located in an input file are `InputError`s instead (file, line, column, field).
///
/// Front ends add what only they know: the CLI the flag and the command that fixes it, the web
/// layer an HTTP status (`kind` groups the cases for that).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    // Something named does not exist.
    case unknownSchool(String, known: [String])
    case unknownTeacher(String)
    case unknownTerm(String, known: [String])
    case unknownCredential(String, known: [String])
    case unknownPLCTeam(Int64)
    case teacherNotAtSchool(teacher: String, school: String)

    // A step that must come first has not happened yet.
    /// No term, semester or school year has been imported.
    case noTerms
    /// No Config folder (no `policy.yaml`) where one was looked for.
    case configNotFound(policyFile: String)
    /// A file the cost model reads (`costs.yaml`, `microcredentials.yaml`) is missing.
    case costFileNotFound(String)
    case noBellSchedule(school: String)
    case noProposal(school: String)
    /// No school of the district has a pairing proposal (a district-wide accept had nothing to accept).
    case noProposalAtAnySchool
    case notAProposal(run: Int64, school: String)
    case noPLCTeams(school: String)
    /// No weekly pattern has been placed for the school (`purpose` says what needed it).
    case noSchedule(school: String, purpose: SchedulePurpose)
    case noAcceptedPair(target: String)
    case credentialNotAttached(teacher: String, credential: String)

    // A request that breaks one of the product's rules.
    case pairedWithSelf(String)
    case alreadyLocked(target: String, partner: String)
    case noDecision(partner: String, target: String)
    case negativeCapacity(Int)
    case outdatedPLCTeam(team: Int64, school: String)
    case alreadyInTeam(teacher: String, team: Int64)
    case teamFull(team: Int64, members: Int, maxSize: Int)
    case tooManyTeams(teacher: String, teams: Int, maxTeams: Int)
    case notInTeam(teacher: String, team: Int64)
    case teamTooSmall(team: Int64, minSize: Int)
    case invalidPLCPolicy(String)
    case dateOutsideTerms(CalendarDate, nearest: SchoolTerm)
    case notASchoolDay(CalendarDate, weekOf: CalendarDate)
    case invalidPlacementProblem(school: String, field: String?, message: String)

    /// What needed a placed week.
    public enum SchedulePurpose: Sendable, Equatable {
        case viewing, weekChanges, costs, publishing
    }

    /// The broad kind of failure, for front ends that answer with a status.
    public enum Kind: Sendable, Equatable {
        /// Something named does not exist (or is not visible to the caller).
        case notFound
        /// An earlier step of the cycle has not been done yet.
        case missingStep
        /// The request breaks a rule; nothing was changed.
        case ruleViolation
    }

    public var kind: Kind {
        switch self {
        case .unknownSchool, .unknownTeacher, .unknownTerm, .unknownCredential, .unknownPLCTeam, .teacherNotAtSchool:
            return .notFound
        case .noTerms, .configNotFound, .costFileNotFound, .noBellSchedule, .noProposal, .noProposalAtAnySchool, .notAProposal, .noPLCTeams, .noSchedule, .noAcceptedPair, .credentialNotAttached:
            return .missingStep
        default:
            return .ruleViolation
        }
    }

    public var description: String {
        switch self {
        case .unknownSchool(let id, let known):
            return "unknown school \"\(id)\" (known: \(Self.list(known, limit: 12)))"
        case .unknownTeacher(let id):
            return "unknown teacher \"\(id)\""
        case .unknownTerm(let id, let known):
            return "unknown term \"\(id)\"; academicSessions.csv lists \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        case .unknownCredential(let id, let known):
            return "unknown micro-credential \"\(id)\"; Config/microcredentials.yaml lists \(known.joined(separator: ", "))"
        case .unknownPLCTeam(let team):
            return "no PLC team \(team)"
        case .teacherNotAtSchool(let teacher, let school):
            return "\(teacher) does not teach at \(school)"
        case .noTerms:
            return "no terms imported; import academicSessions.csv (type term, semester or schoolYear) first"
        case .configNotFound(let file):
            return "\(file): the Config folder was not found"
        case .costFileNotFound(let file):
            return "\(file): not found; the cost model needs it"
        case .noBellSchedule(let school):
            return "school \(school) has no bell schedule; import bell-schedules.csv first"
        case .noProposal(let school):
            return "no proposal for \(school) yet"
        case .noProposalAtAnySchool:
            return "no school has a pairing proposal yet"
        case .notAProposal(let run, let school):
            return "run \(run) is not a pairing proposal for \(school)"
        case .noPLCTeams(let school):
            return "no PLC teams for \(school) yet"
        case .noSchedule(let school, let purpose):
            switch purpose {
            case .weekChanges: return "no weekly pattern for \(school) yet"
            case .costs: return "no schedule for \(school) yet (costs come from the placed week)"
            case .viewing, .publishing: return "no schedule for \(school) yet"
            }
        case .noAcceptedPair(let target):
            return "\(target) has no pair in an accepted cycle"
        case .credentialNotAttached(let teacher, let credential):
            return "\(teacher) has no \(credential) attached"
        case .pairedWithSelf:
            return "a teacher cannot be paired with themselves"
        case .alreadyLocked(let target, let partner):
            return "\(target) is already locked with \(partner); unlock that pair first (a teacher has one partner)"
        case .noDecision(let partner, let target):
            return "there is no lock or prohibition for \(partner)–\(target)"
        case .negativeCapacity:
            return "capacity must not be negative"
        case .outdatedPLCTeam(let team, _):
            return "team \(team) belongs to an older proposal; edit the latest"
        case .alreadyInTeam(let teacher, let team):
            return "\(teacher) is already in team \(team)"
        case .teamFull(let team, let members, let maxSize):
            return "team \(team) already has \(members) members (at most \(maxSize))"
        case .tooManyTeams(let teacher, let teams, let maxTeams):
            return "\(teacher) is already in \(teams) teams (at most \(maxTeams))"
        case .notInTeam(let teacher, let team):
            return "\(teacher) is not in team \(team)"
        case .teamTooSmall(let team, let minSize):
            return "team \(team) would have fewer than \(minSize) members"
        case .invalidPLCPolicy(let message):
            return message
        case .dateOutsideTerms(let date, let term):
            return "\(date) is outside every term (the nearest is \(term.title), \(term.start) to \(term.end))"
        case .notASchoolDay(let date, let monday):
            return "\(date) is not a school day of the week of \(monday)"
        case .invalidPlacementProblem(let school, let field, let message):
            return "placement problem for \(school): " + (field.map { "\"\($0)\": " } ?? "") + message
        }
    }

    /// At most `limit` ids, then "…".
    static func list(_ ids: [String], limit: Int) -> String {
        ids.prefix(limit).joined(separator: ", ") + (ids.count > limit ? ", …" : "")
    }
}
