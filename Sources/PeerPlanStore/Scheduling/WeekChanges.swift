import Foundation
import GRDB
import PeerPlanCore

/// One week's departures from the weekly pattern: non-instructional days, early releases,
/// testing days and absences. Affected sessions move to another free slot of the same week when
/// one exists, otherwise they are cancelled; nothing else moves.
package struct WeekChanges: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    package struct Absence: Sendable, Hashable {
        package var teacher: String
        package var date: CalendarDate
        package init(teacher: String, date: CalendarDate) {
            self.teacher = teacher
            self.date = date
        }
    }

    package struct Change: Sendable, Codable, Hashable {
        package var meeting: String
        package var title: String
        package var session: Int
        package var action: String
        package var from: String
        package var fromPeriods: [String]
        package var to: String?
        package var toPeriods: [String]?
        package var reason: String
    }

    package struct Outcome: Sendable, Codable {
        package var school: String
        package var weekStart: String
        package var run: Int64
        package var changes: [Change]
        package var unchanged: Int
    }

    package func apply(school: String, date: CalendarDate, absences: [Absence]) throws -> Outcome {
        try store.writer.write { db in try apply(db, school: school, date: date, absences: absences) }
    }

    /// The week's changes, recorded in the caller's transaction.
    func apply(_ db: Database, school: String, date: CalendarDate, absences: [Absence]) throws -> Outcome {
        do {
            guard let runRow = try Row.fetchOne(db, sql: "SELECT runId, termId FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [school]) else {
                throw StoreError.noSchedule(school: school, purpose: .weekChanges)
            }
            let scheduleRun: Int64 = runRow[0]
            let monday = date.adding(days: -(date.weekday.rawValue - 1))
            let term = try Terms.resolve(db, id: nil, on: date)
            guard term.start <= date && date <= term.end else {
                throw StoreError.dateOutsideTerms(date, nearest: term)
            }
            let calendar = try Terms.calendar(db, school: school, term: term)
            let (basis, info, realNames) = try Scheduler.buildProblemWithNames(db, school: school, policy: config.placement, term: runRow[1])
            let position = realNames.position, actual = realNames.actual
            // A schedule day with its own bell times (a late-start Wednesday) keeps them on its dates.
            func periods(of day: String) -> [PlacementProblem.Period] { basis.periodsByDay?[day] ?? basis.periods }

            // The week's dates: each open date follows one schedule day of the pattern. A closed date of
            // a Mon–Fri school loses its sessions; a block school's rotation simply skips closed dates.
            struct WeekDate { var date: CalendarDate; var day: String; var open: Bool }
            var week: [WeekDate] = []
            var unavailable: [String: String] = [:] // "date" or "date|position" or "teacher|date" or "testing|date" → reason
            for offset in 0..<7 {
                let d = monday.adding(days: offset)
                guard d >= term.start, d <= term.end else { continue }
                let kind = calendar.special[d]
                if calendar.rotates {
                    guard let day = calendar.scheduleDay(on: d) else { continue }
                    week.append(WeekDate(date: d, day: day.description, open: true))
                } else {
                    guard calendar.days.contains(.weekday(d.weekday)) else { continue }
                    let closed = kind?.hasNoSessions ?? false
                    week.append(WeekDate(date: d, day: ScheduleDay.weekday(d.weekday).description, open: !closed))
                    if closed { unavailable[d.description] = "\(kind!.rawValue) on \(d)" }
                }
                if kind == .earlyRelease, let release = ClockTime(parsing: config.placement.earlyReleaseTime), let day = week.last?.day {
                    for p in periods(of: day) where ClockTime(parsing: p.end)! > release {
                        unavailable["\(d)|\(p.name)"] = "early release on \(d)"
                    }
                } else if kind == .testing && config.placement.cancelObservationsOnTestingDays {
                    unavailable["testing|\(d)"] = "testing on \(d)"
                }
            }
            for absence in absences {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [absence.teacher, school]) == true else {
                    throw StoreError.teacherNotAtSchool(teacher: absence.teacher, school: school)
                }
                guard week.contains(where: { $0.date == absence.date && $0.open }) else {
                    throw StoreError.notASchoolDay(absence.date, weekOf: monday)
                }
                unavailable["\(absence.teacher)|\(absence.date)"] = "\(absence.teacher) absent on \(absence.date)"
            }

            // Every occurrence of the pattern this week, on its date, in the problem's positions.
            let pattern = try Row.fetchAll(db, sql: "SELECT meetingId, session, day, periods, weekOffset FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session", arguments: [scheduleRun])
                .map { row -> PlacementAnswer.Placement in
                    let day: String = row[2]
                    return .init(meeting: row[0], session: row[1], day: day, periods: (row[3] as String).split(separator: ",").map { position(day, String($0)) },
                                 week: row[4])
                }
            struct Occurrence { var pattern: PlacementAnswer.Placement; var date: CalendarDate; var placement: PlacementAnswer.Placement }
            var occurrences: [Occurrence] = []
            // A session every 2 weeks occurs only in its own weeks (as its calendar event does).
            func occurs(_ p: PlacementAnswer.Placement, on date: CalendarDate) -> Bool {
                guard let offset = p.week, config.placement.observationEveryWeeks == 2 else { return true }
                return SeriesPlanner.weekIndex(of: date, calendar: calendar) % 2 == offset
            }
            for p in pattern {
                for w in week where w.day == p.day && occurs(p, on: w.date) {
                    occurrences.append(Occurrence(pattern: p, date: w.date,
                                                  placement: .init(meeting: p.meeting, session: p.session, day: w.date.description, periods: p.periods)))
                }
            }
            func reason(_ p: PlacementAnswer.Placement) -> String? {
                if let r = unavailable[p.day] { return r }
                for period in p.periods { if let r = unavailable["\(p.day)|\(period)"] { return r } }
                if info[p.meeting]?.kind == "observation", let r = unavailable["testing|\(p.day)"] { return r }
                for member in info[p.meeting]?.members ?? [] { if let r = unavailable["\(member)|\(p.day)"] { return r } }
                return nil
            }
            let affected = occurrences.filter { reason($0.placement) != nil }
            let unaffected = occurrences.filter { reason($0.placement) == nil }

            // The week's problem: one day per open date, with that schedule day's timetable; what is
            // unavailable becomes busy; only meetings with an occurrence are in play.
            let open = week.filter(\.open)
            var problem = basis
            problem.days = open.map(\.date.description)
            let ownTimes = open.filter { basis.periodsByDay?[$0.day] != nil }
            problem.periodsByDay = ownTimes.isEmpty ? nil : Dictionary(uniqueKeysWithValues: ownTimes.map { ($0.date.description, periods(of: $0.day)) })
            for (t, teacher) in basis.teachers.enumerated() {
                var busy: [PlacementProblem.SlotRef] = []
                var teaching: [PlacementProblem.SlotRef] = []
                for w in open {
                    let d = w.date.description
                    let blocked = unavailable["\(teacher.id)|\(d)"] != nil
                    for period in periods(of: w.day) {
                        let slot = PlacementProblem.SlotRef(day: w.day, period: period.name)
                        let here = PlacementProblem.SlotRef(day: d, period: period.name)
                        if blocked || unavailable["\(d)|\(period.name)"] != nil || teacher.busy.contains(slot) { busy.append(here) }
                        if teacher.teaching?.contains(slot) ?? false, unavailable["\(d)|\(period.name)"] == nil, !blocked { teaching.append(here) }
                    }
                }
                problem.teachers[t].busy = busy
                problem.teachers[t].teaching = teacher.teaching == nil ? nil : teaching
            }
            let affectedMeetings = Set(affected.map(\.pattern.meeting))
            let occurring = Set(occurrences.map(\.pattern.meeting))
            problem.meetings = basis.meetings.filter { occurring.contains($0.id) }.map { m in
                var m = m
                // One concrete week: what occurs in it is placed as in any single week.
                m.everyWeeks = nil
                m.alternatesWith = nil
                let count = occurrences.filter { $0.pattern.meeting == m.id }.count
                var allowed: [String]
                if affectedMeetings.contains(m.id) {
                    allowed = open.filter { w in m.allowedDays?.contains(w.day) ?? true }.map(\.date.description)
                    if m.kind == "observation" { allowed = allowed.filter { unavailable["testing|\($0)"] == nil } }
                    // Never on a date it already meets.
                    let staying = Set(unaffected.filter { $0.pattern.meeting == m.id }.map(\.date.description))
                    allowed = allowed.filter { !staying.contains($0) } + staying.sorted()
                } else {
                    allowed = unaffected.filter { $0.pattern.meeting == m.id }.map(\.date.description)
                }
                allowed = Array(Set(allowed)).sorted()
                m.allowedDays = allowed
                m.sessionsPerWeek = max(1, min(count, allowed.count))
                m.preferredSlots = m.preferredSlots.map { slots in
                    open.flatMap { w in slots.filter { $0.day == w.day }.map { PlacementProblem.SlotRef(day: w.date.description, period: $0.period) } }
                }
                return m
            }.filter { !($0.allowedDays ?? []).isEmpty }
            problem.keep = unaffected.map(\.placement)
            var answer = PlacementAnswer(objective: 0, upperBound: 0, placements: [], unplaced: [])
            // A week with no open day (a break) has nothing to place: everything is cancelled.
            if !problem.days.isEmpty && !problem.meetings.isEmpty {
                do { answer = try PlacementSolver.solve(problem) } catch {
                    throw StoreError.invalidPlacementProblem(school: school, field: error.field, message: "week of \(monday): " + error.message)
                }
            }
            var changes: [Change] = []
            var used: Set<String> = []
            let dayOf = Dictionary(uniqueKeysWithValues: week.map { ($0.date.description, $0.day) })
            for o in affected.sorted(by: { ($0.pattern.meeting, $0.pattern.session, $0.date) < ($1.pattern.meeting, $1.pattern.session, $1.date) }) {
                let why = reason(o.placement)!
                let m = o.pattern.meeting
                let title = info[m]?.title ?? m
                let staying = Set(unaffected.filter { $0.pattern.meeting == m }.map(\.date.description))
                let fromPeriods = o.pattern.periods.map { actual(o.pattern.day, $0) }
                if let moved = answer.placements.first(where: { $0.meeting == m && !staying.contains($0.day) && !used.contains("\(m)|\($0.day)") }) {
                    used.insert("\(m)|\(moved.day)")
                    let toDay = dayOf[moved.day] ?? moved.day
                    changes.append(Change(meeting: m, title: title, session: o.pattern.session, action: "moved", from: o.date.description,
                                          fromPeriods: fromPeriods, to: moved.day, toPeriods: moved.periods.map { actual(toDay, $0) }, reason: why))
                } else {
                    changes.append(Change(meeting: m, title: title, session: o.pattern.session, action: "cancelled", from: o.date.description,
                                          fromPeriods: fromPeriods, to: nil, toPeriods: nil, reason: why))
                }
            }
            try db.execute(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('week', ?, ?, ?, '', 0, ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date()), SHA256.hex("\(scheduleRun)|\(monday)|\(absences.map { "\($0.teacher)@\($0.date)" }.sorted())"),
                                       "\(school) \(monday)", "\(changes.filter { $0.action == "moved" }.count) moved, \(changes.filter { $0.action == "cancelled" }.count) cancelled"])
            let runId = db.lastInsertedRowID
            for c in changes {
                try db.execute(sql: """
                    INSERT INTO weekException (runId, scheduleRunId, weekStart, meetingId, session, action, fromDate, fromPeriods, toDate, toPeriods, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runId, scheduleRun, monday.description, c.meeting, c.session, c.action, c.from, c.fromPeriods.joined(separator: ","),
                                     c.to, c.toPeriods?.joined(separator: ","), c.reason])
            }
            return Outcome(school: school, weekStart: monday.description, run: runId, changes: changes, unchanged: unaffected.count)
        }
    }
}
