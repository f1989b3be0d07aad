import ArgumentParser
import Foundation

/// A library error as a person at a terminal needs it: which flag or argument was at fault and
/// which `peerplan` command fixes it. Libraries throw errors in domain words (an unknown school,
/// no accepted pairs); only this module knows the flags and commands, so each library error type
/// that a command can meet conforms here (`Sources/peerplan/Errors/TYPE+CommandLine.swift`).
protocol CommandLineDescribable: Error {
    /// The whole line printed after `Error: `.
    var commandLineMessage: String { get }
}

/// What `peerplan` prints and exits with when a command fails. Exit code 1, as every library
/// error had before; usage errors keep ArgumentParser's 64.
struct CommandLineError: Error, CustomStringConvertible {
    var description: String

    /// `error` translated for the terminal: library errors get their flag and hint, everything
    /// else (ArgumentParser's own errors, `ExitCode`) passes through untouched.
    static func translate(_ error: Error) -> Error {
        if let describable = error as? CommandLineDescribable {
            return CommandLineError(description: describable.commandLineMessage)
        }
        return error
    }
}

extension PeerPlanCommand {
    /// ArgumentParser's `main()`, with library errors translated on the way out.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CommandLineError.translate(error))
        }
    }
}
