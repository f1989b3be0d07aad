import Testing
@testable import PeerPlanCore

/// Issue 13.5: meetings every 2 weeks hold their members' periods and caps only in their own
/// week of the two-week cycle; a pair's two observation directions take turns.
@Suite("Alternating observations")
struct AlternatingPlacementTests {
    /// Everyone teaches in every period but those given.
    func teacher(_ id: String, freeIn free: [(String, String)], days: [String] = ["Mon"], cap: Int? = nil) -> PP.Teacher {
        let all = days.flatMap { d in ["P1", "P2", "P3", "P4"].map { (d, $0) } }
        return .init(id: id, busy: busy(all.filter { slot in !free.contains { $0 == slot } }), maxMeetingPeriodsPerWeek: cap)
    }

    func observe(_ observer: String, _ host: String, everyWeeks: Int? = 2, alternatesWith: String? = nil) -> PP.Meeting {
        .init(id: "observe:\(observer):\(host)", kind: "observation", members: [observer, host], host: host, priority: 2,
              everyWeeks: everyWeeks, alternatesWith: alternatesWith)
    }

    @Test func twoSessionsEveryTwoWeeksShareATeachersPeriodInOppositeWeeks() throws {
        // A's only free period is P3; B and C both teach then.
        let teachers = [teacher("A", freeIn: [("Mon", "P3")]), teacher("B", freeIn: []), teacher("C", freeIn: [])]
        let problem = PP(days: ["Mon"], periods: fivePeriods, maxMeetingsPerTeacherPerDay: 2, teachers: teachers,
                         meetings: [observe("A", "B"), observe("A", "C")])
        let answer = try PlacementSolver.solve(problem)
        #expect(violations(problem, answer).isEmpty, "\(violations(problem, answer))")
        #expect(answer.placements.count == 2 && answer.optimal)
        #expect(answer.placements.allSatisfy { $0.day == "Mon" && $0.periods == ["P3"] })
        #expect(Set(answer.placements.compactMap(\.week)) == [0, 1])
        #expect(answer.objective == 2 * 2 * 60)
        // Placed as if weekly (the old model), the second one finds no room.
        var weekly = problem
        weekly.meetings = [observe("A", "B", everyWeeks: nil), observe("A", "C", everyWeeks: nil)]
        let old = try PlacementSolver.solve(weekly)
        #expect(old.placements.count == 1 && old.objective == 2 * 60)
        #expect(old.placements.allSatisfy { $0.week == nil })
    }

    @Test func dailyAndWeeklyCapsHoldInEachWeek() throws {
        let days = ["Mon", "Tue"]
        let free = days.flatMap { d in ["P1", "P2", "P3", "P4"].map { (d, $0) } }
        // Daily cap 1 on a one-day week: one session a week, so one in each week.
        let oneDay = PP(days: ["Mon"], periods: fivePeriods, maxMeetingsPerTeacherPerDay: 1,
                        teachers: [teacher("A", freeIn: free), teacher("B", freeIn: []), teacher("C", freeIn: [])],
                        meetings: [observe("A", "B"), observe("A", "C")])
        let daily = try PlacementSolver.solve(oneDay)
        #expect(violations(oneDay, daily).isEmpty, "\(violations(oneDay, daily))")
        #expect(daily.placements.count == 2 && Set(daily.placements.compactMap(\.week)) == [0, 1])
        // Weekly cap of 2 periods: a weekly pair (every week) and one observation in each week.
        let capped = PP(days: days, periods: fivePeriods, maxMeetingsPerTeacherPerDay: 2,
                        teachers: [teacher("A", freeIn: free, days: days, cap: 2), teacher("B", freeIn: [], days: days),
                                   teacher("C", freeIn: [], days: days), teacher("D", freeIn: free, days: days)],
                        meetings: [.init(id: "pair:A:D", kind: "pair", members: ["A", "D"], priority: 2), observe("A", "B"), observe("A", "C")])
        let weekly = try PlacementSolver.solve(capped)
        #expect(violations(capped, weekly).isEmpty, "\(violations(capped, weekly))")
        #expect(weekly.placements.count == 3 && weekly.optimal)
        #expect(Set(weekly.placements.compactMap(\.week)) == [0, 1])
        // A cap of 1: the pair fills every week; the observations only fit without it.
        var tight = capped
        tight.teachers[0].maxMeetingPeriodsPerWeek = 1
        let one = try PlacementSolver.solve(tight)
        #expect(violations(tight, one).isEmpty, "\(violations(tight, one))")
        #expect(Set(one.placements.map(\.meeting)) == ["observe:A:B", "observe:A:C"])
        #expect(one.optimal)
    }

