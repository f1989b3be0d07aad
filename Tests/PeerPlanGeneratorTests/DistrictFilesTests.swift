import Foundation
import PeerPlanCore
import Testing
@testable import PeerPlanGenerator

@Suite struct DistrictFilesTests {
    let district: WrittenDistrict

    init() throws { district = try sharedDistrict.get() }

    @Test func summaryCountsMatchTheFiles() {
        let s = district.summary
        let users = district["users.csv"]
        let roles = users.values("role")
        #expect(s.schools == 20)
        #expect(s.teachers == roles.filter { $0 == "teacher" }.count)
        #expect(s.students == roles.filter { $0 == "student" }.count)
        #expect(s.courses == district["courses.csv"].rows.count)
        #expect(s.classes == district["classes.csv"].rows.count)
        #expect(s.enrollments == district["enrollments.csv"].rows.count)
        #expect(s.ratings == district["ratings.csv"].rows.count)
        #expect(s.ratedTeachers == Set(district["ratings.csv"].values("teacherSourcedId")).count)
        #expect(s.bellScheduleRows == district["bell-schedules.csv"].rows.count)
        #expect(s.dutyRows == district["duties.csv"].rows.count)
        #expect(s.calendarRows == district["calendar.csv"].rows.count)
        #expect(s.elementarySchools + s.middleSchools + s.highSchools == 20)
        #expect(s.elementarySchools == 11 && s.middleSchools == 4 && s.highSchools == 5)
        #expect(s.blockScheduleSchools >= 1)
        // Realistic sizes: 18–20 students per teacher, typical school sizes.
        let ratio = Double(s.students) / Double(s.teachers)
        #expect((17.5...20.5).contains(ratio), "students per teacher \(ratio)")
        #expect((550...950).contains(s.teachers))
        #expect(s.bytesWritten > 1_000_000)
    }

    @Test func manifestDeclaresOneRoster11() {
        let manifest = district["manifest.csv"]
        #expect(manifest.header == ["propertyName", "value"])
        var properties: [String: String] = [:]
        for row in manifest.rows { properties[row[0]] = row[1] }
        #expect(properties["manifest.version"] == "1.0")
        #expect(properties["oneroster.version"] == "1.1")
        #expect(properties["source.systemName"] == "PeerPlan generator")
        for file in ["academicSessions", "classes", "courses", "enrollments", "orgs", "users"] {
            #expect(properties["file." + file] == "bulk")
        }
        for file in ["categories", "classResources", "courseResources", "demographics", "lineItems", "resources", "results"] {
            #expect(properties["file." + file] == "absent")
        }
    }

