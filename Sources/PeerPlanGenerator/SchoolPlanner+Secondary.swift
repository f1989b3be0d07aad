import PeerPlanCore

/// Middle and high schools: departments, courses and sections, one class per period.
extension SchoolPlanner {
    /// Departments with common planning periods; each teacher teaches every period but one or
    /// two per day, one section (class) per period, with occasional double periods (labs, studios,
    /// shops). Every student takes one section in every period, of their grade where possible,
    /// rotating through departments from period to period.
    mutating func planSecondary() {
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
}
