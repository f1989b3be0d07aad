import Foundation
import GRDB
import PeerPlanCore

/// Builds the cost model's inputs from the store: per school, the latest weekly pattern
/// (`peerplan schedule`), the active pairing cycle and the latest PLC teams.
///
/// - Minutes come from the bell times of each session's periods; an observation occurs every
///   `observationEveryWeeks` weeks, so it counts that fraction; on a rotation (A/B) schedule a
///   pattern day occurs 5 ÷ (rotation days) times a calendar week. An observation's host is
///   teaching and spends no extra time.
/// - Unplaced sessions with a `cover` remedy are held with a substitute (their time counts, and the
///   cover is priced); with an `outsideInstruction` remedy they are held before/after school;
///   without a remedy they are not held.
/// - Accepted pairs the schedule leaves out (a member at another school, a virtual pair) are
///   costed on neither path (counted in `pairsNotScheduled`).
/// - The MC path covers the same teachers and skills: one MC per (target, focus skill) of the
///   active cycle's scheduled pairs — unless the school's teachers have micro-credentials attached
///   (`peerplan mc attach`) for the school's current term (the term of its schedule, as its
///   calendars use) and not withdrawn: then the MC path is those, one MC per attachment at that
///   credential's catalogue figures (`CostInputs.School.usesAttachedCredentials`).
package enum CostInputsLoader {
    /// The inputs of one school (every scheduled school when nil), in one read of the store.
    package static func load(from store: Store, school: String?, config: PeerPlanConfig, mcScope: CostInputs.MCScope = .focusSkills) throws -> CostInputs {
        try store.writer.read { try load($0, school: school, config: config, mcScope: mcScope) }
    }

    package static func load(_ db: Database, school: String?, config: PeerPlanConfig, mcScope: CostInputs.MCScope = .focusSkills) throws -> CostInputs {
        let district = try String.fetchOne(db, sql: "SELECT name FROM district ORDER BY sourcedId LIMIT 1") ?? "district"
        let schools: [(id: String, name: String)]
        if let school {
            try PairingStore.requireSchool(db, school)
            schools = try PairingStore.schools(db).filter { $0.id == school }
        } else {
            schools = try PairingStore.schools(db)
        }
        var inputs = CostInputs(district: district, schools: [], mcScope: mcScope)
        for s in schools {
            guard let row = try Row.fetchOne(db, sql: "SELECT runId, termId FROM scheduleRun WHERE schoolId = ? ORDER BY runId DESC LIMIT 1", arguments: [s.id]),
                  let run = row[0] as Int64? else {
                if school != nil {
                    throw StoreError.noSchedule(school: s.id, purpose: .costs)
                }
                inputs.skipped[s.id] = "no schedule yet"
                continue
            }
            inputs.schools.append(try loadSchool(db, id: s.id, name: s.name, run: run, term: row[1], config: config))
        }
        return inputs
    }

    /// Micro-credentials attached to the school's teachers for its current term (the schedule's
    /// term, else the one running today, as `Publisher` resolves it) and not withdrawn: catalogue
    /// ids per teacher, one entry per attachment.
    static func attachedCredentials(_ db: Database, school: String, term: String?, config: PeerPlanConfig) throws -> [String: [String]] {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM credentialAttachment WHERE schoolId = ? AND status <> 'withdrawn' LIMIT 1", arguments: [school]) == true else {
            return [:]
        }
        let zone = try String.fetchOne(db, sql: "SELECT timezone FROM school WHERE sourcedId = ?", arguments: [school]) ?? config.defaultTimezone
        let current = try Terms.resolve(db, id: term, on: Terms.today(in: zone))
        var credentials: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT teacherId, credentialId FROM credentialAttachment WHERE schoolId = ? AND termId = ? AND status <> 'withdrawn'
            ORDER BY teacherId, credentialId, id
            """, arguments: [school, current.id]) {
            credentials[row[0], default: []].append(row[1])
        }
        return credentials
    }

    static func loadSchool(_ db: Database, id school: String, name: String, run: Int64, term: String?, config: PeerPlanConfig) throws -> CostInputs.School {
        let policy = config.placement
        // Bell times: minutes per (day, period) and instruction periods per day.
        var minutes: [String: [String: Double]] = [:]
        var instruction: [String: Int] = [:]
        let schedule = try BellSchedule.load(db, school: school)
        for p in schedule.periods {
            minutes[p.day.description, default: [:]][p.name] = Double(p.minutes)
            if p.kind == .instruction { instruction[p.day.description, default: 0] += 1 }
        }
        let days = schedule.days
        let rotation = !days.isEmpty && !days.allSatisfy(\.isWeekday)
        let dayFactor = rotation ? 5.0 / Double(days.count) : 1
        func perWeek(_ kind: CollaborationKind) -> Double {
            dayFactor * (kind == .observation ? 1 / Double(max(1, policy.observationEveryWeeks)) : 1)
        }
        func length(_ day: String, _ periods: [String]) -> Double { periods.reduce(0) { $0 + (minutes[day]?[$1] ?? 0) } }

        let (names, participating) = try schoolTeachers(db, school: school)
        var weekly: [String: [CollaborationKind: Double]] = [:]
        var involved: Set<String> = []
        // Placed sessions.
        for row in try Row.fetchAll(db, sql: "SELECT kind, day, periods, members, host FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session", arguments: [run]) {
            guard let kind = CollaborationKind(rawValue: row[0]) else { continue }
            let day: String = row[1]
            let periods = (row[2] as String).split(separator: ",").map(String.init)
            let host: String? = row[4]
            for member in (row[3] as String).split(separator: ",").map(String.init) where member != host {
                weekly[member, default: [:]][kind, default: 0] += length(day, periods) * perWeek(kind)
                involved.insert(member)
            }
        }
        // PLC members (latest proposal), for sessions that were not placed.
        var plcMembers: [Int64: [String]] = [:]
        var plcCount = 0
        if let plcRun = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM plc WHERE schoolId = ?", arguments: [school]) {
            var all: [Int64: [String]] = [:]
            for plc in try Int64.fetchAll(db, sql: "SELECT id FROM plc WHERE runId = ? ORDER BY id", arguments: [plcRun]) { all[plc] = [] }
            for row in try Row.fetchAll(db, sql: """
                SELECT m.plcId, m.teacherId FROM plcMember m JOIN plc p ON p.id = m.plcId WHERE p.runId = ? ORDER BY m.plcId, m.teacherId
                """, arguments: [plcRun]) {
                all[row[0], default: []].append(row[1])
            }
            for plc in all.keys.sorted() {
                let members = all[plc]!.filter { names[$0] != nil && participating[$0] == true }
                plcMembers[plc] = members
                if members.count >= 2 { plcCount += 1 }
                involved.formUnion(members)
            }
        }
        /// Who spends time in a meeting, from its id (`pair:P:T`, `observe:O:H`, `plc:N`, `pd:T`).
        func timeMembers(_ meeting: String) -> [String] {
            let parts = meeting.split(separator: ":", maxSplits: 2).map(String.init)
            switch parts.first {
            case "pair" where parts.count == 3: return [parts[1], parts[2]]
            case "observe" where parts.count == 3: return [parts[1]]
            case "plc" where parts.count == 2: return Int64(parts[1]).flatMap { plcMembers[$0] } ?? []
            case "pd" where parts.count >= 2: return [parts.dropFirst().joined(separator: ":")]
            default: return []
            }
        }
        // Unplaced sessions and their remedies.
        var covers: [CostInputs.Cover] = []
        var outside: [CostInputs.OutsideSession] = []
        var notHeld = 0
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: "SELECT meetingId, kind, remedy FROM unplacedSession WHERE runId = ? ORDER BY meetingId, session", arguments: [run]) {
            let meeting: String = row[0]
            guard let kind = CollaborationKind(rawValue: row[1]) else { continue }
            guard let json: String = row[2] else {
                notHeld += 1
                continue
            }
            let remedy = try decoder.decode(PlacementAnswer.Remedy.self, from: Data(json.utf8))
            let members = timeMembers(meeting)
            let sessionMinutes = length(remedy.day, remedy.periods)
            switch remedy.kind {
            case "cover":
                covers.append(.init(meeting: meeting, kind: kind, teacher: remedy.teacher ?? members.first ?? "", coveredPeriods: remedy.coveredPeriods,
                                    periodsInDay: instruction[remedy.day] ?? max(1, remedy.periods.count), perWeek: perWeek(kind)))
                for member in members {
                    weekly[member, default: [:]][kind, default: 0] += sessionMinutes * perWeek(kind)
                    involved.insert(member)
                }
            case "outsideInstruction":
                outside.append(.init(meeting: meeting, kind: kind, members: members, minutes: sessionMinutes, perWeek: perWeek(kind)))
                involved.formUnion(members)
            default:
                notHeld += 1
            }
        }
        // Pairs of the active cycle: partners and the targets' focus skills.
        var partnerships: [String: Int] = [:]
        var focus: [String: [IndicatorRef]] = [:]
        var pairs = 0, notScheduled = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT p.partnerId, p.targetId, p.focus, p.virtual FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
            WHERE c.schoolId = ? AND c.active = 1 AND p.dropped = 0 ORDER BY p.targetId
            """, arguments: [school]) {
            let partner: String = row[0], target: String = row[1]
            // The schedule leaves out pairs with a member at another school, and virtual pairs
            // (`Scheduler`): neither path costs them, so a target is never costed on the MC path
            // while its pair costs nothing.
            guard names[partner] != nil, names[target] != nil, row[3] as Bool == false else {
                notScheduled += 1
                continue
            }
            pairs += 1
            partnerships[partner, default: 0] += 1
            for ref in (row[2] as String).split(separator: ",") {
                let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                focus[target, default: []].append(IndicatorRef(rubric: parts[0], indicator: parts[1]))
            }
            involved.formUnion([partner, target])
        }
        // Attached micro-credentials: their teachers take part in the MC programme.
        let credentials = try attachedCredentials(db, school: school, term: term, config: config)
        involved.formUnion(credentials.keys.filter { names[$0] != nil })
        let teachers = involved.sorted().map { id in
            CostInputs.Teacher(id: id, name: names[id] ?? id, weeklyMinutes: weekly[id] ?? [:], partnerships: partnerships[id] ?? 0,
                               focusSkills: focus[id] ?? [], credentials: credentials[id] ?? [])
        }
        var result = CostInputs.School(id: school, name: name, teachers: teachers, covers: covers, outsideSessions: outside, pairs: pairs,
                                       plcs: plcCount, sessionsNotHeld: notHeld, scheduleRun: run)
        result.pairsNotScheduled = notScheduled
        result.logged = try loggedDose(db, school: school, config: config)
        return result
    }

    /// The school's held and missed collaboration hours from the session log, beside those
    /// scheduled between its first and last logged dates (nil when nothing is logged).
    static func loggedDose(_ db: Database, school: String, config: PeerPlanConfig) throws -> LoggedDose? {
        guard let row = try Row.fetchOne(db, sql: "SELECT MIN(date), MAX(date) FROM sessionLog WHERE schoolId = ?", arguments: [school]),
              let first = (row[0] as String?).flatMap(CalendarDate.init(parsing:)),
              let last = (row[1] as String?).flatMap(CalendarDate.init(parsing:)) else { return nil }
        let dose = try SessionDose.load(db, schools: [school], from: first, through: last, config: config)
        guard let s = dose.schools.first else { return nil }
        let teachers = s.teachers.values.filter { $0.collaboration.scheduled > 0 || $0.collaboration.held > 0 || $0.collaboration.missed > 0 }.count
        return LoggedDose(from: first, through: last, teachers: teachers, scheduledHours: s.hours.collaboration.scheduled,
                          heldHours: s.hours.collaboration.held, missedHours: s.hours.collaboration.missed)
    }
}
