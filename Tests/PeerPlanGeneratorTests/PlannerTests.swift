import PeerPlanCore
import Testing
@testable import PeerPlanGenerator

/// The planner's invariants over many school sizes, seeds and kinds, without writing files.
@Suite struct PlannerTests {
    private func check(_ plan: SchoolPlan) {
        let p = plan.slotCount
        // Teachers: classes never collide, 1–2 free periods per bell group, after duties.
        var busy = Array(repeating: UInt32(0), count: plan.teachers.count)
        for klass in plan.classes {
            #expect(busy[klass.teacher] & klass.slots == 0)
            busy[klass.teacher] |= klass.slots
        }
        for (i, teacher) in plan.teachers.enumerated() {
            #expect(teacher.planning == ((1 << UInt32(p)) - 1) & ~busy[i])
            for group in plan.groups {
                for day in group.days {
                    var free = group.slots.filter { busy[i] & (1 << UInt32($0)) == 0 }.map { plan.slotNames[$0] }
                    for duty in plan.duties where duty.teacher == i && duty.days.contains(day) {
                        free.removeAll { $0 == duty.period }
                    }
                    #expect((1...2).contains(free.count),
                            "\(plan.outline.kind) T=\(plan.teachers.count) teacher \(i) has \(free.count) free on \(day)")
                }
            }
        }
        // Students: exactly one class per slot.
        var slotsOf = Array(repeating: UInt32(0), count: plan.students.count)
        for klass in plan.classes {
            #expect(!klass.students.isEmpty)
            for s in klass.students {
                #expect(slotsOf[Int(s)] & klass.slots == 0)
                slotsOf[Int(s)] |= klass.slots
            }
        }
        #expect(slotsOf.allSatisfy { $0 == (1 << UInt32(p)) - 1 })
    }

    @Test(arguments: [SchoolKind.elementary, .middle, .high])
    func invariantsHoldForEverySize(kind: SchoolKind) {
        for teachers in [8, 9, 10, 11, 12, 14, 17, 20, 23, 28, 33, 40, 47, 55, 66, 80, 120] {
            for seed: UInt64 in 1...4 {
                for block in kind == .high ? [false, true] : [false] {
                    let outline = SchoolOutline(index: 0, kind: kind, kindOrdinal: 0, blockSchedule: block,
                                                teachers: teachers, usesSecondRubric: false,
                                                timeZone: "America/Chicago", seed: seed &* 7919 &+ UInt64(teachers))
                    var counters = IDCounters()
                    let plan = SchoolPlanner.plan(outline: outline, name: "Test", counters: &counters)
                    #expect(plan.teachers.count == teachers)
                    #expect(counters.teacher == teachers && counters.student == plan.students.count)
                    check(plan)
                }
            }
        }
    }

    @Test func elementaryGradeTeamsShareSpecialsPeriods() {
        let outline = SchoolOutline(index: 0, kind: .elementary, kindOrdinal: 0, blockSchedule: false, teachers: 30,
                                    usesSecondRubric: false, timeZone: "America/Chicago", seed: 12)
        var counters = IDCounters()
        let plan = SchoolPlanner.plan(outline: outline, name: "Test", counters: &counters)
        var byGrade: [Int: [UInt32]] = [:]
        for klass in plan.classes where klass.isHomeroom {
            byGrade[klass.grade, default: []].append(plan.teachers[klass.teacher].planning)
        }
        #expect(byGrade.count == 6)
        var teamsSharing = 0
        for plannings in byGrade.values {
            let shared = plannings.dropFirst().reduce(plannings[0]) { $0 & $1 }
            if shared != 0 || plannings.count == 1 { teamsSharing += 1 }
        }
        #expect(teamsSharing >= 3, "grade-level teams share a planning period")
    }
}
