import Foundation
import GRDB
import PeerPlanCore

/// Pairing on top of the store: build the engine's input from the roster, keep the principal's
/// decisions, record proposals as runs, accept them as cycles.
package struct PairingStore: Sendable {
    package let store: Store
    package let config: PeerPlanConfig

    package init(store: Store, config: PeerPlanConfig) {
        self.store = store
        self.config = config
    }

    /// Who a teacher is, for display (names only).
    package struct Person: Sendable, Codable, Hashable {
        package var id: String
        package var name: String
        package var school: String
    }

    /// The proposal for one school.
    package struct Proposal: Sendable {
        package var school: String
        package var schoolName: String
        package var policy: PairingPolicy
        package var result: PairingResult
        package var people: [String: Person]
        package var indicatorNames: [IndicatorRef: String]
        package var runId: Int64?
    }

    /// Every school of the store (id and name), by id.
    package static func schools(in store: Store) throws -> [(id: String, name: String)] {
        try store.writer.read { try schools($0) }
    }

    package static func schools(_ db: Database) throws -> [(id: String, name: String)] {
        try Row.fetchAll(db, sql: "SELECT sourcedId, name FROM school ORDER BY sourcedId").map { ($0[0], $0[1]) }
    }

    package func requireSchool(_ db: Database, _ school: String) throws { try Self.requireSchool(db, school) }

    /// Fails with the list of known schools when `school` is not one of them.
    package static func requireSchool(_ db: Database, _ school: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE sourcedId = ?", arguments: [school]) == true else {
            let known = try Self.schools(db).map(\.id)
            throw StoreError.unknownSchool(school, known: known)
        }
    }

    /// Every teacher of the given schools (all schools when nil), with the scores that count, free periods,
    /// subjects and grades; a teacher belongs to their primary school.
    package static func loadTeachers(_ db: Database, schools: Set<String>?) throws -> ([PairingTeacher], [String: Person]) {
        var primary: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT teacherId, schoolId FROM teacherSchool ORDER BY isPrimary DESC, schoolId") where primary[row[0]] == nil {
            primary[row[0]] = row[1]
        }
        let districtOf = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT sourcedId, COALESCE(districtId, '') FROM school").map { ($0[0] as String, $0[1] as String) })
        var teachers: [String: PairingTeacher] = [:]
        var people: [String: Person] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.participating, c.capacity
            FROM teacher t LEFT JOIN teacherCapacity c ON c.teacherId = t.sourcedId
            """) {
            let id: String = row[0]
            guard let school = primary[id], schools?.contains(school) ?? true else { continue }
            people[id] = Person(id: id, name: teacherDisplayName(row, given: 1, preferred: 2, family: 3), school: school)
            teachers[id] = PairingTeacher(id: id, school: school, district: districtOf[school] ?? "", scores: [:], participating: row[4], capacity: row[5])
        }
        for (id, scores) in try CountingScores.load(db, rubrics: try Rubric.stored(db)) where teachers[id] != nil {
            teachers[id]!.scores = scores
        }
        // Free periods at the primary school (classes elsewhere included).
        let freeTime = try FreeTime.load(db, schools: schools)
        for id in Array(teachers.keys) { teachers[id]!.freeSlots = freeTime[teachers[id]!.school]?[id] ?? [] }
        for id in try FreeTime.unknownTeachers(db) where teachers[id] != nil { teachers[id]!.classTimesKnown = false }
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT e.teacherId, s.subject, NULL FROM teachingEnrollment e JOIN classSubject s ON s.classId = e.classId
            UNION SELECT DISTINCT e.teacherId, NULL, g.grade FROM teachingEnrollment e JOIN classGrade g ON g.classId = e.classId
            """) {
            let id: String = row[0]
            if let subject = row[1] as String? { teachers[id]?.subjects.insert(subject) }
            if let grade = row[2] as String? { teachers[id]?.grades.insert(grade) }
        }
        return (teachers.values.sorted { $0.id < $1.id }, people)
    }

    /// `loadTeachers(db, schools: [school])`, the same teachers with the same data, reading only
    /// the rows of that school's teachers (what a connection of `readInParallel` reads per school;
    /// the whole-table reads of `loadTeachers` would be repeated for every school).
    static func loadTeachers(_ db: Database, school: String, rubrics: [String: Rubric]) throws -> ([PairingTeacher], [String: Person]) {
        let ofSchool = "SELECT teacherId FROM teacherSchool WHERE schoolId = ?"
        var primary: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT teacherId, schoolId FROM teacherSchool WHERE teacherId IN (\(ofSchool)) ORDER BY isPrimary DESC, schoolId
            """, arguments: [school]) where primary[row[0]] == nil {
            primary[row[0]] = row[1]
        }
        let district = try String.fetchOne(db, sql: "SELECT COALESCE(districtId, '') FROM school WHERE sourcedId = ?", arguments: [school]) ?? ""
        var teachers: [String: PairingTeacher] = [:]
        var people: [String: Person] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.participating, c.capacity
            FROM teacher t LEFT JOIN teacherCapacity c ON c.teacherId = t.sourcedId
            WHERE t.sourcedId IN (\(ofSchool))
            """, arguments: [school]) {
            let id: String = row[0]
            guard primary[id] == school else { continue }
            people[id] = Person(id: id, name: teacherDisplayName(row, given: 1, preferred: 2, family: 3), school: school)
            teachers[id] = PairingTeacher(id: id, school: school, district: district, scores: [:], participating: row[4], capacity: row[5])
        }
        for (id, scores) in try CountingScores.load(db, rubrics: rubrics, school: school) where teachers[id] != nil {
            teachers[id]!.scores = scores
        }
        let freeTime = try FreeTime.load(db, schools: [school])[school] ?? [:]
        for id in Array(teachers.keys) { teachers[id]!.freeSlots = freeTime[id] ?? [] }
        for id in try FreeTime.unknownTeachers(db, school: school) where teachers[id] != nil { teachers[id]!.classTimesKnown = false }
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT e.teacherId, s.subject, NULL FROM teachingEnrollment e JOIN classSubject s ON s.classId = e.classId
            WHERE e.teacherId IN (\(ofSchool))
            UNION SELECT DISTINCT e.teacherId, NULL, g.grade FROM teachingEnrollment e JOIN classGrade g ON g.classId = e.classId
            WHERE e.teacherId IN (\(ofSchool))
            """, arguments: [school, school]) {
            let id: String = row[0]
            if let subject = row[1] as String? { teachers[id]?.subjects.insert(subject) }
            if let grade = row[2] as String? { teachers[id]?.grades.insert(grade) }
        }
        return (teachers.values.sorted { $0.id < $1.id }, people)
    }

    package static func loadDecisions(_ db: Database) throws -> PairingDecisions {
        var decisions = PairingDecisions()
        for row in try Row.fetchAll(db, sql: "SELECT partnerId, targetId, decision FROM pairDecision ORDER BY targetId, partnerId") {
            let key = PairKey(partner: row[0], target: row[1])
            if (row[2] as String) == "lock" { decisions.locked.append(key) } else { decisions.forbidden.insert(key) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT p.partnerId, p.targetId FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId WHERE c.active = 1") {
            decisions.previous.insert(PairKey(partner: row[0], target: row[1]))
        }
        return decisions
    }

    package static func indicatorNames(_ db: Database) throws -> [IndicatorRef: String] {
        var names: [IndicatorRef: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT rubricId, id, name FROM indicator") {
            names[IndicatorRef(rubric: row[0], indicator: row[1])] = row[2]
        }
        return names
    }

    /// Proposes pairs for the given schools (each solved on its own, in parallel), records each
    /// proposal as a run, all in one transaction.
    ///
    /// Within schools, each school is read and solved on its own, on one of the store's parallel
    /// readers, under the write lock (`Store.readInParallel`: the reads and the recording see one
    /// state). Across schools, the district is one problem: it is read on the writer, as a whole.
    @discardableResult
    package func propose(schools requested: [String]?, policy: PairingPolicy,
                        progress: (@Sendable (Int) -> Void)? = nil, audit: WebChange? = nil) throws -> [Proposal] {
        try store.writeLocked { db in
            let allSchools = try Self.schools(db)
            let names = Dictionary(uniqueKeysWithValues: allSchools.map { ($0.id, $0.name) })
            let schoolIds = try requested.map { ids in try ids.map { try requireSchool(db, $0); return $0 } } ?? allSchools.map(\.id)
            let rubrics = try Rubric.stored(db)
            let indicatorNames = try Self.indicatorNames(db)
            var decisions = try Self.loadDecisions(db)
            let inputs: [PairingInput]
            var people: [String: Person]
            let results: [PairingResult]
            if policy.crossSchool {
                // Cross-school pairing needs the partners of the other schools too.
                let (teachers, everyone) = try Self.loadTeachers(db, schools: nil)
                people = everyone
                // Partners shared across schools: what other schools have accepted still holds.
                let proposing = Set(schoolIds)
                decisions.committed = try Row.fetchAll(db, sql: """
                    SELECT p.partnerId, p.targetId FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
                    WHERE c.active = 1 AND p.dropped = 0 ORDER BY p.targetId, p.partnerId
                    """).map { PairKey(partner: $0[0], target: $0[1]) }
                    .filter { pair in everyone[pair.target].map { !proposing.contains($0.school) } ?? false }
                // Partners are shared by every school of the district: the district is one problem.
                inputs = [PairingInput(rubrics: rubrics, teachers: teachers, policy: policy, decisions: Self.scopedDecisions(decisions, Set(teachers.map(\.id))))]
                let whole = try solveAll(inputs, progress: nil)[0]
                results = schoolIds.map { school in
                    PairingResult(pairs: whole.pairs.filter { everyone[$0.target]?.school == school },
                                  unmatched: whole.unmatched.filter { everyone[$0.teacher]?.school == school },
                                  warnings: whole.warnings)
                }
                progress?(schoolIds.count)
            } else {
                // Within schools, each school is its own problem: read and solved as soon as read.
                let decisions = decisions
                let solved = try store.readInParallel(schoolIds.count, on: db, progress: progress) { reader, k in
                    let (members, found) = try Self.loadTeachers(reader, school: schoolIds[k], rubrics: rubrics)
                    let input = PairingInput(rubrics: rubrics, teachers: members, policy: policy, decisions: Self.scopedDecisions(decisions, Set(members.map(\.id))))
                    return (input, try PairingEngine.propose(input), found)
                }
                inputs = solved.map(\.0)
                people = [:]
                for (_, _, found) in solved { people.merge(found) { first, _ in first } }
                results = schoolIds.enumerated().map { k, school in
                    // Locks across schools only count with cross-school pairing: say so.
                    var result = solved[k].1
                    for lock in decisions.locked where people[lock.target]?.school == school && people[lock.partner]?.school != school {
                        result.warnings.append("locked pair \(lock.partner)–\(lock.target) is ignored: they teach at different schools (such a lock counts only when pairs may cross schools)")
                    }
                    return result
                }
            }
            var proposals: [Proposal] = []
            let settings = String(decoding: try JSONEncoder.sorted.encode(policy), as: UTF8.self)
            let clock = ISO8601DateFormatter()
            // Cached statements: the recording runs thousands of INSERTs (compiling each was a
            // measurable part of `pairs propose --all-schools`).
            let insertRun = try db.cachedStatement(sql: "INSERT INTO run (kind, startedAt, inputsFingerprint, inputs, policy, seed, summary) VALUES ('pairs-propose', ?, ?, ?, ?, NULL, ?)")
            let insertProposal = try db.cachedStatement(sql: "INSERT INTO pairingProposal (runId, schoolId, mode, settings, totalWeight) VALUES (?, ?, ?, ?, ?)")
            let insertPair = try db.cachedStatement(sql: "INSERT INTO proposedPair (runId, targetId, partnerId, focus, weight, locked, virtual, sharedFreePeriods) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            let insertMiss = try db.cachedStatement(sql: "INSERT INTO unmatchedTarget (runId, teacherId, reason, detail, colleagues) VALUES (?, ?, ?, ?, ?)")
            for (k, school) in schoolIds.enumerated() {
                let result = results[k]
                var fingerprint = SHA256()
                fingerprint.update(settings)
                for t in inputs[policy.crossSchool ? 0 : k].teachers {
                    fingerprint.update("\(t.id)|\(t.school)|\(t.participating)|\(t.capacity ?? -1)|")
                    fingerprint.update(t.scores.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","))
                    fingerprint.update(t.freeSlots.map(\.description).sorted().joined(separator: ","))
                    if !t.classTimesKnown { fingerprint.update("|times unknown") }
                }
                let decided = inputs[policy.crossSchool ? 0 : k].decisions
                fingerprint.update(decided.locked.map { "\($0.partner)>\($0.target)" }.joined(separator: ","))
                fingerprint.update(decided.forbidden.map { "\($0.partner)>\($0.target)" }.sorted().joined(separator: ","))
                fingerprint.update(decided.committed.map { "\($0.partner)>\($0.target)" }.joined(separator: ","))
                try insertRun.execute(arguments: [clock.string(from: Date()), fingerprint.hexDigest(), school, settings,
                                                  "\(result.pairs.count) pairs, \(result.unmatched.count) unmatched, total weight \(result.totalWeight == result.totalWeight.rounded() ? String(Int(result.totalWeight)) : String(format: "%.2f", result.totalWeight))"])
                let runId = db.lastInsertedRowID
                try insertProposal.execute(arguments: [runId, school, policy.mode.rawValue, settings, result.totalWeight])
                for pair in result.pairs {
                    try insertPair.execute(arguments: [runId, pair.target, pair.partner, pair.focus.map(\.description).joined(separator: ","), pair.weight,
                                                       pair.locked, pair.virtual, pair.sharedFreePeriods.map(\.description).joined(separator: ",")])
                }
                for miss in result.unmatched {
                    try insertMiss.execute(arguments: [runId, miss.teacher, miss.reason.rawValue, try RecordedReason(miss).json(),
                                                       miss.colleagues.joined(separator: ",")])
                }
                proposals.append(Proposal(school: school, schoolName: names[school] ?? school, policy: policy, result: result,
                                          people: people, indicatorNames: indicatorNames, runId: runId))
                try audit?.record(db, .pairsProposed, "run \(runId), mode \(policy.mode.rawValue), capacity \(policy.defaultCapacity), "
                                  + "\(policy.minSharedFreePeriods > 0 ? "schedule-aware" : "skills only"): \(result.pairs.count) pairs, \(result.unmatched.count) unpaired")
            }
            return proposals
        }
    }

    /// The principal's decisions as one problem of `ids` sees them: only locks within it count.
    static func scopedDecisions(_ decisions: PairingDecisions, _ ids: Set<String>) -> PairingDecisions {
        var scoped = decisions
        scoped.locked = decisions.locked.filter { ids.contains($0.target) && ids.contains($0.partner) }
        return scoped
    }

    /// Solves independent schools in parallel across the machine's cores.
    func solveAll(_ inputs: [PairingInput], progress: (@Sendable (Int) -> Void)?) throws -> [PairingResult] {
        final class Box: @unchecked Sendable {
            var results: [Result<PairingResult, PairingError>?]
            let lock = NSLock()
            var done = 0
            init(_ n: Int) { results = Array(repeating: nil, count: n) }
        }
        let box = Box(inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { k in
            let outcome: Result<PairingResult, PairingError>
            outcome = Result { () throws(PairingError) in try PairingEngine.propose(inputs[k]) }
            box.lock.lock()
            box.results[k] = outcome
            box.done += 1
            let done = box.done
            box.lock.unlock()
            progress?(done)
        }
        return try box.results.map { try $0!.get() }
    }

    // MARK: - Accepting, showing, deciding

    /// Makes a proposal (the school's latest, or run `runId`) the active pairing cycle.
    @discardableResult
    package func accept(school: String, runId: Int64?, audit: WebChange? = nil) throws -> (cycle: Int64, run: Int64, pairs: Int) {
        try store.writer.write { db in
            try requireSchool(db, school)
            let run: Int64
            if let runId {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM pairingProposal WHERE runId = ? AND schoolId = ?", arguments: [runId, school]) == true else {
                    throw StoreError.notAProposal(run: runId, school: school)
                }
                run = runId
            } else {
                guard let latest = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM pairingProposal WHERE schoolId = ?", arguments: [school]) else {
                    throw StoreError.noProposal(school: school)
                }
                run = latest
            }
            let (cycle, pairs) = try Self.accept(db, school: school, run: run)
            try audit?.record(db, .pairsAccepted, "run \(run) as cycle \(cycle), \(pairs) pairs")
            return (cycle, run, pairs)
        }
    }

    /// Makes proposal `run` of `school` its active cycle, in the caller's transaction: the
    /// school's earlier cycle is kept, inactive. Returns the new cycle and its number of pairs.
    static func accept(_ db: Database, school: String, run: Int64) throws -> (cycle: Int64, pairs: Int) {
        try db.execute(sql: "UPDATE pairingCycle SET active = 0 WHERE schoolId = ? AND active = 1", arguments: [school])
        try db.execute(sql: "INSERT INTO pairingCycle (schoolId, runId, acceptedAt, active) VALUES (?, ?, ?, 1)",
                       arguments: [school, run, ISO8601DateFormatter().string(from: Date())])
        let cycle = db.lastInsertedRowID
        try db.execute(sql: """
            INSERT INTO cyclePair (cycleId, targetId, partnerId, focus, weight, virtual)
            SELECT ?, targetId, partnerId, focus, weight, virtual FROM proposedPair WHERE runId = ?
            """, arguments: [cycle, run])
        return (cycle, db.changesCount)
    }

    package enum Decision: String, Sendable { case lock, forbid }

    /// Records (or, with nil, removes) the principal's decision about a pair.
    package func decide(partner: String, target: String, _ decision: Decision?, audit: WebChange? = nil) throws {
        try store.writer.write { db in
            try audit?.requireTeachers(db, [partner, target])
            for id in [partner, target] where try Bool.fetchOne(db, sql: "SELECT 1 FROM teacher WHERE sourcedId = ?", arguments: [id]) != true {
                throw StoreError.unknownTeacher(id)
            }
            if partner == target { throw StoreError.pairedWithSelf(partner) }
            if let decision {
                if decision == .lock, let other = try String.fetchOne(db, sql: "SELECT partnerId FROM pairDecision WHERE targetId = ? AND decision = 'lock' AND partnerId != ?", arguments: [target, partner]) {
                    throw StoreError.alreadyLocked(target: target, partner: other)
                }
                try db.execute(sql: """
                    INSERT INTO pairDecision (partnerId, targetId, decision, decidedAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(partnerId, targetId) DO UPDATE SET decision = excluded.decision, decidedAt = excluded.decidedAt
                    """, arguments: [partner, target, decision.rawValue, ISO8601DateFormatter().string(from: Date())])
            } else {
                try db.execute(sql: "DELETE FROM pairDecision WHERE partnerId = ? AND targetId = ?", arguments: [partner, target])
                if db.changesCount == 0 { throw StoreError.noDecision(partner: partner, target: target) }
            }
            try audit?.record(db, .pairDecided, "\(decision?.rawValue ?? "unlock") \(partner)–\(target)")
        }
    }

    /// Takes a teacher's pair out of their school's active cycle (they stop meeting).
    package func drop(target: String, audit: WebChange? = nil) throws -> String {
        try store.writer.write { db in
            try audit?.requireTeachers(db, [target])
            let partner = try String.fetchOne(db, sql: """
                SELECT p.partnerId FROM cyclePair p JOIN pairingCycle c ON c.id = p.cycleId
                WHERE c.active = 1 AND p.targetId = ? AND p.dropped = 0
                """, arguments: [target])
            guard let partner else {
                throw StoreError.noAcceptedPair(target: target)
            }
            try db.execute(sql: """
                UPDATE cyclePair SET dropped = 1 WHERE targetId = ? AND cycleId IN (SELECT id FROM pairingCycle WHERE active = 1)
                """, arguments: [target])
            try audit?.record(db, .pairDropped, "\(partner)–\(target)")
            return partner
        }
    }

    package func setParticipation(teacher: String, participating: Bool, note: String, audit: WebChange? = nil) throws {
        try store.writer.write { db in
            try audit?.requireTeachers(db, [teacher])
            try db.execute(sql: "UPDATE teacher SET participating = ?, participationChoice = ?, participationNote = ? WHERE sourcedId = ?",
                           arguments: [participating, participating, note, teacher])
            if db.changesCount == 0 { throw StoreError.unknownTeacher(teacher) }
            try audit?.record(db, .participationChanged, "\(teacher) \(participating ? "opted in" : "opted out")")
        }
    }

    package func setCapacity(teacher: String, capacity: Int?) throws {
        try store.writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM teacher WHERE sourcedId = ?", arguments: [teacher]) == true else {
                throw StoreError.unknownTeacher(teacher)
            }
            if let capacity {
                guard capacity >= 0 else { throw StoreError.negativeCapacity(capacity) }
                try db.execute(sql: "INSERT INTO teacherCapacity (teacherId, capacity) VALUES (?, ?) ON CONFLICT(teacherId) DO UPDATE SET capacity = excluded.capacity", arguments: [teacher, capacity])
            } else {
                try db.execute(sql: "DELETE FROM teacherCapacity WHERE teacherId = ?", arguments: [teacher])
            }
        }
    }

    /// The pairs a school works with: its active cycle, else its latest proposal.
    package struct Current: Sendable {
        package struct Pair: Sendable, Codable {
            package var partner: String
            package var partnerName: String
            package var target: String
            package var targetName: String
            package var focus: [String]
            package var weight: Double
            package var locked: Bool
            package var virtual: Bool
            package var dropped: Bool
        }
        /// A teacher the proposal could not pair, and why.
        package struct Miss: Sendable {
            package var name: String
            package var why: UnmatchedTarget
            /// The sentence a store written before reasons were recorded as data holds instead
            /// (nil: the reason is worded from `why`).
            package var recordedSentence: String?
        }
        package var school: String
        package var source: String
        package var run: Int64?
        package var cycle: Int64?
        package var pairs: [Pair]
        package var unmatched: [Miss]
        /// Names of the colleagues the reasons mention, by id.
        package var names: [String: String]
        package var indicatorNames: [IndicatorRef: String]
    }

    package func current(school: String) throws -> Current {
        try store.writer.read { db in
            try requireSchool(db, school)
            let (_, people) = try Self.loadTeachers(db, schools: nil)
            let names = try Self.indicatorNames(db)
            func focusNames(_ text: String) -> [String] {
                text.split(separator: ",").map { part in
                    let bits = part.split(separator: "/", maxSplits: 1).map(String.init)
                    guard bits.count == 2 else { return String(part) }
                    return names[IndicatorRef(rubric: bits[0], indicator: bits[1])] ?? bits[1]
                }
            }
            func name(_ id: String) -> String { people[id]?.name ?? id }
            func current(run: Int64?, cycle: Int64?, source: String, pairs: [Current.Pair]) throws -> Current {
                let misses = try run.map { try self.misses(db, $0, name) } ?? []
                var mentioned: [String: String] = [:]
                for m in misses { for id in m.why.colleagues + m.why.supporting.flatMap({ $0 }) { mentioned[id] = name(id) } }
                return Current(school: school, source: source, run: run, cycle: cycle, pairs: pairs, unmatched: misses,
                               names: mentioned, indicatorNames: names)
            }
            let locks = Set(try Row.fetchAll(db, sql: "SELECT partnerId || '>' || targetId FROM pairDecision WHERE decision = 'lock'").map { $0[0] as String })
            if let cycle = try Row.fetchOne(db, sql: "SELECT id, runId FROM pairingCycle WHERE schoolId = ? AND active = 1", arguments: [school]) {
                let cycleId: Int64 = cycle[0], runId: Int64 = cycle[1]
                let pairs = try Row.fetchAll(db, sql: "SELECT partnerId, targetId, focus, weight, virtual, dropped FROM cyclePair WHERE cycleId = ? ORDER BY targetId", arguments: [cycleId]).map { r in
                    Current.Pair(partner: r[0], partnerName: name(r[0]), target: r[1], targetName: name(r[1]), focus: focusNames(r[2]), weight: r[3],
                                 locked: locks.contains("\(r[0] as String)>\(r[1] as String)"), virtual: r[4], dropped: r[5])
                }
                return try current(run: runId, cycle: cycleId, source: "accepted cycle \(cycleId) (from run \(runId))", pairs: pairs)
            }
            guard let runId = try Int64.fetchOne(db, sql: "SELECT MAX(runId) FROM pairingProposal WHERE schoolId = ?", arguments: [school]) else {
                return try current(run: nil, cycle: nil, source: "no proposal yet", pairs: [])
            }
            let pairs = try Row.fetchAll(db, sql: "SELECT partnerId, targetId, focus, weight, locked, virtual FROM proposedPair WHERE runId = ? ORDER BY targetId", arguments: [runId]).map { r in
                Current.Pair(partner: r[0], partnerName: name(r[0]), target: r[1], targetName: name(r[1]), focus: focusNames(r[2]), weight: r[3],
                             locked: r[4], virtual: r[5], dropped: false)
            }
            return try current(run: runId, cycle: nil, source: "proposal run \(runId) (not accepted yet)", pairs: pairs)
        }
    }

    func misses(_ db: Database, _ runId: Int64, _ name: (String) -> String) throws -> [Current.Miss] {
        try Row.fetchAll(db, sql: "SELECT teacherId, reason, detail, colleagues FROM unmatchedTarget WHERE runId = ? ORDER BY teacherId", arguments: [runId]).map { row in
            let teacher: String = row[0], code: String = row[1], detail: String = row[2], colleagues: String = row[3]
            let ids = colleagues.split(separator: ",").map(String.init)
            guard let reason = UnmatchedReason(rawValue: code), let recorded = RecordedReason(json: detail) else {
                return Current.Miss(name: name(teacher), why: UnmatchedTarget(teacher: teacher, reason: UnmatchedReason(rawValue: code) ?? .noStrongColleague,
                                                                              colleagues: ids), recordedSentence: detail)
            }
            return Current.Miss(name: name(teacher), why: UnmatchedTarget(teacher: teacher, reason: reason, indicators: recorded.indicatorRefs,
                                                                          colleagues: ids, supporting: recorded.supporting ?? []),
                                recordedSentence: nil)
        }
    }
}

/// What `unmatchedTarget.detail` holds: the data an unmatched teacher's reason is worded from
/// (indicators as `rubric/indicator`, and with `allAtCapacity` whom each colleague supports), as
/// JSON. The wording itself is not stored: every report words it the same way when it shows it.
struct RecordedReason: Codable {
    var indicators: [String]
    var supporting: [[String]]?

    init(_ miss: UnmatchedTarget) {
        indicators = miss.indicators.map(\.description)
        supporting = miss.supporting.isEmpty ? nil : miss.supporting
    }

    /// Nil when `json` is not one (a sentence recorded by an earlier version).
    init?(json: String) {
        guard json.hasPrefix("{"), let decoded = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = decoded
    }

    func json() throws -> String { String(decoding: try JSONEncoder.sorted.encode(self), as: UTF8.self) }

    var indicatorRefs: [IndicatorRef] {
        indicators.compactMap { text in
            let bits = text.split(separator: "/", maxSplits: 1).map(String.init)
            return bits.count == 2 ? IndicatorRef(rubric: bits[0], indicator: bits[1]) : nil
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
