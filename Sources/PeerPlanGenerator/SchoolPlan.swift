import PeerPlanCore

struct TeacherPlan: Sendable {
    let number: Int
    let given: Int
    let family: Int
    /// Index into `SchoolPlan.families`.
    let department: Int
    let variant: Int
    /// Instruction slots without a class (bit i = slot i).
    var planning: UInt32
    let room: String
}

struct CoursePlan: Sendable {
    let number: Int
    let family: Int
    let variant: Int
    let grade: Int
}

struct ClassPlan: Sendable {
    let number: Int
    let teacher: Int
    let course: Int
    let slots: UInt32
    let grade: Int
    let isHomeroom: Bool
    let section: Int
    /// Local student indexes, ascending.
    var students: [Int32]
}

struct StudentPlan: Sendable {
    let number: Int
    let given: Int
    let family: Int
    let grade: Int
}

struct DutyPlan: Sendable {
    let teacher: Int
    let days: [ScheduleDay]
    let period: String
    let duty: String
}

/// Global id counters: the only state carried from one school to the next.
struct IDCounters: Sendable {
    var teacher = 0
    var student = 0
    var course = 0
    var klass = 0
    var enrollment = 0
}

/// Everything about one school, built in memory (a few thousand small values) and then written.
struct SchoolPlan: Sendable {
    let outline: SchoolOutline
    let name: String
    let groups: [BellGroup]
    let slotNames: [String]
    let families: [CourseFamily]
    var teachers: [TeacherPlan] = []
    var courses: [CoursePlan] = []
    var classes: [ClassPlan] = []
    var students: [StudentPlan] = []
    var duties: [DutyPlan] = []
    var evaluators: [String] = []

    var slotCount: Int { slotNames.count }

    /// The first grade of the school's level (0 for elementary, 6 middle, 9 high).
    var firstGrade: Int { outline.kind.grades[0] }

    func courseTitle(_ course: CoursePlan) -> String {
        families[course.family].title(variant: course.variant, gradeIndexInLevel: course.grade - firstGrade)
    }

    func courseCode(_ course: CoursePlan) -> String {
        let family = families[course.family]
        let variant = family.variants[course.variant].code
        return family.code + (variant.isEmpty ? "" : "-" + variant) + "-" + gradeCodes[course.grade]
    }

    /// The slot indexes of a mask, ascending.
    static func slots(of mask: UInt32) -> [Int] {
        var result: [Int] = []
        var m = mask
        while m != 0 {
            let i = m.trailingZeroBitCount
            result.append(i)
            m &= m - 1
        }
        return result
    }

    /// The `periods` value of a class: a single name, a list (`"2,3"`) or ranges (`"1-3,5-6"`).
    func periodsText(_ mask: UInt32, ranges: Bool) -> String {
        let slots = SchoolPlan.slots(of: mask)
        guard ranges else { return slots.map { slotNames[$0] }.joined(separator: ",") }
        var parts: [String] = []
        var i = 0
        while i < slots.count {
            var j = i
            while j + 1 < slots.count, slots[j + 1] == slots[j] + 1 { j += 1 }
            parts.append(i == j ? slotNames[slots[i]] : slotNames[slots[i]] + "-" + slotNames[slots[j]])
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
