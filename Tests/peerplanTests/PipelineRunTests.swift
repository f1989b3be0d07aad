import Foundation
import PeerPlanBenchSupport
import PeerPlanStore
import PeerPlanTestSupport
import Testing

/// The short version of `peerplan-bench pipeline` (issue 15): the whole weekly job on the Fixtures
/// district, one `peerplan` process per stage, leaves a scheduled store, calendars and the cost
/// page, and each stage reports its own time, CPU and memory.
@Suite struct PipelineRunTests {
    @Test func everyStageRunsAndIsMeasured() throws {
        let tmp = try TempDir()
        let stages = try PipelineRun(peerplan: CLI.executable, config: configDirectory.path)
            .run(district: fixturesDirectory.appendingPathComponent("district").path, scratch: tmp.url)
        #expect(stages.map(\.name) == ["import", "propose", "accept", "PLC teams", "schedule", "export", "district costs"])
        for stage in stages {
            #expect(stage.seconds > 0 && stage.cpuSeconds > 0, "\(stage)")
            // A real process's own high-water mark: more than nothing, far less than a gigabyte.
            #expect(stage.peakRSSMegabytes > 5 && stage.peakRSSMegabytes < 1000, "\(stage)")
        }
        #expect(stages[4].command == "schedule --all-schools --db …/district.sqlite")
        // What the job left: calendars of every school (scheduled, so exported), the district page.
        let calendars = try FileManager.default.contentsOfDirectory(atPath: tmp.url.appendingPathComponent("calendars").path)
        for school in ["sch-elm", "sch-high", "sch-mid"] {
            #expect(calendars.contains { $0.contains(school) }, "no calendar of \(school) in \(calendars.sorted())")
        }
        let page = try String(contentsOf: tmp.url.appendingPathComponent("costs.html"), encoding: .utf8)
        #expect(page.contains("<html"))
    }

    @Test func aFailingStageStopsTheRunAndSaysWhichAndWhy() throws {
        let tmp = try TempDir()
        #expect {
            _ = try PipelineRun(peerplan: CLI.executable, config: configDirectory.path)
                .run(district: tmp.url.appendingPathComponent("nowhere").path, scratch: tmp.url)
        } throws: { error in
            guard let failure = error as? PipelineRun.Failure else { return false }
            return failure.stage == "import" && failure.status != 0 && failure.output.contains("nowhere")
        }
    }
}
