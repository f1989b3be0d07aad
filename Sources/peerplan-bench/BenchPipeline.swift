import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanStore

struct BenchPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run the whole weekly job on a synthetic district, one peerplan process per stage, and report each stage's time, CPU and peak memory.",
        discussion: """
        Generates a district (--schools), then runs, from an empty store: import, pairs propose \
        --all-schools, pairs accept --all-schools, plcs propose --all-schools, schedule \
        --all-schools, export ics --all-schools and costs --district --format html. Each stage is \
        its own process, so its peak memory is its own; CPU ÷ wall says how many cores it kept busy. \
        With --runs N the whole job runs N times from empty stores and each figure is the median.
        """)

    @OptionGroup var options: BenchOptions

    @Option(help: ArgumentHelp("The peerplan executable (default: the one beside peerplan-bench).", valueName: "path"))
    var peerplan: String?

    struct Result: Codable {
        var schools: Int
        var runs: Int
        var generateSeconds: Double
        var totalSeconds: Double
        var peakRSSMegabytes: Double
        var stages: [PipelineRun.Stage]
    }

    func run() throws {
        let configPath = ConfigLoader.locate(explicit: options.config).path
        let config = try ConfigLoader.load(from: URL(fileURLWithPath: configPath))
        let executable = peerplan.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peerplan")
        let generating = Date()
        let (district, _, temporary) = try generateForBench(options, config: config)
        let generateSeconds = Date().timeIntervalSince(generating)
        defer { if temporary { try? FileManager.default.removeItem(at: district) } }
        let pipeline = PipelineRun(peerplan: executable, config: configPath)
        var runs: [[PipelineRun.Stage]] = []
        for run in 0..<max(1, options.runs) {
            // What generating wrote (or the last run's export) is flushed first, so each stage's
            // time is its own work and not the kernel writing back gigabytes of earlier files.
            sync()
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-pipeline-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            runs.append(try pipeline.run(district: district.path, scratch: scratch) { stage in
                guard !options.json else { return }
                FileHandle.standardError.write(Data("run \(run + 1): \(stage.name) \(String(format: "%.1f", stage.seconds)) s\n".utf8))
            })
        }
        // Per stage, the median of each figure over the runs.
        var stages: [PipelineRun.Stage] = []
        for i in runs[0].indices {
            let all: [PipelineRun.Stage] = runs.map { $0[i] }
            stages.append(PipelineRun.Stage(name: all[0].name, command: all[0].command, seconds: median(all.map { $0.seconds }),
                                            cpuSeconds: median(all.map { $0.cpuSeconds }),
                                            peakRSSMegabytes: median(all.map { $0.peakRSSMegabytes })))
        }
        let totals: [Double] = runs.map { run in run.reduce(0.0) { $0 + $1.seconds } }
        let result = Result(schools: options.schools, runs: runs.count, generateSeconds: generateSeconds, totalSeconds: median(totals),
                            peakRSSMegabytes: stages.map(\.peakRSSMegabytes).max() ?? 0, stages: stages)
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("pipeline of \(options.schools) schools (generated in \(String(format: "%.1f", generateSeconds)) s), median of \(runs.count) run(s):")
        print("  stage            seconds   CPU s   cores   peak RSS")
        for s in stages {
            let name = s.name.padding(toLength: 15, withPad: " ", startingAt: 0)
            let figures = String(format: "%9.2f %7.2f %7.2f %7.0f MB", s.seconds, s.cpuSeconds, s.coresBusy, s.peakRSSMegabytes)
            print("  \(name)\(figures)   peerplan \(s.command)")
        }
        let each = totals.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        print(String(format: "  total          %9.2f s", result.totalSeconds)
              + " (runs: \(each)), peak RSS of any stage " + String(format: "%.0f MB", result.peakRSSMegabytes))
    }
}
