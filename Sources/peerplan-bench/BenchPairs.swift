import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanCore
import PeerPlanStore

struct BenchPairs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Time the pairing engine on synthetic instances (engine only, no database).",
        discussion: """
        --shape school: one school of --teachers teachers, shared free period required. \
        --shape dense: half targets, half partners in different schools, every pair an edge (cross-school). \
        --shape sparse: schools of 36 teachers with schedules, cross-school pairs for targets alone at theirs.
        """)

    @Option(help: "school, dense or sparse.")
    var shape: String = "school"

    @Option(help: "Number of teachers.")
    var teachers: Int = 200

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "How many timed runs.")
    var runs: Int = 5

    @Option(help: "quality or participation.")
    var mode: PairingMode = .quality

    @Option(name: .long, help: ArgumentHelp("The Config folder (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        guard let shape = SyntheticPairing.Shape(rawValue: shape) else { throw ValidationError("--shape is school, dense or sparse") }
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: config))
        let rubric = try config.rubric(matching: "TEAM").unwrap("Config has no TEAM rubric")
        var input = SyntheticPairing.instance(shape, teachers: teachers, perSchool: shape == .school ? teachers : 36, rubric: rubric, seed: seed)
        input.policy.mode = mode
        var times: [Double] = []
        var result: PairingResult?
        for _ in 0..<max(1, runs) {
            let started = Date()
            result = try PairingEngine.propose(input)
            times.append(Date().timeIntervalSince(started))
        }
        try report(BenchRun(name: "pairs \(shape.rawValue) \(teachers) teachers (\(mode.rawValue))", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["pairs": result?.pairs.count ?? 0, "unmatched": result?.unmatched.count ?? 0,
                                      "totalWeight": Int((result?.totalWeight ?? 0).rounded())]),
                   json: json)
    }
}

extension PairingMode: ExpressibleByArgument {}
