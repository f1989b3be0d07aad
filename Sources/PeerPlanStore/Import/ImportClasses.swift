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
        try eachRow(r) {
            let orgId = try value(r, school)
            guard let schoolId = self.school(for: orgId) else {
                if deletedOrgs.contains(orgId) {
                    warn(.refersToDeletedRow, r, school, "school \(orgId) is marked tobedeleted in orgs.csv; this period is set aside")
                    return
                }
                if isBroken(orgId) || fileBroken(.orgs) { return }
                throw error(r, school, "unknown school \"\(orgId)\"; it must be an org of type school in orgs.csv")
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
        bellChanged.formUnion(bySchool.keys)
    }

    /// The names of a school's periods, any day; nil when the school has no bell schedule.
    func periodNames(of schoolId: String) -> Set<String>? {
        guard let days = bell[schoolId] else { return nil }
        return Set(days.values.flatMap(\.keys))
    }

    // MARK: classes.csv

    func importClasses(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), title = try r.requiredColumn("title")
        let school = try r.requiredColumn("schoolSourcedId"), periodsColumn = try r.requiredColumn("periods")
        let statusColumn = r.column("status"), code = r.column("classCode"), course = r.column("courseSourcedId")
        let termsColumn = r.column("termSourcedIds"), grades = r.column("grades"), subjects = r.column("subjects")
        let location = r.column("location")
        let sql = Self.upsertSQL("class", keys: ["sourcedId"], columns: ["title", "classCode", "schoolId", "courseId", "grades", "subjects", "periods", "location", "timesKnown"])
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
        try eachRow(r, idColumn: id) {
            let classId = try value(r, id)
            try checkDuplicate(&seen, classId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("class", "DELETE FROM class WHERE sourcedId = ?", [classId])
                classes[classId] = nil
                deletedClasses.insert(classId)
                seen[classId] = nil
                return
            }
            let orgId = try value(r, school)
            guard let schoolId = self.school(for: orgId) else {
                if deletedOrgs.contains(orgId) {
                    warn(.refersToDeletedRow, r, school, "school \(orgId) is marked tobedeleted in orgs.csv; class \(classId) is set aside")
                    broken.insert(classId)
                    seen[classId] = nil
                    return
                }
                if isBroken(orgId) || fileBroken(.orgs) { broken.insert(classId); return }
                throw error(r, school, "unknown school \"\(orgId)\"; it must be an org of type school in orgs.csv")
            }
            var courseId = try r.string(course)
            if !courseId.isEmpty, !courses.contains(courseId) {
                if deletedCourses.contains(courseId) {
                    warn(.refersToDeletedRow, r, course, "course \(courseId) is marked tobedeleted in courses.csv; class \(classId) is kept without a course")
                    courseId = ""
                } else if isBroken(courseId) || fileBroken(.courses) {
                    courseId = ""
                } else {
                    throw error(r, course, "unknown course \"\(courseId)\"; it must be listed in courses.csv")
                }
            }
            var termIds: [String] = []
            for term in list(try r.string(termsColumn)) {
                if terms.contains(term) {
                    termIds.append(term)
                } else if deletedTerms.contains(term) {
                    warn(.refersToDeletedRow, r, termsColumn, "term \(term) is marked tobedeleted in academicSessions.csv; class \(classId) is kept without it")
                } else if !(isBroken(term) || fileBroken(.academicSessions)) {
                    throw error(r, termsColumn, "unknown term \"\(term)\"; it must be listed in academicSessions.csv")
                }
            }
            let periodsText = try r.string(at: periodsColumn)
            var periods: [String] = []
            var timesKnown = true
            switch PeriodList.resolve(periodsText, periodNames: periodNames(of: schoolId)) {
            case .periods(let list): periods = list
            case .unknown(let why):
                timesKnown = false
                warn(.unknownClassPeriods, r, periodsColumn,
                     "\(why); class \(classId) is kept with its periods as written, its meeting times are unknown, and so is its teachers' free time at \(schoolId)")
            }
            let gradesText = try r.string(grades), subjectsText = try r.string(subjects)
            try write("class", sql, [classId, try value(r, title), try r.string(code), schoolId, courseId.isEmpty ? nil : courseId,
                                     gradesText, subjectsText, periodsText, try r.string(location), timesKnown])
            classes[classId] = schoolId
            classLines[classId] = (r.displayName, r.line)
            try syncChildren("classPeriod", "period", classId, Set(periods), &children)
            try syncChildren("classTerm", "termId", classId, Set(termIds), &children)
            try syncChildren("classGrade", "grade", classId, Set(list(gradesText)), &children)
            try syncChildren("classSubject", "subject", classId, Set(list(subjectsText)), &children)
        }
        if mode(of: .classes) == .bulk, errors.isEmpty {
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
        let usersReadable = !fileBroken(.users) && !fileBroken(.roles)
        try eachRow(r) {
            let isStudentRow = r.field(role, equalsIgnoringCase: "student")
            if isStudentRow {
                report.studentRowsReadPast += 1
                if try status(r, statusColumn) == .deleted { return }
                let classId = try value(r, classColumn)
                guard classes[classId] != nil else {
                    // A student in a class marked tobedeleted, or in one with an error: read past.
                    if deletedClasses.contains(classId) || isBroken(classId) || fileBroken(.classes) { return }
                    throw error(r, classColumn, "unknown class \"\(classId)\"; it must be listed in classes.csv")
                }
                if usersInThisImport && usersReadable {
                    let userId = try value(r, user)
                    guard try String.fetchOne(userLookup, arguments: [userId]) != nil || isBroken(userId) else {
                        throw error(r, user, "unknown user \"\(userId)\"; it must be listed in users.csv")
                    }
                }
                return
            }
            let enrollmentId = try value(r, id)
            let roleName = try value(r, role).lowercased()
            if try status(r, statusColumn) == .deleted {
                try delete("teachingEnrollment", "DELETE FROM teachingEnrollment WHERE sourcedId = ?", [enrollmentId])
                existing.remove(enrollmentId)
                return
            }
            let classId = try value(r, classColumn)
            let userId = try value(r, user)
            guard let classSchool = classes[classId] else {
                if deletedClasses.contains(classId) {
                    if roleName == "teacher" {
                        warn(.refersToDeletedRow, r, classColumn, "class \(classId) is marked tobedeleted in classes.csv; this enrollment of \(userId) is set aside")
                    }
                    return
                }
                if isBroken(classId) || fileBroken(.classes) { return }
                throw error(r, classColumn, "unknown class \"\(classId)\"; it must be listed in classes.csv")
            }
            if isBroken(userId) || !usersReadable { return }
            guard roleName == "teacher" else {
                // aides, administrators, proctors, guardians: not stored
                if !teachers.contains(userId), staffRoles[userId] == nil, usersInThisImport,
                   try String.fetchOne(userLookup, arguments: [userId]) == nil {
                    throw error(r, user, "unknown user \"\(userId)\"; it must be listed in users.csv")
                }
                return
            }
            guard teachers.contains(userId) else {
                var otherRole = staffRoles[userId]
                if otherRole == nil, usersInThisImport { otherRole = try String.fetchOne(userLookup, arguments: [userId]) }
                if otherRole == "deleted" || deletedUsers.contains(userId) {
                    warn(.refersToDeletedRow, r, user, "user \(userId) is marked tobedeleted in users.csv; their enrollment in class \(classId) is set aside")
                    return
                }
                if let otherRole {
                    warn(.enrolledTeacherNotATeacher, r, user,
                         "user \(userId) is enrolled as teacher of class \(classId) but is \("aeiou".contains(otherRole.prefix(1)) ? "an" : "a") \(otherRole) in users.csv; the enrollment is set aside (only teachers are stored)")
                    return
                }
                throw error(r, user, "unknown user \"\(userId)\"; teachers must be listed in users.csv")
            }
            try checkDuplicate(&seen, enrollmentId, r, id, what: "sourcedId")
            if let schoolsOfTeacher = teacherSchools[userId], !schoolsOfTeacher.contains(classSchool) {
                warn(.classOutsideTeachersSchools, r, classColumn,
                     "teacher \(userId) teaches class \(classId) at \(classSchool), a school not among their orgs in users.csv; the enrollment is kept")
            }
            let beginDate = try begin.flatMap { try date(r, $0, required: false) }
            let endDate = try end.flatMap { try date(r, $0, required: false) }
            try write("teachingEnrollment", sql, [enrollmentId, classId, userId, try bool(r, primaryColumn, default: true),
                                                  beginDate?.description ?? "", endDate?.description ?? ""])
        }
        if mode(of: .enrollments) == .bulk, errors.isEmpty {
            for enrollmentId in existing.sorted() where seen[enrollmentId] == nil {
                try delete("teachingEnrollment", "DELETE FROM teachingEnrollment WHERE sourcedId = ?", [enrollmentId])
            }
        }
    }
}
