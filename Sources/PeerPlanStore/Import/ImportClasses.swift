import Foundation
import GRDB
import PeerPlanCore

/// bell-schedules, classes and enrollments.
extension ImportSession {
    // MARK: bell-schedules.csv

    /// Replaces the bell schedule of every school the file mentions (schools it does not mention keep theirs).
    func importBellSchedules(_ r: CSVReader) throws {
        bellFile = r.displayName
        let school = try r.requiredColumn("schoolSourcedId"), day = try r.requiredColumn("day")
        let period = try r.requiredColumn("period"), start = try r.requiredColumn("start")
        let end = try r.requiredColumn("end"), kind = try r.requiredColumn("kind")
        struct Entry { var period: BellPeriod; var line: Int }
        var bySchool: [String: [Entry]] = [:]
        var seen: [String: Int] = [:]
        while try r.next() {
            try r.validateUTF8()
            let schoolId = try value(r, school)
            guard schools[schoolId] != nil else {
                throw error(r, school, "unknown school \"\(schoolId)\"; it must be an org of type school in orgs.csv")
            }
            let dayText = try value(r, day)
            guard let scheduleDay = ScheduleDay(parsing: dayText) else {
                throw error(r, day, "\"\(dayText)\" is not a day; expected a weekday (Mon…Fri) or a rotation day such as A or B")
            }
            let name = try value(r, period)
            try checkDuplicate(&seen, "\(schoolId) \(scheduleDay) \(name)", r, period, what: "period")
            let startText = try value(r, start), endText = try value(r, end)
            guard let startTime = ClockTime(parsing: startText) else {
                throw error(r, start, "\"\(startText)\" is not a time; expected HH:MM (24-hour) or h:mm AM/PM")
            }
            guard let endTime = ClockTime(parsing: endText) else {
                throw error(r, end, "\"\(endText)\" is not a time; expected HH:MM (24-hour) or h:mm AM/PM")
            }
            guard endTime > startTime else {
                throw error(r, end, "the period ends (\(endTime)) at or before it starts (\(startTime))")
            }
            let kindText = try value(r, kind)
            guard let periodKind = PeriodKind(parsing: kindText) else {
                throw error(r, kind, "\"\(kindText)\" is not a period kind; expected one of \(PeriodKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let entry = Entry(period: BellPeriod(day: scheduleDay, name: name, start: startTime, end: endTime, kind: periodKind), line: r.line)
            var existing = bySchool[schoolId, default: []]
            if let other = existing.first(where: { $0.period.day.isWeekday != scheduleDay.isWeekday }) {
                throw error(r, day, "school \(schoolId) mixes weekdays and rotation days (line \(other.line) has \(other.period.day)); use one kind of day per school")
            }
            if let clash = existing.first(where: { $0.period.overlaps(entry.period) }) {
                throw error(r, start, "period \(name) (\(startTime)–\(endTime)) overlaps period \(clash.period.name) (\(clash.period.start)–\(clash.period.end)) on line \(clash.line), same school and day")
            }
            existing.append(entry)
            bySchool[schoolId] = existing
        }
        let sql = Self.upsertSQL("bellPeriod", keys: ["schoolId", "day", "period"], columns: ["startMinute", "endMinute", "kind"])
        for (schoolId, entries) in bySchool.sorted(by: { $0.key < $1.key }) {
            var keep: Set<String> = []
            for entry in entries {
                let p = entry.period
                try write("bellPeriod", sql, [schoolId, p.day.description, p.name, p.start.minutes, p.end.minutes, p.kind.rawValue])
                keep.insert("\(p.day)\u{1F}\(p.name)")
            }
            for (dayName, periods) in bell[schoolId] ?? [:] {
                for name in periods.keys where !keep.contains("\(dayName)\u{1F}\(name)") {
                    try delete("bellPeriod", "DELETE FROM bellPeriod WHERE schoolId = ? AND day = ? AND period = ?", [schoolId, dayName, name])
                }
            }
        }
        try loadBell()
    }

    /// True when the school has a bell schedule and some day of it has a period of that name.
    func schoolHasPeriod(_ schoolId: String, _ period: String) -> Bool {
        guard let days = bell[schoolId] else { return false }
        return days.values.contains { $0[period] != nil }
    }

    // MARK: classes.csv

    func importClasses(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), title = try r.requiredColumn("title")
        let school = try r.requiredColumn("schoolSourcedId"), periodsColumn = try r.requiredColumn("periods")
        let statusColumn = r.column("status"), code = r.column("classCode"), course = r.column("courseSourcedId")
        let termsColumn = r.column("termSourcedIds"), grades = r.column("grades"), subjects = r.column("subjects")
        let location = r.column("location")
        let sql = Self.upsertSQL("class", keys: ["sourcedId"], columns: ["title", "classCode", "schoolId", "courseId", "grades", "subjects", "periods", "location"])
        // Existing child rows, to write only differences.
        var children: [String: [String: Set<String>]] = [:] // table → class → values
        for (table, column) in [("classPeriod", "period"), ("classTerm", "termId"), ("classGrade", "grade"), ("classSubject", "subject")] {
            var map: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT classId, \(column) FROM \(table)") {
                map[row[0], default: []].insert(row[1])
            }
            children[table] = map
        }
        var seen: [String: Int] = [:]
        while try r.next() {
            try r.validateUTF8()
            let classId = try value(r, id)
            try checkDuplicate(&seen, classId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("class", "DELETE FROM class WHERE sourcedId = ?", [classId])
                classes[classId] = nil
                seen[classId] = nil
                continue
            }
            let schoolId = try value(r, school)
            guard schools[schoolId] != nil else {
                throw error(r, school, "unknown school \"\(schoolId)\"; it must be an org of type school in orgs.csv")
            }
            let courseId = try r.string(course)
            if !courseId.isEmpty, !courses.contains(courseId) {
                throw error(r, course, "unknown course \"\(courseId)\"; it must be listed in courses.csv")
            }
            let termIds = list(try r.string(termsColumn))
            for term in termIds where !terms.contains(term) {
                throw error(r, termsColumn, "unknown term \"\(term)\"; it must be listed in academicSessions.csv")
            }
            let periodsText = try r.string(at: periodsColumn)
            let periods: [String]
            do {
                periods = try PeriodList.parse(periodsText)
            } catch {
                throw self.error(r, periodsColumn, error.message)
            }
            if bell[schoolId] != nil {
                for p in periods where !schoolHasPeriod(schoolId, p) {
                    let names = Set(bell[schoolId]!.values.flatMap(\.keys)).sorted { $0.localizedStandardLess($1) }
                    throw error(r, periodsColumn, "period \"\(p)\" is not in the bell schedule of school \(schoolId) (it has \(names.joined(separator: ", ")))")
                }
            }
            let gradesText = try r.string(grades), subjectsText = try r.string(subjects)
            try write("class", sql, [classId, try value(r, title), try r.string(code), schoolId, courseId.isEmpty ? nil : courseId,
                                     gradesText, subjectsText, periodsText, try r.string(location)])
            classes[classId] = schoolId
            classLines[classId] = (r.displayName, r.line)
            try syncChildren("classPeriod", "period", classId, Set(periods), &children)
            try syncChildren("classTerm", "termId", classId, Set(termIds), &children)
            try syncChildren("classGrade", "grade", classId, Set(list(gradesText)), &children)
            try syncChildren("classSubject", "subject", classId, Set(list(subjectsText)), &children)
        }
        if mode(of: .classes) == .bulk {
            for classId in Array(classes.keys) where seen[classId] == nil {
                try delete("class", "DELETE FROM class WHERE sourcedId = ?", [classId])
                classes[classId] = nil
            }
        }
    }

