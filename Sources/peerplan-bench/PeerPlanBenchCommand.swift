import ArgumentParser

/// Measured numbers for the README's performance section: a developer's tool, built apart from
/// the shipping `peerplan` (which links none of this). Build with `-c release` first:
/// `swift build -c release --product peerplan-bench`, then `.build/release/peerplan-bench import`.
@main
struct PeerPlanBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerplan-bench",
        abstract: "Measure PeerPlan's engines on synthetic districts (use a release build).",
        subcommands: [BenchImport.self, BenchCrash.self, BenchGenerate.self, BenchCSV.self, BenchPairs.self, BenchPlace.self, BenchSchedule.self, BenchExport.self, BenchCosts.self, BenchWeb.self, BenchFeeds.self, BenchPipeline.self])
}
