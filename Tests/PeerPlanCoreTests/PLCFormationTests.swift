import Testing
@testable import PeerPlanCore

@Suite struct PLCFormationTests {
    func member(_ id: String, grade: String? = nil, subject: String? = nil, free: [Int] = [1], participating: Bool = true) -> PLCFormation.Member {
        PLCFormation.Member(id: id, grades: grade.map { Array(repeating: $0, count: 3) } ?? [], subjects: subject.map { [$0] } ?? [],
                            freeSlots: Set(free.map { Slot(day: .weekday(.monday), period: String($0)) }), participating: participating)
    }

    @Test func elementaryGradeTeamsAndSecondarySubjectTeams() throws {
        let elementary = try PLCFormation.propose((0..<4).map { member("g4-\($0)", grade: "04") } + (0..<3).map { member("kg-\($0)", grade: "KG") })
        #expect(elementary.elementary)
        #expect(elementary.teams.map(\.name) == ["Grade 4 team", "Kindergarten team"])
        let secondary = try PLCFormation.propose((0..<3).map { member("m\($0)", grade: "09", subject: "Mathematics") }
                                                 + (0..<3).map { member("s\($0)", grade: "10", subject: "Science") })
        #expect(!secondary.elementary)
        #expect(secondary.teams.map(\.name) == ["Mathematics team", "Science team"])
        #expect(secondary.teams[0].commonFreeSlots == [Slot(day: .weekday(.monday), period: "1")])
    }

    @Test func largeTeamsSplitBalancedKeepingFreeTimeTogether() throws {
        // 10 math teachers: 5 free in period 1, 5 in period 2 → two teams of 5, each with a shared period.
        let members = (0..<10).map { member("m\($0)", subject: "Mathematics", free: [$0 % 2 == 0 ? 1 : 2]) }
        let result = try PLCFormation.propose(members, policy: .init(minSize: 3, maxSize: 8))
        #expect(result.teams.map(\.members.count) == [5, 5])
        #expect(result.teams.allSatisfy { $0.commonFreeSlots.count == 1 })
    }

    @Test func smallTeamsAreCombinedAndOptedOutTeachersLeftOut() throws {
        let members = [member("a1", subject: "Art"), member("a2", subject: "Art"), member("mu", subject: "Music"),
                       member("pe", subject: "PE", participating: false)]
        let result = try PLCFormation.propose(members)
        #expect(result.teams.count == 1)
        #expect(result.teams[0].basis == "combined")
        #expect(Set(result.teams[0].members) == ["a1", "a2", "mu"])
        #expect(result.unassigned["pe"] == "opted out of peer collaboration")
        #expect(throws: PairingError.self) { try PLCFormation.propose(members, policy: .init(minSize: 5, maxSize: 4)) }
    }

    @Test func everyoneInAtMostOneTeamOfThreeToEight() throws {
        var rng = Xoshiro(seed: 8)
        let subjects = ["Mathematics", "Science", "Art", "Music", "ELA", "PE"]
        let members = (0..<57).map { i in member("t\(i)", subject: subjects[rng.below(subjects.count)], free: [1 + rng.below(4)]) }
        let result = try PLCFormation.propose(members)
        let all = result.teams.flatMap(\.members)
        #expect(Set(all).count == all.count)
        #expect(result.teams.allSatisfy { (3...8).contains($0.members.count) })
        #expect(all.count + result.unassigned.count == 57)
    }
}

@Suite struct PLCCombiningTests {
    @Test func smallTeamsAreCombinedByCommonFreeTime() throws {
        func m(_ id: String, _ subject: String, _ free: Int) -> PLCFormation.Member {
            .init(id: id, grades: ["09"], subjects: [subject], freeSlots: [Slot(day: .weekday(.monday), period: String(free))])
        }
        // Art and Music are free in period 1, Drama and Dance in period 2: those go together.
        let result = try PLCFormation.propose([m("a1", "Art", 1), m("a2", "Art", 1), m("d1", "Dance", 2), m("d2", "Dance", 2),
                                               m("dr", "Drama", 2), m("mu", "Music", 1)], policy: .init(minSize: 3, maxSize: 8))
        #expect(result.teams.map { Set($0.members) } == [["a1", "a2", "mu"], ["d1", "d2", "dr"]])
        #expect(result.teams.allSatisfy { $0.commonFreeSlots.count == 1 })
    }
}