    @Test func aPairsTwoDirectionsAlternate() throws {
        // A's only free period is P1, B's P2: A watches B (and C) in P1, B watches A in P2.
        let teachers = [teacher("A", freeIn: [("Mon", "P1")]), teacher("B", freeIn: [("Mon", "P2")]), teacher("C", freeIn: [])]
        let problem = PP(days: ["Mon"], periods: fivePeriods, maxMeetingsPerTeacherPerDay: 2, teachers: teachers,
                         meetings: [observe("A", "B", alternatesWith: "observe:B:A"), observe("B", "A"), observe("A", "C")])
        let answer = try PlacementSolver.solve(problem)
        #expect(violations(problem, answer).isEmpty, "\(violations(problem, answer))")
        #expect(answer.placements.count == 3 && answer.optimal)
        let week = Dictionary(uniqueKeysWithValues: answer.placements.map { ($0.meeting, $0.week) })
        #expect(week["observe:A:B"]! != week["observe:B:A"]!)
        #expect(week["observe:A:B"]! != week["observe:A:C"]!)
        // Kept in the same week, the other direction moves to the other week rather than clash.
        var kept = problem
        kept.keep = [.init(meeting: "observe:A:B", session: 0, day: "Mon", periods: ["P1"], week: 1),
                     .init(meeting: "observe:B:A", session: 0, day: "Mon", periods: ["P2"], week: 1)]
        let again = try PlacementSolver.solve(kept)
        #expect(violations(kept, again).isEmpty, "\(violations(kept, again))")
        #expect(again.placements.count == 3)
        #expect(again.placements.contains { $0.meeting == "observe:A:B" && $0.week == 1 })
        #expect(again.placements.contains { $0.meeting == "observe:B:A" && $0.week == 0 })
    }

    /// A/B blocks, 2 free blocks per cycle, weekly share 1 block: a partner with two colleagues
    /// watched one of them under the old model; with turns she watches both.
    @Test func aBlockSchedulePartnerWatchesBothColleagues() throws {
        let days = ["A", "B"]
        let blocks: [PP.Period] = [
            .init(name: "1", start: "08:00", end: "09:30", kind: "instruction"), .init(name: "2", start: "09:40", end: "11:10", kind: "instruction"),
            .init(name: "3", start: "11:50", end: "13:20", kind: "instruction"), .init(name: "4", start: "13:30", end: "15:00", kind: "instruction"),
        ]
        func t(_ id: String, _ free: [(String, String)]) -> PP.Teacher {
            let all = days.flatMap { d in ["1", "2", "3", "4"].map { (d, $0) } }
            return .init(id: id, busy: busy(all.filter { slot in !free.contains { $0 == slot } }), maxMeetingPeriodsPerWeek: 1)
        }
        let teachers = [t("P", [("A", "1"), ("B", "1")]), t("X", [("A", "1"), ("A", "2")]), t("Y", [("B", "1"), ("B", "2")])]
        let meetings = [observe("P", "X", alternatesWith: "observe:X:P"), observe("X", "P"),
                        observe("P", "Y", alternatesWith: "observe:Y:P"), observe("Y", "P")]
        let problem = PP(days: days, periods: blocks, maxMeetingsPerTeacherPerDay: 1, teachers: teachers, meetings: meetings)
        let answer = try PlacementSolver.solve(problem)
        #expect(violations(problem, answer).isEmpty, "\(violations(problem, answer))")
        #expect(answer.placements.count == 4 && answer.optimal && answer.objective == 4 * 2 * 90)
        var weekly = problem
        weekly.meetings = meetings.map { var m = $0; m.everyWeeks = nil; m.alternatesWith = nil; return m }
        let old = try PlacementSolver.solve(weekly)
        #expect(old.placements.filter { $0.meeting.hasPrefix("observe:P:") }.count == 1)
        #expect(old.objective == 3 * 2 * 90)
    }

