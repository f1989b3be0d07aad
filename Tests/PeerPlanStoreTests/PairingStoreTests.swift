import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Pairing on the Fixtures district, against the optimum worked out by hand in Fixtures/README.md.
@Suite struct PairingStoreTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let pairing: PairingStore

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        let db = tmp.path("pairs.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        pairing = PairingStore(store: try Store(path: db), config: config)
    }

    func text(_ proposal: PairingStore.Proposal) -> [String] {
        proposal.result.pairs.map { "\($0.partner)+\($0.target)=\($0.weight == $0.weight.rounded() ? String(Int($0.weight)) : String($0.weight))" }
    }

    @Test func theDocumentedOptimumPerSchool() throws {
        let proposals = try pairing.propose(schools: nil, policy: config.pairing)
        let bySchool = Dictionary(uniqueKeysWithValues: proposals.map { ($0.school, $0) })
        #expect(text(bySchool["sch-elm"]!) == ["t-elm-08+t-elm-03=5", "t-elm-06+t-elm-07=6"])
        #expect(text(bySchool["sch-mid"]!) == ["t-mid-03+t-mid-02=5", "t-mid-04+t-mid-05=5", "t-mid-08+t-mid-07=3"])
        #expect(text(bySchool["sch-high"]!) == ["t-hs-03+t-hs-04=4", "t-hs-11+t-hs-06=3", "t-hs-08+t-hs-07=2"])
        #expect(bySchool.values.map(\.result.totalWeight).sorted() == [9, 11, 13])
        // Every unmatched teacher is explained, with the documented reason.
        let reasons = Dictionary(uniqueKeysWithValues: proposals.flatMap(\.result.unmatched).map { ($0.teacher, $0.reason) })
        #expect(reasons == ["t-elm-04": .noStrongColleague, "t-elm-05": .optedOut, "t-mid-14": .noSharedFreePeriod])
        let ethan = try #require(bySchool["sch-mid"]!.result.unmatched.first { $0.teacher == "t-mid-14" })
        #expect(ethan.colleagues == ["t-mid-09", "t-mid-13"])
        #expect(ethan.indicators.compactMap { bySchool["sch-mid"]!.indicatorNames[$0] }.contains("Managing Student Behavior"))
        // The recorded proposal gives the same reasons back, with what they are about.
        let shown = try pairing.current(school: "sch-mid")
        #expect(shown.unmatched.map(\.why) == bySchool["sch-mid"]!.result.unmatched)
        #expect(shown.unmatched.allSatisfy { $0.recordedSentence == nil })
        #expect(shown.names["t-mid-09"] != nil && shown.names["t-mid-09"] != "t-mid-09")
        // Focus skills are indicators of the school's rubric.
        #expect(bySchool["sch-high"]!.result.pairs.allSatisfy { $0.focus.allSatisfy { $0.rubric == "Danielson" } })
    }

    @Test func participationModeAndSkillsOnly() throws {
        var policy = config.pairing
        policy.mode = .participation
        let participation = try pairing.propose(schools: ["sch-mid"], policy: policy)[0]
        #expect(participation.result.pairs.count == 3)
        policy.minSharedFreePeriods = 0
        let skillsOnly = try pairing.propose(schools: ["sch-mid"], policy: policy)[0]
        // Without the schedule rule Ethan can be paired.
        #expect(skillsOnly.result.pairs.contains { $0.target == "t-mid-14" })
    }

    @Test func decisionsChangeTheNextProposal() throws {
        try pairing.decide(partner: "t-elm-11", target: "t-elm-03", .lock)
        try pairing.decide(partner: "t-elm-06", target: "t-elm-07", .forbid)
        let proposal = try pairing.propose(schools: ["sch-elm"], policy: config.pairing)[0]
        #expect(text(proposal) == ["t-elm-11+t-elm-03=2", "t-elm-10+t-elm-07=3"])
        #expect(proposal.result.pairs[0].locked)
        // A second lock on the same teacher is refused.
        #expect(throws: StoreError.alreadyLocked(target: "t-elm-03", partner: "t-elm-11")) { try pairing.decide(partner: "t-elm-08", target: "t-elm-03", .lock) }
        try pairing.decide(partner: "t-elm-11", target: "t-elm-03", nil)
        try pairing.decide(partner: "t-elm-06", target: "t-elm-07", nil)
        #expect(text(try pairing.propose(schools: ["sch-elm"], policy: config.pairing)[0]) == ["t-elm-08+t-elm-03=5", "t-elm-06+t-elm-07=6"])
        #expect(throws: StoreError.unknownTeacher("nobody")) { try pairing.decide(partner: "nobody", target: "t-elm-07", .forbid) }
    }

    @Test func optingOutAndCapacity() throws {
        try pairing.setParticipation(teacher: "t-mid-08", participating: false, note: "on leave")
        let proposal = try pairing.propose(schools: ["sch-mid"], policy: config.pairing)[0]
        #expect(!proposal.result.pairs.contains { $0.partner == "t-mid-08" })
        #expect(proposal.result.unmatched.first { $0.teacher == "t-mid-07" }?.reason == .noSharedFreePeriod)
        try pairing.setParticipation(teacher: "t-mid-08", participating: true, note: "")
        try pairing.setCapacity(teacher: "t-mid-08", capacity: 0)
        let capped = try pairing.propose(schools: ["sch-mid"], policy: config.pairing)[0]
        #expect(!capped.result.pairs.contains { $0.partner == "t-mid-08" })
    }

    @Test func acceptShowAndDrop() throws {
        let proposal = try pairing.propose(schools: ["sch-mid"], policy: config.pairing)[0]
        var current = try pairing.current(school: "sch-mid")
        #expect(current.cycle == nil)
        #expect(current.run == proposal.runId)
        let accepted = try pairing.accept(school: "sch-mid", runId: nil)
        #expect(accepted.pairs == 3)
        current = try pairing.current(school: "sch-mid")
        #expect(current.cycle == accepted.cycle)
        #expect(current.pairs.map(\.target) == ["t-mid-02", "t-mid-05", "t-mid-07"])
        #expect(current.pairs.first?.focus == ["Grouping Students", "Problem Solving"])
        #expect(try pairing.drop(target: "t-mid-07") == "t-mid-08")
        #expect(try pairing.current(school: "sch-mid").pairs.filter(\.dropped).map(\.target) == ["t-mid-07"])
        // A new cycle replaces the old one, which is kept.
        try pairing.propose(schools: ["sch-mid"], policy: config.pairing)
        let second = try pairing.accept(school: "sch-mid", runId: nil)
        #expect(second.cycle > accepted.cycle)
        let cycles = try pairing.store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM pairingCycle WHERE schoolId = 'sch-mid'") }
        #expect(cycles == 2)
        #expect(throws: StoreError.notAProposal(run: proposal.runId!, school: "sch-elm")) { try pairing.accept(school: "sch-elm", runId: proposal.runId) }
    }

    @Test func crossSchoolPairsAreVirtual() throws {
        var policy = config.pairing
        policy.crossSchool = true
        let proposals = try pairing.propose(schools: nil, policy: policy)
        let elm = try #require(proposals.first { $0.school == "sch-elm" })
        // Nobody at Maple is strong on assessment; a colleague elsewhere may be (virtual) or not.
        for pair in elm.result.pairs where pair.virtual { #expect(pair.sharedFreePeriods.isEmpty) }
        #expect(proposals.flatMap(\.result.pairs).filter { !$0.virtual }.count >= 8)
    }

    /// Cross-school partners: a pair accepted at one school holds its partner's capacity when
    /// another school proposes.
    @Test func crossSchoolCapacityCountsPairsAcceptedElsewhere() throws {
        var policy = config.pairing
        policy.crossSchool = true
        let first = try pairing.propose(schools: nil, policy: policy)
        let accepted = try #require(first.first { !$0.result.pairs.isEmpty })
        let school = accepted.school
        try pairing.accept(school: school, runId: accepted.runId)
        let held = accepted.result.pairs
        for pair in held {
            try pairing.setCapacity(teacher: pair.partner, capacity: held.filter { $0.partner == pair.partner }.count)
            // Were the accepted pair proposed afresh, the partner would be free for someone else.
            try pairing.decide(partner: pair.partner, target: pair.target, .forbid)
        }
        let others = first.map(\.school).filter { $0 != school }
        let again = try pairing.propose(schools: others, policy: policy)
        let partners = Set(held.map(\.partner))
        #expect(!again.isEmpty)
        for proposal in again {
            #expect(!proposal.result.pairs.contains { partners.contains($0.partner) }, "\(proposal.school)")
        }
    }

    @Test func everyProposalIsARun() throws {
        try pairing.propose(schools: ["sch-high"], policy: config.pairing)
        let runs = try pairing.store.writer.read { try Row.fetchAll($0, sql: "SELECT kind, inputsFingerprint, policy FROM run WHERE kind = 'pairs-propose'") }
        #expect(runs.count == 1)
        #expect((runs[0][1] as String).count == 64)
        #expect((runs[0][2] as String).contains("\"mode\":\"quality\""))
        #expect(throws: StoreError.unknownSchool("sch-nowhere", known: ["sch-elm", "sch-high", "sch-mid"])) { try pairing.propose(schools: ["sch-nowhere"], policy: config.pairing) }
    }
}
