import Testing
@testable import PeerPlanCore
@testable import PeerPlanReports

/// The one wording of each placement reason code and remedy.
@Suite struct UnplacedWordingTests {
    @Test(arguments: [
        ("noCommonFreePeriod", ["t1", "t2"], "no period when all its members are free (held back by t1, t2)"),
        ("hostNotTeaching", ["h"], "h is not teaching in any period when the observers are free"),
        ("dailyCapReached", ["t1"], "every day it could go, t1 already has as many sessions as a day allows"),
        ("dailyCapReached", ["t1", "t2"], "every day it could go, t1, t2 already have as many sessions as a day allows"),
        ("weeklyShareReached", ["t1"], "another session would take more than the share of free periods t1 may give to collaboration"),
        ("blockedBy", ["pair:a:b", "plc:7"], "the periods it could take are held by pair:a:b, plc:7"),
        ("unknownClassTimes", ["t5"], "the class times of t5 are unknown (a class's periods match no period of the bell schedule), so no free period is known"),
        ("somethingNew", ["x"], "somethingNew (x)"),
    ])
    func eachReasonHasOneSentence(_ reason: String, _ blockers: [String], _ sentence: String) {
        #expect(UnplacedWording.sentence(reason: reason, blockers: blockers) == sentence)
    }

    @Test func eachCodeTheSolverGivesIsWorded() {
        // The codes PlacementAnswer.Unplaced documents: none falls through to the bare code.
        for code in ["noCommonFreePeriod", "hostNotTeaching", "dailyCapReached", "weeklyShareReached", "blockedBy", "unknownClassTimes"] {
            #expect(!UnplacedWording.sentence(reason: code, blockers: ["t"]).contains(code))
        }
    }

    @Test func remediesAndTheLine() {
        let cover = PlacementAnswer.Remedy(kind: "cover", teacher: "t1", day: "Mon", periods: ["3", "4"], coveredPeriods: 2)
        let outside = PlacementAnswer.Remedy(kind: "outsideInstruction", teacher: nil, day: "Tue", periods: ["AS"], coveredPeriods: 0)
        #expect(UnplacedWording.remedy(cover) == "would fit if t1's class were covered: Mon period 3+4")
        #expect(UnplacedWording.remedy(outside) == "would fit outside instruction: Tue AS")
        #expect(UnplacedWording.line(title: "PLC: Maths", reason: "noCommonFreePeriod", blockers: ["t1"], remedy: cover)
            == "PLC: Maths: no period when all its members are free (held back by t1) [noCommonFreePeriod] — would fit if t1's class were covered: Mon period 3+4")
        #expect(UnplacedWording.line(title: "PD", reason: "weeklyShareReached", blockers: ["t1"], remedy: nil).hasSuffix("[weeklyShareReached]"))
    }

    @Test func aPlacementAnswerWordsItsUnplacedSessionsLikeAWeek() {
        let answer = PlacementAnswer(objective: 100, upperBound: 150,
                                     placements: [.init(meeting: "m1", session: 0, day: "Mon", periods: ["1"])],
                                     unplaced: [.init(meeting: "m2", session: 1, reason: "blockedBy", blockers: ["m1"],
                                                      remedy: .init(kind: "outsideInstruction", teacher: nil, day: "Mon", periods: ["0"], coveredPeriods: 0))])
        #expect(PlacementAnswerReport.text(answer) == """
            Objective 100, at most 50 below the optimum: no placement scores more than 150 (Σ priority × minutes); 1 sessions placed, 1 not.
              m1 #1: Mon 1
              m2 #2 not placed: the periods it could take are held by m1 [blockedBy] — would fit outside instruction: Mon 0

            """)
    }
}