    @Test func badCadencesAreClearErrors() {
        func error(_ meetings: [PP.Meeting]) -> String? {
            let problem = PP(days: ["Mon"], periods: fivePeriods, maxMeetingsPerTeacherPerDay: 1,
                             teachers: [teacher("A", freeIn: [("Mon", "P1")]), teacher("B", freeIn: [("Mon", "P2")])], meetings: meetings)
            do { _ = try PlacementSolver.solve(problem); return nil } catch { return error.description }
        }
        #expect(error([observe("A", "B", everyWeeks: 3)]) == "meetings[0].everyWeeks: must be 1 or 2")
        #expect(error([observe("A", "B", alternatesWith: "observe:C:A")]) == "meetings[0].alternatesWith: unknown meeting \"observe:C:A\"")
        #expect(error([observe("A", "B", alternatesWith: "observe:B:A"), observe("B", "A", everyWeeks: nil)])
                == "meetings[0].alternatesWith: alternating meetings both need everyWeeks 2")
    }

    /// Random tiny problems with sessions every 2 weeks and alternating meetings: the rules hold,
    /// the answer is the brute-force optimum, and the teacher bound stays above it.
    @Test func randomProblemsEveryTwoWeeksReachTheOptimum() throws {
        var rng = Xoshiro(seed: 1305)
        let days = ["Mon", "Tue"]
        for instance in 0..<40 {
            let teachers: [PP.Teacher] = (0..<4).map { i in
                let slots = days.flatMap { d in ["P1", "P2", "P3", "P4"].map { (d, $0) } }.filter { _ in rng.below(2) == 0 }
                return PP.Teacher(id: "T\(i)", busy: busy(slots), maxMeetingPeriodsPerWeek: rng.below(2) == 0 ? nil : 1 + rng.below(2))
            }
            var meetings: [PP.Meeting] = []
            // A pair's two directions, alternating, and one more meeting (weekly or not).
            let a = rng.below(4), b = (a + 1 + rng.below(3)) % 4, c = [0, 1, 2, 3].filter { $0 != a }[rng.below(3)]
            meetings.append(observe("T\(a)", "T\(b)", alternatesWith: rng.below(4) == 0 ? nil : "observe:T\(b):T\(a)"))
            meetings.append(observe("T\(b)", "T\(a)"))
            let kinds = ["pair", "pd", "observation"]
            let kind = kinds[rng.below(kinds.count)]
            meetings.append(.init(id: "M", kind: kind, members: kind == "pd" ? ["T\(a)"] : ["T\(a)", "T\(c)"], host: kind == "observation" ? "T\(c)" : nil,
                                  periodsPerSession: rng.below(4) == 0 ? 2 : 1, priority: 1 + rng.below(3), everyWeeks: rng.below(2) == 0 ? 2 : nil))
            let problem = PP(days: days, periods: fivePeriods, maxMeetingsPerTeacherPerDay: 1 + rng.below(2), teachers: teachers,
                             meetings: meetings, seed: UInt64(instance), timeLimitSeconds: 1)
            let answer = try expectExactOptimum(problem, instance: instance)
            #expect(try PlacementSolver.solve(problem) == answer)
        }
    }
}
