import Testing
@testable import PeerPlanCore

/// A five-indicator rubric, 1–5, weak ≤ 2, strong ≥ 4.
let mini = Rubric(id: "R", name: "Mini", scaleMin: 1, scaleMax: 5, weakAtMost: 2, strongAtLeast: 4,
                  indicators: ["a", "b", "c", "d", "e"].map { Indicator(id: $0, name: "Skill " + $0.uppercased(), domain: "X") },
                  source: "test")

let mon1 = Slot(day: .weekday(.monday), period: "1")
let tue2 = Slot(day: .weekday(.tuesday), period: "2")

func teacher(_ id: String, _ scores: [String: Double], school: String = "S", free: Set<Slot> = [mon1], capacity: Int? = nil,
             participating: Bool = true) -> PairingTeacher {
    PairingTeacher(id: id, school: school, scores: Dictionary(uniqueKeysWithValues: scores.map { (IndicatorRef(rubric: "R", indicator: $0.key), $0.value) }),
                   participating: participating, capacity: capacity, freeSlots: free)
}

func propose(_ teachers: [PairingTeacher], _ policy: PairingPolicy = PairingPolicy(), _ decisions: PairingDecisions = PairingDecisions()) throws -> PairingResult {
    try PairingEngine.propose(PairingInput(rubrics: ["R": mini], teachers: teachers, policy: policy, decisions: decisions))
}

func pairText(_ result: PairingResult) -> [String] { result.pairs.map { "\($0.partner)>\($0.target):\(weightText($0.weight))" } }

/// `3` for a whole weight, `2.5` otherwise.
func weightText(_ w: Double) -> String { w == w.rounded() ? String(Int(w)) : String(w) }

@Suite struct PairingRuleTests {
    @Test func focusAndWeightByHand() throws {
        // t weak on a (1) and b (2); p strong on a (5) and b (4) and c: F = {a, b}, w = (5-1) + (4-2) = 6.
        let result = try propose([teacher("t", ["a": 1, "b": 2, "c": 3]), teacher("p", ["a": 5, "b": 4, "c": 5])])
        #expect(pairText(result) == ["p>t:6"])
        #expect(result.pairs[0].focus.map(\.indicator) == ["a", "b"])
        #expect(result.pairs[0].sharedFreePeriods == [mon1])
        #expect(result.unmatched.isEmpty)
    }

    @Test func aPartnerWeakAnywhereIsNoPartner() throws {
        let result = try propose([teacher("t", ["a": 1]), teacher("p", ["a": 5, "b": 2])])
        #expect(result.pairs.isEmpty)
        // p is itself a target (weak on b); nobody can help t.
        #expect(result.unmatched.first { $0.teacher == "t" }?.reason == .noStrongColleague)
        #expect(result.unmatched.first { $0.teacher == "t" }?.indicators == [IndicatorRef(rubric: "R", indicator: "a")])
    }

    @Test func tiesGoToTheSmallerId() throws {
        let result = try propose([teacher("t", ["a": 2]), teacher("p2", ["a": 4]), teacher("p1", ["a": 4])])
        #expect(pairText(result) == ["p1>t:2"])
        #expect(result.unmatched.isEmpty)
    }

    @Test func capacityTwo() throws {
        let teachers = [teacher("t1", ["a": 1]), teacher("t2", ["a": 2]), teacher("t3", ["a": 1]),
                        teacher("p", ["a": 5], capacity: 2), teacher("q", ["a": 4])]
        // Two optima of 10: p {t1, t3} + q t2 (4+4+2) and p {t1, t2} + q t3 (4+3+3). The tie goes
        // to the smaller partner id for the earlier target: t2 gets p.
        let result = try propose(teachers)
        #expect(result.totalWeight == 10)
        #expect(pairText(result) == ["p>t1:4", "p>t2:3", "q>t3:3"])
        let capped = try propose(teachers.map { var t = $0; t.capacity = nil; return t })
        #expect(capped.totalWeight == 7)
        #expect(capped.unmatched.map(\.reason) == [.allAtCapacity])
        let taken = Dictionary(uniqueKeysWithValues: zip(capped.unmatched[0].colleagues, capped.unmatched[0].supporting))
        #expect(taken == ["p": ["t1"], "q": ["t3"]])
    }

