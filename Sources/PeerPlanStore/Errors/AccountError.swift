import Foundation

/// Why an account, a sign-in or a web session could not be handled, in domain words and
/// carrying the values at fault. The CLI adds flags (`users add --email …`), the web layer
/// statuses; unknown schools and teachers are `StoreError`s, as everywhere else.
package enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidEmail(String)
    case emailTaken(String)
    case unknownAccount(email: String)
    case emptyPassword
    case passwordTooShort(minimum: Int)
    case passwordTooLong(maximumBytes: Int)
    /// A principal must hold at least one school.
    case principalWithoutSchool
    /// Schools belong to principal accounts only (district staff see every school; a teacher's
    /// schools come from the roster).
    case schoolsNotAllowed(role: Account.Role)
    /// A teacher account must be bound to a roster teacher.
    case teacherAccountWithoutTeacher
    /// Only a teacher account is bound to a roster teacher.
    case teacherNotAllowed(role: Account.Role)
    /// One account per roster teacher.
    case teacherHasAccount(teacher: String, email: String)
    /// Wrong email or wrong password: deliberately the same case for both, so nobody can learn
    /// which emails have accounts.
    case signInRefused
    /// Too many failed sign-ins for this email recently; try again at `until`.
    case tooManySignInAttempts(until: Date)

    package var description: String {
        switch self {
        case .invalidEmail(let email):
            return "\"\(email)\" is not an email address"
        case .emailTaken(let email):
            return "an account for \(email) already exists"
        case .unknownAccount(let email):
            return "no account for \(email)"
        case .emptyPassword:
            return "the password is empty"
        case .passwordTooShort(let minimum):
            return "the password is too short (at least \(minimum) characters)"
        case .passwordTooLong(let maximum):
            return "the password is too long (at most \(maximum) bytes; bcrypt reads no further)"
        case .principalWithoutSchool:
            return "a principal account needs at least one school"
        case .schoolsNotAllowed(let role):
            return role == .district
                ? "district accounts see every school; give no school"
                : "a teacher account's schools come from the roster; give no school"
        case .teacherAccountWithoutTeacher:
            return "a teacher account needs the roster teacher it belongs to"
        case .teacherNotAllowed(let role):
            return "a \(role.rawValue) account is not bound to a roster teacher"
        case .teacherHasAccount(let teacher, let email):
            return "teacher \(teacher) already has an account (\(email))"
        case .signInRefused:
            return "wrong email or password"
        case .tooManySignInAttempts(let until):
            return "too many failed sign-ins; try again after \(until.formatted(.iso8601))"
        }
    }
}
