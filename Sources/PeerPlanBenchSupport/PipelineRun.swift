import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The whole weekly job as a district runs it, one `peerplan` process per stage, each measured
/// on its own: wall time, CPU time (user + system, so CPU ÷ wall says how many cores the stage
/// kept busy) and peak resident memory (the process's own high-water mark, from `wait4`).
/// Shared by `peerplan-bench pipeline` and its short test.
package struct PipelineRun: Sendable {
    package struct Stage: Codable, Sendable, Equatable {
        /// A short name (`import`, `propose`, …).
        package var name: String
        /// The `peerplan` arguments it ran, with the scratch paths abbreviated.
        package var command: String
        package var seconds: Double
        package var cpuSeconds: Double
        package var peakRSSMegabytes: Double
        package init(name: String, command: String, seconds: Double, cpuSeconds: Double, peakRSSMegabytes: Double) {
            self.name = name
            self.command = command
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.peakRSSMegabytes = peakRSSMegabytes
        }
        /// CPU seconds per wall second: about 1 for a stage on one core, up to the core count.
        package var coresBusy: Double { seconds > 0 ? cpuSeconds / seconds : 0 }
    }

    package struct Failure: Error, CustomStringConvertible {
        package var stage: String
        package var status: Int32
        package var output: String
        package var description: String { "stage \(stage) ended with status \(status): \(output)" }
    }

    package var peerplan: URL
    package var config: String
    /// The DTSTAMP of exported calendars and the date printed on the cost report: fixed, so two
    /// runs write the same files.
    package var stamp = "2026-11-29T08:00:00Z"
    package var reportDate = "2026-09-01"

    package init(peerplan: URL, config: String) {
        self.peerplan = peerplan
        self.config = config
    }

    /// The stages in order: import, propose, accept, PLC teams, schedule, export, district costs.
    package func stages(district: String, database: String, calendars: String, costs: String) -> [(name: String, arguments: [String])] {
        let store = ["--db", database, "--config", config]
        return [
            ("import", ["import", district] + store),
            ("propose", ["pairs", "propose", "--all-schools"] + store),
            ("accept", ["pairs", "accept", "--all-schools"] + store),
            ("PLC teams", ["plcs", "propose", "--all-schools"] + store),
            ("schedule", ["schedule", "--all-schools"] + store),
            ("export", ["export", "ics", "--all-schools", "--out", calendars, "--stamp", stamp] + store),
            ("district costs", ["costs", "--district", "--format", "html", "--out", costs, "--date", reportDate] + store),
        ]
    }

    /// Runs every stage from an empty store in `scratch` (which it fills: the store, the
    /// calendars folder and the cost page). Stops at the first stage that fails.
    package func run(district: String, scratch: URL, progress: (Stage) -> Void = { _ in }) throws -> [Stage] {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let database = scratch.appendingPathComponent("district.sqlite").path
        let calendars = scratch.appendingPathComponent("calendars").path
        let costs = scratch.appendingPathComponent("costs.html").path
        var done: [Stage] = []
        for (name, arguments) in stages(district: district, database: database, calendars: calendars, costs: costs) {
            var stage = try measure(name: name, arguments: arguments, scratch: scratch)
            stage.command = stage.command.replacingOccurrences(of: district, with: "DISTRICT")
            progress(stage)
            done.append(stage)
        }
        return done
    }

    /// One process: spawned directly (so `wait4` reports its own resources), output to a file.
    func measure(name: String, arguments: [String], scratch: URL) throws -> Stage {
        let log = scratch.appendingPathComponent("stage-output.txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([peerplan.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment = ProcessInfo.processInfo.environment
        environment["PEERPLAN_CONFIG"] = config
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let started = Date()
        let spawned = posix_spawn(&pid, peerplan.path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(stage: name, status: spawned, output: "could not start \(peerplan.path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(stage: name, status: errno, output: "wait4 failed") }
        }
        let wall = Date().timeIntervalSince(started)
        let exited = (status & 0x7f) == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure(stage: name, status: code, output: String(output.suffix(2000)))
        }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        let shown = arguments.map { $0.hasPrefix(scratch.path) ? "…" + $0.dropFirst(scratch.path.count) : $0 }
            .filter { $0 != config }
            .joined(separator: " ")
            .replacingOccurrences(of: " --config", with: "")
        return Stage(name: name, command: shown, seconds: wall,
                     cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                     peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}