    @Test func participationAndQualityDiffer() throws {
        // Quality: p helps t1 (w 8) and t2 is left; participation: p helps t2 and q helps t1.
        let teachers = [teacher("t1", ["a": 1, "b": 1]), teacher("t2", ["c": 1]),
                        teacher("p", ["a": 5, "b": 5, "c": 5]), teacher("q", ["a": 4])]
        let quality = try propose(teachers)
        #expect(pairText(quality) == ["p>t1:8"])
        let participation = try propose(teachers, PairingPolicy(mode: .participation))
        #expect(pairText(participation) == ["q>t1:3", "p>t2:4"])
        #expect(quality.totalWeight > participation.totalWeight)
    }

    @Test func aLockedPairIsForcedEvenWhenNotOptimal() throws {
        let teachers = [teacher("t1", ["a": 1]), teacher("t2", ["a": 2]), teacher("p", ["a": 5]), teacher("q", ["a": 4])]
        #expect(pairText(try propose(teachers)) == ["p>t1:4", "q>t2:2"])
        let locked = try propose(teachers, PairingPolicy(), PairingDecisions(locked: [PairKey(partner: "q", target: "t1")]))
        #expect(pairText(locked) == ["q>t1:3", "p>t2:3"])
        #expect(locked.pairs.first { $0.target == "t1" }?.locked == true)
    }

    @Test func forbiddenEdgesAreNeverUsed() throws {
        let teachers = [teacher("t", ["a": 1]), teacher("p", ["a": 5]), teacher("q", ["a": 4])]
        let result = try propose(teachers, PairingPolicy(), PairingDecisions(forbidden: [PairKey(partner: "p", target: "t")]))
        #expect(pairText(result) == ["q>t:3"])
        let none = try propose(teachers, PairingPolicy(), PairingDecisions(forbidden: [PairKey(partner: "p", target: "t"), PairKey(partner: "q", target: "t")]))
        #expect(none.pairs.isEmpty)
        #expect(none.unmatched.map(\.reason) == [.forbiddenByPrincipal])
    }

    @Test func scheduleAwarenessAndIgnoreSchedule() throws {
        let teachers = [teacher("t", ["a": 1], free: [mon1]), teacher("p", ["a": 5], free: [tue2])]
        let result = try propose(teachers)
        #expect(result.pairs.isEmpty)
        #expect(result.unmatched.map(\.reason) == [.noSharedFreePeriod])
        #expect(result.unmatched[0].colleagues == ["p"])
        let skillsOnly = try propose(teachers, PairingPolicy(minSharedFreePeriods: 0))
        #expect(pairText(skillsOnly) == ["p>t:4"])
    }

    @Test func optedOutTeachersAreNeither() throws {
        let result = try propose([teacher("t", ["a": 1], participating: false), teacher("p", ["a": 5]),
                                  teacher("u", ["a": 2]), teacher("q", ["a": 5], participating: false)])
        #expect(pairText(result) == ["p>u:3"])
        #expect(result.unmatched.map(\.reason) == [.optedOut])
    }

    @Test func crossSchoolPairsAreVirtualAndOnlyWhenNeeded() throws {
        let teachers = [teacher("t", ["a": 1], school: "A"), teacher("u", ["a": 2], school: "B"),
                        teacher("p", ["a": 5], school: "B", capacity: 2)]
        #expect(pairText(try propose(teachers)) == ["p>u:3"])
        let cross = try propose(teachers, PairingPolicy(crossSchool: true))
        #expect(pairText(cross) == ["p>t:4", "p>u:3"])
        #expect(cross.pairs.first { $0.target == "t" }?.virtual == true)
        #expect(cross.pairs.first { $0.target == "u" }?.virtual == false)
    }

