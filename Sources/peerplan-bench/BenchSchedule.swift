import ArgumentParser
import Foundation
import PeerPlanStore

struct BenchSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Generate and import a district, accept its pairs and PLC teams, then time scheduling every school (store to store).")

    @OptionGroup var options: BenchOptions

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
}
