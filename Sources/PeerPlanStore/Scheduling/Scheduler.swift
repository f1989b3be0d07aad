import Foundation
import GRDB
import PeerPlanCore

/// A block schedule's problem names a period by position (`1/5`: A-day `1` and B-day `5`, at the
/// same times); stored sessions use each day's real period names. This maps between the two.
struct PeriodNames: Sendable {
    /// position → schedule day → real period name.
    var byPosition: [String: [String: String]]

    func position(_ day: String, _ actual: String) -> String {
        byPosition.first { $0.value[day] == actual }?.key ?? actual
    }

    func actual(_ day: String, _ position: String) -> String { byPosition[position]?[day] ?? position }
}

/// Builds a school's placement problem from the store (accepted pairs, PLCs, protected PD),
/// solves it, and records the weekly pattern as a run.
package struct Scheduler: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    package struct Meeting: Sendable {
        package var id: String
        package var kind: String
        package var title: String
        package var members: [String]
        package var host: String?
    }

    package struct Outcome: Sendable {
        package var school: String
        package var runId: Int64
        package var answer: PlacementAnswer
        package var meetings: [String: Meeting]
        package var kept: Int
        package var moved: Int
        package var term: SchoolTerm
        /// The exact problem solved (with the previous run's sessions as `keep`), for a second opinion.
        package var problem: PlacementProblem
    }

    /// The problem for one school, with what each meeting is.
    package static func buildProblem(_ db: Database, school: String, policy: PlacementPolicy, term: String? = nil) throws -> (PlacementProblem, [String: Meeting]) {
        let (problem, meetings, _) = try buildProblemWithNames(db, school: school, policy: policy, term: term)
        return (problem, meetings)
    }

    /// Also returns, per position name, the real period name on each day.
    /// `unknownTimes`: the school's teachers whose class times are unknown, when the caller has them.
    static func buildProblemWithNames(_ db: Database, school: String, policy: PlacementPolicy, term: String?,
                                      unknownTimes known: Set<String>? = nil) throws
        -> (PlacementProblem, [String: Meeting], PeriodNames) {
        let schedule = try BellSchedule.load(db, school: school)
        guard !schedule.periods.isEmpty else {
            throw StoreError.noBellSchedule(school: school)
        }
        let days = schedule.days
        // One list of periods for the week: periods at the same times on different days (a
        // block schedule's `1` on A days and `5` on B days) share one position, named `1/5`.
        struct Position { var name: String; var start: ClockTime; var end: ClockTime; var kind: PeriodKind; var actual: [ScheduleDay: String] }
        func merge(_ periods: [BellPeriod]) -> [Position]? {
            var positions: [Position] = []
            for p in periods {
                if let i = positions.firstIndex(where: { $0.start == p.start && $0.end == p.end && $0.kind == p.kind && $0.actual[p.day] == nil }) {
                    positions[i].actual[p.day] = p.name
                    if !positions[i].name.split(separator: "/").contains(Substring(p.name)) { positions[i].name += "/" + p.name }
                } else {
                    positions.append(Position(name: p.name, start: p.start, end: p.end, kind: p.kind, actual: [p.day: p.name]))
                }
            }
            positions.sort { $0.start < $1.start }
            for k in positions.indices.dropFirst() where positions[k].start < positions[k - 1].end { return nil }
            return positions
        }
        // Days whose times do not fit one list (a late-start Wednesday): the days sharing the
        // most common timetable are merged; every other day keeps its own periods, by real name.
        var ownDays: [ScheduleDay] = []
        var merged = merge(schedule.periods)
        if merged == nil {
            var groups: [[ScheduleDay]] = []
            var timetables: [[String]] = []
            for day in days {
                let times = schedule.periods(on: day).map { "\($0.start)-\($0.end) \($0.kind.rawValue)" }
                if let g = timetables.firstIndex(of: times) { groups[g].append(day) } else {
                    timetables.append(times)
                    groups.append([day])
                }
            }
            let main = groups.enumerated().max { ($0.element.count, -$0.offset) < ($1.element.count, -$1.offset) }!.element
            ownDays = days.filter { !main.contains($0) }
            merged = merge(schedule.periods.filter { main.contains($0.day) })
        }
        // Days of one timetable always merge (one day's periods never overlap: the import refuses that).
        let positions = merged ?? []
        let periodList = positions.map { BellPeriod(day: days[0], name: $0.name, start: $0.start, end: $0.end, kind: $0.kind) }
        let actualName: [String: [ScheduleDay: String]] = Dictionary(uniqueKeysWithValues: positions.map { ($0.name, $0.actual) })
        /// The problem's name of a day's real period: its position, or itself on a day with its own periods.
        func problemName(_ day: ScheduleDay, _ actual: String) -> String? {
            if ownDays.contains(day) { return schedule.periods(on: day).contains { $0.name == actual } ? actual : nil }
            return actualName.first(where: { $0.value[day] == actual })?.key
        }
        let free = try FreeTime.load(db, schools: [school], term: term)[school] ?? [:]
        // A teacher whose class times are unknown has no known free period.
        let unknownTimes = try known ?? FreeTime.unknownTeachers(db, school: school)
        let (names, participating) = try schoolTeachers(db, school: school)
        var teaching: [String: [PlacementProblem.SlotRef]] = [:]
        // What each teacher teaches (subjects, else grades), and what each teaching slot is about,
        // so an observation prefers a class in the observer's own subject.
        var topics: [String: Set<String>] = [:]
        var slotTopics: [String: [PlacementProblem.SlotRef: Set<String>]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT t.teacherId, t.day, t.period,
                   COALESCE((SELECT group_concat(subject, char(31)) FROM classSubject WHERE classId = t.classId), ''),
                   COALESCE((SELECT group_concat(grade, char(31)) FROM classGrade WHERE classId = t.classId), '')
            FROM teachingAssignment t WHERE t.schoolId = ?\(termFilter(term, classColumn: "t.classId").sql) ORDER BY 1, 2, 3, t.classId
            """, arguments: [school] + termFilter(term).arguments) {
            guard let day = ScheduleDay(parsing: row[1]), let position = problemName(day, row[2]) else { continue }
            let teacher: String = row[0]
            let ref = PlacementProblem.SlotRef(day: row[1], period: position)
            if teaching[teacher]?.last != ref { teaching[teacher, default: []].append(ref) }
            let subjects = (row[3] as String).split(separator: "\u{1F}").map { "subject:" + $0.lowercased() }
            let grades = (row[4] as String).split(separator: "\u{1F}").map { "grade:" + $0 }
            let about = Set(subjects.isEmpty ? grades : subjects)
            topics[teacher, default: []].formUnion(about)
            slotTopics[teacher, default: [:]][ref, default: []].formUnion(about)
        }
        func focusSlots(observer: String, host: String) -> [PlacementProblem.SlotRef]? {
            let mine = topics[observer] ?? []
            let slots = (teaching[host] ?? []).filter { !(slotTopics[host]?[$0] ?? []).isDisjoint(with: mine) }
            return slots.isEmpty ? nil : slots
        }
        let teachers: [PlacementProblem.Teacher] = names.keys.sorted().map { id in
            let mine = unknownTimes.contains(id) ? [] : free[id] ?? []
            var busy: [PlacementProblem.SlotRef] = []
            for day in days {
                if ownDays.contains(day) {
                    for p in schedule.periods(on: day) where !mine.contains(p.slot) { busy.append(.init(day: day.description, period: p.name)) }
                    continue
                }
                for p in periodList {
                    guard let actual = actualName[p.name]?[day], mine.contains(Slot(day: day, period: actual)) else {
                        busy.append(.init(day: day.description, period: p.name))
                        continue
                    }
                }
            }
            return .init(id: id, busy: busy, teaching: teaching[id] ?? [],
                         maxMeetingPeriodsPerWeek: Int((Double(mine.count) * policy.maxShareOfFreePeriods).rounded(.down)))
        }
        var meetings: [PlacementProblem.Meeting] = []
        var info: [String: Meeting] = [:]
        func add(_ m: PlacementProblem.Meeting, _ title: String) {
            meetings.append(m)
            info[m.id] = Meeting(id: m.id, kind: m.kind, title: title, members: m.members, host: m.host)
        }
        func name(_ id: String) -> String { names[id] ?? id }
        let dayNames = days.map(\.description)
        // Pairs of the active cycle, and their alternating observations.
        var inCollaboration: Set<String> = []
        for row in try Row.fetchAll(db, sql: """
            SELECT p.partnerId, p.targetId FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
            WHERE c.schoolId = ? AND c.active = 1 AND p.dropped = 0 AND p.virtual = 0 ORDER BY p.targetId
            """, arguments: [school]) {
            let partner: String = row[0], target: String = row[1]
            guard names[partner] != nil, names[target] != nil else { continue }
            inCollaboration.formUnion([partner, target])
            add(.init(id: "pair:\(partner):\(target)", kind: "pair", members: [partner, target],
                      sessionsPerWeek: min(policy.pairSessionsPerWeek, days.count), periodsPerSession: policy.pairPeriodsPerSession,
                      priority: policy.pairPriority), "Peer collaboration: \(name(partner)) and \(name(target))")
            // Every 2 weeks, the two directions take turns (opposite weeks): each holds its observer's
            // period only in its own weeks. Other cadences are placed as if weekly.
            let alternating = policy.observationEveryWeeks == 2
            for (observer, host) in [(target, partner), (partner, target)] {
                add(.init(id: "observe:\(observer):\(host)", kind: "observation", members: [observer, host], host: host,
                          periodsPerSession: policy.observationPeriodsPerSession, priority: policy.observationPriority,
                          preferredSlots: focusSlots(observer: observer, host: host), everyWeeks: alternating ? 2 : nil,
                          alternatesWith: alternating && observer == target ? "observe:\(host):\(observer)" : nil),
                    "\(name(observer)) observes \(name(host)) (every \(policy.observationEveryWeeks) weeks)")
            }
        }
        // PLCs of the latest proposal.
        if let run = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM plc WHERE schoolId = ?", arguments: [school]) {
            let allowed = days.allSatisfy(\.isWeekday) ? policy.plcAllowedDays.filter { dayNames.contains($0) } : dayNames
            for plc in try Row.fetchAll(db, sql: "SELECT id, name FROM plc WHERE runId = ? ORDER BY id", arguments: [run]) {
                let members = try String.fetchAll(db, sql: "SELECT teacherId FROM plcMember WHERE plcId = ? ORDER BY teacherId", arguments: [plc[0] as Int64])
                    .filter { names[$0] != nil && participating[$0] == true }
                guard members.count >= 2 else { continue }
                inCollaboration.formUnion(members)
                add(.init(id: "plc:\(plc[0] as Int64)", kind: "plc", members: members,
                          sessionsPerWeek: min(policy.plcSessionsPerWeek, max(1, allowed.count)), periodsPerSession: policy.plcPeriodsPerSession,
                          allowedDays: allowed.isEmpty ? nil : allowed, priority: policy.plcPriority), "PLC: \(plc[1] as String)")
            }
        }
        // Protected PD for every participating teacher who collaborates.
        let typical = periodList.filter { $0.kind == .instruction }.map(\.minutes).sorted()
        let periodMinutes = typical.isEmpty ? 45 : typical[typical.count / 2]
        let pdPeriods = max(1, Int((Double(policy.pdMinutesPerWeek) / Double(periodMinutes)).rounded()))
        for id in inCollaboration.sorted() where participating[id] == true {
            add(.init(id: "pd:\(id)", kind: "pd", members: [id], periodsPerSession: pdPeriods, priority: policy.pdPriority),
                "Protected PD time: \(name(id))")
        }
        func listed(_ periods: [BellPeriod]) -> [PlacementProblem.Period] {
            periods.map { .init(name: $0.name, start: $0.start.description, end: $0.end.description, kind: $0.kind.rawValue) }
        }
        var problem = PlacementProblem(
            days: dayNames, periods: listed(periodList),
            maxMeetingsPerTeacherPerDay: policy.maxSessionsPerTeacherPerDay, teachers: teachers, meetings: meetings,
            seed: 0, timeLimitSeconds: policy.timeLimitSeconds)
        if !ownDays.isEmpty {
            problem.periodsByDay = Dictionary(uniqueKeysWithValues: ownDays.map { ($0.description, listed(schedule.periods(on: $0))) })
        }
        let periodNamesByDay = actualName.mapValues { byDay in Dictionary(uniqueKeysWithValues: byDay.map { ($0.key.description, $0.value) }) }
        return (problem, info, PeriodNames(byPosition: periodNamesByDay))
    }

    /// One school's problem with what it takes to record the answer.
    struct Prepared: Sendable {
        var school: String
        var term: SchoolTerm
        var problem: PlacementProblem
        var info: [String: Meeting]
        var realNames: PeriodNames
        var previous: [PlacementAnswer.Placement]
        /// The school's teachers whose class times are unknown (their sessions say so).
        var unknownTimes: Set<String> = []
    }

    /// Schedules one school's week, keeping the previous run's sessions where they still fit.
    /// `term` is a term id; by default the term running today at the school.
    package func schedule(school: String, term: String? = nil) throws -> Outcome {
        try store.writer.write { db in
            let prepared = try prepare(db, school: school, term: term)
            return try record(db, prepared, try Self.solve(prepared))
        }
    }

    /// Schedules many schools as one run, in one transaction (all or nothing): under the write
    /// lock, each school's problem is read on one of the store's parallel readers and solved as
    /// soon as it is read (`Store.readInParallel`: one connection per core, so reading no longer
    /// keeps the solving waiting on one connection), then every answer is recorded in the order
    /// of `schools`. `progress` is called with the number solved.
    package func scheduleAll(schools: [String], term: String? = nil, progress: (@Sendable (Int) -> Void)? = nil) throws -> [Outcome] {
        try store.writeLocked { db in
            let solved = try store.readInParallel(schools.count, on: db, progress: progress) { reader, k in
                let prepared = try prepare(reader, school: schools[k], term: term)
                return (prepared, try Self.solve(prepared))
            }
            return try solved.map { try record(db, $0.0, $0.1) }
        }
    }

    /// `now`: when "today" is, for the default term (the web app's clock; the system's otherwise).
    func prepare(_ db: Database, school: String, term termId: String?, now: Date = Date()) throws -> Prepared {
        try PairingStore.requireSchool(db, school)
        let zone = try String.fetchOne(db, sql: "SELECT timezone FROM school WHERE sourcedId = ?", arguments: [school]) ?? config.defaultTimezone
        let term = try Terms.resolve(db, id: termId, on: Terms.today(in: zone, at: now))
        let unknownTimes = try FreeTime.unknownTeachers(db, school: school)
        let (problem, info, realNames) = try Self.buildProblemWithNames(db, school: school, policy: config.placement, term: term.id,
                                                                        unknownTimes: unknownTimes)
        // Stored sessions use each day's real period names; the problem uses positions.
        var previous: [PlacementAnswer.Placement] = []
        if let last = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM scheduleRun WHERE schoolId = ?", arguments: [school]) {
            previous = try Row.fetchAll(db, sql: "SELECT meetingId, session, day, periods, weekOffset FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session", arguments: [last])
                .map { row in
                    let day: String = row[2], meeting: String = row[0]
                    var week: Int? = row[4]
                    // A run recorded before weeks were chosen: its observations took turns by teacher id
                    // (as their calendars say), so keep them in those weeks.
                    let ids = meeting.split(separator: ":")
                    if week == nil, config.placement.observationEveryWeeks == 2, ids.count == 3, ids[0] == "observe" { week = ids[1] < ids[2] ? 0 : 1 }
                    return .init(meeting: meeting, session: row[1], day: day,
                                 periods: (row[3] as String).split(separator: ",").map { realNames.position(day, String($0)) }, week: week)
                }
        }
        var withKeep = problem
        withKeep.keep = previous
        return Prepared(school: school, term: term, problem: withKeep, info: info, realNames: realNames, previous: previous,
                        unknownTimes: unknownTimes)
    }

    static func solve(_ prepared: Prepared) throws -> PlacementAnswer {
        do { return try PlacementSolver.solve(prepared.problem) } catch {
            throw StoreError.invalidPlacementProblem(school: prepared.school, field: error.field, message: error.message)
        }
    }

    func record(_ db: Database, _ prepared: Prepared, _ solved: PlacementAnswer) throws -> Outcome {
        let school = prepared.school, info = prepared.info, previous = prepared.previous
        // Sessions of teachers whose class times are unknown say so, rather than "no common free period".
        var answer = solved
        let unknownTimes = prepared.unknownTimes
        if !unknownTimes.isEmpty {
            answer.unplaced = answer.unplaced.map { u in
                let unknown = (info[u.meeting]?.members ?? []).filter(unknownTimes.contains)
                guard !unknown.isEmpty else { return u }
                var said = u
                said.reason = "unknownClassTimes"
                said.blockers = unknown
                said.remedy = nil
                return said
            }
        }
        let actual = prepared.realNames.actual
        let before = Set(previous.map { "\($0.meeting)|\($0.day)|\($0.periods.joined(separator: ","))|\($0.week ?? -1)" })
        let kept = answer.placements.filter { before.contains("\($0.meeting)|\($0.day)|\($0.periods.joined(separator: ","))|\($0.week ?? -1)") }.count
        let previousMeetings = Set(previous.map(\.meeting))
        let moved = answer.placements.filter { previousMeetings.contains($0.meeting) }.count - kept
        let encoded = String(decoding: try JSONEncoder.sorted.encode(config.placement), as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('schedule', ?, ?, ?, ?, 0, ?)")
            .execute(arguments: [ISO8601DateFormatter().string(from: Date()), prepared.problem.fingerprint, "\(school) \(prepared.term.id)", encoded,
                                 "\(answer.placements.count) sessions placed, \(answer.unplaced.count) not; objective \(answer.objective) of at most \(answer.upperBound); \(moved) moved"])
        let runId = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO scheduleRun (runId, schoolId, objective, upperBound, kept, moved, termId) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [runId, school, answer.objective, answer.upperBound, kept, moved, prepared.term.id])
        for p in answer.placements {
            let m = info[p.meeting]!
            try db.cachedStatement(sql: "INSERT INTO scheduledSession (runId, meetingId, kind, title, session, day, periods, members, host, weekOffset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [runId, p.meeting, m.kind, m.title, p.session, p.day, p.periods.map { actual(p.day, $0) }.joined(separator: ","),
                                     m.members.joined(separator: ","), m.host, p.week])
        }
        for u in answer.unplaced {
            let m = info[u.meeting]!
            // Remedies name each day's real periods too.
            let remedy = u.remedy.map { r in
                PlacementAnswer.Remedy(kind: r.kind, teacher: r.teacher, day: r.day, periods: r.periods.map { actual(r.day, $0) },
                                       coveredPeriods: r.coveredPeriods)
            }
            let remedyJSON = try remedy.map { String(decoding: try JSONEncoder.sorted.encode($0), as: UTF8.self) }
            try db.cachedStatement(sql: "INSERT INTO unplacedSession (runId, meetingId, kind, title, session, reason, blockers, remedy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [runId, u.meeting, m.kind, m.title, u.session, u.reason, u.blockers.joined(separator: ","), remedyJSON])
        }
        return Outcome(school: school, runId: runId, answer: answer, meetings: info, kept: kept, moved: moved, term: prepared.term,
                       problem: prepared.problem)
    }

    /// The latest weekly pattern of a school, as the principal (or one teacher) sees it.
    package struct Week: Sendable, Codable {
        package struct Session: Sendable, Codable {
            package var meeting: String
            package var kind: String
            package var title: String
            package var members: [String]
            package var day: String
            package var periods: [String]
            package var start: String
            package var end: String
            /// A session every 2 weeks: its week of the cycle (0: the term's first week). Absent when weekly.
            package var week: Int?
        }
        package struct Unplaced: Sendable, Codable {
            package var meeting: String
            package var kind: String
            package var title: String
            package var session: Int
            package var reason: String
            package var blockers: [String]
            package var remedy: PlacementAnswer.Remedy?
        }
        package var school: String
        package var run: Int64
        package var objective: Int
        package var upperBound: Int
        package var days: [String]
        package var periods: [String]
        package var sessions: [Session]
        package var unplaced: [Unplaced]
    }

    package func week(school: String, teacher: String?) throws -> Week {
        try store.writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT runId, objective, upperBound FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [school]) else {
                throw StoreError.noSchedule(school: school, purpose: .viewing)
            }
            let runId: Int64 = row[0]
            let schedule = try BellSchedule.load(db, school: school)
            // Each day's own times (a late-start Wednesday's period 1 starts later).
            var times: [String: (String, String)] = [:]
            for p in schedule.periods { times["\(p.day)|\(p.name)"] = (p.start.description, p.end.description) }
            var sessions: [Week.Session] = []
            for s in try Row.fetchAll(db, sql: "SELECT meetingId, kind, title, day, periods, members, weekOffset FROM scheduledSession WHERE runId = ? ORDER BY day, periods, meetingId", arguments: [runId]) {
                let members = (s[5] as String).split(separator: ",").map(String.init)
                if let teacher, !members.contains(teacher) { continue }
                let periods = (s[4] as String).split(separator: ",").map(String.init)
                sessions.append(.init(meeting: s[0], kind: s[1], title: s[2], members: members, day: s[3], periods: periods,
                                      start: times["\(s[3] as String)|\(periods.first ?? "")"]?.0 ?? "",
                                      end: times["\(s[3] as String)|\(periods.last ?? "")"]?.1 ?? "", week: s[6]))
            }
            let order = schedule.days.map(\.description)
            sessions.sort { (order.firstIndex(of: $0.day) ?? 0, $0.start, $0.meeting) < (order.firstIndex(of: $1.day) ?? 0, $1.start, $1.meeting) }
            var unplaced: [Week.Unplaced] = []
            for u in try Row.fetchAll(db, sql: "SELECT meetingId, kind, title, session, reason, blockers, remedy FROM unplacedSession WHERE runId = ? ORDER BY meetingId, session", arguments: [runId]) {
                let meeting: String = u[0]
                if let teacher, !meeting.contains(teacher) { continue }
                let remedy = try (u[6] as String?).map { try JSONDecoder().decode(PlacementAnswer.Remedy.self, from: Data($0.utf8)) }
                unplaced.append(.init(meeting: meeting, kind: u[1], title: u[2], session: u[3], reason: u[4],
                                      blockers: (u[5] as String).split(separator: ",").map(String.init), remedy: remedy))
            }
            var periodNames: [String] = []
            for p in schedule.periods.sorted(by: { $0.start < $1.start }) where !periodNames.contains(p.name) { periodNames.append(p.name) }
            return Week(school: school, run: runId, objective: row[1], upperBound: row[2], days: order, periods: periodNames,
                        sessions: sessions, unplaced: unplaced)
        }
    }
}
