/// The pairing rule of DESIGN.md §5, solved exactly.
///
/// Targets are teachers weak (≤ weakAtMost) on at least one indicator; partners are strong
/// (≥ strongAtLeast) on at least one and weak on none; opted-out teachers are neither. An edge
/// (p, t) needs the same school (unless cross-school pairing is on and t has no edge at its own
/// school), no prohibition, a non-empty focus set F = weak(t) ∩ strong(p), and by default a
/// shared free period. w(p, t) = Σ_{i ∈ F} (score(p, i) − score(t, i)) + bonuses − penalty.
/// Each target gets at most one partner, each partner at most its capacity. The optimum is an
/// assignment problem (Hungarian method); ties are broken towards partners with smaller ids.
/// Weights are exact integers: in score points when every score is whole, otherwise in
/// hundredths of a point (decimal scores rounded to 0.01 for the weight only; weak and strong
/// compare the scores themselves with the thresholds).
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
        var refIndex: [IndicatorRef: Int] = [:]
        let rubrics = input.rubrics.keys.sorted().map { input.rubrics[$0]! }
        var rubricOf: [Int] = [] // the rubric of each indicator, an index into `rubrics`
        for (r, rubric) in rubrics.enumerated() {
            for indicator in rubric.indicators {
                let ref = IndicatorRef(rubric: rubric.id, indicator: indicator.id)
                refIndex[ref] = refs.count
                refs.append(ref)
                rubricOf.append(r)
            }
        }
        // Weak and strong as each rubric says (`Rubric.isWeak`, `isStrong`), once per score; who is
        // a target and who a partner as `CandidateRules` says.
        let count = teachers.count
        let whole = teachers.allSatisfy { $0.scores.values.allSatisfy { $0 == $0.rounded() } }
        let unit = whole ? 1 : 100 // weight units per score point
        var scores = [[Int]](repeating: [], count: count) // in `unit`s; -1: not rated
        var weak = [[Int]](repeating: [], count: count)
        var strong = [[Bool]](repeating: [], count: count)
        var strongCount = [Int](repeating: 0, count: count)
        for (t, teacher) in teachers.enumerated() {
            var row = [Int](repeating: -1, count: refs.count)
            var strongRow = [Bool](repeating: false, count: refs.count)
            for (ref, score) in teacher.scores {
                guard let i = refIndex[ref] else { continue }
                row[i] = Int((score * Double(unit)).rounded())
                if rubrics[rubricOf[i]].isWeak(score) { weak[t].append(i) }
                if rubrics[rubricOf[i]].isStrong(score) {
                    strongRow[i] = true
                    strongCount[t] += 1
                }
            }
            weak[t].sort()
            scores[t] = row
            strong[t] = strongRow
        }
        let isTarget = (0..<count).map {
            CandidateRules.isTarget(weakIndicators: weak[$0].count, participating: teachers[$0].participating)
        }
        let isPartner = (0..<count).map {
            CandidateRules.isPartner(weakIndicators: weak[$0].count, strongIndicators: strongCount[$0], participating: teachers[$0].participating)
        }
        let policy = input.policy
        let capacity = teachers.map { max(0, $0.capacity ?? policy.defaultCapacity) }

        func focus(_ p: Int, _ t: Int) -> [Int] {
            weak[t].filter { strong[p][$0] }
        }
        // Decisions and schools as integers: the edge loop below runs up to millions of times.
        func code(_ key: PairKey) -> Int? {
            guard let p = index[key.partner], let t = index[key.target] else { return nil }
            return p * count + t
        }
        let forbiddenCodes = Set(input.decisions.forbidden.compactMap(code))
        let previousCodes = Set(input.decisions.previous.compactMap(code))
        var districtCodes: [String: Int] = [:]
        let districtOf = teachers.map { t in
            if let c = districtCodes[t.district] { return c }
            districtCodes[t.district] = districtCodes.count
            return districtCodes.count - 1
        }
        var schoolCodes: [String: Int] = [:]
        let schoolOf = teachers.map { t in
            if let c = schoolCodes[t.school] { return c }
            schoolCodes[t.school] = schoolCodes.count
            return schoolCodes.count - 1
        }
        /// Bonuses and penalty on top of Σ_{i ∈ F} (score(p, i) − score(t, i)).
        func adjustment(_ p: Int, _ t: Int) -> Int {
            var w = 0
            if policy.sameSubjectBonus > 0, !teachers[p].subjects.isDisjoint(with: teachers[t].subjects) { w += policy.sameSubjectBonus }
            if policy.sameGradeBonus > 0, !teachers[p].grades.isDisjoint(with: teachers[t].grades) { w += policy.sameGradeBonus }
            if policy.previousCyclePenalty > 0, previousCodes.contains(p * count + t) { w -= policy.previousCyclePenalty }
            return w * unit
        }
        func weight(_ p: Int, _ t: Int, _ f: [Int]) -> Int {
            var w = 0
            for i in f { w += scores[p][i] - scores[t][i] }
            return w + adjustment(p, t)
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
        // Pairs accepted elsewhere hold their partner's capacity and their target.
        for pair in input.decisions.committed {
            if let p = index[pair.partner] { used[p] += 1 }
            if let t = index[pair.target] { lockedTarget[t] = true }
        }
        for lock in input.decisions.locked.sorted() {
            guard let p = index[lock.partner] else { throw PairingError(message: "locked pair names unknown teacher \(lock.partner)") }
            guard let t = index[lock.target] else { throw PairingError(message: "locked pair names unknown teacher \(lock.target)") }
            if p == t { throw PairingError(message: "a teacher cannot be locked with themselves (\(lock.partner))") }
            if let out = [p, t].first(where: { !teachers[$0].participating }) {
                warnings.append("locked pair \(lock.partner)–\(lock.target) is ignored: \(teachers[out].id) has opted out (unlock the pair or opt them in)")
                continue
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
            pairs.append(ProposedPair(partner: lock.partner, target: lock.target, focus: f.map { refs[$0] }, weight: Double(weight(p, t, f)) / Double(unit),
                                      locked: true, virtual: virtual, sharedFreePeriods: sharedSlots))
        }

        // Edges for the free targets.
        struct Edge { var partner: Int32; var weight: Int32; var virtual: Bool }
        let targets = (0..<count).filter { isTarget[$0] && !lockedTarget[$0] }
        let partners = (0..<count).filter { isPartner[$0] && used[$0] < capacity[$0] }
        var partnersBySchool: [Int: [Int]] = [:]
        for p in partners { partnersBySchool[schoolOf[p], default: []].append(p) }
        var edges: [Int: [Edge]] = [:]
        for t in targets {
            var list: [Edge] = []
            let needsAdjustment = policy.sameSubjectBonus > 0 || policy.sameGradeBonus > 0 || policy.previousCyclePenalty > 0
            let weakOfT = weak[t]
            func consider(_ p: Int, virtual: Bool) {
                guard p != t, forbiddenCodes.isEmpty || !forbiddenCodes.contains(p * count + t) else { return }
                // w over the focus set F = weak(t) ∩ strong(p), in one pass.
                var w = 0
                var inFocus = false
                for i in weakOfT where strong[p][i] {
                    inFocus = true
                    w += scores[p][i] - scores[t][i]
                }
                guard inFocus else { return }
                // Unknown class times: no free period can be shared, even virtually (the pair
                // would still need a time to meet).
                if policy.minSharedFreePeriods > 0, !teachers[p].classTimesKnown || !teachers[t].classTimesKnown { return }
                if !virtual && policy.minSharedFreePeriods > 0 {
                    let n = teachers[p].freeSlots.intersection(teachers[t].freeSlots).count
                    guard n >= policy.minSharedFreePeriods else { return }
                }
                if needsAdjustment { w += adjustment(p, t) }
                if policy.mode == .quality && w <= 0 { return }
                list.append(Edge(partner: Int32(p), weight: Int32(w), virtual: virtual))
            }
            for p in partnersBySchool[schoolOf[t]] ?? [] { consider(p, virtual: false) }
            if list.isEmpty && policy.crossSchool {
                for p in partners where schoolOf[p] != schoolOf[t] && districtOf[p] == districtOf[t] { consider(p, virtual: true) }
            }
            if !list.isEmpty { edges[t] = list }
        }

        // The assignment, one connected component of the edge graph at a time (at state scale
        // these are schools, or districts with cross-school pairing): rows are targets with
        // edges, columns are partner places.
        let rowsWithEdges = targets.filter { edges[$0] != nil }
        var parent = Array(0..<count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for t in rowsWithEdges {
            for e in edges[t]! {
                let a = find(t), b = find(Int(e.partner))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var componentRows: [Int: [Int]] = [:]
        var componentOrder: [Int] = []
        for t in rowsWithEdges {
            let root = find(t)
            if componentRows[root] == nil { componentOrder.append(root) }
            componentRows[root, default: []].append(t)
        }
        var partnersWithEdges = Set<Int>()
        for t in rowsWithEdges { for e in edges[t]! { partnersWithEdges.insert(Int(e.partner)) } }
        var componentPartners: [Int: [Int]] = [:]
        for p in partners where partnersWithEdges.contains(p) { componentPartners[find(p), default: []].append(p) }
        for root in componentOrder {
        let rows = componentRows[root]!
        var partnerRank: [Int: Int] = [:]
        var columns: [Int] = [] // partner of each column
        for p in componentPartners[root] ?? [] {
            partnerRank[p] = partnerRank.count
            for _ in 0..<(capacity[p] - used[p]) { columns.append(p) }
        }
            if !rows.isEmpty && !columns.isEmpty {
                let maxWeight = rows.map { t in Int(edges[t]!.map(\.weight).max() ?? 0) }
                // Participation: every pair is worth `lift` more than its weight, so one more pair
                // always beats any gain in weight. With penalties weights can be negative: the
                // lift covers the whole spread.
                let minWeight = min(0, rows.map { t in Int(edges[t]!.map(\.weight).min() ?? 0) }.min() ?? 0)
                let spread = maxWeight.reduce(0) { $0 + max($1, 0) - minWeight }
                let lift = policy.mode == .participation ? Int64(spread - minWeight + 1) : 0
                // Ties: among optima, earlier targets (by id) get partners with smaller ids. The
                // tie-break rank(p) × (rows − r) is scaled below one unit of weight (× big). On very
                // large problems, or where that could overflow 64 bits, the simpler rank(p) is used:
                // the smallest sum of partner ranks (still deterministic).
                let rowCount = Int64(rows.count), partnerCount = Int64(partnerRank.count)
                let maxPrimary = Int64(maxWeight.max() ?? 0) + lift
                // The finer rule slows Jonker–Volgenant down on district-sized problems (it breaks the
                // ties its reductions feed on), so it is kept for school-sized ones.
                var fineTieBreak = rows.count * columns.count <= 250_000
                var big = rowCount * rowCount * partnerCount + 1
                if Double(maxPrimary + 1) * Double(big) * Double(rowCount + 1) > 4e18 {
                    fineTieBreak = false
                    big = rowCount * partnerCount + 1
                }
                // Columns of one partner are consecutive: fill the matrix edge by edge.
                var firstColumn: [Int: Int] = [:]
                for (c, p) in columns.enumerated() where firstColumn[p] == nil { firstColumn[p] = c }
                let transpose = rows.count > columns.count
                let (height, width) = transpose ? (columns.count, rows.count) : (rows.count, columns.count)
                var matrix = [Int64](repeating: 0, count: height * width)
                for (r, t) in rows.enumerated() {
                    let multiplier = fineTieBreak ? rowCount - Int64(r) : 1
                    for e in edges[t]! {
                        let p = Int(e.partner)
                        let cost = -(Int64(e.weight) + lift) * big + Int64(partnerRank[p]!) * multiplier
                        var c = firstColumn[p]!
                        while c < columns.count && columns[c] == p {
                            matrix[transpose ? c * width + r : r * width + c] = cost
                            c += 1
                        }
                    }
                }
                let assignment: [Int]
                if !transpose {
                    assignment = Assignment.solve(rows: height, columns: width, matrix: matrix)
                } else {
                    let byColumn = Assignment.solve(rows: height, columns: width, matrix: matrix)
                    var back = [Int](repeating: -1, count: rows.count)
                    for (c, r) in byColumn.enumerated() { back[r] = c }
                    assignment = back
                }
                for (r, c) in assignment.enumerated() where c >= 0 {
                    let t = rows[r], p = columns[c]
                    guard let e = edges[t]!.first(where: { Int($0.partner) == p }) else { continue } // a zero cell: unmatched
                    used[p] += 1
                    pairs.append(ProposedPair(partner: teachers[p].id, target: teachers[t].id, focus: focus(p, t).map { refs[$0] },
                                              weight: Double(e.weight) / Double(unit), locked: false, virtual: e.virtual,
                                              sharedFreePeriods: e.virtual ? [] : shared(p, t)))
                }
            }
        }

        // Explanations for every target left without a partner.
        let matched = Set(pairs.map(\.target))
        let supporting = Dictionary(grouping: pairs, by: \.partner).mapValues { $0.map(\.target).sorted() }
        var unmatched: [UnmatchedTarget] = []
        for t in 0..<count where !weak[t].isEmpty && !matched.contains(teachers[t].id) {
            let id = teachers[t].id
            let weakRefs = weak[t].map { refs[$0] }
            if !teachers[t].participating {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .optedOut))
                continue
            }
            let scope = (0..<count).filter { p in
                isPartner[p] && p != t && !focus(p, t).isEmpty
                    && (schoolOf[p] == schoolOf[t] || (policy.crossSchool && districtOf[p] == districtOf[t]))
            }
            if scope.isEmpty {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .noStrongColleague, indicators: weakRefs))
                continue
            }
            let allowed = scope.filter { !input.decisions.forbidden.contains(key($0, t)) }
            if allowed.isEmpty {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .forbiddenByPrincipal, indicators: weakRefs,
                                                 colleagues: scope.map { teachers[$0].id }))
                continue
            }
            if policy.minSharedFreePeriods > 0 && !teachers[t].classTimesKnown {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .unknownClassTimes, indicators: weakRefs))
                continue
            }
            let known = allowed.filter { policy.minSharedFreePeriods == 0 || teachers[$0].classTimesKnown }
            if known.isEmpty {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .unknownClassTimes, indicators: weakRefs,
                                                 colleagues: allowed.map { teachers[$0].id }))
                continue
            }
            let withTime = known.filter { p in
                teachers[p].school != teachers[t].school || policy.minSharedFreePeriods == 0
                    || teachers[p].freeSlots.intersection(teachers[t].freeSlots).count >= policy.minSharedFreePeriods
            }
            if withTime.isEmpty {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .noSharedFreePeriod, indicators: weakRefs,
                                                 colleagues: known.map { teachers[$0].id }))
                continue
            }
            let ids = withTime.map { teachers[$0].id }
            if policy.mode == .quality && withTime.allSatisfy({ weight($0, t, focus($0, t)) <= 0 }) {
                unmatched.append(UnmatchedTarget(teacher: id, reason: .penalisedRepeat, indicators: weakRefs, colleagues: ids))
                continue
            }
            unmatched.append(UnmatchedTarget(teacher: id, reason: .allAtCapacity, indicators: weakRefs, colleagues: ids,
                                             supporting: ids.map { supporting[$0] ?? [] }))
        }
        pairs.sort { ($0.target, $0.partner) < ($1.target, $1.partner) }
        return PairingResult(pairs: pairs, unmatched: unmatched, warnings: warnings)
    }
}
