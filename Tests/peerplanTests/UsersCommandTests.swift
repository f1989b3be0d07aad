import Foundation
import PeerPlanTestSupport
import Testing

extension CLI {
    /// Runs `peerplan` with `input` on its standard input.
    static func run(_ arguments: [String], input: String) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PEERPLAN_CONFIG"] = configDirectory.path
        env.removeValue(forKey: "PEERPLAN_DB")
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// `peerplan users …`: passwords from standard input only, validation in domain words, no hash ever printed.
@Suite(.serialized) struct UsersCommandTests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func addListResetRemove() throws {
        let tmp = try TempDir()
        let db = tmp.path("users.sqlite").path
        #expect(try CLI.run(["import", fixtures, "--db", db]).status == 0)
        let added = try CLI.run(["users", "add", "--email", "Pat@Riverbend.example", "--role", "principal", "--school", "sch-mid",
                                 "--password-stdin", "--db", db], input: "a long enough password\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Added pat@riverbend.example  principal  Cedar Middle (sch-mid).\n")
        let teacher = try CLI.run(["users", "add", "--email", "keisha@riverbend.example", "--role", "teacher", "--teacher", "t-mid-02",
                                   "--password-stdin", "--db", db], input: "another long password")
        #expect(teacher.stdout == "Added keisha@riverbend.example  teacher  Keisha Williams (t-mid-02).\n")
        let list = try CLI.run(["users", "list", "--format", "json", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("\"email\" : \"keisha@riverbend.example\"") && list.stdout.contains("\"schools\" : [\n      \"sch-mid\""))
        #expect(!list.stdout.contains("$2b$") && !list.stdout.contains("password"))
        let reset = try CLI.run(["users", "reset-password", "--email", "PAT@riverbend.example", "--password-stdin", "--db", db], input: "a brand new password\n")
        #expect(reset.status == 0 && reset.stdout.contains("their sessions have ended"))
        #expect(try CLI.run(["users", "remove", "--email", "pat@riverbend.example", "--db", db]).stdout == "Removed pat@riverbend.example.\n")
        #expect(try CLI.run(["users", "list", "--db", db]).stdout == "keisha@riverbend.example  teacher  Keisha Williams (t-mid-02)\n")
    }

    @Test func refusalsNameTheFlag() throws {
        let tmp = try TempDir()
        let db = tmp.path("users.sqlite").path
        #expect(try CLI.run(["import", fixtures, "--db", db]).status == 0)
        func add(_ extra: [String], input: String = "a long enough password") throws -> CLI.Result {
            try CLI.run(["users", "add", "--email", "x@riverbend.example", "--password-stdin", "--db", db] + extra, input: input)
        }
        let cases: [([String], String, String)] = [
            (["--role", "principal"], "a long enough password", "Error: --school: a principal account needs at least one school\n"),
            (["--role", "principal", "--school", "sch-nope"], "a long enough password", "Error: --school: unknown school \"sch-nope\" (known: sch-elm, sch-high, sch-mid)\n"),
            (["--role", "teacher"], "a long enough password", "Error: --teacher: a teacher account needs the roster teacher it belongs to\n"),
            (["--role", "teacher", "--teacher", "t-nobody"], "a long enough password", "Error: unknown teacher \"t-nobody\"\n"),
            (["--role", "district"], "\n", "Error: --password-stdin: the password is empty\n"),
            (["--role", "district"], "too short\n", "Error: --password-stdin: the password is too short (at least 12 characters)\n"),
        ]
        for (extra, input, message) in cases {
            let result = try add(extra, input: input)
            #expect(result.status == 1, "\(extra)")
            #expect(result.stderr == message, "\(extra)")
        }
        // The password is never a flag.
        let noStdin = try CLI.run(["users", "add", "--email", "x@riverbend.example", "--role", "district", "--db", db], input: "")
        #expect(noStdin.status == 64 && noStdin.stderr.contains("--password-stdin"))
        #expect(try CLI.run(["users", "list", "--db", db]).stdout == "No accounts yet (`peerplan users add`).\n")
    }
}
