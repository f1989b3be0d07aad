import Foundation
import GRDB
import PeerPlanCore

extension PairingStore {
    /// What a school's pairs page shows: the latest proposal (its pairs with focus skills and
    /// shared free periods, and every teacher it left unpaired), the accepted cycle, the
    /// principal's locks and prohibitions, and each teacher's participation. Names and skill
    /// names only: no score, no weight.
    package struct SchoolPairs: Sendable {
        package struct Pair: Sendable, Equatable {
            package var partner: String
            package var partnerName: String
            package var target: String
            package var targetName: String
            package var focus: [String]
            /// `Mon 3`, as `Slot.description`.
            package var sharedFreePeriods: [String]
            package var locked: Bool
            package var virtual: Bool
            package var dropped: Bool
        }

        package struct Decided: Sendable, Equatable {
            package var partner: String
            package var partnerName: String
            package var target: String
            package var targetName: String
            package var decision: Decision
        }

        package struct Teacher: Sendable, Equatable {
            package var id: String
            package var name: String
            package var participating: Bool
        }

        package var school: String
        package var schoolName: String
        /// The latest proposal's run (nil: none yet).
        package var proposalRun: Int64?
        package var proposal: [Pair]
        /// The teachers the latest proposal left unpaired, with the data their reason is worded from.
        package var unmatched: [Current.Miss]
        /// Names of everyone a reason mentions, by id.
        package var names: [String: String]
        package var indicatorNames: [IndicatorRef: String]
        /// The active cycle (nil: none accepted yet) and the run it came from.
        package var cycle: Int64?
        package var cycleRun: Int64?
        package var accepted: [Pair]
        package var decisions: [Decided]
        package var teachers: [Teacher]

        /// Whether the latest proposal is the one the active cycle was accepted from.
        package var proposalAccepted: Bool { proposalRun != nil && proposalRun == cycleRun }
    }

    package func schoolPairs(school: String) throws -> SchoolPairs {
        try store.writer.read { db in
            try requireSchool(db, school)
            let schoolName = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [school]) ?? school
            let (_, people) = try Self.loadTeachers(db, schools: nil)
            let indicatorNames = try Self.indicatorNames(db)
            func name(_ id: String) -> String { people[id]?.name ?? id }
            func focusNames(_ text: String) -> [String] {
                text.split(separator: ",").map { part in
                    let bits = part.split(separator: "/", maxSplits: 1).map(String.init)
                    guard bits.count == 2 else { return String(part) }
                    return indicatorNames[IndicatorRef(rubric: bits[0], indicator: bits[1])] ?? bits[1]
                }
            }
            func periods(_ text: String?) -> [String] { (text ?? "").split(separator: ",").map(String.init) }
            let locks = Set(try String.fetchAll(db, sql: "SELECT partnerId || '>' || targetId FROM pairDecision WHERE decision = 'lock'"))

            let run = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM pairingProposal WHERE schoolId = ?", arguments: [school])
            var proposal: [SchoolPairs.Pair] = []
            var unmatched: [Current.Miss] = []
            if let run {
                proposal = try Row.fetchAll(db, sql: """
                    SELECT partnerId, targetId, focus, sharedFreePeriods, locked, virtual FROM proposedPair WHERE runId = ? ORDER BY targetId
                    """, arguments: [run]).map { r in
                    SchoolPairs.Pair(partner: r[0], partnerName: name(r[0]), target: r[1], targetName: name(r[1]), focus: focusNames(r[2]),
                                     sharedFreePeriods: periods(r[3]), locked: r[4], virtual: r[5], dropped: false)
                }
                unmatched = try misses(db, run, name)
            }
            var mentioned: [String: String] = [:]
            for m in unmatched { for id in m.why.colleagues + m.why.supporting.flatMap({ $0 }) + [m.why.teacher] { mentioned[id] = name(id) } }

            var cycle: Int64?, cycleRun: Int64?
            var accepted: [SchoolPairs.Pair] = []
            if let row = try Row.fetchOne(db, sql: "SELECT id, runId FROM pairingCycle WHERE schoolId = ? AND active = 1", arguments: [school]) {
                cycle = row[0]
                cycleRun = row[1]
                accepted = try Row.fetchAll(db, sql: """
                    SELECT c.partnerId, c.targetId, c.focus, p.sharedFreePeriods, c.virtual, c.dropped FROM cyclePair c
                    LEFT JOIN proposedPair p ON p.runId = ? AND p.targetId = c.targetId AND p.partnerId = c.partnerId
                    WHERE c.cycleId = ? ORDER BY c.targetId
                    """, arguments: [cycleRun, cycle]).map { r in
                    SchoolPairs.Pair(partner: r[0], partnerName: name(r[0]), target: r[1], targetName: name(r[1]), focus: focusNames(r[2]),
                                     sharedFreePeriods: periods(r[3]), locked: locks.contains("\(r[0] as String)>\(r[1] as String)"), virtual: r[4], dropped: r[5])
                }
            }
            let teachers = try Row.fetchAll(db, sql: """
                SELECT t.sourcedId, t.participating FROM teacher t JOIN teacherSchool ts ON ts.teacherId = t.sourcedId
                WHERE ts.schoolId = ? AND ts.isPrimary = 1
                """, arguments: [school]).map { r in SchoolPairs.Teacher(id: r[0], name: name(r[0]), participating: r[1]) }
                .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            let here = Set(teachers.map(\.id))
            let decisions = try Row.fetchAll(db, sql: "SELECT partnerId, targetId, decision FROM pairDecision ORDER BY targetId, partnerId").compactMap { r -> SchoolPairs.Decided? in
                let partner: String = r[0], target: String = r[1]
                guard here.contains(target) || here.contains(partner), let decision = Decision(rawValue: r[2]) else { return nil }
                return SchoolPairs.Decided(partner: partner, partnerName: name(partner), target: target, targetName: name(target), decision: decision)
            }
            return SchoolPairs(school: school, schoolName: schoolName, proposalRun: run, proposal: proposal, unmatched: unmatched, names: mentioned,
                               indicatorNames: indicatorNames, cycle: cycle, cycleRun: cycleRun, accepted: accepted, decisions: decisions, teachers: teachers)
        }
    }
}
