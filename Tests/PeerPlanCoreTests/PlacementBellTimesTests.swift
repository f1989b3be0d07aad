import Testing
@testable import PeerPlanCore

/// Days with their own bell times (`periodsByDay`): a late-start Wednesday.
@Suite("Days with different bell times")
struct PlacementBellTimesTests {
    /// Monday: lunch after period 3. Wednesday starts at 09:30 with shorter periods, lunch after
    /// period 2 and no period 4 (a shorter day).
    let monday: [PP.Period] = [
        .init(name: "1", start: "08:00", end: "08:45", kind: "instruction"),
        .init(name: "2", start: "08:50", end: "09:35", kind: "instruction"),
        .init(name: "3", start: "09:40", end: "10:25", kind: "instruction"),
        .init(name: "L", start: "10:30", end: "11:00", kind: "lunch"),
        .init(name: "4", start: "11:05", end: "11:50", kind: "instruction"),
    ]
    let wednesday: [PP.Period] = [
        .init(name: "1", start: "09:30", end: "10:00", kind: "instruction"),
        .init(name: "2", start: "10:05", end: "10:40", kind: "instruction"),
        .init(name: "L", start: "10:45", end: "11:15", kind: "lunch"),
        .init(name: "3", start: "11:20", end: "11:50", kind: "instruction"),
    ]

    func problem(teachers: [PP.Teacher] = [.init(id: "A", busy: []), .init(id: "B", busy: [])],
                 meetings: [PP.Meeting]) -> PP {
        var problem = PP(days: ["Mon", "Wed"], periods: monday, maxMeetingsPerTeacherPerDay: 1, teachers: teachers, meetings: meetings)
        problem.periodsByDay = ["Wed": wednesday]
        return problem
    }

