import Foundation
import PeerPlanCore
import Testing
@testable import PeerPlanGenerator

/// The schedule invariants, computed from the written files only, the way the importer sees them.
@Suite struct ScheduleTests {
    let district: WrittenDistrict

    init() throws { district = try sharedDistrict.get() }

    /// school → day → instruction period names.
    private func instructionPeriods() -> [String: [String: Set<String>]] {
        var result: [String: [String: Set<String>]] = [:]
        for row in district["bell-schedules.csv"].rows where row[5] == "instruction" {
            result[row[0], default: [:]][row[1], default: []].insert(row[2])
        }
        return result
    }

    /// class → (school, period names); user → classes.
    private func classMeetings() -> (classes: [String: (String, [String])], byUser: [String: [String]]) {
        let classes = district["classes.csv"]
        var meetings: [String: (String, [String])] = [:]
        let school = classes.column("schoolSourcedId"), periods = classes.column("periods")
        for row in classes.rows { meetings[row[0]] = (row[school], expandPeriods(row[periods])) }
        let enrollments = district["enrollments.csv"]
        let c = enrollments.column("classSourcedId"), u = enrollments.column("userSourcedId")
        var byUser: [String: [String]] = [:]
        for row in enrollments.rows { byUser[row[u], default: []].append(row[c]) }
        return (meetings, byUser)
    }

    @Test func everyTeacherHasOneOrTwoFreePeriodsEveryDay() {
        let instruction = instructionPeriods()
        let (classes, byUser) = classMeetings()
        var duties: [String: [String: Set<String>]] = [:]  // teacher → day → periods
        for row in district["duties.csv"].rows { duties[row[0], default: [:]][row[1], default: []].insert(row[2]) }
        let users = district["users.csv"]
        let role = users.column("role"), org = users.column("orgSourcedIds")
        var freeCounts: [Int: Int] = [:]
        var checked = 0
        for row in users.rows where row[role] == "teacher" {
            let teacher = row[0], school = row[org]
            let mine = byUser[teacher] ?? []
            #expect(!mine.isEmpty, "\(teacher) teaches no class")
            var busy = Set<String>()
            for klass in mine {
                #expect(classes[klass]?.0 == school)
                for period in classes[klass]?.1 ?? [] {
                    #expect(!busy.contains(period), "\(teacher) teaches two classes in period \(period)")
                    busy.insert(period)
                }
            }
            for (day, periods) in instruction[school] ?? [:] {
                let dutyPeriods = duties[teacher]?[day] ?? []
                let free = periods.subtracting(busy).subtracting(dutyPeriods)
                #expect((1...2).contains(free.count), "\(teacher) has \(free.count) free periods on \(day)")
                freeCounts[free.count, default: 0] += 1
                checked += 1
            }
        }
        #expect(checked > 3_000)
        // Both one and two free periods occur.
        #expect((freeCounts[1] ?? 0) > 0 && (freeCounts[2] ?? 0) > 0)
    }

    @Test func departmentsShareCommonPlanningPeriods() {
        // For secondary departments, the most common planning period of the department is shared by
        // at least half of its teachers (a department meeting fits in the school day).
        let instruction = instructionPeriods()
        let (classes, byUser) = classMeetings()
        let classRows = district["classes.csv"]
        var subjectOf: [String: String] = [:]
        for row in classRows.rows { subjectOf[row[0]] = row[classRows.column("subjects")] }
        let users = district["users.csv"]
        var groups: [String: [Set<String>]] = [:]  // "school subject" → each teacher's free periods (first day)
        for row in users.rows where row[users.column("role")] == "teacher" {
            let school = row[users.column("orgSourcedIds")]
            let mine = byUser[row[0]] ?? []
            guard let first = mine.first, let subject = subjectOf[first], subject != "Elementary Education" else { continue }
            let days = instruction[school] ?? [:]
            guard let (_, periods) = days.min(by: { $0.key < $1.key }) else { continue }
            var busy = Set<String>()
            for klass in mine { busy.formUnion(classes[klass]?.1 ?? []) }
            groups[school + " " + subject, default: []].append(periods.subtracting(busy))
        }
        var departments = 0, withCommon = 0
        for members in groups.values where members.count >= 4 {
            departments += 1
            var counts: [String: Int] = [:]
            for free in members { for p in free { counts[p, default: 0] += 1 } }
            if let best = counts.values.max(), best * 2 >= members.count { withCommon += 1 }
        }
        #expect(departments >= 10)
        #expect(Double(withCommon) >= 0.8 * Double(departments), "\(withCommon) of \(departments)")
    }

