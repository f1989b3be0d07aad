import Testing
import PeerPlanTestSupport
@testable import PeerPlanCore
@testable import PeerPlanReports
@testable import PeerPlanStore

/// The one wording of each unmatched-teacher reason, and the proposal and `pairs show` reports
/// that use it.
@Suite struct PairingReportTests {
    static let questioning = IndicatorRef(rubric: "TEAM", indicator: "questioning")
    static let pacing = IndicatorRef(rubric: "TEAM", indicator: "pacing")
    static let skills: [IndicatorRef: String] = [questioning: "Questioning", pacing: "Lesson Structure and Pacing"]
    static let names = ["t1": "Ann Lee", "p1": "Bo Park", "p2": "Cy Moss", "t2": "Di Ray", "t3": "Ed Fox"]

    static func colleague(_ id: String) -> String { "\(names[id] ?? id) (\(id))" }
    static func skill(_ ref: IndicatorRef) -> String { skills[ref] ?? ref.indicator }

    static func miss(_ reason: UnmatchedReason) -> UnmatchedTarget {
        switch reason {
        case .optedOut: UnmatchedTarget(teacher: "t1", reason: .optedOut)
        case .noStrongColleague: UnmatchedTarget(teacher: "t1", reason: reason, indicators: [questioning, pacing])
        case .allAtCapacity: UnmatchedTarget(teacher: "t1", reason: reason, indicators: [questioning], colleagues: ["p1", "p2"],
                                             supporting: [["t2", "t3"], []])
        default: UnmatchedTarget(teacher: "t1", reason: reason, indicators: [questioning], colleagues: ["p1", "p2"])
        }
    }

    static let expected: [UnmatchedReason: String] = [
        .optedOut: "opted out of peer collaboration",
        .noStrongColleague: "no colleague who takes part is strong on Questioning, Lesson Structure and Pacing",
        .forbiddenByPrincipal: "every colleague strong on Questioning is excluded by a principal's decision: Bo Park (p1), Cy Moss (p2)",
        .noSharedFreePeriod: "colleagues strong on Questioning share no free period with them: Bo Park (p1), Cy Moss (p2)",
        .penalisedRepeat: "the only colleagues strong on Questioning who share a free period were partners in the previous cycle, "
            + "and the repeat penalty leaves nothing to gain: Bo Park (p1), Cy Moss (p2)",
        .allAtCapacity: "every colleague strong on Questioning who shares a free period is already paired: "
            + "Bo Park (p1) supports Di Ray (t2) and Ed Fox (t3); Cy Moss (p2) supports no one yet",
        .unknownClassTimes: "the class times of every colleague strong on Questioning are unknown (a class's periods match no period of the bell schedule), "
            + "so no shared free period can be found: Bo Park (p1), Cy Moss (p2)",
    ]

