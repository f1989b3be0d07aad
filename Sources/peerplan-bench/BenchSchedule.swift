import ArgumentParser
import Foundation
import PeerPlanStore

struct BenchSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Generate and import a district, accept its pairs and PLC teams, then time scheduling every school (store to store).")

    @OptionGroup var options: BenchOptions

    @Option(help: ArgumentHelp("Also write each school's problem and answer of the first run here (SCHOOL.problem.json, SCHOOL.answer.json), for Tools/exact_placement.py.", valueName: "dir"))
    var dump: String?

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        let scheduler = Scheduler(store: store, config: config)
        var times: [Double] = []
        var placed = 0, unplaced = 0
        for run in 0..<max(1, options.runs) {
            let started = Date()
            let outcomes = try scheduler.scheduleAll(schools: schools)
            if run == 0 {
                if let dump { try write(outcomes, to: dump) }
                for outcome in outcomes {
                    placed += outcome.answer.placements.count
                    unplaced += outcome.answer.unplaced.count
                }
            }
            times.append(Date().timeIntervalSince(started))
        }
        try report(BenchRun(name: "schedule \(schools.count) schools", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(), details: ["sessionsPlaced": placed, "sessionsNotPlaced": unplaced]),
                   json: options.json)
    }

    private func write(_ outcomes: [Scheduler.Outcome], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for outcome in outcomes {
            let base = URL(fileURLWithPath: folder).appendingPathComponent(outcome.school)
            try encoder.encode(outcome.problem).write(to: base.appendingPathExtension("problem.json"))
            try encoder.encode(outcome.answer).write(to: base.appendingPathExtension("answer.json"))
        }
    }
}
