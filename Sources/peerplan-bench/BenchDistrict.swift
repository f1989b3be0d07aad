import Foundation
import PeerPlanGenerator
import PeerPlanStore

/// Writes the synthetic district of `options` (to `--keep DIR`, or a temporary folder the caller
/// removes when the third value is true).
func generateForBench(_ options: BenchOptions, config: PeerPlanConfig) throws -> (URL, GeneratorSummary, Bool) {
    let dir = options.keep.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString)")
    let summary = try DistrictGenerator.write(GeneratorOptions(schools: options.schools, seed: options.seed, rubrics: config.rubrics), to: dir)
    return (dir, summary, options.keep == nil)
}

/// Generates and imports a synthetic district into a temporary store, accepts every school's
/// proposed pairs and forms its PLC teams (district-wide, as `pairs accept --all-schools` and
/// `plcs propose --all-schools` do): ready to schedule.
func scheduledBenchDistrict(_ options: BenchOptions, config: PeerPlanConfig) throws -> (store: Store, schools: [String], cleanup: () -> Void) {
    let (dir, _, temporary) = try generateForBench(options, config: config)
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-\(UUID().uuidString).sqlite").path
    let cleanup = {
        if temporary { try? FileManager.default.removeItem(at: dir) }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
    let store = try Store(path: db)
    _ = try Importer(store: store, config: config).importDistrict(at: dir.path)
    let pairing = PairingStore(store: store, config: config)
    let proposals = try pairing.propose(schools: nil, policy: config.pairing)
    _ = try pairing.acceptAll()
    _ = try PLCStore(store: store).proposeAll()
    return (store, proposals.map(\.school), cleanup)
}
