import PeerPlanStore

/// The store's errors with the flag at fault and the command that fixes them.
extension StoreError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .unknownSchool, .noBellSchedule:
            return "--school: \(description)"
        case .unknownTerm:
            return "--term: \(description)"
        case .unknownCredential, .credentialNotAttached:
            return "--credential: \(description)" + (isNotAttached ? "; use `peerplan mc attach`" : "")
        case .unknownPLCTeam, .teamFull, .teamTooSmall:
            return "--team: \(description)"
        case .outdatedPLCTeam(_, let school):
            return "--team: \(description) (`peerplan plcs show --school \(school)`)"
        case .teacherNotAtSchool, .alreadyInTeam, .tooManyTeams, .notInTeam:
            return "--teacher: \(description)"
        case .noProposal(let school):
            return "--school: \(description); run `peerplan pairs propose --school \(school)` first"
        case .noProposalAtAnySchool:
            return "--all-schools: \(description); run `peerplan pairs propose --all-schools` first"
        case .notAProposal:
            return "--run: \(description)"
        case .noPLCTeams(let school):
            return "--school: \(description); run `peerplan plcs propose --school \(school)`"
        case .noSchedule(let school, let purpose):
            switch purpose {
            case .costs, .publishing: return "--school: \(description); run `peerplan schedule --school \(school)` first"
            case .viewing, .weekChanges: return "--school: \(description); run `peerplan schedule --school \(school)`"
            }
        case .noAcceptedPair, .alreadyLocked, .noDecision:
            return "--target: \(description)"
        case .pairedWithSelf:
            return "--partner: \(description)"
        case .negativeCapacity:
            return "--capacity: \(description)"
        case .invalidPLCPolicy:
            return "--min-size/--max-size: \(description)"
        case .dateOutsideTerms:
            return "--date: \(description)"
        case .notASchoolDay:
            return "--absent: \(description)"
        case .noTerms:
            return "academicSessions.csv: \(description)"
        case .configNotFound:
            return "\(description); pass --config DIR or set PEERPLAN_CONFIG"
        case .costFileNotFound:
            return "\(description) (pass --costs FILE or --config DIR)"
        case .unknownTeacher, .invalidPlacementProblem:
            return description
        }
    }

    private var isNotAttached: Bool {
        if case .credentialNotAttached = self { return true }
        return false
    }
}
