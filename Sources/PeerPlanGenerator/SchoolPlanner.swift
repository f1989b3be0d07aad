import PeerPlanCore

/// Builds one school: bell schedule, teachers with their planning periods, courses, classes,
/// students with one class per instruction period, and duties.
///
/// Invariants (checked by the tests): every teacher has one or two free instruction periods on
/// every school day (after duties); every student has exactly one class in every instruction
/// period of every day; classes only name instruction periods of the school's bell schedule.
struct SchoolPlanner {
    var plan: SchoolPlan
    var rng: Xoshiro
    var counters: IDCounters
    var courseIndex: [Int: Int] = [:]
    var sectionCounts: [Int: Int] = [:]
    /// Planning periods of the elementary specials teachers, once a staffing fits.
    var specialsPlanning: [UInt32] = []
    let adultNames: Int
    let studentNames: Int
    let familyNames: Int

    static func plan(outline: SchoolOutline, name: String, counters: inout IDCounters) -> SchoolPlan {
        var rng = Xoshiro(seed: SplitMix64.mix(outline.seed, 0x9_1A4))
        let (groups, slotNames) = BellScheduleBuilder.build(kind: outline.kind, block: outline.blockSchedule,
                                                                teachers: outline.teachers, rng: &rng)
        let families = outline.kind == .elementary ? [Catalog.homeroom] + Catalog.specials
            : (0..<Catalog.departmentCount).map { Catalog.department($0, outline.kind) }
        var planner = SchoolPlanner(
            plan: SchoolPlan(outline: outline, name: name, groups: groups, slotNames: slotNames, families: families),
            rng: rng, counters: counters,
            adultNames: NameLists.adultGiven.count, studentNames: NameLists.studentGiven.count,
            familyNames: NameLists.family.count)
        if outline.kind == .elementary {
            planner.planElementary()
        } else {
            planner.planSecondary()
        }
        planner.planDuties()
        planner.planEvaluators()
        counters = planner.counters
        return planner.plan
    }

    // MARK: Shared helpers

    mutating func newTeacher(department: Int, variant: Int, room: String) -> TeacherPlan {
        counters.teacher += 1
        return TeacherPlan(number: counters.teacher, given: rng.below(adultNames), family: rng.below(familyNames),
                           department: department, variant: variant, planning: 0, room: room)
    }

    func roomNumber(_ index: Int) -> String {
        "Room " + String(100 * (1 + index / 24) + 1 + index % 24)
    }

    mutating func course(family: Int, variant: Int, grade: Int) -> Int {
        let key = family * 10_000 + variant * 100 + grade
        if let index = courseIndex[key] { return index }
        counters.course += 1
        plan.courses.append(CoursePlan(number: counters.course, family: family, variant: variant, grade: grade))
        courseIndex[key] = plan.courses.count - 1
        return plan.courses.count - 1
    }

    mutating func addClass(teacher: Int, family: Int, variant: Int, grade: Int, slots: UInt32,
                                   homeroom: Bool) -> Int {
        let courseIdx = course(family: family, variant: variant, grade: grade)
        let section = (sectionCounts[courseIdx] ?? 0) + 1
        sectionCounts[courseIdx] = section
        counters.klass += 1
        plan.classes.append(ClassPlan(number: counters.klass, teacher: teacher, course: courseIdx, slots: slots,
                                      grade: grade, isHomeroom: homeroom, section: section, students: []))
        return plan.classes.count - 1
    }

    /// Splits `total` into parts proportional to `weights` (largest remainder, ties by index).
    static func apportion(_ total: Int, _ weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var parts = exact.map { Int($0.rounded(.down)) }
        var left = total - parts.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let ra = exact[a] - Double(parts[a]), rb = exact[b] - Double(parts[b])
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while left > 0 {
            parts[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        return parts
    }

    mutating func newStudents(count: Int, grade: Int) {
        for _ in 0..<count {
            counters.student += 1
            plan.students.append(StudentPlan(number: counters.student, given: rng.below(studentNames),
                                             family: rng.below(familyNames), grade: grade))
        }
    }

    /// Students per teacher in this school: 17.5–20.5, 19 on average.
    mutating func studentCount() -> Int {
        Int((Double(plan.outline.teachers) * rng.uniform(17.5, 20.5)).rounded())
    }

    /// Picks `count` planning slots among `candidates`, least-loaded first (random among equals),
    /// always including `required` when given.
    mutating func choosePlanning(count: Int, candidates: [Int], required: Int?, load: inout [Int]) -> UInt32 {
        var mask: UInt32 = 0
        if let required {
            mask |= 1 << UInt32(required)
            load[required] += 1
        }
        while mask.nonzeroBitCount < count {
            var best: [Int] = []
            var bestLoad = Int.max
            for slot in candidates where mask & (1 << UInt32(slot)) == 0 {
                if load[slot] < bestLoad {
                    bestLoad = load[slot]
                    best = [slot]
                } else if load[slot] == bestLoad {
                    best.append(slot)
                }
            }
            let slot = rng.pick(best)
            mask |= 1 << UInt32(slot)
            load[slot] += 1
        }
        return mask
    }
}
