import ArgumentParser

/// Options of the benchmarks that generate a synthetic district first.
struct BenchOptions: ParsableArguments {
    @Option(help: "Number of schools in the synthetic district.")
    var schools: Int = 150

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "How many timed runs (the median is reported).")
    var runs: Int = 3

    @Option(help: ArgumentHelp("Keep the generated district here instead of a temporary folder.", valueName: "dir"))
    var keep: String?

    @Option(name: .long, help: ArgumentHelp("The Config folder (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false
}

extension Optional {
    func unwrap(_ message: String) throws -> Wrapped {
        guard let value = self else { throw ValidationError(message) }
        return value
    }
}
