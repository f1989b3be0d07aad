import Foundation
import PeerPlanCore
import PeerPlanStore

/// Kills a `peerplan` command with SIGKILL at seeded random moments and checks what it leaves:
/// SQLite's integrity check passes, the store holds exactly the state before the command or
/// after it (never a mix: `Store.contentDigest`), and an export folder holds only whole
/// calendars (each `.ics` a complete VCALENDAR; what was being written sits in hidden
/// `.….partial-…` files, which the next export removes).
package struct CrashHarness: Sendable {
    /// One command to kill: its arguments, with `{db}` and `{out}` standing for the store file
    /// and the export folder of each try.
    package struct Command: Sendable {
        package var name: String
        package var arguments: [String]
        package var writesFolder: Bool

        package init(name: String, arguments: [String], writesFolder: Bool = false) {
            self.name = name
            self.arguments = arguments
            self.writesFolder = writesFolder
        }
    }

    package struct Outcome: Sendable, Codable {
        package var command: String
        /// Seconds the command takes when not killed.
        package var seconds: Double
        package var kills: Int
        /// Tries in which the command finished before the kill came.
        package var finishedFirst: Int
        /// After a kill, the store held the state before the command / after it.
        package var sawBefore: Int
        package var sawAfter: Int
        /// Half-written calendars left beside the whole ones (hidden, removed by the next export).
        package var partialFilesLeft: Int
        /// Anything that broke a rule, with the try's number; empty when crash-safe.
        package var problems: [String]
    }

    package var peerplan: URL
    package var environment: [String: String]
    package var seed: UInt64

    package init(peerplan: URL, environment: [String: String] = [:], seed: UInt64 = 1) {
        self.peerplan = peerplan
        self.environment = environment
        self.seed = seed
    }

    /// Runs `command` once to the end from a copy of `before` (and of `folder`, when it writes
    /// one), then `kills` times more, each killed at a random moment of that run's length.
    package func check(_ command: Command, before: String, folder: URL?, kills: Int, scratch: URL) throws -> Outcome {
        let fm = FileManager.default
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        let digestBefore = try Store(path: before).contentDigest()
        // The uninterrupted run: its length and the state after it.
        let full = scratch.appendingPathComponent("full")
        try fresh(full, from: before, folder: folder)
        let started = Date()
        let status = try launch(command, in: full).waitForExit()
        let seconds = Date().timeIntervalSince(started)
        guard status == 0 else { throw HarnessError(message: "\(command.name) failed when not killed (exit \(status))") }
        let digestAfter = try Store(path: full.appendingPathComponent("store.sqlite").path).contentDigest()
        let folderAfter = command.writesFolder ? try listing(full.appendingPathComponent("out")) : [:]

        var random = SplitMix64(state: seed ^ UInt64(command.name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        var outcome = Outcome(command: command.name, seconds: seconds, kills: kills, finishedFirst: 0, sawBefore: 0, sawAfter: 0,
                              partialFilesLeft: 0, problems: [])
        for k in 0..<kills {
            let place = scratch.appendingPathComponent("try-\(k)")
            try fresh(place, from: before, folder: folder)
            let delay = seconds * (0.02 + 0.96 * Double(random.next() % 10_000) / 10_000)
            let process = try launch(command, in: place)
            usleep(UInt32(delay * 1_000_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            } else {
                outcome.finishedFirst += 1
            }
            _ = process.waitForExit()
            let db = place.appendingPathComponent("store.sqlite").path
            let store = try Store(path: db)
            let problems = try store.integrityProblems()
            if !problems.isEmpty { outcome.problems.append("try \(k) (killed at \(String(format: "%.2f", delay)) s): integrity_check: \(problems.prefix(3).joined(separator: "; "))") }
            let digest = try store.contentDigest()
            if digest == digestBefore { outcome.sawBefore += 1 } else if digest == digestAfter { outcome.sawAfter += 1 } else {
                outcome.problems.append("try \(k) (killed at \(String(format: "%.2f", delay)) s): the store holds neither the state before nor the state after")
            }
            if command.writesFolder {
                let out = place.appendingPathComponent("out")
                let (whole, partial) = try calendars(in: out)
                outcome.partialFilesLeft += partial
                for broken in whole where !broken.complete {
                    outcome.problems.append("try \(k): \(broken.path) is not a whole calendar")
                }
                // The next export finishes the job and removes what was half-written.
                let again = try launch(command, in: place).waitForExit()
                if again != 0 { outcome.problems.append("try \(k): the export after the kill failed (exit \(again))") }
                let (_, left) = try calendars(in: out)
                if left > 0 { outcome.problems.append("try \(k): \(left) half-written files left after the next export") }
                if try listing(out) != folderAfter { outcome.problems.append("try \(k): the next export did not give the same files as an uninterrupted one") }
            }
            try? fm.removeItem(at: place)
        }
        try? fm.removeItem(at: full)
        return outcome
    }

    // MARK: - Helpers

    struct HarnessError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A fresh place for one try: the store copied from `before` (with its WAL), and the folder's files.
    private func fresh(_ place: URL, from before: String, folder: URL?) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: place)
        try fm.createDirectory(at: place, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: before + suffix) {
            try fm.copyItem(atPath: before + suffix, toPath: place.appendingPathComponent("store.sqlite" + suffix).path)
        }
        if let folder, fm.fileExists(atPath: folder.path) {
            try fm.copyItem(at: folder, to: place.appendingPathComponent("out"))
        }
    }

    private func launch(_ command: Command, in place: URL) throws -> Process {
        let process = Process()
        process.executableURL = peerplan
        process.arguments = command.arguments.map {
            $0.replacingOccurrences(of: "{db}", with: place.appendingPathComponent("store.sqlite").path)
                .replacingOccurrences(of: "{out}", with: place.appendingPathComponent("out").path)
        }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file under `folder` (relative path → SHA-256 of its bytes), hidden partial files left out.
    private func listing(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard !url.lastPathComponent.hasPrefix("."), url.pathExtension == "ics" else { continue }
            var hasher = SHA256()
            hasher.update(try Data(contentsOf: url))
            result[String(url.path.dropFirst(folder.path.count))] = hasher.hexDigest()
        }
        return result
    }

    /// The calendars under `folder` (is each whole?) and how many hidden partial files there are.
    private func calendars(in folder: URL) throws -> (files: [(path: String, complete: Bool)], partial: Int) {
        var files: [(String, Bool)] = []
        var partial = 0
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let name = url.lastPathComponent
            if name.hasPrefix("."), name.contains(".partial-") { partial += 1; continue }
            guard url.pathExtension == "ics" else { continue }
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            files.append((url.path, text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n")))
        }
        return (files, partial)
    }
}

extension Process {
    /// Waits for the process and returns its exit status (or the signal number, for a kill).
    func waitForExit() -> Int32 {
        waitUntilExit()
        return terminationStatus
    }
}
