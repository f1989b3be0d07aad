import Foundation
import PeerPlanStore

/// The three commands of the crash check, each from the state the one before leaves:
/// `import` into an empty store, `schedule --all-schools` once pairs and PLC teams are accepted,
/// `export ics --all-schools` of the schedule. Shared by `peerplan-bench crash` and the short
/// version in the tests.
package struct CrashRun: Sendable {
    package var peerplan: URL
    package var config: String
    package var seed: UInt64
    package var kills: Int

    package init(peerplan: URL, config: String, seed: UInt64, kills: Int) {
        self.peerplan = peerplan
        self.config = config
        self.seed = seed
        self.kills = kills
    }

    /// `accept`: what a principal does between importing and scheduling (accept pairs, form PLCs).
    package func run(district: String, scratch: URL, accept: (Store) throws -> Void) throws -> [CrashHarness.Outcome] {
        let fm = FileManager.default
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        let harness = CrashHarness(peerplan: peerplan, environment: ["PEERPLAN_CONFIG": config], seed: seed)
        var outcomes: [CrashHarness.Outcome] = []

        let empty = scratch.appendingPathComponent("empty.sqlite").path
        _ = try Store(path: empty)
        let importing = CrashHarness.Command(name: "import", arguments: ["import", district, "--db", "{db}", "--config", config])
        outcomes.append(try harness.check(importing, before: empty, folder: nil, kills: kills, scratch: scratch.appendingPathComponent("import")))

        // The state to schedule from: imported, pairs accepted, PLC teams formed.
        let ready = scratch.appendingPathComponent("ready.sqlite").path
        do { // closed before it is copied
            let store = try Store(path: ready)
            _ = try Importer(store: store, config: try ConfigLoader.load(from: URL(fileURLWithPath: config))).importDistrict(at: district)
            try accept(store)
        }
        let scheduling = CrashHarness.Command(name: "schedule --all-schools", arguments: ["schedule", "--all-schools", "--db", "{db}", "--config", config])
        outcomes.append(try harness.check(scheduling, before: ready, folder: nil, kills: kills, scratch: scratch.appendingPathComponent("schedule")))

        // The state to export from: scheduled.
        let scheduled = scratch.appendingPathComponent("scheduled.sqlite").path
        try fm.copyItem(atPath: ready, toPath: scheduled)
        for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: ready + suffix) { try fm.copyItem(atPath: ready + suffix, toPath: scheduled + suffix) }
        let process = Process()
        process.executableURL = peerplan
        process.arguments = ["schedule", "--all-schools", "--db", scheduled, "--config", config]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let exporting = CrashHarness.Command(name: "export ics --all-schools",
                                             arguments: ["export", "ics", "--all-schools", "--db", "{db}", "--config", config, "--out", "{out}",
                                                         "--stamp", "2026-11-29T00:00:00Z"],
                                             writesFolder: true)
        outcomes.append(try harness.check(exporting, before: scheduled, folder: nil, kills: kills, scratch: scratch.appendingPathComponent("export")))
        return outcomes
    }
}
