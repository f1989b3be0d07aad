import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanStore

struct BenchCrash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash",
        abstract: "Kill `peerplan import`, `schedule --all-schools` and `export ics --all-schools` with SIGKILL at random moments and check what they leave.",
        discussion: """
        Generates a district (--schools), then for each command: runs it once to the end (its \
        length and the state after it), then --kills times more from the same starting state, \
        each killed with SIGKILL at a seeded random moment of that length. After each kill: \
        SQLite's integrity check must pass, the store must hold exactly the state before or after \
        the command (never a mix), and every calendar in the export folder must be whole (the next \
        export must remove what was half-written and give the same files). Exits 1 on any problem.
        """)

    @OptionGroup var options: BenchOptions

    @Option(help: "Kills per command.")
    var kills: Int = 30

    @Option(help: ArgumentHelp("The peerplan executable (default: the one beside peerplan-bench).", valueName: "path"))
    var peerplan: String?

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let configPath = ConfigLoader.locate(explicit: options.config).path
        let executable = peerplan.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peerplan")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (district, _, temporary) = try generateForBench(options, config: config)
        defer { if temporary { try? FileManager.default.removeItem(at: district) } }
        let results = try CrashRun(peerplan: executable, config: configPath, seed: options.seed, kills: kills)
            .run(district: district.path, scratch: scratch) { store in
                let pairing = PairingStore(store: store, config: config)
                for proposal in try pairing.propose(schools: nil, policy: config.pairing) {
                    try pairing.accept(school: proposal.school, runId: proposal.runId)
                    _ = try PLCStore(store: store).propose(school: proposal.school)
                }
            }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            for r in results {
                print("\(r.command): \(String(format: "%.2f", r.seconds)) s uninterrupted; \(r.kills) kills (\(r.finishedFirst) finished first): "
                      + "state before \(r.sawBefore), after \(r.sawAfter), half-written calendars left \(r.partialFilesLeft) (hidden, removed by the next export); "
                      + (r.problems.isEmpty ? "crash-safe" : "\(r.problems.count) problems"))
                for problem in r.problems { print("  " + problem) }
            }
        }
        if results.contains(where: { !$0.problems.isEmpty }) { throw ExitCode.failure }
    }
}
