import Foundation
import GRDB
import PeerPlanCore

/// One teacher's own week, for their page: the sessions of each school's latest weekly pattern
/// they are in, with whom and where, and the focus skills of their own pair. Nothing about
/// anyone's ratings, and no colleague's focus skills outside the teacher's own pair.
package struct TeacherWeek: Sendable, Equatable {
    package struct School: Sendable, Equatable {
        package var id: String
        package var name: String
        /// Whether the school has a placed weekly pattern yet.
        package var hasSchedule: Bool
    }

    package struct Session: Sendable, Equatable {
        /// An observation seen from this teacher's side.
        package enum Visit: Sendable, Equatable {
            /// This teacher watches `host` teach.
            case visiting(host: String)
            /// `observer` watches this teacher teach.
            case hosting(observer: String)
        }

        package var school: String
        /// `pair`, `observation`, `plc` or `pd` (the placement kinds).
        package var kind: String
        /// The schedule day as stored: a weekday (`Mon`) or a rotation day (`A`).
        package var day: String
        package var periods: [String]
        /// `HH:MM`, from the school's bell schedule; empty when the period is unknown.
        package var start: String
        package var end: String
        /// The other members, by name, in name order (nobody for protected PD time).
        package var with: [String]
        package var visit: Visit?
        /// For observations, every other week.
        package var everyWeeks: Int
        /// With `everyWeeks` 2: which turn it takes — 0 the term's 1st, 3rd, 5th… weeks (or, on a
        /// rotation, the 1st, 3rd… of its days), 1 the 2nd, 4th…; nil for weekly sessions.
        package var turn: Int? = nil
        /// A PLC's team name.
        package var team: String?
        /// The class an observation watches and its room, when the roster says.
        package var lesson: String?
        package var location: String?
        /// The focus skills of this teacher's own pair (pair meetings and their observations).
        package var focusSkills: [String]

        package init(school: String, kind: String, day: String, periods: [String], start: String, end: String, with: [String],
                     visit: Visit?, everyWeeks: Int, team: String?, lesson: String?, location: String?, focusSkills: [String],
                     turn: Int? = nil) {
            self.school = school
            self.kind = kind
            self.day = day
            self.periods = periods
            self.start = start
            self.end = end
            self.with = with
            self.visit = visit
            self.everyWeeks = everyWeeks
            self.team = team
            self.lesson = lesson
            self.location = location
            self.focusSkills = focusSkills
            self.turn = turn
        }
    }

    package var teacher: String
    package var name: String
    package var schools: [School]
    /// In school order, then by day of the schedule and start time.
    package var sessions: [Session]
    /// The teacher's active calendar subscription links (their own calendar only; hashes and
    /// prefixes, never the secret).
    package var feedTokens: [FeedToken]

    package static func load(_ db: Database, teacher: String, observationEveryWeeks: Int = 2) throws -> TeacherWeek {
        guard let person = try Row.fetchOne(db, sql: "SELECT sourcedId, givenName, preferredGivenName, familyName FROM teacher WHERE sourcedId = ?",
                                            arguments: [teacher]) else {
            throw StoreError.unknownTeacher(teacher)
        }
        var indicatorNames: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT rubricId, id, name FROM indicator") { indicatorNames["\(row[0] as String)/\(row[1] as String)"] = row[2] }
        var schools: [School] = []
        var sessions: [Session] = []
        for school in try Row.fetchAll(db, sql: """
            SELECT s.sourcedId, s.name FROM teacherSchool ts JOIN school s ON s.sourcedId = ts.schoolId
            WHERE ts.teacherId = ? ORDER BY ts.isPrimary DESC, s.sourcedId
            """, arguments: [teacher]) {
            let schoolId: String = school[0]
            guard let runId = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM scheduleRun WHERE schoolId = ?", arguments: [schoolId]) else {
                schools.append(School(id: schoolId, name: school[1], hasSchedule: false))
                continue
            }
            schools.append(School(id: schoolId, name: school[1], hasSchedule: true))
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName FROM teacher t
                JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ?
                """, arguments: [schoolId]) {
                names[row[0]] = teacherDisplayName(row, given: 1, preferred: 2, family: 3)
            }
            func name(_ id: String) -> String { names[id] ?? id }
            // Only this teacher's own pair(s): both members see the pair's focus skills.
            var focus: [Set<String>: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.partnerId, p.targetId, p.focus FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
                WHERE c.schoolId = ? AND c.active = 1 AND p.dropped = 0 AND (p.partnerId = ? OR p.targetId = ?)
                """, arguments: [schoolId, teacher, teacher]) {
                focus[[row[0], row[1]]] = (row[2] as String).split(separator: ",").map { indicatorNames[String($0)] ?? String($0.split(separator: "/").last ?? $0) }
            }
            let bell = try BellSchedule.load(db, school: schoolId)
            let dayOrder = bell.days.map(\.description)
            var mine: [Session] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT meetingId, kind, day, periods, members, host, weekOffset FROM scheduledSession WHERE runId = ? ORDER BY meetingId, session
                """, arguments: [runId]) {
                let members = (row[4] as String).split(separator: ",").map(String.init)
                guard members.contains(teacher) else { continue }
                let meeting: String = row[0], kind: String = row[1], day: String = row[2]
                let periods = (row[3] as String).split(separator: ",").map(String.init)
                let host: String? = row[5]
                var start = "", end = ""
                if let scheduleDay = ScheduleDay(parsing: day) {
                    let today = bell.periods(on: scheduleDay)
                    start = today.first { $0.name == periods.first }?.start.description ?? ""
                    end = today.first { $0.name == periods.last }?.end.description ?? ""
                }
                var session = Session(school: schoolId, kind: kind, day: day, periods: periods, start: start, end: end,
                                      with: members.filter { $0 != teacher }.map(name).sorted(), visit: nil,
                                      everyWeeks: 1, team: nil, lesson: nil, location: nil, focusSkills: [])
                switch kind {
                case "pair":
                    session.focusSkills = focus[Set(members)] ?? []
                case "observation":
                    guard let host, let observer = members.first(where: { $0 != host }) else { break }
                    session.visit = host == teacher ? .hosting(observer: name(observer)) : .visiting(host: name(host))
                    session.everyWeeks = observationEveryWeeks
                    // The week the schedule chose; a run recorded before weeks were chosen took
                    // turns by teacher id (as SchoolBook publishes it).
                    if observationEveryWeeks == 2 { session.turn = (row[6] as Int?) ?? (observer < host ? 0 : 1) }
                    session.focusSkills = focus[Set(members)] ?? []
                    if let lesson = try Row.fetchOne(db, sql: """
                        SELECT c.title, c.location FROM teachingAssignment t JOIN class c ON c.sourcedId = t.classId
                        WHERE t.teacherId = ? AND t.schoolId = ? AND t.day = ? AND t.period = ? ORDER BY t.isPrimary DESC, c.sourcedId LIMIT 1
                        """, arguments: [host, schoolId, day, periods.first ?? ""]) {
                        session.lesson = lesson[0]
                        let room: String = lesson[1]
                        session.location = room.isEmpty ? nil : room
                    }
                case "plc":
                    if let id = Int64(meeting.dropFirst("plc:".count)) {
                        session.team = try String.fetchOne(db, sql: "SELECT name FROM plc WHERE id = ?", arguments: [id])
                    }
                default:
                    break
                }
                mine.append(session)
            }
            mine.sort { (dayOrder.firstIndex(of: $0.day) ?? .max, $0.start) < (dayOrder.firstIndex(of: $1.day) ?? .max, $1.start) }
            sessions += mine
        }
        let tokens = try Row.fetchAll(db, sql: """
            SELECT tokenHash, prefix, schoolId, createdAt FROM feedToken WHERE scope = 'teacher' AND subject = ? AND revokedAt IS NULL ORDER BY createdAt, prefix
            """, arguments: [teacher]).map { row in
            FeedToken(tokenHash: row[0], prefix: row[1], audience: .teacher(teacher), schoolId: row[2],
                      createdAt: AccountTime.parse(row[3]) ?? .distantPast, revokedAt: nil)
        }
        return TeacherWeek(teacher: teacher, name: teacherDisplayName(person, given: 1, preferred: 2, family: 3),
                           schools: schools, sessions: sessions, feedTokens: tokens)
    }
}

extension Store {
    /// A teacher's own week (`StoreError.unknownTeacher` when there is no such teacher).
    package func teacherWeek(teacher: String, observationEveryWeeks: Int = 2) throws -> TeacherWeek {
        try writer.read { try TeacherWeek.load($0, teacher: teacher, observationEveryWeeks: observationEveryWeeks) }
    }
}
