import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanCore

extension SyntheticPlacement.Shape: ExpressibleByArgument {}

struct BenchPlace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Time the placement kernel on synthetic school weeks and report the objective against its upper bound.")

    @Option(help: "Teachers per school.")
    var teachers: Int = 150

    @Option(help: "How many different schools (seeds) to solve.")
    var schools: Int = 5

    @Option(help: "weekday (7 periods, Monday to Friday), block (A/B days of 4 blocks, 2-3 free blocks a cycle, weekly caps) or tight (scarce free time, weekly caps of 2-3 periods, daily caps of 2, mixed priorities).")
    var shape: SyntheticPlacement.Shape = .weekday

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write each problem and its answer here (school-N.problem.json, school-N.answer.json), for an outside exact solver to check.", valueName: "dir"))
    var dump: String?

    func run() throws {
        var times: [Double] = []
        var ratios: [Double] = []
        if let dump { try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        var sessions = 0, placed = 0, proven = 0
        for seed in 1...max(1, schools) {
            let problem = SyntheticPlacement.school(teachers: teachers, seed: UInt64(seed), shape: shape)
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
            if answer.optimal { proven += 1 }
        }
        try report(BenchRun(name: "place \(schools) \(shape.rawValue) schools of \(teachers) teachers", runs: times, medianSeconds: median(times),
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["sessions": sessions, "placed": placed, "provenOptimal": proven,
                                      "worstObjectivePerMilleOfUpperBound": Int((ratios.min() ?? 0) * 1000),
                                      "medianObjectivePerMilleOfUpperBound": Int(median(ratios) * 1000)]),
                   json: json)
    }
}
