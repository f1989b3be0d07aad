import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanCore

struct BenchPlace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Time the placement kernel on synthetic school weeks and report the objective against its upper bound.")

    @Option(help: "Teachers per school.")
    var teachers: Int = 150

    @Option(help: "How many different schools (seeds) to solve.")
    var schools: Int = 5

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write each problem and its answer here (school-N.problem.json, school-N.answer.json), for an outside exact solver to check.", valueName: "dir"))
    var dump: String?

    func run() throws {
        var times: [Double] = []
        var ratios: [Double] = []
        if let dump { try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        var sessions = 0, placed = 0
        for seed in 1...max(1, schools) {
            let problem = SyntheticPlacement.school(teachers: teachers, seed: UInt64(seed))
            let started = Date()
            let answer = try PlacementSolver.solve(problem)
            times.append(Date().timeIntervalSince(started))
            if let dump {
                let base = URL(fileURLWithPath: dump).appendingPathComponent("school-\(seed)")
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try encoder.encode(problem).write(to: base.appendingPathExtension("problem.json"))
                try encoder.encode(answer).write(to: base.appendingPathExtension("answer.json"))
            }
            ratios.append(answer.upperBound == 0 ? 1 : Double(answer.objective) / Double(answer.upperBound))
            sessions += answer.placements.count + answer.unplaced.count
            placed += answer.placements.count
        }
        try report(BenchRun(name: "place \(schools) schools of \(teachers) teachers", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["sessions": sessions, "placed": placed,
                                      "worstObjectivePerMilleOfUpperBound": Int((ratios.min() ?? 0) * 1000),
                                      "medianObjectivePerMilleOfUpperBound": Int(median(ratios) * 1000)]),
                   json: json)
    }
}
