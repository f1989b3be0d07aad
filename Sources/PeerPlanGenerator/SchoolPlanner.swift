import PeerPlanCore

/// Builds one school: bell schedule, teachers with their planning periods, courses, classes,
/// students with one class per instruction period, and duties.
///
/// Invariants (checked by the tests): every teacher has one or two free instruction periods on
/// every school day (after duties); every student has exactly one class in every instruction
/// period of every day; classes only name instruction periods of the school's bell schedule.
struct SchoolPlanner {
    private var plan: SchoolPlan
    private var rng: Xoshiro
    private var counters: IDCounters
    private var courseIndex: [Int: Int] = [:]
    private var sectionCounts: [Int: Int] = [:]
    /// Planning periods of the elementary specials teachers, once a staffing fits.
    private var specialsPlanning: [UInt32] = []
    private let adultNames: Int
    private let studentNames: Int
    private let familyNames: Int

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

    private mutating func newTeacher(department: Int, variant: Int, room: String) -> TeacherPlan {
        counters.teacher += 1
        return TeacherPlan(number: counters.teacher, given: rng.below(adultNames), family: rng.below(familyNames),
                           department: department, variant: variant, planning: 0, room: room)
    }

    private func roomNumber(_ index: Int) -> String {
        "Room " + String(100 * (1 + index / 24) + 1 + index % 24)
    }

    private mutating func course(family: Int, variant: Int, grade: Int) -> Int {
        let key = family * 10_000 + variant * 100 + grade
        if let index = courseIndex[key] { return index }
        counters.course += 1
        plan.courses.append(CoursePlan(number: counters.course, family: family, variant: variant, grade: grade))
        courseIndex[key] = plan.courses.count - 1
        return plan.courses.count - 1
    }