    @Test func aSessionOnTheLateStartDayUsesItsPeriodsAndMinutes() throws {
        // Only Wednesday allowed: the longest Wednesday period is 2 (35 minutes), worth 2 × 35.
        let p = problem(meetings: [.init(id: "m", kind: "pair", members: ["A", "B"], allowedDays: ["Wed"], priority: 2)])
        let answer = try PlacementSolver.solve(p)
        #expect(violations(p, answer).isEmpty)
        #expect(answer.placements == [.init(meeting: "m", session: 0, day: "Wed", periods: ["2"])])
        #expect(answer.objective == 70)
        #expect(answer.optimal && answer.upperBound == 70)
        // Period 4 exists on Monday only: no Wednesday session can use it, nor refer to it.
        var busyOnWednesday4 = p
        busyOnWednesday4.teachers[0].busy = busy([("Wed", "4")])
        #expect(throws: PlacementError(field: "teachers[0].busy[0].period", message: "unknown period \"4\" on Wed")) {
            try PlacementSolver.solve(busyOnWednesday4)
        }
    }

    @Test func sessionsNeverStraddleThatDaysLunch() throws {
        // Two periods in a row: on Monday 2–3 are consecutive, on Wednesday 2 and 3 are split by
        // lunch. A is busy in Wednesday's 1 and B in Wednesday's 3, so Wednesday has no room.
        let teachers: [PP.Teacher] = [.init(id: "A", busy: busy([("Wed", "1")])), .init(id: "B", busy: busy([("Wed", "3")]))]
        let onWednesday = problem(teachers: teachers, meetings: [
            .init(id: "m", kind: "pair", members: ["A", "B"], periodsPerSession: 2, allowedDays: ["Wed"], priority: 1),
        ])
        let answer = try PlacementSolver.solve(onWednesday)
        #expect(answer.placements.isEmpty)
        #expect(answer.unplaced.map(\.reason) == ["noCommonFreePeriod"])
        // On Monday the same meeting finds 1–2 or 2–3 (45 + 45 minutes).
        var onMonday = onWednesday
        onMonday.meetings[0].allowedDays = ["Mon"]
        let monday = try PlacementSolver.solve(onMonday)
        #expect(violations(onMonday, monday).isEmpty)
        #expect(monday.objective == 90)
        #expect(monday.placements.first?.day == "Mon")
        // A run of three instruction periods exists on Monday only; Wednesday's runs are two and one.
        var three = onWednesday
        three.meetings[0].periodsPerSession = 3
        three.meetings[0].allowedDays = nil
        let long = try PlacementSolver.solve(three)
        #expect(long.placements == [.init(meeting: "m", session: 0, day: "Mon", periods: ["1", "2", "3"])])
    }

    @Test func remediesNameTheDaysOwnPeriods() throws {
        // A teaches in every Monday period and in Wednesday's 2; the cover is on Wednesday, period 2.
        let teachers: [PP.Teacher] = [
            .init(id: "A", busy: busy([("Mon", "1"), ("Mon", "2"), ("Mon", "3"), ("Mon", "4"), ("Wed", "1"), ("Wed", "2"), ("Wed", "3")]),
                  teaching: busy([("Wed", "2")])),
            .init(id: "B", busy: busy([("Wed", "1")])),
        ]
        let p = problem(teachers: teachers, meetings: [.init(id: "m", kind: "pair", members: ["A", "B"], priority: 1)])
        let answer = try PlacementSolver.solve(p)
        #expect(answer.unplaced.first?.remedy == .init(kind: "cover", teacher: "A", day: "Wed", periods: ["2"], coveredPeriods: 1))
    }

    @Test func badDayListsAreClearErrors() {
        func error(_ change: (inout PP) -> Void) -> String? {
            var p = problem(meetings: [.init(id: "m", kind: "pair", members: ["A", "B"], priority: 1)])
            change(&p)
            do {
                _ = try PlacementSolver.solve(p)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error { $0.periodsByDay?["Sat"] = [] } == "periodsByDay.Sat: unknown day \"Sat\"")
        #expect(error { $0.periodsByDay?["Wed"]?[2].start = "10:30" } == "periodsByDay.Wed[2]: period L overlaps period 2")
        #expect(error { $0.periodsByDay?["Wed"]?[0].start = "9h30" } == "periodsByDay.Wed[0].start: \"9h30\" is not a time (HH:MM)")
        #expect(error { $0.periodsByDay?["Wed"]?[3].kind = "recess" }?.hasPrefix("periodsByDay.Wed[3].kind: \"recess\" is not a period kind") == true)
        #expect(error { $0.periodsByDay?["Wed"]?[3].name = "1" } == "periodsByDay.Wed[3].name: period \"1\" appears twice")
        #expect(error { $0.meetings[0].preferredSlots = busy([("Wed", "4")]) } == "meetings[0].preferredSlots[0].period: unknown period \"4\" on Wed")
        #expect(error { _ in } == nil)
    }

    @Test func theFingerprintChangesOnlyWhenDaysHaveTheirOwnTimes() {
        var p = problem(meetings: [.init(id: "m", kind: "pair", members: ["A", "B"], priority: 1)])
        var shared = p
        shared.periodsByDay = nil
        // Problems without `periodsByDay` keep the fingerprint they always had (the canonical text of v1).
        let v1 = "v1|Mon,Wed|1|0\n" + monday.map { "p|\($0.name)|\($0.start)|\($0.end)|\($0.kind)\n" }.joined()
            + "t|A||-|-\nt|B||-|-\nm|m|pair|A,B|-|1|1|-|1|-\n"
        #expect(shared.fingerprint == SHA256.hex(v1))
        #expect(p.fingerprint != shared.fingerprint)
        let before = p.fingerprint
        p.periodsByDay?["Wed"]?[0].start = "09:35"
        #expect(p.fingerprint != before)
    }

    @Test func randomLateStartWeeksObeyTheRulesAndReachTheOptimum() throws {
        var rng = Xoshiro(seed: 2027)
        for instance in 0..<80 {
            let slots = [("Mon", "1"), ("Mon", "2"), ("Mon", "3"), ("Mon", "4"), ("Wed", "1"), ("Wed", "2"), ("Wed", "3")]
            let teachers: [PP.Teacher] = (0..<(3 + rng.below(2))).map { i in
                PP.Teacher(id: "T\(i)", busy: busy(slots.filter { _ in rng.below(3) == 0 }))
            }
            var meetings: [PP.Meeting] = []
            for k in 0..<(1 + rng.below(2)) {
                let a = rng.below(teachers.count), b = (a + 1 + rng.below(teachers.count - 1)) % teachers.count
                let kind = ["pair", "plc", "pd", "observation"][rng.below(4)]
                meetings.append(PP.Meeting(id: "M\(k)", kind: kind, members: kind == "pd" ? ["T\(a)"] : ["T\(a)", "T\(b)"],
                                           host: kind == "observation" ? "T\(b)" : nil, sessionsPerWeek: 1 + rng.below(2),
                                           periodsPerSession: 1 + (rng.below(3) == 0 ? 1 : 0), priority: 1 + rng.below(3)))
            }
            var p = problem(teachers: teachers, meetings: meetings)
            p.seed = UInt64(instance)
            let answer = try PlacementSolver.solve(p)
            #expect(violations(p, answer).isEmpty, "instance \(instance): \(violations(p, answer))")
            #expect(answer.objective == bruteForceOptimum(p), "instance \(instance)")
            #expect(answer.optimal && answer.upperBound == answer.objective, "instance \(instance)")
        }
    }
}
