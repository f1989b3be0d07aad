import Foundation
import GRDB
import PeerPlanCore

/// duties, calendar, ratings and participation: PeerPlan's own files beside OneRoster.
extension ImportSession {
    // MARK: duties.csv

    /// The complete list of duties: replaces every duty in the store.
    func importDuties(_ r: CSVReader) throws {
        let teacher = try r.requiredColumn("teacherSourcedId"), day = try r.requiredColumn("day")
        let period = try r.requiredColumn("period"), duty = try r.requiredColumn("duty")
        let sql = Self.upsertSQL("duty", keys: ["teacherId", "day", "period"], columns: ["schoolId", "duty"])
        var seen: [String: Int] = [:]
        try eachRow(r) {
            let teacherId = try value(r, teacher)
            guard teachers.contains(teacherId) else {
                if isBroken(teacherId) || fileBroken(.users) { return }
                if deletedUsers.contains(teacherId) {
                    warn(.refersToDeletedRow, r, teacher, "teacher \(teacherId) is marked tobedeleted in users.csv; this row is set aside")
                    return
                }
                throw error(r, teacher, "unknown teacher \"\(teacherId)\"; teachers must be listed in users.csv")
            }
            let dayText = try value(r, day)
            guard let scheduleDay = ScheduleDay(parsing: dayText) else {
                throw error(r, day, "\"\(dayText)\" is not a day; expected a weekday (Mon…Fri) or a rotation day such as A or B")
            }
            let periodName = try value(r, period)
            try checkDuplicate(&seen, "\(teacherId) \(scheduleDay) \(periodName)", r, period, what: "duty slot")
            let candidates = teacherSchools[teacherId] ?? []
            guard let schoolId = candidates.first(where: { bell[$0]?[scheduleDay.description]?[periodName] != nil }) else {
                throw error(r, period, "no school of teacher \(teacherId) (\(candidates.joined(separator: ", "))) has period \"\(periodName)\" on \(scheduleDay) in its bell schedule")
            }
            try write("duty", sql, [teacherId, scheduleDay.description, periodName, schoolId, try value(r, duty)])
        }
        for row in try Row.fetchAll(db, sql: "SELECT teacherId, day, period FROM duty") {
            let key = "\(row[0] as String) \(row[1] as String) \(row[2] as String)"
            if seen[key] == nil {
                try delete("duty", "DELETE FROM duty WHERE teacherId = ? AND day = ? AND period = ?", [row[0], row[1], row[2]] as StatementArguments)
            }
        }
    }

    // MARK: calendar.csv