    private mutating func addClass(teacher: Int, family: Int, variant: Int, grade: Int, slots: UInt32,
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

    private mutating func newStudents(count: Int, grade: Int) {
        for _ in 0..<count {
            counters.student += 1
            plan.students.append(StudentPlan(number: counters.student, given: rng.below(studentNames),
                                             family: rng.below(familyNames), grade: grade))
        }
    }

    /// Students per teacher in this school: 17.5–20.5, 19 on average.
    private mutating func studentCount() -> Int {
        Int((Double(plan.outline.teachers) * rng.uniform(17.5, 20.5)).rounded())
    }

    /// Picks `count` planning slots among `candidates`, least-loaded first (random among equals),
    /// always including `required` when given.
    private mutating func choosePlanning(count: Int, candidates: [Int], required: Int?, load: inout [Int]) -> UInt32 {
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

    // MARK: Elementary

    /// Grade-level homeroom teachers teach their own class in every period but their planning
    /// periods, when the class goes to a special (art, music, PE, STEM, library). Every specials
    /// teacher teaches all but one or two periods, so the homerooms' planning periods are exactly
    /// the specials teachers' teaching periods, cut into single or double chunks.
    private mutating func planElementary() {
        let group = plan.groups[0]
        let p = plan.slotCount
        let t = plan.outline.teachers
        let preferred = max(1, Int((Double(t) / (Double(p) - 0.5)).rounded()))
        var specialsCounts: [Int] = [preferred]
        for d in 1..<t {
            if preferred + d < t { specialsCounts.append(preferred + d) }
            if preferred - d >= 1 { specialsCounts.append(preferred - d) }
        }
        for s in specialsCounts {
            let h = t - s
            let xMin = max(h, s * (p - 2)), xMax = min(2 * h, s * (p - 1))
            guard xMin <= xMax else { continue }
            let wanted = min(max(h + Int((Double(h) * rng.uniform(0, 0.12)).rounded()), xMin), xMax)
            for x in [wanted] + (xMin...xMax).filter({ $0 != wanted }) {
                // Planning periods are placed at random: a few tries find a placement whose
                // teaching runs hold the double periods needed.
                for _ in 0..<6 {
                    if let chunks = specialsChunks(specials: s, teachingSlots: x, homerooms: h, group: group) {
                        buildElementary(specials: s, homerooms: h, chunks: chunks)
                        return
                    }
                }
            }
        }
        preconditionFailure("no elementary staffing fits \(t) teachers and \(p) periods")
    }

    private struct Chunk {
        let specialsTeacher: Int
        let mask: UInt32
        let first: Int
    }

    /// Specials teachers' planning and the chunks of their teaching periods, one chunk per
    /// homeroom; nil when the chunks cannot come out to exactly `homerooms`.
    private mutating func specialsChunks(specials s: Int, teachingSlots x: Int, homerooms h: Int,
                                         group: BellGroup) -> [Chunk]? {
        let p = plan.slotCount
        let singlePlanning = x - s * (p - 2)
        var planningCounts = (0..<s).map { $0 < singlePlanning ? 1 : 2 }
        rng.shuffle(&planningCounts)
        var load = Array(repeating: 0, count: p)
        var masks: [UInt32] = []
        var runs: [[(start: Int, length: Int)]] = []
        var capacity: [Int] = []
        for i in 0..<s {
            let mask = choosePlanning(count: planningCounts[i], candidates: group.slots, required: nil, load: &load)
            masks.append(mask)
            var teacherRuns: [(start: Int, length: Int)] = []
            var slot = 0
            while slot < p {
                if mask & (1 << UInt32(slot)) != 0 { slot += 1; continue }
                var end = slot
                while end + 1 < p, mask & (1 << UInt32(end + 1)) == 0, end != group.lastSlotBeforeLunch { end += 1 }
                teacherRuns.append((slot, end - slot + 1))
                slot = end + 1
            }
            runs.append(teacherRuns)
            capacity.append(teacherRuns.reduce(0) { $0 + $1.length / 2 })
        }
        var doubles = x - h
        guard doubles <= capacity.reduce(0, +) else { return nil }
        var allotted = Array(repeating: 0, count: s)
        var order = Array(0..<s)
        rng.shuffle(&order)
        while doubles > 0 {
            for i in order where doubles > 0 && allotted[i] < capacity[i] {
                allotted[i] += 1
                doubles -= 1
            }
        }
        var chunks: [Chunk] = []
        for i in 0..<s {
            var left = allotted[i]
            for run in runs[i] {
                var slot = run.start
                var pairs = min(left, run.length / 2)
                left -= pairs
                while slot < run.start + run.length {
                    if pairs > 0 {
                        chunks.append(Chunk(specialsTeacher: i, mask: (1 << UInt32(slot)) | (1 << UInt32(slot + 1)), first: slot))
                        pairs -= 1
                        slot += 2
                    } else {
                        chunks.append(Chunk(specialsTeacher: i, mask: 1 << UInt32(slot), first: slot))
                        slot += 1
                    }
                }
            }
        }
        guard chunks.count == h else { return nil }
        for i in 0..<s { specialsPlanning.append(masks[i]) }
        return chunks.sorted { $0.first != $1.first ? $0.first < $1.first : $0.specialsTeacher < $1.specialsTeacher }
    }

    private mutating func buildElementary(specials s: Int, homerooms h: Int, chunks: [Chunk]) {
        let p = plan.slotCount
        let all: UInt32 = (1 << UInt32(p)) - 1
        let grades = plan.outline.kind.grades
        // Homerooms per grade, the remainder to random grades.
        var perGrade = Array(repeating: h / grades.count, count: grades.count)
        var extra = Array(grades.indices)
        rng.shuffle(&extra)
        for i in 0..<(h % grades.count) { perGrade[extra[i]] += 1 }
        var homeroomGrades: [Int] = []
        for (g, n) in perGrade.enumerated() { homeroomGrades += Array(repeating: grades[g], count: n) }

        for i in 0..<h {
            var teacher = newTeacher(department: 0, variant: 0, room: roomNumber(i))
            teacher.planning = chunks[i].mask
            plan.teachers.append(teacher)
        }
        for i in 0..<s {
            let family = 1 + Catalog.specialsStaffingOrder[i % Catalog.specialsStaffingOrder.count]
            let room = plan.families[family].roomName ?? roomNumber(h + i)
            var teacher = newTeacher(department: family, variant: 0, room: room)
            teacher.planning = specialsPlanning[i]
            plan.teachers.append(teacher)
        }

        // Students: homeroom sizes rise a little with grade.
        let total = studentCount()
        let weights = homeroomGrades.map { 0.92 + 0.028 * Double($0) + 0.04 * rng.normal() }
        let sizes = Self.apportion(total, weights)
        for i in 0..<h {
            let first = plan.students.count
            newStudents(count: sizes[i], grade: homeroomGrades[i])
            let roster = (first..<plan.students.count).map { Int32($0) }
            let homeroom = addClass(teacher: i, family: 0, variant: 0, grade: homeroomGrades[i],
                                    slots: all & ~chunks[i].mask, homeroom: true)
            plan.classes[homeroom].students = roster
            let specialsTeacher = h + chunks[i].specialsTeacher
            let special = addClass(teacher: specialsTeacher, family: plan.teachers[specialsTeacher].department,
                                   variant: 0, grade: homeroomGrades[i], slots: chunks[i].mask, homeroom: false)
            plan.classes[special].students = roster
        }
    }

    // MARK: Secondary

    /// Departments with common planning periods; each teacher teaches every period but one or
    /// two per day, one section (class) per period, with occasional double periods (labs, studios,
    /// shops). Every student takes one section in every period, of their grade where possible,
    /// rotating through departments from period to period.
    private mutating func planSecondary() {
        let outline = plan.outline
        let t = outline.teachers
        let p = plan.slotCount
        let grades = outline.kind.grades
        let departmentCounts = Self.apportion(t, Catalog.departmentShares(outline.kind))

        // Students per grade first: their shares steer the grades of sections.
        let total = studentCount()
        let gradeWeights = grades.map { _ in 1 + 0.05 * rng.normal() }
        let gradeSizes = Self.apportion(total, gradeWeights)
        let gradeShare = gradeSizes.map { max(Double($0) / Double(max(total, 1)), 0.01) }

        // Teachers, department by department, with their preps (grades they teach).
        var preps: [[Int]] = []
        let commonOffset = rng.below(p)
        for (department, count) in departmentCounts.enumerated() {
            let family = plan.families[department]
            let gradeOffset = rng.below(grades.count)
            for k in 0..<count {
                let variant = family.variants.count == 1 ? 0 : (rng.chance(0.5) ? 0 : rng.below(family.variants.count))
                let room = family.roomName ?? roomNumber(plan.teachers.count)
                plan.teachers.append(newTeacher(department: department, variant: variant, room: room))
                if Catalog.electiveDepartments.contains(department) {
                    preps.append(grades)
                } else {
                    let home = (k + gradeOffset) % grades.count
                    var mine = [grades[home]]
                    if rng.chance(0.55) {
                        let other = home + 1 < grades.count ? home + 1 : home - 1
                        if other >= 0 { mine.append(grades[other]) }
                    }
                    preps.append(mine)
                }
            }
        }

        // Planning: per bell group one or two periods, usually including the department's common one.
        var load = Array(repeating: 0, count: p)
        var order = Array(plan.teachers.indices)
        rng.shuffle(&order)
        for i in order {
            let department = plan.teachers[i].department
            var mask: UInt32 = 0
            for group in plan.groups {
                let n = group.slots.count
                let count: Int
                if n <= 4 {
                    count = rng.chance(0.88) ? 1 : 2
                } else {
                    let twoShare = n == 6 ? 0.2 : (n == 7 ? 0.45 : 0.75)
                    count = rng.chance(twoShare) ? 2 : 1
                }
                // A department of two or more shares a common planning period (most members).
                let common = group.slots[(department + commonOffset) % n]
                let required: Int? = departmentCounts[department] >= 2 && rng.chance(0.75) ? common : nil
                mask |= choosePlanning(count: count, candidates: group.slots, required: required, load: &load)
            }
            plan.teachers[i].planning = mask
        }

        // Sections: one per teaching period; some lab/studio teachers have one double period.
        struct Section { let teacher: Int; let mask: UInt32; let first: Int }
        var sections: [Section] = []
        let doubleChance = outline.kind == .high ? 0.2 : 0.08
        for (i, teacher) in plan.teachers.enumerated() {
            var pairs: [Int] = []
            if Catalog.doublePeriodDepartments.contains(teacher.department), rng.chance(doubleChance) {
                for group in plan.groups {
                    for a in group.slots.dropLast() where a != group.lastSlotBeforeLunch {
                        if teacher.planning & (3 << UInt32(a)) == 0 { pairs.append(a) }
                    }
                }
            }
            let double = pairs.isEmpty ? -1 : rng.pick(pairs)
            var slot = 0
            while slot < p {
                if teacher.planning & (1 << UInt32(slot)) != 0 { slot += 1; continue }
                if slot == double {
                    sections.append(Section(teacher: i, mask: 3 << UInt32(slot), first: slot))
                    slot += 2
                } else {
                    sections.append(Section(teacher: i, mask: 1 << UInt32(slot), first: slot))
                    slot += 1
                }
            }
        }

        // Grades of sections: per period, the teacher's prep whose grade is furthest behind its share.
        var gradeCount = Array(repeating: Array(repeating: 0, count: grades.count), count: p)
        var sectionGrade = Array(repeating: 0, count: sections.count)
        var byFirst = Array(repeating: [Int](), count: p)
        for (k, section) in sections.enumerated() { byFirst[section.first].append(k) }
        for slot in 0..<p {
            rng.shuffle(&byFirst[slot])
            for k in byFirst[slot] {
                let section = sections[k]
                let options = preps[section.teacher]
                let start = rng.below(options.count)
                var best = options[start]
                var bestScore = Double.infinity
                for o in 0..<options.count {
                    let grade = options[(start + o) % options.count]
                    let g = grade - grades[0]
                    let score = Double(gradeCount[slot][g] + 1) / gradeShare[g]
                    if score < bestScore { bestScore = score; best = grade }
                }
                sectionGrade[k] = best
                for s in SchoolPlan.slots(of: section.mask) { gradeCount[s][best - grades[0]] += 1 }
            }
        }

        // Classes, teacher by teacher in period order.
        var classOfSection = Array(repeating: 0, count: sections.count)
        for (k, section) in sections.enumerated() {
            let teacher = plan.teachers[section.teacher]
            classOfSection[k] = addClass(teacher: section.teacher, family: teacher.department, variant: teacher.variant,
                                         grade: sectionGrade[k], slots: section.mask, homeroom: false)
        }

        // Students, grade by grade.
        for (g, size) in gradeSizes.enumerated() { newStudents(count: size, grade: grades[g]) }
        let n = plan.students.count
        var assigned = [Int32](repeating: -1, count: n * p)
        for slot in 0..<p {
            // Sections that start in this period, by grade.
            var byGrade = Array(repeating: [Int](), count: grades.count)
            for k in byFirst[slot] { byGrade[sectionGrade[k] - grades[0]].append(classOfSection[k]) }
            // Students without a class in this period, grade by grade; a grade without sections,
            // or with too few students for its sections, joins the neighbouring grade.
            var groups: [(pool: [Int32], classes: [Int])] = byGrade.map { ([], $0) }
            for s in 0..<n where assigned[s * p + slot] < 0 {
                groups[plan.students[s].grade - grades[0]].pool.append(Int32(s))
            }
            // Small schools can end up with one section for a whole grade in some period; such
            // a grade shares its neighbour's sections rather than fill one huge class.
            let pooled = groups.reduce(0) { $0 + $1.pool.count }
            let sectionTotal = max(groups.reduce(0) { $0 + $1.classes.count }, 1)
            let average = Double(pooled) / Double(sectionTotal)
            func load(_ g: (pool: [Int32], classes: [Int])) -> Double {
                g.classes.isEmpty ? (g.pool.isEmpty ? average : .infinity) : Double(g.pool.count) / Double(g.classes.count)
            }
            var merged = true
            while merged && groups.count > 1 {
                merged = false
                for i in groups.indices {
                    let l = load(groups[i])
                    let empty = groups[i].classes.isEmpty
                    guard empty || l < min(8, 0.5 * average) || l > 1.6 * average else { continue }
                    // Merge with the neighbour that evens the load best.
                    var j = i + 1 < groups.count ? i + 1 : i - 1
                    if i > 0, i + 1 < groups.count {
                        let left = load(groups[i - 1]), right = load(groups[i + 1])
                        j = (l > average) == (left < right) ? i - 1 : i + 1
                    }
                    let (a, b) = (min(i, j), max(i, j))
                    groups[a] = (groups[a].pool + groups[b].pool, groups[a].classes + groups[b].classes)
                    groups.remove(at: b)
                    merged = true
                    break
                }
            }
            for group in groups where !group.pool.isEmpty {
                precondition(!group.classes.isEmpty, "period \(plan.slotNames[slot]) has no sections")
                let classes = group.classes.sorted { a, b in
                    let ta = plan.teachers[plan.classes[a].teacher], tb = plan.teachers[plan.classes[b].teacher]
                    if ta.department != tb.department { return ta.department < tb.department }
                    if ta.variant != tb.variant { return ta.variant < tb.variant }
                    return plan.classes[a].teacher < plan.classes[b].teacher
                }
                let pool = group.pool
                let count = pool.count, m = classes.count
                let offset = slot * count / p
                for k in 0..<count {
                    let student = pool[(k + offset) % count]
                    let c = classes[k * m / count]
                    plan.classes[c].students.append(student)
                    for s in SchoolPlan.slots(of: plan.classes[c].slots) { assigned[Int(student) * p + s] = Int32(c) }
                }
            }
        }
        for c in plan.classes.indices { plan.classes[c].students.sort() }
    }

    // MARK: Duties

    /// About one teacher in five has one duty: lunch duty in `L`, or hall or bus duty in one of
    /// their planning periods when they have two that day (so one free period always remains).
    private mutating func planDuties() {
        for i in plan.teachers.indices where rng.chance(0.2) {
            let planning = plan.teachers[i].planning
            var instructionGroups: [Int] = []
            for (g, group) in plan.groups.enumerated() {
                let free = group.slots.filter { planning & (1 << UInt32($0)) != 0 }
                if free.count >= 2 { instructionGroups.append(g) }
            }
            if !instructionGroups.isEmpty, rng.chance(0.45) {
                let g = rng.pick(instructionGroups)
                let group = plan.groups[g]
                let free = group.slots.filter { planning & (1 << UInt32($0)) != 0 }
                let slot = rng.pick(free)
                let edge = slot == group.slots.first || slot == group.slots.last
                let duty = edge && rng.chance(0.7) ? "Bus duty" : "Hall duty"
                plan.duties.append(DutyPlan(teacher: i, days: dutyDays(group.days), period: plan.slotNames[slot], duty: duty))
            } else {
                let days: [ScheduleDay]
                if plan.groups.count == 1 {
                    days = dutyDays(plan.groups[0].days)
                } else {
                    let which = rng.below(3)
                    days = which == 2 ? plan.groups.flatMap(\.days) : plan.groups[which].days
                }
                plan.duties.append(DutyPlan(teacher: i, days: days, period: "L", duty: "Lunch duty"))
            }
        }
    }

    /// One weekday (most duties rotate weekly) or every day of the group.
    private mutating func dutyDays(_ days: [ScheduleDay]) -> [ScheduleDay] {
        days.count > 1 && rng.chance(0.65) ? [rng.pick(days)] : days
    }

    // MARK: Evaluators

    private mutating func planEvaluators() {
        let count = plan.outline.kind == .elementary ? 2 : (plan.outline.kind == .middle ? 2 : 3)
        for _ in 0..<count {
            let given = NameLists.adultGiven[rng.below(adultNames)]
            let family = NameLists.family[rng.below(familyNames)]
            plan.evaluators.append((rng.chance(0.3) ? "Dr. " : "") + given + " " + family)
        }
    }
}
