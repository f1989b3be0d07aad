import PeerPlanBenchSupport
import PeerPlanCore
import Testing

/// The school shapes `peerplan-bench place --shape` builds (issue 13: the checks never built block
/// schedules or tight weekly caps), and the kernel's answers on them keeping every hard rule.
@Suite struct SyntheticPlacementTests {
    @Test(arguments: SyntheticPlacement.Shape.allCases)
    func sameSeedSameProblem(shape: SyntheticPlacement.Shape) {
        #expect(SyntheticPlacement.school(teachers: 40, seed: 3, shape: shape) == SyntheticPlacement.school(teachers: 40, seed: 3, shape: shape))
        #expect(SyntheticPlacement.school(teachers: 40, seed: 3, shape: shape) != SyntheticPlacement.school(teachers: 40, seed: 4, shape: shape))
    }

    @Test func blockSchoolsHaveTwoOrThreeFreeBlocksAndHalfOfThemAsTheWeeklyCap() {
        let problem = SyntheticPlacement.school(teachers: 60, seed: 1, shape: .block)
        #expect(problem.days == ["A", "B"])
        #expect(problem.maxMeetingsPerTeacherPerDay == 1)
        for teacher in problem.teachers {
            let free = 8 - teacher.busy.count
            #expect((2...3).contains(free), "\(teacher.id) has \(free) free blocks")
            #expect(teacher.maxMeetingPeriodsPerWeek == 1)
        }
    }

    @Test func tightWeeksHaveScarceFreeTimeCapsAndMixedPriorities() {
        let problem = SyntheticPlacement.school(teachers: 60, seed: 2, shape: .tight)
        #expect(problem.maxMeetingsPerTeacherPerDay == 2)
        for teacher in problem.teachers {
            #expect((5...8).contains(35 - teacher.busy.count))
            #expect((2...3).contains(teacher.maxMeetingPeriodsPerWeek ?? 0))
        }
        #expect(Set(problem.meetings.map(\.priority)).count >= 3)
    }

    @Test(arguments: SyntheticPlacement.Shape.allCases)
    func answersKeepEveryHardRule(shape: SyntheticPlacement.Shape) throws {
        let problem = SyntheticPlacement.school(teachers: 60, seed: 5, shape: shape)
        let answer = try PlacementSolver.solve(problem)
        #expect(answer.objective <= answer.upperBound)
        #expect(!answer.placements.isEmpty)
        let meetings = Dictionary(uniqueKeysWithValues: problem.meetings.map { ($0.id, $0) })
        let teachers = Dictionary(uniqueKeysWithValues: problem.teachers.map { ($0.id, $0) })
        var used: Set<String> = [], perWeek: [String: Int] = [:], perDay: [String: Int] = [:]
        for p in answer.placements {
            let m = try #require(meetings[p.meeting])
            for t in m.members {
                for period in p.periods {
                    #expect(used.insert("\(t) \(p.day) \(period)").inserted, "\(t) is in two meetings on \(p.day) \(period)")
                    let busy = teachers[t]?.busy.contains(.init(day: p.day, period: period)) ?? false
                    #expect(busy == (t == m.host), "\(t) on \(p.day) \(period) in \(m.id)")
                }
                guard t != m.host else { continue }
                perWeek[t, default: 0] += p.periods.count
                if m.kind != "pd" { perDay["\(t) \(p.day)", default: 0] += 1 }
            }
        }
        for (t, periods) in perWeek { #expect(periods <= teachers[t]?.maxMeetingPeriodsPerWeek ?? .max, "\(t): \(periods) periods") }
        for (key, count) in perDay { #expect(count <= problem.maxMeetingsPerTeacherPerDay, "\(key): \(count) sessions") }
    }
}