    /// Replaces the special days of every school the file mentions; a district id means all its schools.
    func importCalendar(_ r: CSVReader) throws {
        let school = try r.requiredColumn("schoolSourcedId"), dateColumn = try r.requiredColumn("date")
        let kind = try r.requiredColumn("kind"), note = r.column("note"), rotationColumn = r.column("rotationDay")
        let sql = Self.upsertSQL("calendarDay", keys: ["schoolId", "date"], columns: ["kind", "note", "rotationDay"])
        var scheduleDays: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT schoolId, day FROM bellPeriod") {
            scheduleDays[row[0], default: []].insert(row[1])
        }
        var seen: [String: Int] = [:]
        var mentioned: Set<String> = []
        try eachRow(r) {
            let orgId = try value(r, school)
            let targets: [String]
            if let schoolId = self.school(for: orgId) {
                targets = [schoolId]
            } else if districts.contains(orgId) {
                targets = schools.filter { $0.value == orgId }.map(\.key).sorted()
            } else if deletedOrgs.contains(orgId) {
                warn(.refersToDeletedRow, r, school, "org \(orgId) is marked tobedeleted in orgs.csv; this day is set aside")
                return
            } else {
                if isBroken(orgId) || fileBroken(.orgs) { return }
                throw error(r, school, "unknown school or district \"\(orgId)\"; it must be listed in orgs.csv")
            }
            let day = try date(r, dateColumn)!
            let kindText = try value(r, kind)
            guard let dayKind = CalendarDayKind(parsing: kindText) else {
                throw error(r, kind, "\"\(kindText)\" is not a calendar day kind; expected one of \(CalendarDayKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let noteText = try r.string(note)
            let rotationText = try r.string(rotationColumn).trimmingCharacters(in: .whitespaces).uppercased()
            if !rotationText.isEmpty {
                guard case .rotation = ScheduleDay(parsing: rotationText) else {
                    throw error(r, rotationColumn!, "\"\(rotationText)\" is not a rotation day; expected a label such as A or B")
                }
                guard !dayKind.hasNoSessions else {
                    throw error(r, rotationColumn!, "a \(dayKind.rawValue) has no sessions, so it cannot be rotation day \(rotationText)")
                }
            }
            for schoolId in targets {
                if !rotationText.isEmpty, let days = scheduleDays[schoolId], !days.contains(rotationText) {
                    // A district-wide row labels only the schools that use that rotation day.
                    if targets.count == 1 {
                        throw error(r, rotationColumn!, "school \(schoolId) has no rotation day \(rotationText) in its bell schedule (it has \(days.sorted().joined(separator: ", ")))")
                    }
                }
                let key = "\(schoolId) \(day)"
                if let first = seen[key] {
                    throw error(r, dateColumn, "school \(schoolId) already has \(day) on line \(first)")
                }
                seen[key] = r.line
                mentioned.insert(schoolId)
                let label = scheduleDays[schoolId]?.contains(rotationText) ?? true ? rotationText : ""
                try write("calendarDay", sql, [schoolId, day.description, dayKind.rawValue, noteText, label])
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT schoolId, date FROM calendarDay") {
            let schoolId: String = row[0], day: String = row[1]
            if mentioned.contains(schoolId), seen["\(schoolId) \(day)"] == nil {
                try delete("calendarDay", "DELETE FROM calendarDay WHERE schoolId = ? AND date = ?", [schoolId, day])
            }
        }
    }

    // MARK: ratings.csv

    /// Adds to the rating history (ratings are never deleted by an import, only corrected).
    func importRatings(_ r: CSVReader) throws {
        let teacher = try r.requiredColumn("teacherSourcedId"), rubricColumn = try r.requiredColumn("rubric")
        let indicatorColumn = try r.requiredColumn("indicator"), scoreColumn = try r.requiredColumn("score")
        let observed = try r.requiredColumn("observedOn"), evaluator = r.column("evaluator")
        let sql = Self.upsertSQL("rating", keys: ["teacherId", "rubricId", "indicatorId", "observedOn"], columns: ["score", "evaluator"])
        var seen: [String: Int] = [:]
        var rubricCache: [String: Rubric] = [:]
        try eachRow(r) {
            let teacherId = try value(r, teacher)
            guard teachers.contains(teacherId) else {
                if isBroken(teacherId) || fileBroken(.users) { return }
                if deletedUsers.contains(teacherId) {
                    warn(.refersToDeletedRow, r, teacher, "teacher \(teacherId) is marked tobedeleted in users.csv; this row is set aside")
                    return
                }
                throw error(r, teacher, "unknown teacher \"\(teacherId)\"; teachers must be listed in users.csv")
            }
            let rubricText = try value(r, rubricColumn)
            let rubric: Rubric
            if let cached = rubricCache[rubricText] {
                rubric = cached
            } else {
                guard let found = config.rubric(matching: rubricText) else {
                    throw error(r, rubricColumn, "unknown rubric \"\(rubricText)\"; known rubrics: \(config.rubrics.map(\.id).joined(separator: ", ")) (Config/rubrics)")
                }
                rubricCache[rubricText] = found
                rubric = found
            }
            let indicatorText = try value(r, indicatorColumn)
            guard let indicator = rubric.indicator(matching: indicatorText) else {
                throw error(r, indicatorColumn, "\"\(indicatorText)\" is not an indicator of \(rubric.id); use an id or name from Config/rubrics")
            }
            let scoreText = try value(r, scoreColumn)
            // A level or an average of levels (`2.75`): plain decimal digits, on the rubric's scale.
            guard !scoreText.isEmpty, scoreText.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  scoreText.filter({ $0 == "." }).count <= 1, scoreText.first != ".", scoreText.last != ".",
                  let score = Double(scoreText), rubric.contains(score: score) else {
                // The value itself is not repeated: ratings stay out of logs.
                throw error(r, scoreColumn, "the score is not on the \(rubric.id) scale; expected a number from \(rubric.scaleMin) to \(rubric.scaleMax) (a decimal such as 2.75 for an average)")
            }
            let day = try date(r, observed)!
            try checkDuplicate(&seen, "\(teacherId) \(rubric.id) \(indicator.id) \(day)", r, observed,
                               what: "rating (same teacher, indicator and date)")
            try write("rating", sql, [teacherId, rubric.id, indicator.id, day.description, score, try r.string(evaluator)])
        }
    }

    // MARK: participation.csv

    func importParticipation(_ r: CSVReader) throws {
        let teacher = try r.requiredColumn("teacherSourcedId"), participation = try r.requiredColumn("participation")
        let note = r.column("note")
        var seen: [String: Int] = [:]
        try eachRow(r) {
            let teacherId = try value(r, teacher)
            guard teachers.contains(teacherId) else {
                if isBroken(teacherId) || fileBroken(.users) { return }
                if deletedUsers.contains(teacherId) {
                    warn(.refersToDeletedRow, r, teacher, "teacher \(teacherId) is marked tobedeleted in users.csv; this row is set aside")
                    return
                }
                throw error(r, teacher, "unknown teacher \"\(teacherId)\"; teachers must be listed in users.csv")
            }
            try checkDuplicate(&seen, teacherId, r, teacher, what: "teacher")
            let text = try value(r, participation).lowercased()
            let participating: Bool
            switch text {
            case "in", "opted-in", "opt-in", "yes", "true": participating = true
            case "out", "opted-out", "opt-out", "no", "false": participating = false
            default: throw error(r, participation, "\"\(text)\" is not a participation; expected in or out")
            }
            try write("participation", """
                UPDATE teacher SET participating = ?, participationChoice = ?, participationNote = ?
                WHERE sourcedId = ? AND (participating IS NOT ? OR participationChoice IS NOT ? OR participationNote IS NOT ?)
                """, [participating, participating, try r.string(note), teacherId, participating, participating, try r.string(note)])
        }
    }

    // MARK: - Whole-store checks at the end of the import

    /// After every file: classes of schools whose bell schedule changed are read again against
    /// it, every duty must still exist in its school's bell schedule, and schools with classes but
    /// no bell schedule are noted.
    func finish() throws {
        try rereadClassPeriods()
        let orphanDuties = try Row.fetchAll(db, sql: """
            SELECT d.teacherId, d.day, d.period, d.schoolId FROM duty d
            WHERE NOT EXISTS (SELECT 1 FROM bellPeriod b WHERE b.schoolId = d.schoolId AND b.day = d.day AND b.period = d.period)
            ORDER BY d.teacherId, d.day, d.period
            """)
        for row in orphanDuties {
            record(InputError(file: bellFile ?? "duties.csv", field: "period",
                              message: "teacher \(row[0] as String) has a duty on \(row[1] as String) period \(row[2] as String), which school \(row[3] as String) no longer has"))
        }
        if kinds.contains(.classes) || kinds.contains(.bellSchedules) {
            for row in try Row.fetchAll(db, sql: """
                SELECT s.sourcedId, COUNT(c.sourcedId) FROM school s JOIN class c ON c.schoolId = s.sourcedId
                WHERE NOT EXISTS (SELECT 1 FROM bellPeriod b WHERE b.schoolId = s.sourcedId)
                GROUP BY s.sourcedId ORDER BY s.sourcedId
                """) {
                let schoolId: String = row[0], count: Int = row[1]
                note(ImportWarning(kind: .schoolWithoutBellSchedule, file: bellFile ?? "bell-schedules.csv",
                                   message: "school \(schoolId) has \(count) class\(count == 1 ? "" : "es") but no bell schedule, so its teachers' free time is unknown until one is imported"))
            }
        }
    }

    /// Classes not in this import, at schools whose bell schedule it changed: their periods are
    /// read again (a label the schedule now has becomes known). A class whose known periods
    /// the new schedule no longer has is an error: the two files contradict each other.
    private func rereadClassPeriods() throws {
        guard !bellChanged.isEmpty else { return }
        let changed = bellChanged.sorted()
        let rows = try Row.fetchAll(db, sql: """
            SELECT sourcedId, schoolId, periods, timesKnown FROM class
            WHERE schoolId IN (\(changed.map { _ in "?" }.joined(separator: ","))) ORDER BY sourcedId
            """, arguments: StatementArguments(changed))
        for row in rows {
            let classId: String = row[0], schoolId: String = row[1], periodsText: String = row[2], wasKnown: Bool = row[3]
            if classLines[classId] != nil { continue } // read against the new schedule already
            switch PeriodList.resolve(periodsText, periodNames: periodNames(of: schoolId)) {
            case .periods(let periods):
                let existing = Set(try String.fetchAll(db, sql: "SELECT period FROM classPeriod WHERE classId = ?", arguments: [classId]))
                for period in Set(periods).subtracting(existing).sorted() {
                    try write("classPeriod", "INSERT INTO classPeriod (classId, period) VALUES (?, ?)", [classId, period])
                }
                for period in existing.subtracting(periods).sorted() {
                    try delete("classPeriod", "DELETE FROM classPeriod WHERE classId = ? AND period = ?", [classId, period])
                }
                if !wasKnown { try write("class", "UPDATE class SET timesKnown = 1 WHERE sourcedId = ?", [classId]) }
            case .unknown(let why):
                if wasKnown {
                    record(InputError(file: bellFile ?? "bell-schedules.csv", field: "period",
                                      message: "school \(schoolId) no longer has the periods class \(classId) meets in (\(why)); keep the periods or update classes.csv"))
                }
            }
        }
    }
}