    @Test func impossibleDecisionsAreErrors() {
        let teachers = [teacher("t1", ["a": 1]), teacher("t2", ["a": 1]), teacher("p", ["a": 5])]
        #expect(throws: PairingError.self) {
            try propose(teachers, PairingPolicy(), PairingDecisions(locked: [PairKey(partner: "p", target: "t1"), PairKey(partner: "p", target: "t2")]))
        }
        #expect(throws: PairingError.self) { try propose(teachers, PairingPolicy(defaultCapacity: 0)) }
        #expect(throws: PairingError.self) {
            try propose(teachers, PairingPolicy(), PairingDecisions(locked: [PairKey(partner: "p", target: "nobody")]))
        }
    }
}

/// The optimum, checked against exhaustive search on random small instances.
@Suite struct PairingBruteForceTests {
    struct Rng { var state: UInt64; mutating func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) } }

    /// Best (pairs, weight) by trying every assignment of targets to partners or to nobody.
    func bruteForce(_ targets: [Int], _ options: [[(partner: Int, weight: Int)]], capacity: [Int], mode: PairingMode) -> (Int, Int) {
        var best = (0, 0)
        var load = capacity.map { _ in 0 }
        func better(_ a: (Int, Int), _ b: (Int, Int)) -> Bool {
            mode == .quality ? a.1 > b.1 : (a.0, a.1) > (b.0, b.1)
        }
        func go(_ k: Int, _ pairs: Int, _ weight: Int) {
            if k == targets.count {
                if better((pairs, weight), best) { best = (pairs, weight) }
                return
            }
            go(k + 1, pairs, weight)
            for option in options[k] where load[option.partner] < capacity[option.partner] {
                load[option.partner] += 1
                go(k + 1, pairs + 1, weight + option.weight)
                load[option.partner] -= 1
            }
        }
        go(0, 0, 0)
        return best
    }

    @Test func randomInstancesMatchExhaustiveSearch() throws {
        var rng = Rng(state: 42)
        let slots = [mon1, tue2, Slot(day: .weekday(.wednesday), period: "3")]
        for instance in 0..<300 {
            let n = 2 + rng.next(7)
            var teachers: [PairingTeacher] = []
            for i in 0..<n {
                var scores: [String: Double] = [:]
                for indicator in ["a", "b", "c"] where rng.next(4) > 0 { scores[indicator] = Double(1 + rng.next(5)) }
                let free = Set(slots.filter { _ in rng.next(2) == 0 })
                teachers.append(teacher("x\(i)", scores, free: free, capacity: 1 + rng.next(2)))
            }
            let mode: PairingMode = instance % 2 == 0 ? .quality : .participation
            let result = try propose(teachers, PairingPolicy(mode: mode))
            // Independent edge list, straight from the rule.
            let weak = teachers.map { t in t.scores.filter { $0.value <= 2 }.map(\.key) }
            let isPartner = teachers.indices.map { weak[$0].isEmpty && teachers[$0].scores.values.contains { $0 >= 4 } }
            let targets = teachers.indices.filter { !weak[$0].isEmpty }
            let options = targets.map { t in
                teachers.indices.compactMap { p -> (partner: Int, weight: Int)? in
                    guard isPartner[p], !teachers[p].freeSlots.isDisjoint(with: teachers[t].freeSlots) else { return nil }
                    let f = weak[t].filter { (teachers[p].scores[$0] ?? 0) >= 4 }
                    guard !f.isEmpty else { return nil }
                    return (p, Int(f.reduce(0) { $0 + teachers[p].scores[$1]! - teachers[t].scores[$1]! }))
                }
            }
            let expected = bruteForce(targets, options, capacity: teachers.map { $0.capacity ?? 1 }, mode: mode)
            #expect(result.pairs.count == expected.0 || mode == .quality, "instance \(instance)")
            #expect(result.totalWeight == Double(expected.1), "instance \(instance) \(mode)")
            // Every proposed pair obeys the rule; every target is either paired or explained.
            #expect(Set(result.pairs.map(\.target)).count == result.pairs.count)
            let explained = Set(result.unmatched.map(\.teacher)).union(result.pairs.map(\.target))
            #expect(explained == Set(targets.map { teachers[$0].id }), "instance \(instance)")
        }
    }
}

