import Foundation

/// One benchmark's measurements, as printed (or as JSON with `--json`).
struct BenchRun: Codable {
    var name: String
    var runs: [Double]
    var medianSeconds: Double
    var peakRSSMegabytes: Double
    var details: [String: Int]
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Peak resident memory of this process so far, in MB.
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ run: BenchRun, json: Bool) throws {
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(run), as: UTF8.self))
    } else {
        let digits = run.medianSeconds < 0.1 ? "%.4f" : "%.2f"
        let runs = run.runs.map { String(format: digits, $0) }.joined(separator: ", ")
        print("\(run.name): median \(String(format: digits, run.medianSeconds)) s over \(run.runs.count) runs [\(runs)], peak RSS \(String(format: "%.0f", run.peakRSSMegabytes)) MB")
        for (key, value) in run.details.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
    }
}
