import ArgumentParser
import Foundation
import PeerPlanStore

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Web accounts: district staff, principals (of one or more schools) and teachers (bound to a roster teacher).",
        discussion: """
        Passwords are read from standard input (--password-stdin), never from a flag, and kept only as bcrypt hashes. \
        `peerplan serve` signs these accounts in. Every change is recorded in the audit table.
        """,
        subcommands: [UsersAdd.self, UsersList.self, UsersRemove.self, UsersResetPassword.self])
}

extension Account.Role: ExpressibleByArgument {}

/// The password, from standard input: a pipe (`printf '%s' "$PW" | peerplan users add …`) or,
/// at a terminal, typed without echo. One trailing line break is dropped.
struct PasswordInput: ParsableArguments {
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input (required: passwords are never flags).")
    var fromStandardInput = false

    func validate() throws {
        guard fromStandardInput else {
            throw ValidationError("give --password-stdin and pipe or type the password (it is never a flag, so it stays out of shell history)")
        }
    }

    func read() -> String {
        if isatty(STDIN_FILENO) == 1, let typed = getpass("Password: ") {
            return String(cString: typed)
        }
        var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

struct UsersAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an account.",
        discussion: """
        A principal needs --school (repeat it for several schools; the first is their home page). A teacher needs --teacher, \
        the roster teacher (sourcedId) the account belongs to. District staff take neither: they see every school.
        """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The email they sign in with (any case).") var email: String
    @Option(help: "district, principal or teacher.") var role: Account.Role
    @Option(name: .customLong("school"), help: "A school the principal holds (sourcedId); repeat for several.") var schools: [String] = []
    @Option(help: "The roster teacher (sourcedId) a teacher account belongs to.") var teacher: String?
    @OptionGroup var password: PasswordInput

    func run() throws {
        let accounts = Accounts(store: try options.openExistingStore())
        let account = try accounts.add(email: email, role: role, schools: schools, teacher: teacher, password: password.read())
        print("Added \(UsersList.line(account)).")
    }
}

struct UsersList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts (never their passwords).")

    @OptionGroup var options: StoreOptions
    @Option(help: "text, json or csv.") var format: OutputFormat = .text

    struct Entry: Codable {
        var email: String
        var role: String
        var schools: [String]
        var teacher: String?
        var createdAt: String
    }

    func run() throws {
        let accounts = try Accounts(store: try options.openExistingStore()).list()
        let entries = accounts.map {
            Entry(email: $0.email, role: $0.role.rawValue, schools: $0.schools.map(\.id), teacher: $0.teacherId,
                  createdAt: $0.createdAt.formatted(.iso8601))
        }
        switch format {
        case .json:
            print(try jsonString(entries))
        case .csv:
            print("email,role,schools,teacher,createdAt")
            for e in entries { print([e.email, e.role, e.schools.joined(separator: " "), e.teacher ?? "", e.createdAt].joined(separator: ",")) }
        case .text:
            if accounts.isEmpty { print("No accounts yet (`peerplan users add`).") }
            for account in accounts { print(Self.line(account)) }
        }
    }

    /// `pat@x.org  principal  Cedar Middle (sch-mid)`
    static func line(_ account: Account) -> String {
        var text = "\(account.email)  \(account.role.rawValue)"
        if !account.schools.isEmpty { text += "  " + account.schools.map { "\($0.name) (\($0.id))" }.joined(separator: ", ") }
        if let teacher = account.teacherId { text += "  " + (account.teacherName.map { "\($0) (\(teacher))" } ?? teacher) }
        return text
    }
}

struct UsersRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an account; its sessions end at once.")

    @OptionGroup var options: StoreOptions
    @Option(help: "The account's email.") var email: String

    func run() throws {
        let account = try Accounts(store: try options.openExistingStore()).remove(email: email)
        print("Removed \(account.email).")
    }
}

struct UsersResetPassword: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset-password",
                                                    abstract: "Set a new password (from standard input); the account is signed out everywhere.")

    @OptionGroup var options: StoreOptions
    @Option(help: "The account's email.") var email: String
    @OptionGroup var password: PasswordInput

    func run() throws {
        let accounts = Accounts(store: try options.openExistingStore())
        try accounts.resetPassword(email: email, password: password.read())
        print("New password set for \(email.lowercased()); their sessions have ended.")
    }
}