@Suite struct AssignmentTests {
    @Test func smallMatrixByHand() {
        let costs: [[Int64]] = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
        let result = Assignment.solve(rows: 3, columns: 3) { costs[$0][$1] }
        #expect(result == [1, 0, 2])
        let rectangular = Assignment.solve(rows: 2, columns: 3) { [[7, 1, 9], [1, 8, 9]][$0][$1] }
        #expect(rectangular == [1, 0])
    }
}

@Suite struct AssignmentCrossCheckTests {
    /// Jonker–Volgenant and the Hungarian method must find the same optimal total on random
    /// matrices full of ties (small integer costs), square and rectangular.
    @Test func jonkerVolgenantMatchesHungarian() {
        var rng = PairingBruteForceTests.Rng(state: 7)
        for instance in 0..<400 {
            let rows = 1 + rng.next(12)
            let columns = rows + rng.next(rows + 1)
            let matrix = (0..<(rows * columns)).map { _ in Int64(rng.next(5)) - (rng.next(3) == 0 ? 10 : 0) }
            let jv = Assignment.solve(rows: rows, columns: columns, matrix: matrix)
            let hu = Assignment.hungarian(rows: rows, columns: columns, matrix: matrix)
            func total(_ a: [Int]) -> Int64 { a.enumerated().reduce(0) { $0 + matrix[$1.offset * columns + $1.element] } }
            #expect(Set(jv).count == rows && jv.allSatisfy { (0..<columns).contains($0) }, "instance \(instance)")
            #expect(total(jv) == total(hu), "instance \(instance): \(rows)×\(columns)")
        }
    }
}

@Suite struct PairingPolicyExtrasTests {
    @Test func previousCyclePenaltyAndBonuses() throws {
        let teachers = [teacher("t", ["a": 1]), teacher("p", ["a": 5]), teacher("q", ["a": 4])]
        let previous = PairingDecisions(previous: [PairKey(partner: "p", target: "t")])
        // Without a penalty the old pair is best again (4 > 3) ...
        #expect(pairText(try propose(teachers, PairingPolicy(), previous)) == ["p>t:4"])
        // ... with a penalty of 2 it scores 2, so q (3) takes over.
        #expect(pairText(try propose(teachers, PairingPolicy(previousCyclePenalty: 2), previous)) == ["q>t:3"])
        // A same-subject bonus tips the balance back.
        var withSubjects = teachers
        withSubjects[0].subjects = ["Mathematics"]
        withSubjects[1].subjects = ["Mathematics"]
        #expect(pairText(try propose(withSubjects, PairingPolicy(sameSubjectBonus: 2, previousCyclePenalty: 2), previous)) == ["p>t:4"])
    }

    @Test func crossSchoolStaysInsideTheDistrict() throws {
        var t = teacher("t", ["a": 1], school: "A")
        t.district = "D1"
        var p = teacher("p", ["a": 5], school: "B")
        p.district = "D2"
        #expect(try propose([t, p], PairingPolicy(crossSchool: true)).pairs.isEmpty)
        p.district = "D1"
        #expect(pairText(try propose([t, p], PairingPolicy(crossSchool: true))) == ["p>t:4"])
    }
}

@Suite struct PairingReviewRegressionTests {
    /// Participation mode must still maximise the number of pairs when a repeat penalty makes a
    /// weight negative (found in review: the lift ignored negative weights).
    @Test func participationWithNegativeWeights() throws {
        let teachers = [teacher("t1", ["a": 1]), teacher("t2", ["b": 1]), teacher("p1", ["a": 5, "b": 5]), teacher("p2", ["b": 5])]
        let policy = PairingPolicy(mode: .participation, previousCyclePenalty: 50)
        let result = try propose(teachers, policy, PairingDecisions(previous: [PairKey(partner: "p1", target: "t1")]))
        #expect(result.pairs.count == 2)
        #expect(pairText(result) == ["p1>t1:-46", "p2>t2:4"])
    }

    @Test func qualityModeExplainsAPenalisedRepeat() throws {
        let teachers = [teacher("t", ["a": 2]), teacher("p", ["a": 4])]
        let result = try propose(teachers, PairingPolicy(previousCyclePenalty: 5), PairingDecisions(previous: [PairKey(partner: "p", target: "t")]))
        #expect(result.pairs.isEmpty)
        #expect(result.unmatched.map(\.reason) == [.penalisedRepeat])
    }

