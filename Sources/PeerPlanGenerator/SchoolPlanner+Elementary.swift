import PeerPlanCore

/// Elementary schools: homerooms with their own class all day, specials teachers covering their planning.
extension SchoolPlanner {
    /// Grade-level homeroom teachers teach their own class in every period but their planning
    /// periods, when the class goes to a special (art, music, PE, STEM, library). Every specials
    /// teacher teaches all but one or two periods, so the homerooms' planning periods are exactly
    /// the specials teachers' teaching periods, cut into single or double chunks.
    mutating func planElementary() {
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

    struct Chunk {
        let specialsTeacher: Int
        let mask: UInt32
        let first: Int
    }

    /// Specials teachers' planning and the chunks of their teaching periods, one chunk per
    /// homeroom; nil when the chunks cannot come out to exactly `homerooms`.
    mutating func specialsChunks(specials s: Int, teachingSlots x: Int, homerooms h: Int,
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

    mutating func buildElementary(specials s: Int, homerooms h: Int, chunks: [Chunk]) {
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
}