    /// A target whose own class times are unknown: said without colleagues.
    @Test func unknownClassTimesOfTheTargetThemselves() {
        let miss = UnmatchedTarget(teacher: "t1", reason: .unknownClassTimes, indicators: [Self.questioning])
        #expect(UnmatchedReasonWording.sentence(miss, colleague: Self.colleague, skill: Self.skill)
            == "their class times are unknown (a class's periods match no period of the school's bell schedule, or the school has none), "
            + "so no shared free period can be found; they can be paired once the class export or the bell schedule is corrected")
    }

    @Test(arguments: UnmatchedReason.allCases)
    func eachReasonHasOneSentence(_ reason: UnmatchedReason) {
        let sentence = UnmatchedReasonWording.sentence(Self.miss(reason), colleague: Self.colleague, skill: Self.skill)
        #expect(sentence == Self.expected[reason])
        let line = UnmatchedReasonWording.line(Self.miss(reason), colleague: Self.colleague, skill: Self.skill)
        #expect(line == "  Ann Lee (t1): \(sentence) [\(reason.rawValue)]")
    }

    @Test func everyReasonHasItsOwnLabel() {
        #expect(Set(UnmatchedReason.allCases.map(UnmatchedReasonWording.label)).count == UnmatchedReason.allCases.count)
    }

    static func proposal(unmatched: [UnmatchedTarget]) -> PairingStore.Proposal {
        let pair = ProposedPair(partner: "p1", target: "t2", focus: [questioning], weight: 3, locked: true, virtual: false,
                                sharedFreePeriods: [Slot(day: .weekday(.monday), period: "3"), Slot(day: .weekday(.tuesday), period: "3")])
        let people = Dictionary(uniqueKeysWithValues: names.map { ($0.key, PairingStore.Person(id: $0.key, name: $0.value, school: "s1")) })
        return PairingStore.Proposal(school: "s1", schoolName: "North", policy: PairingPolicy(),
                                     result: PairingResult(pairs: [pair], unmatched: unmatched, warnings: ["locked pair p1–t2 shares 1 free period(s) a week"]),
                                     people: people, indicatorNames: skills, runId: 7)
    }

    @Test func aProposalAsText() {
        let text = ProposalReport.text(Self.proposal(unmatched: [Self.miss(.noSharedFreePeriod)]))
        #expect(text == """
            North (s1): 1 pair, total weight 3 — mode quality, capacity 1, at least 1 shared free period(s) a week
              Bo Park (p1) supports Di Ray (t2) — focus: Questioning; weight 3; free together: period 3 Mon Tue [locked]
            Not paired:
              Ann Lee (t1): colleagues strong on Questioning share no free period with them: Bo Park (p1), Cy Moss (p2) [noSharedFreePeriod]
            Note: locked pair p1–t2 shares 1 free period(s) a week
            Recorded as run #7.
            """)
    }

    @Test func aDistrictSummaryCountsReasons() {
        let text = ProposalReport.districtText([Self.proposal(unmatched: [Self.miss(.optedOut), Self.miss(.noStrongColleague)])])
        #expect(text == "North (s1): 1 pairs, total weight 3; not paired: 1 no colleague strong on their skills, 1 opted out [run 7]\n"
            + "District: 1 pairs across 1 schools.")
    }

    /// `pairs propose` and `pairs show` word a reason the same way, in text and JSON.
    @Test(arguments: UnmatchedReason.allCases)
    func proposalAndShowUseTheSameWording(_ reason: UnmatchedReason) throws {
        let miss = Self.miss(reason)
        let proposal = ProposalReport.text(Self.proposal(unmatched: [miss]))
        let current = PairingStore.Current(school: "s1", source: "proposal run 7 (not accepted yet)", run: 7, cycle: nil, pairs: [],
                                           unmatched: [.init(name: "Ann Lee", why: miss, recordedSentence: nil)],
                                           names: Self.names, indicatorNames: Self.skills)
        let shown = CurrentPairsReport.text(current)
        let line = "  Ann Lee (t1): \(Self.expected[reason]!) [\(reason.rawValue)]\n"
        #expect(proposal.contains(line))
        #expect(shown.hasSuffix("Not paired:\n" + line))
        let detail = "\"detail\" : \"\(Self.expected[reason]!)\""
        #expect(try ProposalReport.json([Self.proposal(unmatched: [miss])], district: false).contains(detail))
        #expect(try CurrentPairsReport.json(current).contains(detail))
    }

    @Test func aSentenceRecordedByAnEarlierVersionIsShownAsItWas() {
        let current = PairingStore.Current(school: "s1", source: "proposal run 2 (not accepted yet)", run: 2, cycle: nil, pairs: [],
                                           unmatched: [.init(name: "Ann Lee", why: UnmatchedTarget(teacher: "t1", reason: .noStrongColleague),
                                                             recordedSentence: "No colleague who takes part is strong on Questioning.")],
                                           names: [:], indicatorNames: [:])
        #expect(CurrentPairsReport.text(current) == """
            s1: proposal run 2 (not accepted yet)
            Not paired:
              Ann Lee (t1): No colleague who takes part is strong on Questioning. [noStrongColleague]

            """)
    }
}

/// Status says whose free time is unknown (issue 12), without naming anyone.
@Suite struct StatusUnknownFreeTimeTests {
    @Test func statusSaysWhoseFreeTimeIsUnknown() throws {
        let config = try loadTestConfig()
        let tmp = try TempDir()
        let store = try Store(path: tmp.path("s.sqlite").path)
        _ = try Importer(store: store, config: config).importDistrict(at: fixturesDirectory.appendingPathComponent("exports/period-labels").path)
        let text = StatusText.text(try store.writer.read { try StatusReport.load($0) })
        #expect(text.contains("  free time: unknown for 1 teacher (1 class's periods match no period of the bell schedule); schedule-aware pairing leaves them out\n"))
        #expect(text.contains("  free time: unknown for every teacher until a bell schedule is imported (pairing on skills alone still works)\n"))
    }
}
