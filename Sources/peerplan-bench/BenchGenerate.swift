import ArgumentParser
import Foundation
import PeerPlanGenerator
import PeerPlanStore

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Time writing a synthetic district (median of --runs).")

    @OptionGroup var options: BenchOptions

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        var times: [Double] = []
        var summary = GeneratorSummary()
        for _ in 0..<max(1, options.runs) {
            let started = Date()
            let (dir, s, temporary) = try generateForBench(options, config: config)
            times.append(Date().timeIntervalSince(started))
            summary = s
            if temporary { try? FileManager.default.removeItem(at: dir) }
        }
        try report(BenchRun(name: "generate \(options.schools) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["teachers": summary.teachers, "students": summary.students,
                                      "enrollmentRows": summary.enrollments, "megabytes": summary.bytesWritten / 1_000_000]),
                   json: options.json)
    }
}
