/// The pairing rule of DESIGN.md §5, solved exactly.
///
/// Targets are teachers weak (≤ weakAtMost) on at least one indicator; partners are strong
/// (≥ strongAtLeast) on at least one and weak on none; opted-out teachers are neither. An edge
/// (p, t) needs the same school (unless cross-school pairing is on and t has no edge at its own
/// school), no prohibition, a non-empty focus set F = weak(t) ∩ strong(p), and by default a
/// shared free period. w(p, t) = Σ_{i ∈ F} (score(p, i) − score(t, i)) + bonuses − penalty.
/// Each target gets at most one partner, each partner at most its capacity. The optimum is an
/// assignment problem (Hungarian method); ties are broken towards partners with smaller ids.
public enum PairingEngine {
    public static func propose(_ input: PairingInput) throws(PairingError) -> PairingResult {
        let problems = input.policy.validationProblems()
        if !problems.isEmpty { throw PairingError(message: "impossible pairing policy: " + problems.joined(separator: "; ")) }
        let teachers = input.teachers.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (i, t) in teachers.enumerated() {
            if index[t.id] != nil { throw PairingError(message: "teacher \(t.id) appears twice") }
            index[t.id] = i
        }
        // Indicators as small integers, in rubric order.
        var refs: [IndicatorRef] = []
        var indicatorNames: [String] = []
        var refIndex: [IndicatorRef: Int] = [:]
        var weakAt: [Int] = [], strongAt: [Int] = []
        for rubricId in input.rubrics.keys.sorted() {
            let rubric = input.rubrics[rubricId]!
            for indicator in rubric.indicators {
                let ref = IndicatorRef(rubric: rubric.id, indicator: indicator.id)
                refIndex[ref] = refs.count
                refs.append(ref)
                indicatorNames.append(indicator.name)
                weakAt.append(rubric.weakAtMost)
                strongAt.append(rubric.strongAtLeast)
            }
        }
        let count = teachers.count
        var scores = [[Int]](repeating: [], count: count) // -1: not rated
        var weak = [[Int]](repeating: [], count: count)
        var strongCount = [Int](repeating: 0, count: count)
        for (t, teacher) in teachers.enumerated() {
            var row = [Int](repeating: -1, count: refs.count)
            for (ref, score) in teacher.scores {
                guard let i = refIndex[ref] else { continue }
                row[i] = score
                if score <= weakAt[i] { weak[t].append(i) }
                if score >= strongAt[i] { strongCount[t] += 1 }
            }
            weak[t].sort()
            scores[t] = row
        }
        let isTarget = (0..<count).map { teachers[$0].participating && !weak[$0].isEmpty }
        let isPartner = (0..<count).map { teachers[$0].participating && weak[$0].isEmpty && strongCount[$0] > 0 }
        let policy = input.policy
        let capacity = teachers.map { max(0, $0.capacity ?? policy.defaultCapacity) }

        func focus(_ p: Int, _ t: Int) -> [Int] {
            weak[t].filter { scores[p][$0] >= strongAt[$0] }
        }
        func weight(_ p: Int, _ t: Int, _ f: [Int]) -> Int {
            var w = 0
            for i in f { w += scores[p][i] - scores[t][i] }
            let tp = teachers[p], tt = teachers[t]
            if policy.sameSubjectBonus > 0, !tp.subjects.isDisjoint(with: tt.subjects) { w += policy.sameSubjectBonus }
            if policy.sameGradeBonus > 0, !tp.grades.isDisjoint(with: tt.grades) { w += policy.sameGradeBonus }
            if policy.previousCyclePenalty > 0, input.decisions.previous.contains(PairKey(partner: tp.id, target: tt.id)) {
                w -= policy.previousCyclePenalty
            }
            return w
        }
        func shared(_ p: Int, _ t: Int) -> [Slot] {
            teachers[p].freeSlots.intersection(teachers[t].freeSlots).sorted()
        }
        func key(_ p: Int, _ t: Int) -> PairKey { PairKey(partner: teachers[p].id, target: teachers[t].id) }

        // The principal's locks come first.
        var pairs: [ProposedPair] = []
        var warnings: [String] = []
        var used = [Int](repeating: 0, count: count)
        var lockedTarget = [Bool](repeating: false, count: count)
        for lock in input.decisions.locked.sorted() {
            guard let p = index[lock.partner] else { throw PairingError(message: "locked pair names unknown teacher \(lock.partner)") }
            guard let t = index[lock.target] else { throw PairingError(message: "locked pair names unknown teacher \(lock.target)") }
            if p == t { throw PairingError(message: "a teacher cannot be locked with themselves (\(lock.partner))") }
            for x in [p, t] where !teachers[x].participating {
                throw PairingError(message: "locked pair \(lock.partner)–\(lock.target): \(teachers[x].id) has opted out; unlock the pair or opt them in")
            }
            if input.decisions.forbidden.contains(lock) {
                throw PairingError(message: "pair \(lock.partner)–\(lock.target) is both locked and forbidden; remove one")
            }
            if lockedTarget[t] { throw PairingError(message: "\(lock.target) is locked with more than one colleague; a teacher has at most one partner") }
            used[p] += 1
            if used[p] > capacity[p] {
                throw PairingError(message: "\(lock.partner) is locked with \(used[p]) colleagues but may support \(capacity[p]); raise the capacity or unlock a pair")
            }
            lockedTarget[t] = true
            let f = focus(p, t)
            let sharedSlots = shared(p, t)
            let virtual = teachers[p].school != teachers[t].school
            if f.isEmpty { warnings.append("locked pair \(lock.partner)–\(lock.target) has no focus skill under the current ratings") }
            if !virtual && policy.minSharedFreePeriods > 0 && sharedSlots.count < policy.minSharedFreePeriods {
                warnings.append("locked pair \(lock.partner)–\(lock.target) shares \(sharedSlots.count) free period(s) a week")
            }
            pairs.append(ProposedPair(partner: lock.partner, target: lock.target, focus: f.map { refs[$0] }, weight: weight(p, t, f),
                                      locked: true, virtual: virtual, sharedFreePeriods: sharedSlots))
        }

        // Edges for the free targets.
        struct Edge { var partner: Int; var weight: Int; var focus: [Int]; var virtual: Bool }
        let targets = (0..<count).filter { isTarget[$0] && !lockedTarget[$0] }
        let partners = (0..<count).filter { isPartner[$0] && used[$0] < capacity[$0] }
        var partnersBySchool: [String: [Int]] = [:]
        for p in partners { partnersBySchool[teachers[p].school, default: []].append(p) }
        var edges: [Int: [Edge]] = [:]
        for t in targets {
            var list: [Edge] = []
            func consider(_ p: Int, virtual: Bool) {
                guard p != t, !input.decisions.forbidden.contains(key(p, t)) else { return }
                let f = focus(p, t)
                guard !f.isEmpty else { return }
                if !virtual && policy.minSharedFreePeriods > 0 {
                    let n = teachers[p].freeSlots.intersection(teachers[t].freeSlots).count
                    guard n >= policy.minSharedFreePeriods else { return }
                }
                let w = weight(p, t, f)
                if policy.mode == .quality && w <= 0 { return }
                list.append(Edge(partner: p, weight: w, focus: f, virtual: virtual))
            }
            for p in partnersBySchool[teachers[t].school] ?? [] { consider(p, virtual: false) }
            if list.isEmpty && policy.crossSchool {
                for p in partners where teachers[p].school != teachers[t].school { consider(p, virtual: true) }
            }
            if !list.isEmpty { edges[t] = list }
        }

        // The assignment: rows are targets with edges, columns are partner places.
        let rows = targets.filter { edges[$0] != nil }
        var partnerRank: [Int: Int] = [:]
        var columns: [Int] = [] // partner of each column
        var partnersWithEdges = Set<Int>()
        for t in rows { for e in edges[t]! { partnersWithEdges.insert(e.partner) } }
        for p in partners where partnersWithEdges.contains(p) {
            partnerRank[p] = partnerRank.count
            for _ in 0..<(capacity[p] - used[p]) { columns.append(p) }
        }
        if !rows.isEmpty && !columns.isEmpty {
            var edgeAt: [[Int: Int]] = rows.map { t in
                var map: [Int: Int] = [:]
                for (k, e) in edges[t]!.enumerated() { map[e.partner] = k }
                return map
            }
            let maxWeight = rows.map { t in edges[t]!.map(\.weight).max() ?? 0 }
            let lift = policy.mode == .participation ? Int64(maxWeight.reduce(0) { $0 + max($1, 0) } + 1) : 0
            // primary × big dominates any sum of tie-breaks (one per row, each < partnerRank.count).
            let big = Int64(rows.count) * Int64(partnerRank.count + 1) + 1
            func cost(_ r: Int, _ c: Int) -> Int64 {
                let p = columns[c]
                guard let k = edgeAt[r][p] else { return 0 }
                let e = edges[rows[r]]![k]
                let primary = Int64(e.weight) + lift
                return -primary * big + Int64(partnerRank[p]!)
            }
            let assignment: [Int]
            if rows.count <= columns.count {
                assignment = Assignment.solve(rows: rows.count, columns: columns.count, cost: cost)
            } else {
                let byColumn = Assignment.solve(rows: columns.count, columns: rows.count) { c, r in cost(r, c) }
                var back = [Int](repeating: -1, count: rows.count)
                for (c, r) in byColumn.enumerated() { back[r] = c }
                assignment = back
            }
            for (r, c) in assignment.enumerated() where c >= 0 {
                let t = rows[r], p = columns[c]
                guard let k = edgeAt[r][p] else { continue }
                let e = edges[t]![k]
                used[p] += 1
                pairs.append(ProposedPair(partner: teachers[p].id, target: teachers[t].id, focus: e.focus.map { refs[$0] },
                                          weight: e.weight, locked: false, virtual: e.virtual,
                                          sharedFreePeriods: e.virtual ? [] : shared(p, t)))
            }
            edgeAt.removeAll()
        }

        // Explanations for every target left without a partner.
        let matched = Set(pairs.map(\.target))
        let supporting = Dictionary(grouping: pairs, by: \.partner).mapValues { $0.map(\.target).sorted() }
        var unmatched: [UnmatchedTarget] = []
        for t in 0..<count where !weak[t].isEmpty && !matched.contains(teachers[t].id) {
            let weakRefs = weak[t].map { refs[$0] }
            if !teachers[t].participating {
                unmatched.append(UnmatchedTarget(teacher: teachers[t].id, reason: .optedOut,
                                                 detail: "\(teachers[t].id) opted out of peer collaboration.",
                                                 indicators: [], colleagues: []))
                continue
            }
            let scope = (0..<count).filter { p in
                isPartner[p] && p != t && (teachers[p].school == teachers[t].school || policy.crossSchool) && !focus(p, t).isEmpty
            }
            let names = weak[t].map { indicatorNames[$0] }.joined(separator: ", ")
            if scope.isEmpty {
                unmatched.append(UnmatchedTarget(teacher: teachers[t].id, reason: .noStrongColleague,
                                                 detail: "No colleague who takes part is strong on \(names).",
                                                 indicators: weakRefs, colleagues: []))
                continue
            }
            let allowed = scope.filter { !input.decisions.forbidden.contains(key($0, t)) }
            if allowed.isEmpty {
                let ids = scope.map { teachers[$0].id }
                unmatched.append(UnmatchedTarget(teacher: teachers[t].id, reason: .forbiddenByPrincipal,
                                                 detail: "Every colleague strong on \(names) is excluded by a principal's decision: \(ids.joined(separator: ", ")).",
                                                 indicators: weakRefs, colleagues: ids))
                continue
            }
            let withTime = allowed.filter { p in
                teachers[p].school != teachers[t].school || policy.minSharedFreePeriods == 0
                    || teachers[p].freeSlots.intersection(teachers[t].freeSlots).count >= policy.minSharedFreePeriods
            }
            if withTime.isEmpty {
                let ids = allowed.map { teachers[$0].id }
                unmatched.append(UnmatchedTarget(teacher: teachers[t].id, reason: .noSharedFreePeriod,
                                                 detail: "Colleagues strong on \(names) (\(ids.joined(separator: ", "))) share no free period with \(teachers[t].id).",
                                                 indicators: weakRefs, colleagues: ids))
                continue
            }
            let ids = withTime.map { teachers[$0].id }
            let takenBy = ids.map { id in "\(id) supports \(supporting[id]?.joined(separator: " and ") ?? "no one yet")" }
            unmatched.append(UnmatchedTarget(teacher: teachers[t].id, reason: .allAtCapacity,
                                             detail: "Every colleague strong on \(names) who shares a free period is already paired: \(takenBy.joined(separator: "; ")).",
                                             indicators: weakRefs, colleagues: ids))
        }
        pairs.sort { ($0.target, $0.partner) < ($1.target, $1.partner) }
        return PairingResult(pairs: pairs, unmatched: unmatched, warnings: warnings)
    }
}
