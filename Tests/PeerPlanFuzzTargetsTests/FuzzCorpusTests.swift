import Foundation
import PeerPlanTestSupport
import Testing
@testable import PeerPlanFuzzTargets

/// Every committed fuzzing input (`Fuzz/corpus/TARGET/`: the seeds, and each input a fuzzer
/// found a crash, hang or broken invariant with, named `finding-…`) runs through its target:
/// a finding fixed once stays fixed.
@Suite struct FuzzCorpusTests {
    static let corpus = repositoryRoot.appendingPathComponent("Fuzz/corpus")

    @Test(arguments: FuzzTargets.names)
    func everyCommittedInputRuns(_ target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files.count >= 3, "a seed corpus for \(target)")
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(FuzzTargets.run(target, [UInt8](data)))
        }
    }

    @Test func anUnknownTargetIsRefused() {
        #expect(!FuzzTargets.run("nothing", []))
    }
}
