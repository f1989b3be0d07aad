/// Professional learning communities from the roster (DESIGN.md §3, §9): grade-level teams in
/// elementary schools, subject teams in secondary schools, 3–8 members, large teams split into
/// balanced groups whose members share free periods where possible, small teams combined.
public enum PLCFormation {
    public struct Member: Sendable, Hashable {
        public var id: String
        /// Grades of the teacher's classes, one entry per class (`KG`, `04`).
        public var grades: [String]
        /// Subjects of the teacher's classes, one entry per class.
        public var subjects: [String]
        public var freeSlots: Set<Slot>
        public var participating: Bool

        public init(id: String, grades: [String], subjects: [String], freeSlots: Set<Slot>, participating: Bool = true) {
            self.id = id
            self.grades = grades
            self.subjects = subjects
            self.freeSlots = freeSlots
            self.participating = participating
        }
    }

    public struct Policy: Sendable, Hashable {
        public var minSize = 3
        public var maxSize = 8
        public init(minSize: Int = 3, maxSize: Int = 8) {
            self.minSize = minSize
            self.maxSize = maxSize
        }
    }

    public struct Team: Sendable, Hashable, Codable {
        public var name: String
        /// `grade`, `subject` or `combined`.
        public var basis: String
        public var members: [String]
        /// Periods in which every member is free.
        public var commonFreeSlots: [Slot]
    }

    public struct Result: Sendable, Hashable {
        public var elementary: Bool
        public var teams: [Team]
        /// Teachers left out, with the reason.
        public var unassigned: [String: String]
    }

    static let elementaryGrades: Set<String> = ["PK", "TK", "KG", "00", "01", "02", "03", "04", "05"]

    static func gradeName(_ grade: String) -> String {
        switch grade {
        case "PK": return "Pre-K"
        case "TK": return "Transitional K"
        case "KG", "00": return "Kindergarten"
        default: return Int(grade).map { "Grade \($0)" } ?? "Grade \(grade)"
        }
    }

    /// The most frequent value (ties: the smallest), or nil.
    static func mostFrequent(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for v in values where !v.isEmpty { counts[v, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.localizedStandardLess($1.key) }.first?.key
    }

    public static func propose(_ members: [Member], policy: Policy = Policy()) throws(PairingError) -> Result {
        guard policy.minSize >= 2, policy.maxSize >= policy.minSize else {
            throw PairingError(message: "impossible PLC sizes: min \(policy.minSize), max \(policy.maxSize) (min at least 2, max at least min)")
        }
        let people = members.filter(\.participating).sorted { $0.id < $1.id }
        var unassigned: [String: String] = [:]
        for m in members where !m.participating { unassigned[m.id] = "opted out of peer collaboration" }
        let allGrades = people.flatMap(\.grades).filter { !$0.isEmpty }
        let elementary = !allGrades.isEmpty && allGrades.allSatisfy { elementaryGrades.contains($0.uppercased()) }

        // Natural teams.
        var teams: [(key: String, name: String, basis: String, members: [Member])] = []
        func add(_ key: String, _ name: String, _ basis: String, _ m: Member) {
            if let i = teams.firstIndex(where: { $0.key == key }) { teams[i].members.append(m) } else { teams.append((key, name, basis, [m])) }
        }
        for m in people {
            let distinctGrades = Set(m.grades.map { $0.uppercased() })
            if elementary && distinctGrades.count <= 2, let grade = mostFrequent(m.grades.map { $0.uppercased() }) {
                add("grade:" + grade, gradeName(grade), "grade", m)
            } else if let subject = mostFrequent(m.subjects) {
                add("subject:" + subject, subject, "subject", m)
            } else {
                unassigned[m.id] = "teaches no class with a grade or subject to group by"
            }
        }
        teams.sort { $0.key.localizedStandardLess($1.key) }

        // Too-small teams are combined, in order, into mixed teams.
        var result: [Team] = []
        var small: [(name: String, members: [Member])] = []
        for team in teams {
            if team.members.count < policy.minSize {
                small.append((team.name, team.members))
            } else {
                result += split(team.name + " team", team.basis, team.members, policy)
            }
        }
        var pool: [Member] = []
        var poolNames: [String] = []
        func flushPool(force: Bool) {
            guard !pool.isEmpty, force || pool.count >= policy.minSize else { return }
            if pool.count >= policy.minSize {
                result += split("Combined team (\(poolNames.joined(separator: ", ")))", "combined", pool, policy)
            } else if let i = result.indices.filter({ result[$0].members.count + pool.count <= policy.maxSize }).max(by: { a, b in
                        // The team that keeps the most common free periods with them, then the smallest.
                        func score(_ k: Int) -> (Int, Int) {
                            let joined = result[k].members.compactMap { id in members.first { $0.id == id } } + pool
                            return (common(joined).count, -result[k].members.count)
                        }
                        return score(a) < score(b)
                    }) {
                // Too few for a team of their own: join the smallest team that has room.
                result[i].members += pool.map(\.id)
                result[i].commonFreeSlots = common(result[i].members.compactMap { id in members.first { $0.id == id } })
            } else {
                for m in pool { unassigned[m.id] = "too few colleagues for a team of \(policy.minSize) and every team is full" }
            }
            pool = []
            poolNames = []
        }
        // Combine small teams greedily: start from the first left, then add the team whose
        // members keep the most periods free for everyone in the pool.
        var remaining = small
        while !remaining.isEmpty {
            let next: Int
            if pool.isEmpty {
                next = 0
            } else {
                let shared = { (members: [Member]) in common(pool + members).count }
                next = remaining.indices.max { a, b in
                    let sa = shared(remaining[a].members), sb = shared(remaining[b].members)
                    return sa != sb ? sa < sb : a > b
                }!
            }
            let team = remaining.remove(at: next)
            pool += team.members
            poolNames.append(team.name)
            flushPool(force: false)
        }
        flushPool(force: true)
        return Result(elementary: elementary, teams: result, unassigned: unassigned)
    }

    static func common(_ members: [Member]) -> [Slot] {
        guard var shared = members.first?.freeSlots else { return [] }
        for m in members.dropFirst() { shared.formIntersection(m.freeSlots) }
        return shared.sorted()
    }

    /// Splits a team larger than the maximum into balanced groups; members with the same free
    /// periods are kept together so each group can meet.
    static func split(_ name: String, _ basis: String, _ members: [Member], _ policy: Policy) -> [Team] {
        if members.count <= policy.maxSize {
            return [Team(name: name, basis: basis, members: members.map(\.id), commonFreeSlots: common(members))]
        }
        let groups = (members.count + policy.maxSize - 1) / policy.maxSize
        let ordered = members.sorted {
            let a = $0.freeSlots.sorted().map(\.description).joined(separator: ","), b = $1.freeSlots.sorted().map(\.description).joined(separator: ",")
            return a != b ? a < b : $0.id < $1.id
        }
        var teams: [Team] = []
        var start = 0
        for g in 0..<groups {
            let size = members.count / groups + (g < members.count % groups ? 1 : 0)
            let chunk = Array(ordered[start..<(start + size)])
            start += size
            teams.append(Team(name: "\(name) \(g + 1)", basis: basis, members: chunk.map(\.id).sorted(), commonFreeSlots: common(chunk)))
        }
        return teams
    }
}
