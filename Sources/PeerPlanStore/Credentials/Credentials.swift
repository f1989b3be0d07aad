import Foundation
import GRDB
import PeerPlanCore

/// The micro-credential catalogue (Config/microcredentials.yaml), as the cost model reads it.
package enum MicroCredentialCatalogue {
    package static func load(from configDirectory: URL) throws -> [MicroCredential] {
        try CostConfigLoader.load(configDirectory: configDirectory).catalogue
    }

    /// Whether the catalogue's MC-to-indicator mapping is PeerPlan's example or the district's.
    package static func indicatorMapping(from configDirectory: URL) throws -> IndicatorMapping {
        try CostConfigLoader.load(configDirectory: configDirectory).indicatorMapping
    }
}

extension MicroCredential {
    /// `rubric/indicator` ids, lowercased, as `cyclePair.focus` lists them.
    var assessedIndicators: Set<String> { Set(indicators.map { "\($0.rubric)/\($0.indicator)".lowercased() }) }
}

/// Micro-credential checkpoints in the store: attach, record verdicts, list.
package struct CredentialStore: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    package enum Status: String, Sendable, Codable, CaseIterable {
        case inProgress = "in-progress", submitted, awarded, resubmission, withdrawn
    }

    package struct Attachment: Sendable, Codable, Hashable {
        package var id: Int64
        package var teacher: String
        package var teacherName: String
        package var school: String
        package var credential: String
        package var credentialName: String
        package var term: String
        package var status: String
        package var checkpoints: [CheckpointPlanner.Checkpoint]
        package var cancelled: [Int]
    }

    func catalogue() throws -> [MicroCredential] { try MicroCredentialCatalogue.load(from: config.directory) }

    /// Attaches `credential` to a teacher, or (`pairsOf`) to every teacher of a school's active
    /// pairs whose focus skills the credential assesses. Returns the new attachments; a teacher
    /// who already has it this term is left as is. One transaction.
    package func attach(credential: String, teacher: String?, pairsOf school: String?, term: String?, start: CalendarDate?) throws -> [Attachment] {
        let catalogue = try catalogue()
        guard let mc = catalogue.first(where: { $0.id == credential }) else {
            throw StoreError.unknownCredential(credential, known: catalogue.map(\.id))
        }
        return try store.writer.write { db in
            var targets: [(teacher: String, school: String)] = []
            if let teacher {
                guard let school = try String.fetchOne(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = ? ORDER BY schoolId", arguments: [teacher]) else {
                    throw StoreError.unknownTeacher(teacher)
                }
                targets = [(teacher, school)]
            } else if let school {
                try PairingStore.requireSchool(db, school)
                let assessed = mc.assessedIndicators
                for row in try Row.fetchAll(db, sql: """
                    SELECT p.targetId, p.focus FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
                    WHERE c.schoolId = ? AND c.active = 1 AND p.dropped = 0 ORDER BY p.targetId
                    """, arguments: [school]) {
                    let focus = (row[1] as String).split(separator: ",").map { $0.lowercased() }
                    if focus.contains(where: assessed.contains) { targets.append((row[0], school)) }
                }
            }
            var made: [Int64] = []
            let now = ISO8601DateFormatter().string(from: Date())
            for (t, school) in targets {
                let zone = try String.fetchOne(db, sql: "SELECT timezone FROM school WHERE sourcedId = ?", arguments: [school]) ?? config.defaultTimezone
                let today = Terms.today(in: zone)
                let resolved = try Terms.resolve(db, id: term, on: start ?? today)
                let calendar = try Terms.calendar(db, school: school, term: resolved)
                let from = CheckpointPlanner.schoolDay(onOrAfter: max(start ?? today, resolved.start), in: calendar)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM credentialAttachment WHERE teacherId = ? AND credentialId = ? AND termId = ?", arguments: [t, credential, resolved.id]) == true { continue }
                try db.execute(sql: """
                    INSERT INTO credentialAttachment (teacherId, schoolId, credentialId, termId, startDate, status, attachedAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, 'in-progress', ?, ?)
                    """, arguments: [t, school, credential, resolved.id, from.description, now, now])
                let id = db.lastInsertedRowID
                for c in CheckpointPlanner.plan(start: from, calendar: calendar, rules: config.checkpointRules) {
                    try db.execute(sql: "INSERT INTO credentialCheckpoint (attachmentId, sequence, kind, date, label) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [id, c.sequence, c.kind.rawValue, c.date.description, c.label])
                }
                try db.execute(sql: "INSERT INTO credentialEvent (attachmentId, at, status) VALUES (?, ?, 'in-progress')", arguments: [id, now])
                made.append(id)
            }
            return try made.map { try Self.attachment(db, id: $0, catalogue: catalogue) }
        }
    }

    /// Records a verdict or step: `submitted`, `awarded` (later checkpoints are cancelled),
    /// `resubmission` (a new submission and review are added), `withdrawn` (all later ones cancelled).
    package func record(teacher: String, credential: String, status: Status, on date: CalendarDate, note: String = "") throws -> Attachment {
        let catalogue = try catalogue()
        return try store.writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, schoolId, termId FROM credentialAttachment WHERE teacherId = ? AND credentialId = ? ORDER BY id DESC LIMIT 1", arguments: [teacher, credential]) else {
                throw StoreError.credentialNotAttached(teacher: teacher, credential: credential)
            }
            let id: Int64 = row[0]
            let now = ISO8601DateFormatter().string(from: Date())
            try db.execute(sql: "UPDATE credentialAttachment SET status = ?, updatedAt = ? WHERE id = ?", arguments: [status.rawValue, now, id])
            try db.execute(sql: "INSERT INTO credentialEvent (attachmentId, at, status, note) VALUES (?, ?, ?, ?)", arguments: [id, now, status.rawValue, note])
            switch status {
            case .awarded, .withdrawn:
                try db.execute(sql: "UPDATE credentialCheckpoint SET cancelled = 1 WHERE attachmentId = ? AND date > ?", arguments: [id, date.description])
            case .resubmission:
                let term = try Terms.resolve(db, id: row[2], on: date)
                let calendar = try Terms.calendar(db, school: row[1], term: term)
                let existing = try Self.checkpoints(db, id)
                for c in CheckpointPlanner.resubmission(after: date, existing: existing.map(\.0), calendar: calendar, rules: config.checkpointRules) {
                    try db.execute(sql: "INSERT INTO credentialCheckpoint (attachmentId, sequence, kind, date, label) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [id, c.sequence, c.kind.rawValue, c.date.description, c.label])
                }
            case .submitted, .inProgress:
                break
            }
            return try Self.attachment(db, id: id, catalogue: catalogue)
        }
    }

    package func list(school: String?, teacher: String?) throws -> [Attachment] {
        let catalogue = try catalogue()
        return try store.writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM credentialAttachment WHERE (? IS NULL OR schoolId = ?) AND (? IS NULL OR teacherId = ?) ORDER BY schoolId, teacherId, credentialId, id
                """, arguments: [school, school, teacher, teacher]).map { try Self.attachment(db, id: $0, catalogue: catalogue) }
        }
    }

    static func checkpoints(_ db: Database, _ id: Int64) throws -> [(CheckpointPlanner.Checkpoint, Bool)] {
        try Row.fetchAll(db, sql: "SELECT sequence, kind, date, label, cancelled FROM credentialCheckpoint WHERE attachmentId = ? ORDER BY sequence", arguments: [id]).compactMap {
            guard let kind = CheckpointPlanner.Kind(rawValue: $0[1]), let date = CalendarDate(parsing: $0[2]) else { return nil }
            return (CheckpointPlanner.Checkpoint(sequence: $0[0], kind: kind, date: date, label: $0[3]), $0[4] as Bool)
        }
    }

    package static func attachment(_ db: Database, id: Int64, catalogue: [MicroCredential]) throws -> Attachment {
        let row = try Row.fetchOne(db, sql: """
            SELECT a.teacherId, a.schoolId, a.credentialId, a.termId, a.status, t.givenName, t.preferredGivenName, t.familyName
            FROM credentialAttachment a JOIN teacher t ON t.sourcedId = a.teacherId WHERE a.id = ?
            """, arguments: [id])!
        let points = try checkpoints(db, id)
        let credential: String = row[2]
        return Attachment(id: id, teacher: row[0], teacherName: teacherDisplayName(row, given: 5, preferred: 6, family: 7), school: row[1],
                          credential: credential, credentialName: catalogue.first { $0.id == credential }?.name ?? credential,
                          term: row[3], status: row[4], checkpoints: points.map(\.0), cancelled: points.filter(\.1).map(\.0.sequence))
    }
}
