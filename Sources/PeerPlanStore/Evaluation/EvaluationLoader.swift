import Foundation
import GRDB
import PeerPlanCore

/// Why an evaluation could not be made, in domain words.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No pairing cycle with that id (at that school).
    case unknownCycle(Int64, school: String?, known: [Int64])
    /// The school has never accepted pairs.
    case noCycle(school: String)
    /// No school of the district has accepted pairs.
    case noCycleAtAnySchool

    public var description: String {
        switch self {
        case .unknownCycle(let cycle, let school, let known):
            let list = known.isEmpty ? "none" : known.map(String.init).joined(separator: ", ")
            return "no pairing cycle \(cycle)" + (school.map { " at \($0)" } ?? "") + " (cycles: \(list))"
        case .noCycle(let school):
            return "\(school) has accepted no pairs yet, so there is nothing to evaluate"
        case .noCycleAtAnySchool:
            return "no school has accepted pairs yet, so there is nothing to evaluate"
        }
    }
}

/// Reads what an evaluation needs (ratings are personnel data: this is for principals and
/// district analysts only): each school's cycle (its active one, or the one asked for), its
/// accepted pairs (dropped ones included: they were paired), every teacher's rating history,
/// the rubrics' thresholds, held hours from the session log, and the district's pseudonym key.
enum EvaluationLoader {
    static func load(_ db: Database, school: String?, cycle: Int64?, asOf: CalendarDate, names: Bool, config: PeerPlanConfig) throws -> Evaluation.Input {
        if let school, try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE sourcedId = ?", arguments: [school]) != true {
            throw StoreError.unknownSchool(school, known: try String.fetchAll(db, sql: "SELECT sourcedId FROM school ORDER BY sourcedId"))
        }
        // (school, cycle, acceptedAt) of each school evaluated.
        var cycles: [(school: String, id: Int64, acceptedAt: String)] = []
        if let cycle {
            let known = try Int64.fetchAll(db, sql: "SELECT id FROM pairingCycle WHERE ? IS NULL OR schoolId = ? ORDER BY id", arguments: [school, school])
            guard let row = try Row.fetchOne(db, sql: "SELECT schoolId, id, acceptedAt FROM pairingCycle WHERE id = ? AND (? IS NULL OR schoolId = ?)",
                                             arguments: [cycle, school, school]) else {
                throw EvaluationError.unknownCycle(cycle, school: school, known: known)
            }
            cycles = [(school: row[0] as String, id: row[1] as Int64, acceptedAt: row[2] as String)]
        } else {
            cycles = try Row.fetchAll(db, sql: """
                SELECT schoolId, id, acceptedAt FROM pairingCycle WHERE active = 1 AND (? IS NULL OR schoolId = ?) ORDER BY schoolId
                """, arguments: [school, school]).map { (school: $0[0] as String, id: $0[1] as Int64, acceptedAt: $0[2] as String) }
            if cycles.isEmpty { throw school.map { EvaluationError.noCycle(school: $0) } ?? EvaluationError.noCycleAtAnySchool }
        }
        var weak: [String: Double] = [:]
        let rubrics = try Rubric.stored(db)
        for (id, rubric) in rubrics { weak[id] = Double(rubric.weakAtMost) }
        let order = try Row.fetchAll(db, sql: "SELECT rubricId, id FROM indicator ORDER BY rubricId, position").map { "\($0[0] as String)/\($0[1] as String)" }
        var schools: [Evaluation.School] = []
        var teacherNames: [String: String] = [:]
        for c in cycles {
            guard let start = CalendarDate(parsing: String(c.acceptedAt.prefix(10))) else { continue }
            let name = try String.fetchOne(db, sql: "SELECT name FROM school WHERE sourcedId = ?", arguments: [c.school]) ?? c.school
            let pairs = try Row.fetchAll(db, sql: "SELECT partnerId, targetId, focus FROM cyclePair WHERE cycleId = ? ORDER BY targetId", arguments: [c.id])
                .map { Evaluation.Pair(partner: $0[0], target: $0[1], focus: ($0[2] as String).split(separator: ",").map(String.init)) }
            let teachers = try String.fetchAll(db, sql: "SELECT teacherId FROM teacherSchool WHERE schoolId = ? ORDER BY teacherId", arguments: [c.school])
            var ratings: [String: [String: [Evaluation.Score]]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.teacherId, r.rubricId, r.indicatorId, r.observedOn, r.score FROM rating r
                JOIN teacherSchool ts ON ts.teacherId = r.teacherId AND ts.schoolId = ?
                ORDER BY r.teacherId, r.rubricId, r.indicatorId, r.observedOn
                """, arguments: [c.school]) {
                guard let date = CalendarDate(parsing: row[3]) else { continue }
                ratings[row[0], default: [:]]["\(row[1] as String)/\(row[2] as String)", default: []]
                    .append(Evaluation.Score(date: date, score: (row[4] as DatabaseValue).storage.numericValue ?? 0))
            }
            let dose = try SessionDose.load(db, schools: [c.school], from: start, through: asOf, config: config)
            var held: [String: Double] = [:], scheduled: [String: Double] = [:]
            for p in pairs {
                let line = dose.teacher(p.target, school: c.school)
                held[p.target] = line.collaboration.held
                scheduled[p.target] = line.collaboration.scheduled
            }
            if names {
                for row in try Row.fetchAll(db, sql: """
                    SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName FROM teacher t
                    JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ?
                    """, arguments: [c.school]) {
                    teacherNames[row[0]] = teacherDisplayName(row, given: 1, preferred: 2, family: 3)
                }
            }
            schools.append(Evaluation.School(id: c.school, name: name, cycle: c.id, cycleStart: start, pairs: pairs, teachers: teachers,
                                             ratings: ratings, heldHours: held, scheduledHours: scheduled))
        }
        let secret = try String.fetchOne(db, sql: "SELECT secret FROM pseudonymKey WHERE id = 1") ?? ""
        return Evaluation.Input(schools: schools, weakAtMost: weak, indicatorOrder: order, names: names ? teacherNames : nil,
                                key: Array(secret.utf8), asOf: asOf, scoring: rubrics.mapValues(\.scoring))
    }
}

extension DatabaseValue.Storage {
    /// An INTEGER or REAL score as a number (decimal scores are stored as REAL).
    var numericValue: Double? {
        switch self {
        case .int64(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }
}

extension Store {
    /// The evaluation of one school (or, with nil, every school with accepted pairs) as of `asOf`.
    /// Teachers are named only when `names` is set, which is for one school's principal.
    package func evaluate(school: String?, cycle: Int64?, asOf: CalendarDate, names: Bool, config: PeerPlanConfig) throws -> Evaluation.Result {
        let input = try writer.read { try EvaluationLoader.load($0, school: school, cycle: cycle, asOf: asOf, names: names && school != nil, config: config) }
        return Evaluation.evaluate(input)
    }
}
