import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

struct BenchCosts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Schedule a synthetic district, then time the district cost comparison: inputs from the store, the model, and the sensitivity analysis; report the size of its HTML page.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Years of the comparison.")
    var years: Int = 3

    func run() throws {
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        let parameters = try CostConfigLoader.load(configDirectory: config.directory)
        var times: [Double] = [], loads: [Double] = [], models: [Double] = [], sensitivities: [Double] = []
        var lines = 0, teachers = 0, htmlBytes = 0
        for _ in 0..<max(1, options.runs) {
            let t0 = Date()
            let inputs = try CostInputsLoader.load(from: store, school: nil, config: config)
            let t1 = Date()
            let report = CostModel.compute(inputs, parameters, years: years)
            let t2 = Date()
            let sensitivity = Sensitivity.analyse(inputs, parameters, years: years)
            let t3 = Date()
            htmlBytes = CostHTML.render(report: report, inputs: inputs, parameters: parameters, sensitivity: sensitivity,
                                        date: CalendarDate(year: 2026, month: 9, day: 1)!).utf8.count
            times.append(t3.timeIntervalSince(t0))
            loads.append(t1.timeIntervalSince(t0))
            models.append(t2.timeIntervalSince(t1))
            sensitivities.append(t3.timeIntervalSince(t2))
            lines = report.lines.count
            teachers = inputs.schools.reduce(0) { $0 + $1.teachers.count }
        }
        try report(BenchRun(name: "cost comparison of \(schools.count) schools over \(years) years (inputs, model, sensitivity)", runs: times,
                            medianSeconds: median(times), peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["participatingTeachers": teachers, "lines": lines, "districtHTMLBytes": htmlBytes,
                                      "inputsMilliseconds": Int(median(loads) * 1000), "modelMilliseconds": Int(median(models) * 1000),
                                      "sensitivityMilliseconds": Int(median(sensitivities) * 1000)]),
                   json: options.json)
    }
}