    private func syncChildren(_ table: String, _ column: String, _ classId: String, _ wanted: Set<String>,
                              _ children: inout [String: [String: Set<String>]]) throws {
        let existing = children[table]?[classId] ?? []
        if existing == wanted { return }
        for value in wanted.subtracting(existing).sorted() {
            try write(table, "INSERT INTO \(table) (classId, \(column)) VALUES (?, ?)", [classId, value])
        }
        for value in existing.subtracting(wanted).sorted() {
            try delete(table, "DELETE FROM \(table) WHERE classId = ? AND \(column) = ?", [classId, value])
        }
        children[table]?[classId] = wanted
    }

    // MARK: enrollments.csv

    /// Keeps teacher rows; student rows are checked (their class and user must exist) and read past.
    func importEnrollments(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), classColumn = try r.requiredColumn("classSourcedId")
        let user = try r.requiredColumn("userSourcedId"), role = try r.requiredColumn("role")
        let statusColumn = r.column("status"), primaryColumn = r.column("primary")
        let begin = r.column("beginDate"), end = r.column("endDate")
        let sql = Self.upsertSQL("teachingEnrollment", keys: ["sourcedId"], columns: ["classId", "teacherId", "isPrimary", "beginDate", "endDate"])
        let userLookup = try db.cachedStatement(sql: "SELECT role FROM temp.importUser WHERE id = ?")
        var existing = Set(try String.fetchAll(db, sql: "SELECT sourcedId FROM teachingEnrollment"))
        var seen: [String: Int] = [:]
        while try r.next() {
            try r.validateUTF8()
            let isStudentRow = r.field(role, equalsIgnoringCase: "student")
            if isStudentRow {
                report.studentRowsReadPast += 1
                if try status(r, statusColumn) == .deleted { continue }
                let classId = try value(r, classColumn)
                guard classes[classId] != nil else {
                    throw error(r, classColumn, "unknown class \"\(classId)\"; it must be listed in classes.csv")
                }
                if usersInThisImport {
                    let userId = try value(r, user)
                    guard try String.fetchOne(userLookup, arguments: [userId]) != nil else {
                        throw error(r, user, "unknown user \"\(userId)\"; it must be listed in users.csv")
                    }
                }
                continue
            }
            let enrollmentId = try value(r, id)
            let roleName = try value(r, role).lowercased()
            if try status(r, statusColumn) == .deleted {
                try delete("teachingEnrollment", "DELETE FROM teachingEnrollment WHERE sourcedId = ?", [enrollmentId])
                existing.remove(enrollmentId)
                continue
            }
            let classId = try value(r, classColumn)
            guard let classSchool = classes[classId] else {
                throw error(r, classColumn, "unknown class \"\(classId)\"; it must be listed in classes.csv")
            }
            let userId = try value(r, user)
            guard roleName == "teacher" else {
                // aides, administrators, proctors, guardians: not stored
                if !teachers.contains(userId), staffRoles[userId] == nil, usersInThisImport,
                   try String.fetchOne(userLookup, arguments: [userId]) == nil {
                    throw error(r, user, "unknown user \"\(userId)\"; it must be listed in users.csv")
                }
                continue
            }
            guard teachers.contains(userId) else {
                var otherRole = staffRoles[userId]
                if otherRole == nil, usersInThisImport { otherRole = try String.fetchOne(userLookup, arguments: [userId]) }
                if otherRole == "deleted" {
                    warn("\(r.displayName):\(r.line): user \(userId) is marked tobedeleted in users.csv; their enrollment in class \(classId) is skipped")
                    continue
                }
                if let otherRole {
                    warn("\(r.displayName):\(r.line): user \(userId) is enrolled as teacher of class \(classId) but is \("aeiou".contains(otherRole.prefix(1)) ? "an" : "a") \(otherRole) in users.csv; enrollment skipped (only teachers are stored)")
                    continue
                }
                throw error(r, user, "unknown user \"\(userId)\"; teachers must be listed in users.csv")
            }
            try checkDuplicate(&seen, enrollmentId, r, id, what: "sourcedId")
            if let schoolsOfTeacher = teacherSchools[userId], !schoolsOfTeacher.contains(classSchool) {
                warn("\(r.displayName):\(r.line): teacher \(userId) teaches class \(classId) at \(classSchool), a school not among their orgs in users.csv")
            }
            let beginDate = try begin.flatMap { try date(r, $0, required: false) }
            let endDate = try end.flatMap { try date(r, $0, required: false) }
            try write("teachingEnrollment", sql, [enrollmentId, classId, userId, try bool(r, primaryColumn, default: true),
                                                  beginDate?.description ?? "", endDate?.description ?? ""])
        }
        if mode(of: .enrollments) == .bulk {
            for enrollmentId in existing.sorted() where seen[enrollmentId] == nil {
                try delete("teachingEnrollment", "DELETE FROM teachingEnrollment WHERE sourcedId = ?", [enrollmentId])
            }
        }
    }
}