    @Test func aLockWithAnOptedOutTeacherIsIgnoredWithAWarning() throws {
        let teachers = [teacher("t", ["a": 1], participating: false), teacher("u", ["a": 1]), teacher("p", ["a": 5])]
        let result = try propose(teachers, PairingPolicy(), PairingDecisions(locked: [PairKey(partner: "p", target: "t")]))
        #expect(pairText(result) == ["p>u:4"])
        #expect(result.warnings.first?.contains("is ignored: t has opted out") == true)
    }
}

/// Pairing classifies teachers by each rubric's own rule (`Rubric.isWeak`, `isStrong`,
/// `CandidateRules`), whatever the rubric's scale and thresholds.
@Suite struct PairingUsesTheRubricRuleTests {
    /// 1–4, weak ≤ 1, strong ≥ 3: a 2 is weak on `mini` but not here.
    static let four = Rubric(id: "F", name: "Four", scaleMin: 1, scaleMax: 4, weakAtMost: 1, strongAtLeast: 3,
                             indicators: ["x", "y"].map { Indicator(id: $0, name: "Skill " + $0.uppercased(), domain: "Y") }, source: "test")

    @Test func targetsPartnersAndFocusFollowEachRubric() throws {
        var rng = PairingBruteForceTests.Rng(state: 11)
        let rubrics = ["R": mini, "F": Self.four]
        for instance in 0..<200 {
            var teachers: [PairingTeacher] = []
            for i in 0..<(2 + rng.next(7)) {
                var scores: [IndicatorRef: Double] = [:]
                for (rubric, indicators, top) in [("R", ["a", "b"], 5), ("F", ["x", "y"], 4)] {
                    for indicator in indicators where rng.next(3) > 0 { scores[IndicatorRef(rubric: rubric, indicator: indicator)] = Double(1 + rng.next(top)) }
                }
                teachers.append(PairingTeacher(id: "x\(i)", school: "S", scores: scores, participating: rng.next(6) > 0, capacity: 2, freeSlots: [mon1]))
            }
            let result = try PairingEngine.propose(PairingInput(rubrics: rubrics, teachers: teachers))
            // Independently, rubric by rubric: a target if any rubric says so, a partner if none
            // says target and one says partner.
            func statuses(_ t: PairingTeacher) -> [CandidateStatus] {
                rubrics.values.map { rubric in
                    let mine = t.scores.filter { $0.key.rubric == rubric.id }
                    return CandidateRules.classify(latestScores: Dictionary(uniqueKeysWithValues: mine.map { ($0.key.indicator, $0.value) }),
                                                   rubric: rubric, participating: t.participating)
                }
            }
            let targets = Set(teachers.filter { statuses($0).contains(where: \.isTarget) }.map(\.id))
            let partners = Set(teachers.filter { t in !targets.contains(t.id) && statuses(t).contains(where: \.isPartner) }.map(\.id))
            let optedOutWeak = Set(teachers.filter { t in
                !t.participating && t.scores.contains { rubrics[$0.key.rubric]!.isWeak($0.value) }
            }.map(\.id))
            let explained = Set(result.pairs.map(\.target)).union(result.unmatched.map(\.teacher))
            #expect(explained == targets.union(optedOutWeak), "instance \(instance)")
            #expect(Set(result.unmatched.filter { $0.reason == .optedOut }.map(\.teacher)) == optedOutWeak, "instance \(instance)")
            for pair in result.pairs {
                #expect(partners.contains(pair.partner), "instance \(instance): \(pair.partner)")
                let p = teachers.first { $0.id == pair.partner }!, t = teachers.first { $0.id == pair.target }!
                let focus = t.scores.keys.filter { ref in
                    rubrics[ref.rubric]!.isWeak(t.scores[ref]!) && p.scores[ref].map { rubrics[ref.rubric]!.isStrong($0) } == true
                }
                #expect(Set(pair.focus) == Set(focus) && !focus.isEmpty, "instance \(instance)")
            }
        }
    }
}
