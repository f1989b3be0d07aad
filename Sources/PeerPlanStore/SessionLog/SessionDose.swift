import Foundation
import GRDB
import PeerPlanCore

/// Scheduled and held hours over a date range, per school, teacher and pair: the dose the cost
/// and evaluation reports quote. *Scheduled* is every dated session of each school's latest
/// weekly pattern in the range (as the calendars have it); *held* and *missed* are what the
/// session log says (with the length the session had when logged). Collaboration (pair meetings,
/// observations, PLCs) and protected PD (individual time) are kept apart.
package struct SessionDose: Sendable, Codable, Equatable {
    package struct Hours: Sendable, Codable, Equatable {
        package var scheduled: Double = 0
        package var held: Double = 0
        package var missed: Double = 0
        /// Scheduled sessions nobody has logged yet.
        package var notLogged: Double { max(0, scheduled - held - missed) }
    }

    package struct Line: Sendable, Codable, Equatable {
        package var collaboration = Hours()
        package var protectedPD = Hours()
    }

    package struct School: Sendable, Codable, Equatable {
        package var school: String
        /// Teacher-hours: each session counts once for each member.
        package var hours: Line
        package var teachers: [String: Line]
        /// Pairs by "partner|target": the pair's meetings and their observations of each other.
        package var pairs: [String: Line]
    }

    package var from: CalendarDate
    package var through: CalendarDate
    package var schools: [School]

    /// A teacher's hours at a school (zero when they had none).
    package func teacher(_ id: String, school: String) -> Line {
        schools.first { $0.school == school }?.teachers[id] ?? Line()
    }

    static func isCollaboration(_ kind: String) -> Bool { kind == "pair" || kind == "observation" || kind == "plc" }

    static func load(_ db: Database, schools: [String], from: CalendarDate, through: CalendarDate, config: PeerPlanConfig) throws -> SessionDose {
        var out: [School] = []
        for school in schools {
            var result = School(school: school, hours: Line(), teachers: [:], pairs: [:])
            var pairOf: [String: String] = [:] // "a|b" sorted members → "partner|target"
            for row in try Row.fetchAll(db, sql: """
                SELECT p.partnerId, p.targetId FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId WHERE c.schoolId = ? ORDER BY c.id
                """, arguments: [school]) {
                let partner: String = row[0], target: String = row[1]
                pairOf[[partner, target].sorted().joined(separator: "|")] = "\(partner)|\(target)"
            }
            func add(_ kind: String, members: [String], minutes: Int, _ path: WritableKeyPath<Hours, Double>) {
                let hours = Double(minutes) / 60
                let pd = !isCollaboration(kind)
                let line: WritableKeyPath<Line, Hours> = pd ? \.protectedPD : \.collaboration
                for m in members {
                    result.hours[keyPath: line][keyPath: path] += hours
                    result.teachers[m, default: Line()][keyPath: line][keyPath: path] += hours
                }
                if (kind == "pair" || kind == "observation"), members.count == 2, let pair = pairOf[members.sorted().joined(separator: "|")] {
                    result.pairs[pair, default: Line()][keyPath: line][keyPath: path] += hours
                }
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM scheduleRun WHERE schoolId = ?", arguments: [school]) == true {
                for s in try SessionLog.occurrences(db, school: school, config: config) where s.date >= from && s.date <= through {
                    add(s.kind, members: s.members, minutes: s.minutes, \.scheduled)
                }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT status, kind, minutes, members FROM sessionLog WHERE schoolId = ? AND date >= ? AND date <= ? ORDER BY meetingId, date
                """, arguments: [school, from.description, through.description]) {
                let status: String = row[0]
                add(row[1], members: (row[3] as String).split(separator: ",").map(String.init), minutes: row[2], status == "held" ? \.held : \.missed)
            }
            out.append(result)
        }
        return SessionDose(from: from, through: through, schools: out)
    }
}

extension Store {
    /// Scheduled and held hours of `schools` (every school when nil) from `from` through `through`.
    package func sessionDose(schools: [String]?, from: CalendarDate, through: CalendarDate, config: PeerPlanConfig) throws -> SessionDose {
        try writer.read { db in
            let ids = try schools ?? String.fetchAll(db, sql: "SELECT sourcedId FROM school ORDER BY sourcedId")
            return try SessionDose.load(db, schools: ids, from: from, through: through, config: config)
        }
    }
}
