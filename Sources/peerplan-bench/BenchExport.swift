import ArgumentParser
import Foundation
import PeerPlanBenchSupport
import PeerPlanCalendar
import PeerPlanExchange
import PeerPlanStore

struct BenchExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Schedule a synthetic district, then time exporting every calendar (teachers, schools, PLCs) and a plain libical loop over the same events.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        try Exchange.prepare()
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        let publisher = Publisher(store: store, config: config)
        let stamp = UTCDateTime(year: 2026, month: 11, day: 29, hour: 8, minute: 0)!
        // Flush what generating and importing the district wrote, so the timing is the export's own
        // file writes and not the kernel writing back a gigabyte of CSV at the same time.
        sync()
        var times: [Double] = [], layouts: [Double] = [], serial: [Double] = [], baseline: [Double] = []
        var files = 0, events = 0, bytes = 0
        for _ in 0..<max(1, options.runs) {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-ics-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let started = Date()
            let result = try publisher.exportAll(schools: schools, to: out, stamp: stamp)
            times.append(Date().timeIntervalSince(started))
            (files, events) = result
            // The parts: laying out (store, one transaction), rendering on one core, and libical alone.
            let t0 = Date()
            let pending = try publisher.plan(schools: schools)
            layouts.append(Date().timeIntervalSince(t0))
            let t1 = Date()
            bytes = 0
            for p in pending { bytes += try p.render(stamp: stamp).text.utf8.count }
            serial.append(Date().timeIntervalSince(t1))
            let t2 = Date()
            _ = try LibicalBaseline.serialize(pending.map(\.document))
            baseline.append(Date().timeIntervalSince(t2))
        }
        let m = median(times)
        try report(BenchRun(name: "export calendars of \(schools.count) schools (parallel, files written)", runs: times, medianSeconds: m,
                            peakRSSMegabytes: peakRSSMegabytes(),
                            details: ["files": files, "events": events, "filesPerSecond": Int(Double(files) / max(m, 1e-9)),
                                      "layoutMilliseconds": Int(median(layouts) * 1000),
                                      "renderOneCoreMilliseconds": Int(median(serial) * 1000),
                                      "plainLibicalLoopOneCoreMilliseconds": Int(median(baseline) * 1000),
                                      "renderToLibicalRatioPercent": Int(median(serial) / max(median(baseline), 1e-9) * 100),
                                      "megabytes": bytes / 1_000_000]),
                   json: options.json)
    }
}