    @Test func headersAreTheOneRoster11Columns() {
        #expect(district["classes.csv"].header == ["sourcedId", "status", "dateLastModified", "title", "grades",
            "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects",
            "subjectCodes", "periods"])
        #expect(district["users.csv"].header == ["sourcedId", "status", "dateLastModified", "enabledUser",
            "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName", "middleName", "identifier",
            "email", "sms", "phone", "agentSourcedIds", "grades", "password"])
        #expect(district["enrollments.csv"].header == ["sourcedId", "status", "dateLastModified", "classSourcedId",
            "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"])
        #expect(district["ratings.csv"].header == ["teacherSourcedId", "rubric", "indicator", "score", "observedOn", "evaluator"])
        #expect(district["bell-schedules.csv"].header == ["schoolSourcedId", "day", "period", "start", "end", "kind"])
        #expect(district["duties.csv"].header == ["teacherSourcedId", "day", "period", "duty"])
        #expect(district["calendar.csv"].header == ["schoolSourcedId", "date", "kind", "note"])
        #expect(district["orgs.csv"].header.contains("metadata.timezone"))
    }

    @Test func orgsAndSessions() {
        let orgs = district["orgs.csv"]
        let type = orgs.column("type"), parent = orgs.column("parentSourcedId"), zone = orgs.column("metadata.timezone")
        let districts = orgs.rows.filter { $0[type] == "district" }
        #expect(districts.count == 1)
        #expect(districts[0][0] == "dist-0001")
        let schools = orgs.rows.filter { $0[type] == "school" }
        #expect(schools.count == 20)
        #expect(schools.map { $0[0] } == (1...20).map { String(format: "sch-%04d", $0) })
        #expect(schools.allSatisfy { $0[parent] == "dist-0001" })
        #expect(orgs.rows.allSatisfy { DistrictLayout.timeZones.contains($0[zone]) })
        #expect(Set(orgs.values("name")).count == 21)

        let sessions = district["academicSessions.csv"]
        #expect(sessions.rows.map { [$0[sessions.column("type")], $0[sessions.column("startDate")], $0[sessions.column("endDate")]] } == [
            ["schoolYear", "2026-08-10", "2027-05-28"],
            ["term", "2026-08-10", "2026-12-18"],
            ["term", "2027-01-05", "2027-05-28"],
        ])
    }

    @Test func idsAndEmailsAreUniqueAndWellFormed() {
        let users = district["users.csv"]
        let ids = users.values("sourcedId")
        #expect(Set(ids).count == ids.count)
        let emails = users.values("email")
        #expect(Set(emails).count == emails.count)
        let usernames = users.values("username")
        #expect(Set(usernames).count == usernames.count)
        let role = users.column("role"), email = users.column("email"), id = users.column("sourcedId")
        for row in users.rows {
            let number = String(Int(row[id].split(separator: "-")[1])!)
            if row[role] == "teacher" {
                #expect(row[id].hasPrefix("t-") && row[id].count == 8)
                #expect(row[email].hasSuffix(number + "@district.k12.example"), "\(row[email])")
            } else {
                #expect(row[role] == "student")
                #expect(row[id].hasPrefix("s-") && row[id].count == 9)
                #expect(row[email].hasSuffix(number + "@student.district.k12.example"))
            }
            let local = row[email].split(separator: "@")[0]
            #expect(local.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }, "\(local)")
        }
        // Diverse names, some with diacritics.
        #expect(Set(users.values("familyName")).count > 150)
        #expect(users.values("familyName").contains { $0.unicodeScalars.contains { !$0.isASCII } })
        for file in ["classes.csv", "courses.csv", "enrollments.csv"] {
            let ids = district[file].values("sourcedId")
            #expect(Set(ids).count == ids.count, "\(file) has duplicate ids")
        }
        #expect(district["classes.csv"].values("sourcedId").allSatisfy { $0.hasPrefix("cls-") })
        #expect(district["enrollments.csv"].values("sourcedId").allSatisfy { $0.hasPrefix("enr-") })
    }

    @Test func enrollmentsReferenceExistingClassesAndUsers() {
        let classes = district["classes.csv"], users = district["users.csv"], enrollments = district["enrollments.csv"]
        var classSchool: [String: String] = [:]
        for row in classes.rows { classSchool[row[0]] = row[classes.column("schoolSourcedId")] }
        var userRole: [String: String] = [:], userSchool: [String: String] = [:]
        for row in users.rows {
            userRole[row[0]] = row[users.column("role")]
            userSchool[row[0]] = row[users.column("orgSourcedIds")]
        }
        let c = enrollments.column("classSourcedId"), u = enrollments.column("userSourcedId"),
            s = enrollments.column("schoolSourcedId"), r = enrollments.column("role"), p = enrollments.column("primary")
        var teachersPerClass: [String: Int] = [:]
        var studentsPerClass: [String: Int] = [:]
        for row in enrollments.rows {
            #expect(classSchool[row[c]] == row[s], "enrollment \(row[0]) names an unknown class or the wrong school")
            #expect(userRole[row[u]] == row[r], "enrollment \(row[0]) names an unknown user or the wrong role")
            #expect(userSchool[row[u]] == row[s])
            if row[r] == "teacher" {
                #expect(row[p] == "true")
                teachersPerClass[row[c], default: 0] += 1
            } else {
                #expect(row[p] == "false")
                studentsPerClass[row[c], default: 0] += 1
            }
        }
        // Every class has exactly one (primary) teacher and a realistic number of students.
        #expect(teachersPerClass.count == classes.rows.count)
        #expect(teachersPerClass.values.allSatisfy { $0 == 1 })
        let sizes = studentsPerClass.values
        #expect(studentsPerClass.count == classes.rows.count)
        #expect(sizes.allSatisfy { (5...45).contains($0) }, "class sizes \(sizes.min()!)…\(sizes.max()!)")
        let mean = Double(sizes.reduce(0, +)) / Double(sizes.count)
        #expect((18...30).contains(mean))
        // Every teacher teaches and every student is enrolled.
        let enrolled = Set(enrollments.values("userSourcedId"))
        #expect(enrolled.count == users.rows.count)
    }

    @Test func bellSchedulesAreRealisticAndNeverOverlap() throws {
        let bells = district["bell-schedules.csv"]
        var days: [String: [String: [[String]]]] = [:]  // school → day → rows in file order
        for row in bells.rows { days[row[0], default: [:]][row[1], default: []].append(row) }
        #expect(days.count == 20)
        var blockSchools = 0
        for (school, byDay) in days {
            let labels = Set(byDay.keys)
            let isBlock = labels == ["A", "B"]
            #expect(isBlock || labels == ["Mon", "Tue", "Wed", "Thu", "Fri"], "\(school) days \(labels)")
            if isBlock { blockSchools += 1 }
            var instructionByDay: [String: [String]] = [:]
            for (day, rows) in byDay {
                var previousEnd = -1
                for row in rows {
                    let startText = row[3], endText = row[4]
                    #expect(startText.count == 5 && endText.count == 5 && startText.dropFirst(2).first == ":")
                    let start = try #require(ClockTime(parsing: startText)), end = try #require(ClockTime(parsing: endText))
                    #expect(end > start, "\(school) \(day) \(row[2]) ends before it starts")
                    #expect(start.minutes > previousEnd, "\(school) \(day) \(row[2]) overlaps the period before")
                    previousEnd = end.minutes
                    #expect(PeriodKind(rawValue: row[5]) != nil)
                    if row[5] == "lunch" { #expect(row[2] == "L") }
                    if row[5] == "advisory" { #expect(row[2] == "HR") }
                }
                #expect((6...9).contains(rows.count) || (isBlock && rows.count >= 5), "\(school) \(day) has \(rows.count) periods")
                #expect(rows.filter { $0[5] == "lunch" }.count == 1)
                let first = try #require(ClockTime(parsing: rows[0][3])), last = try #require(ClockTime(parsing: rows.last![4]))
                #expect(first >= ClockTime(hour: 7, minute: 10) && first <= ClockTime(hour: 8, minute: 5))
                #expect(last >= ClockTime(hour: 14, minute: 0) && last <= ClockTime(hour: 15, minute: 15))
                instructionByDay[day] = rows.filter { $0[5] == "instruction" }.map { $0[2] }
            }
            if isBlock {
                #expect(instructionByDay["A"] == ["1", "2", "3", "4"])
                #expect(instructionByDay["B"] == ["5", "6", "7", "8"])
            } else {
                let names = instructionByDay["Mon"]!
                #expect((6...8).contains(names.count))
                #expect(names == (1...names.count).map(String.init))
                #expect(instructionByDay.values.allSatisfy { $0 == names })
            }
        }
        #expect(blockSchools == district.summary.blockScheduleSchools)
        #expect(blockSchools >= 1)
    }

    @Test func classPeriodsNameInstructionPeriodsOfTheirSchool() {
        let bells = district["bell-schedules.csv"], classes = district["classes.csv"]
        var instruction: [String: Set<String>] = [:]
        for row in bells.rows where row[5] == "instruction" { instruction[row[0], default: []].insert(row[2]) }
        let periods = classes.column("periods"), school = classes.column("schoolSourcedId")
        var sawList = false, sawRange = false
        for row in classes.rows {
            let names = expandPeriods(row[periods])
            #expect(!names.isEmpty)
            #expect(Set(names).count == names.count)
            for name in names {
                #expect(instruction[row[school]]?.contains(name) == true,
                        "class \(row[0]) names period \(name), not an instruction period of \(row[school])")
            }
            if row[periods].contains(",") { sawList = true }
            if row[periods].contains("-") { sawRange = true }
        }
        #expect(sawList && sawRange, "both \"1,2\" lists and \"1-3\" ranges appear")
        // Block schools' double blocks are written as ranges such as "5-6".
        let blockSchools = Set(district["bell-schedules.csv"].rows.filter { $0[1] == "A" }.map { $0[0] })
        let blockPeriods = classes.rows.filter { blockSchools.contains($0[school]) }.map { $0[periods] }
        #expect(blockPeriods.allSatisfy { !$0.contains(",") })
    }

    @Test func coursesAndClassesBelongTogether() {
        let courses = district["courses.csv"], classes = district["classes.csv"]
        var courseSchool: [String: String] = [:], courseGrade: [String: String] = [:]
        for row in courses.rows {
            courseSchool[row[0]] = row[courses.column("orgSourcedId")]
            courseGrade[row[0]] = row[courses.column("grades")]
        }
        let course = classes.column("courseSourcedId"), school = classes.column("schoolSourcedId"),
            grades = classes.column("grades"), terms = classes.column("termSourcedIds")
        for row in classes.rows {
            #expect(courseSchool[row[course]] == row[school])
            #expect(courseGrade[row[course]] == row[grades])
            #expect(row[terms] == "as-2026-fall,as-2027-spring")
        }
        let subjects = Set(classes.values("subjects"))
        for department in ["Mathematics", "English Language Arts", "Science", "Social Studies", "World Languages",
                           "Fine Arts", "Physical Education", "Career and Technical Education",
                           "Elementary Education", "Art", "Music"] {
            #expect(subjects.contains(department), "no \(department) classes")
        }
        #expect(Set(classes.values("classType")) == ["homeroom", "scheduled"])
    }

    @Test func calendarHasTheDistrictYearAndSchoolDays() throws {
        let calendar = district["calendar.csv"]
        var district: [String: (String, String)] = [:]
        var schoolRows = 0
        for row in calendar.rows {
            #expect(CalendarDayKind(rawValue: row[2]) != nil)
            let parts = row[1].split(separator: "-").map { Int($0)! }
            #expect(CalendarDate(parts[0], parts[1], parts[2]).isWeekday, "\(row[1]) is a weekend")
            #expect(row[1] >= "2026-08-10" && row[1] <= "2027-05-28")
            if row[0] == "dist-0001" { district[row[1]] = (row[2], row[3]) } else {
                #expect(row[0].hasPrefix("sch-"))
                schoolRows += 1
            }
        }
        #expect(district["2026-09-07"]?.0 == "holiday")
        for day in ["2026-11-25", "2026-11-26", "2026-11-27"] { #expect(district[day]?.0 == "break") }
        let winter = district.filter { $0.value.1 == "Winter break" }.keys.sorted()
        #expect(winter == ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25",
                           "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"])
        #expect(district["2027-01-18"]?.0 == "holiday")
        #expect(district["2027-02-15"]?.0 == "holiday")
        let spring = district.filter { $0.value.1 == "Spring break" }.keys.sorted()
        #expect(spring.count == 5 && spring.allSatisfy { $0.hasPrefix("2027-03-") })
        #expect(district.values.filter { $0.0 == "early-release" }.count >= 2)
        #expect(district.values.filter { $0.0 == "testing" }.count >= 1)
        #expect(schoolRows >= 5)
    }

    @Test func dutiesAreRealistic() {
        let duties = district["duties.csv"], bells = district["bell-schedules.csv"], users = district["users.csv"]
        var schoolOf: [String: String] = [:]
        for row in users.rows where row[users.column("role")] == "teacher" { schoolOf[row[0]] = row[users.column("orgSourcedIds")] }
        var periods: [String: Set<String>] = [:]  // "school day period"
        for row in bells.rows { periods[row[0] + " " + row[1], default: []].insert(row[2] + " " + row[5]) }
        var teachers = Set<String>()
        for row in duties.rows {
            let school = schoolOf[row[0]]
            #expect(school != nil, "duty for unknown teacher \(row[0])")
            let day = periods[(school ?? "") + " " + row[1]] ?? []
            if row[3] == "Lunch duty" {
                #expect(row[2] == "L" && day.contains("L lunch"))
            } else {
                #expect(["Hall duty", "Bus duty"].contains(row[3]))
                #expect(day.contains(row[2] + " instruction"))
            }
            teachers.insert(row[0])
        }
        let share = Double(teachers.count) / Double(schoolOf.count)
        #expect((0.14...0.26).contains(share), "duty share \(share)")
        #expect(Set(duties.values("duty")).count == 3)
    }
}
