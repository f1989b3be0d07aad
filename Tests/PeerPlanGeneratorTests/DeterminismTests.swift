import Foundation
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanGenerator

@Suite struct DeterminismTests {
    private func write(seed: UInt64, label: String, in scratch: TempDir) throws -> (URL, GeneratorSummary) {
        let directory = scratch.path(label)
        let summary = try DistrictGenerator.write(GeneratorOptions(schools: 5, seed: seed, rubrics: TestRubrics.both),
                                                  to: directory)
        return (directory, summary)
    }

    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let scratch = try TempDir()
        let (a, summaryA) = try write(seed: 42, label: "same-a", in: scratch)
        let (b, summaryB) = try write(seed: 42, label: "same-b", in: scratch)
        #expect(summaryA == summaryB)
        for file in DistrictGenerator.fileNames {
            let dataA = try Data(contentsOf: a.appendingPathComponent(file))
            let dataB = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(!dataA.isEmpty, "\(file) is empty")
            #expect(dataA == dataB, "\(file) differs between two runs with the same seed")
        }
        let listed = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(listed == DistrictGenerator.fileNames.sorted())
    }

    @Test func differentSeedGivesDifferentDistrict() throws {
        let scratch = try TempDir()
        let (a, _) = try write(seed: 42, label: "seed-a", in: scratch)
        let (b, _) = try write(seed: 43, label: "seed-b", in: scratch)
        for file in ["users.csv", "classes.csv", "enrollments.csv", "ratings.csv", "bell-schedules.csv"] {
            let dataA = try Data(contentsOf: a.appendingPathComponent(file))
            let dataB = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(dataA != dataB, "\(file) is the same for seeds 42 and 43")
        }
    }

    @Test func generatorIsReproducibleAndUniform() {
        var a = Xoshiro(seed: 9), b = Xoshiro(seed: 9), c = Xoshiro(seed: 10)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        // below(n) stays in range and hits every value.
        var counts = Array(repeating: 0, count: 7)
        for _ in 0..<7_000 { counts[a.below(7)] += 1 }
        #expect(counts.allSatisfy { (850...1150).contains($0) }, "\(counts)")
        // normal() has mean ~0 and standard deviation ~1.
        var sum = 0.0, squares = 0.0
        for _ in 0..<20_000 {
            let x = a.normal()
            sum += x
            squares += x * x
        }
        let mean = sum / 20_000
        #expect(abs(mean) < 0.03)
        #expect(abs((squares / 20_000 - mean * mean).squareRoot() - 1) < 0.03)
    }

    @Test func civilDatesRoundTrip() {
        #expect(CalendarDate(1970, 1, 1).days == 0)
        #expect(CalendarDate(2026, 9, 7).isoWeekday == 1)  // Labor Day, a Monday
        #expect(CalendarDate(2026, 11, 26).isoWeekday == 4)  // Thanksgiving, a Thursday
        #expect(CalendarDate(2027, 2, 28).adding(days: 1).text == "2027-03-01")
        #expect(CalendarDate(2028, 2, 28).adding(days: 1).text == "2028-02-29")
        for days in stride(from: 19_000, to: 22_000, by: 37) {
            let (y, m, d) = CalendarDate(days: days).components
            #expect(CalendarDate(y, m, d).days == days)
        }
    }
}