    @Test func everyStudentHasExactlyOneClassInEveryInstructionPeriod() {
        let instruction = instructionPeriods()
        let (classes, byUser) = classMeetings()
        let users = district["users.csv"]
        let role = users.column("role"), org = users.column("orgSourcedIds"), grades = users.column("grades")
        var studentGrades: [String: String] = [:]
        var checked = 0
        for row in users.rows where row[role] == "student" {
            let school = row[org]
            studentGrades[row[0]] = row[grades]
            var meetings: [String: Int] = [:]
            for klass in byUser[row[0]] ?? [] {
                for period in classes[klass]?.1 ?? [] { meetings[period, default: 0] += 1 }
            }
            let all = (instruction[school] ?? [:]).values.reduce(into: Set<String>()) { $0.formUnion($1) }
            #expect(Set(meetings.keys) == all, "\(row[0]) misses or adds periods")
            #expect(meetings.values.allSatisfy { $0 == 1 }, "\(row[0]) is in two classes at once")
            checked += 1
        }
        #expect(checked == district.summary.students)
        // Students mostly sit in classes of their own grade.
        let classes2 = district["classes.csv"], enrollments = district["enrollments.csv"]
        var classGrade: [String: String] = [:]
        for row in classes2.rows { classGrade[row[0]] = row[classes2.column("grades")] }
        var same = 0, total = 0
        for row in enrollments.rows where row[enrollments.column("role")] == "student" {
            total += 1
            if classGrade[row[enrollments.column("classSourcedId")]] == studentGrades[row[enrollments.column("userSourcedId")]] { same += 1 }
        }
        #expect(Double(same) / Double(total) > 0.9)
    }

    @Test func elementaryStudentsHaveAHomeroomAndOneSpecial() {
        let classes = district["classes.csv"], enrollments = district["enrollments.csv"], users = district["users.csv"]
        var type: [String: String] = [:]
        for row in classes.rows { type[row[0]] = row[classes.column("classType")] }
        var elementary = Set<String>()
        for row in users.rows where row[users.column("role")] == "student" && ["KG", "01", "02", "03", "04", "05"].contains(row[users.column("grades")]) {
            elementary.insert(row[0])
        }
        var perStudent: [String: [String]] = [:]
        for row in enrollments.rows where elementary.contains(row[enrollments.column("userSourcedId")]) {
            perStudent[row[enrollments.column("userSourcedId")], default: []].append(type[row[enrollments.column("classSourcedId")]] ?? "")
        }
        #expect(perStudent.count == elementary.count && elementary.count > 3_000)
        #expect(perStudent.values.allSatisfy { $0.sorted() == ["homeroom", "scheduled"] })
    }

    @Test func blockSchedulesUseBlocksAndSometimesDoubleBlocks() throws {
        // Across several 20-school districts, A/B schools' classes meet in one block or a double
        // block such as "5-6", on one day type.
        var doubles = 0
        for seed: UInt64 in [1, 2] {
            let district = try WrittenDistrict(GeneratorOptions(schools: 20, teachersPerSchool: 30, seed: seed, rubrics: TestRubrics.both),
                                               label: "block-\(seed)", only: ["bell-schedules.csv", "classes.csv"])
            let blockSchools = Set(district["bell-schedules.csv"].rows.filter { $0[1] == "A" }.map { $0[0] })
            #expect(!blockSchools.isEmpty)
            let classes = district["classes.csv"]
            for row in classes.rows where blockSchools.contains(row[classes.column("schoolSourcedId")]) {
                let names = expandPeriods(row[classes.column("periods")]).compactMap { Int($0) }
                #expect(names.count == 1 || names.count == 2)
                #expect(names.allSatisfy { (1...4).contains($0) } || names.allSatisfy { (5...8).contains($0) })
                if names.count == 2 {
                    #expect(names[1] == names[0] + 1 && row[classes.column("periods")].contains("-"))
                    doubles += 1
                }
            }
        }
        #expect(doubles > 0)
    }
}
