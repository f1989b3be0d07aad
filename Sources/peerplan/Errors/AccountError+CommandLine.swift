import PeerPlanStore

/// Account errors with the flag at fault and the command that helps.
extension AccountError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .invalidEmail, .emailTaken:
            return "--email: \(description)"
        case .unknownAccount:
            return "--email: \(description) (`peerplan users list` shows the accounts)"
        case .emptyPassword, .passwordTooShort, .passwordTooLong:
            return "--password-stdin: \(description)"
        case .principalWithoutSchool, .schoolsNotAllowed:
            return "--school: \(description)"
        case .teacherAccountWithoutTeacher, .teacherNotAllowed, .teacherHasAccount:
            return "--teacher: \(description)"
        case .signInRefused, .tooManySignInAttempts:
            return description
        }
    }
}
