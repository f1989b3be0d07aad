import Foundation
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanGenerator

@Suite struct OptionsTests {
    @Test func invalidOptionsAreRejectedBeforeWriting() throws {
        let scratch = try TempDir()
        let directory = scratch.path("invalid")
        for options in [
            GeneratorOptions(schools: 0, rubrics: TestRubrics.both),
            GeneratorOptions(schools: 2, teachersPerSchool: 3, rubrics: TestRubrics.both),
            GeneratorOptions(schools: 2, rubrics: []),
        ] {
            #expect(throws: GeneratorError.self) { try DistrictGenerator.write(options, to: directory) }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        var broken = TestRubrics.team
        broken.weakAtMost = 9
        #expect(!GeneratorOptions(schools: 1, rubrics: [broken]).validationProblems().isEmpty)
    }

    @Test func progressReportsEverySchool() throws {
        final class Seen: @unchecked Sendable {
            private let lock = NSLock()
            private var values: [Int] = []
            func add(_ v: Int) { lock.withLock { values.append(v) } }
            var all: [Int] { lock.withLock { values } }
        }
        let seen = Seen()
        let scratch = try TempDir()
        let directory = scratch.path("progress")
        let summary = try DistrictGenerator.write(GeneratorOptions(schools: 3, teachersPerSchool: 10, rubrics: TestRubrics.both),
                                                  to: directory) { seen.add($0) }
        #expect(seen.all == [1, 2, 3])
        #expect(summary.schools == 3)
        #expect(summary.teachers == 30)
    }

    @Test func teachersPerSchoolIsExact() throws {
        let district = try WrittenDistrict(GeneratorOptions(schools: 6, teachersPerSchool: 9, seed: 3, rubrics: TestRubrics.both),
                                           label: "fixed", only: ["users.csv"])
        let users = district["users.csv"]
        let role = users.column("role"), org = users.column("orgSourcedIds")
        var perSchool: [String: Int] = [:]
        for row in users.rows where row[role] == "teacher" { perSchool[row[org], default: 0] += 1 }
        #expect(perSchool.count == 6)
        #expect(perSchool.values.allSatisfy { $0 == 9 })
    }

    @Test func onlyOneRubricMeansEverySchoolUsesIt() throws {
        let district = try WrittenDistrict(GeneratorOptions(schools: 20, teachersPerSchool: 8, seed: 4,
                                                            rubrics: [TestRubrics.danielson]),
                                           label: "one-rubric", only: ["ratings.csv"])
        #expect(Set(district["ratings.csv"].values("rubric")) == ["Danielson"])
    }

    @Test func defaultSizesMatchDistrictAndStateScale() {
        func teachers(_ schools: Int) -> Int {
            let layout = DistrictLayout(seed: 7, teachersPerSchool: nil)
            return (0..<schools).reduce(0) { $0 + layout.outline(index: $1).teachers }
        }
        #expect((4_800...6_000).contains(teachers(150)))
        #expect((60_000...70_000).contains(teachers(1_800)))
    }

    @Test func schoolMixIsStratified() {
        let layout = DistrictLayout(seed: 99, teachersPerSchool: nil)
        let outlines = (0..<200).map { layout.outline(index: $0) }
        #expect(outlines.filter { $0.kind == .elementary }.count == 110)
        #expect(outlines.filter { $0.kind == .middle }.count == 40)
        #expect(outlines.filter { $0.kind == .high }.count == 50)
        let block = outlines.filter(\.blockSchedule).count
        #expect((16...17).contains(block))  // a third of the 50 high schools
        #expect(outlines.filter(\.usesSecondRubric).count == 30)  // 15%
        // Every run of 20 schools has an A/B block school.
        for start in stride(from: 0, to: 200, by: 20) {
            #expect(outlines[start..<(start + 20)].contains { $0.blockSchedule })
        }
        // Names are unique within the district.
        let names = outlines.map { layout.schoolName($0) }
        #expect(Set(names).count == names.count)
        // The district's time zone varies with the seed; Chicago is the most common.
        let zones = (0..<200).map { DistrictLayout(seed: UInt64($0), teachersPerSchool: nil).districtZone }
        #expect(Set(zones).count == DistrictLayout.timeZones.count)
        #expect(zones.filter { $0 == 0 }.count > 80)
    }
}
