import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanStore

struct BenchCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Time PeerPlan's CSV reader over a file (every field checked as UTF-8).")

    @Argument(help: "A CSV file, e.g. a generated enrollments.csv.")
    var file: String

    @Option(help: "How many timed runs.")
    var runs: Int = 3

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        var times: [Double] = []
        var rows = 0
        for _ in 0..<max(1, runs) {
            let started = Date()
            let reader = try CSVReader(url: URL(fileURLWithPath: file))
            rows = 0
            while try reader.next() {
                try reader.validateUTF8()
                rows += 1
            }
            _ = reader.hasher.hexDigest()
            times.append(Date().timeIntervalSince(started))
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        try report(BenchRun(name: "csv \(file)", runs: times, medianSeconds: median(times), peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["rows": rows, "megabytes": bytes / 1_000_000,
                                      "megabytesPerSecond": Int(Double(bytes) / 1_000_000 / max(median(times), 1e-9))]),
                   json: json)
    }
}
