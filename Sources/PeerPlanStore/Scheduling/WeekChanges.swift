import Foundation
import GRDB
import PeerPlanCore

/// One week's departures from the weekly pattern: non-instructional days, early releases,
/// testing days and absences. Affected sessions move to another free slot of the same week when
/// one exists, otherwise they are cancelled; nothing else moves.
public struct WeekChanges: Sendable {
    public let store: Store
    public let config: PeerPlanConfig

    public init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    public struct Absence: Sendable, Hashable {
        public var teacher: String
        public var date: CalendarDate
        public init(teacher: String, date: CalendarDate) {
            self.teacher = teacher
            self.date = date
        }
    }

    public struct Change: Sendable, Codable, Hashable {
        public var meeting: String
        public var title: String
        public var session: Int
        public var action: String
        public var from: String
        public var fromPeriods: [String]
        public var to: String?
        public var toPeriods: [String]?
        public var reason: String
    }

    public struct Outcome: Sendable, Codable {
        public var school: String
        public var weekStart: String
        public var run: Int64
        public var changes: [Change]
        public var unchanged: Int
    }

    public func apply(school: String, date: CalendarDate, absences: [Absence]) throws -> Outcome {
        try store.writer.write { db in
            guard let scheduleRun = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM scheduleRun WHERE schoolId = ?", arguments: [school]) else {
                throw InputError(file: "--school", message: "no weekly pattern for \(school) yet; run `peerplan schedule --school \(school)`")
            }
            let monday = date.adding(days: -(date.weekday.rawValue - 1))
            let schedule = try BellSchedule.load(db, school: school)
            guard schedule.days.allSatisfy(\.isWeekday) else {
                throw InputError(file: "--school", message: "\(school) uses rotation days; week changes need its rotation calendar, which PeerPlan does not read yet")
            }
            let dates = Dictionary(uniqueKeysWithValues: schedule.days.compactMap { day -> (String, CalendarDate)? in
                guard case .weekday(let w) = day else { return nil }
                return (day.description, monday.adding(days: w.rawValue - 1))
            })
            var (problem, info, _) = try Scheduler.buildProblemWithNames(db, school: school, policy: config.placement)
            let pattern = try Row.fetchAll(db, sql: "SELECT meetingId, session, day, periods FROM scheduledSession WHERE runId = ?", arguments: [scheduleRun])
                .map { PlacementAnswer.Placement(meeting: $0[0], session: $0[1], day: $0[2], periods: ($0[3] as String).split(separator: ",").map(String.init)) }
            // What this week takes away, and why.
            var unavailable: [String: String] = [:] // "day" or "day|period" or "teacher|day" → reason
            for (day, d) in dates {
                guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM calendarDay WHERE schoolId = ? AND date = ?", arguments: [school, d.description]),
                      let dayKind = CalendarDayKind(rawValue: kind) else { continue }
                if dayKind.hasNoSessions {
                    unavailable[day] = "\(kind) on \(d)"
                } else if dayKind == .earlyRelease, let release = ClockTime(parsing: config.placement.earlyReleaseTime) {
                    for p in schedule.periods(on: .weekday(Weekday(parsing: day)!)) where p.end > release {
                        unavailable["\(day)|\(p.name)"] = "early release on \(d)"
                    }
                } else if dayKind == .testing && config.placement.cancelObservationsOnTestingDays {
                    unavailable["testing|\(day)"] = "testing on \(d)"
                }
            }
            for absence in absences {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [absence.teacher, school]) == true else {
                    throw InputError(file: "--absent", message: "\(absence.teacher) does not teach at \(school)")
                }
                guard let day = dates.first(where: { $0.value == absence.date })?.key else {
                    throw InputError(file: "--absent", message: "\(absence.date) is not a school day of the week of \(monday)")
                }
                unavailable["\(absence.teacher)|\(day)"] = "\(absence.teacher) absent on \(absence.date)"
            }
            func reason(_ p: PlacementAnswer.Placement) -> String? {
                if let r = unavailable[p.day] { return r }
                for period in p.periods { if let r = unavailable["\(p.day)|\(period)"] { return r } }
                let m = info[p.meeting]!
                if m.kind == "observation", let r = unavailable["testing|\(p.day)"] { return r }
                for member in m.members { if let r = unavailable["\(member)|\(p.day)"] { return r } }
                return nil
            }
            let affected = pattern.filter { reason($0) != nil }
            // The week's problem: what is unavailable becomes busy; everything unaffected stays.
            for (t, teacher) in problem.teachers.enumerated() {
                var busy = Set(teacher.busy)
                for day in dates.keys {
                    for period in problem.periods {
                        let dropped = unavailable[day] != nil || unavailable["\(teacher.id)|\(day)"] != nil
                            || period.name.split(separator: "/").contains { unavailable["\(day)|\($0)"] != nil }
                        if dropped { busy.insert(.init(day: day, period: period.name)) }
                    }
                }
                problem.teachers[t].busy = Array(busy).sorted { ($0.day, $0.period) < ($1.day, $1.period) }
                problem.teachers[t].teaching = teacher.teaching?.filter { busy.contains($0) }
            }
            for (k, m) in problem.meetings.enumerated() where m.kind == "observation" {
                let testing = dates.keys.filter { unavailable["testing|\($0)"] != nil }
                if !testing.isEmpty { problem.meetings[k].allowedDays = (m.allowedDays ?? problem.days).filter { !testing.contains($0) } }
            }
            // Only affected meetings are in play; the others keep their pattern exactly.
            let affectedMeetings = Set(affected.map(\.meeting))
            problem.meetings = problem.meetings.filter { m in affectedMeetings.contains(m.id) || pattern.contains { $0.meeting == m.id } }
            for k in problem.meetings.indices where !affectedMeetings.contains(problem.meetings[k].id) {
                problem.meetings[k].allowedDays = Array(Set(pattern.filter { $0.meeting == problem.meetings[k].id }.map(\.day))).sorted()
            }
            for k in problem.meetings.indices {
                let days = problem.meetings[k].allowedDays ?? problem.days
                problem.meetings[k].sessionsPerWeek = min(problem.meetings[k].sessionsPerWeek, max(1, days.count))
                if days.isEmpty { problem.meetings[k].allowedDays = nil }
            }
            problem.keep = pattern.filter { reason($0) == nil }
            let answer: PlacementAnswer
            do { answer = try PlacementSolver.solve(problem) } catch let error as PlacementError {
                throw InputError(file: "week of \(monday)", field: error.field, message: error.message)
            }
            var changes: [Change] = []
            for p in affected.sorted(by: { ($0.meeting, $0.session) < ($1.meeting, $1.session) }) {
                let why = reason(p)!
                let title = info[p.meeting]?.title ?? p.meeting
                let unaffected = Set(pattern.filter { $0.meeting == p.meeting && reason($0) == nil }.map(\.day))
                if let moved = answer.placements.first(where: { $0.meeting == p.meeting && !unaffected.contains($0.day) && reason($0) == nil }) {
                    changes.append(Change(meeting: p.meeting, title: title, session: p.session, action: "moved", from: dates[p.day]!.description,
                                          fromPeriods: p.periods, to: dates[moved.day]!.description, toPeriods: moved.periods, reason: why))
                } else {
                    changes.append(Change(meeting: p.meeting, title: title, session: p.session, action: "cancelled", from: dates[p.day]!.description,
                                          fromPeriods: p.periods, to: nil, toPeriods: nil, reason: why))
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
            return Outcome(school: school, weekStart: monday.description, run: runId, changes: changes, unchanged: pattern.count - affected.count)
        }
    }
}
