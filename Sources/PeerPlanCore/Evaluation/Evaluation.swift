/// "Did it work?": for every accepted pair and focus indicator, the target's score before the
/// cycle and after it; as comparisons, the same targets' change on indicators that were not their
/// focus, and the change of teachers rated weak who were not paired, on the same indicators.
/// Descriptive only: pairs were not formed at random and low scores tend to rise on their own
/// (regression to the mean), so a change is not an effect of pairing. Pure: the store reads the
/// inputs, the report module renders the result.
public enum Evaluation {
    public struct Score: Sendable, Hashable {
        public var date: CalendarDate
        public var score: Double
        public init(date: CalendarDate, score: Double) {
            self.date = date
            self.score = score
        }
    }

    public struct Pair: Sendable, Hashable {
        public var partner: String
        public var target: String
        /// Indicator refs (`rubric/indicator`).
        public var focus: [String]
        public init(partner: String, target: String, focus: [String]) {
            self.partner = partner
            self.target = target
            self.focus = focus
        }
    }

    public struct School: Sendable {
        public var id: String
        public var name: String
        public var cycle: Int64
        /// The day the cycle's pairs were accepted.
        public var cycleStart: CalendarDate
        public var pairs: [Pair]
        /// Every teacher of the school taking part in the comparison (paired or not).
        public var teachers: [String]
        /// Teacher → indicator ref → rating history.
        public var ratings: [String: [String: [Score]]]
        /// Target → held and scheduled collaboration hours from the cycle's start to the as-of date.
        public var heldHours: [String: Double]
        public var scheduledHours: [String: Double]

        public init(id: String, name: String, cycle: Int64, cycleStart: CalendarDate, pairs: [Pair], teachers: [String],
                    ratings: [String: [String: [Score]]], heldHours: [String: Double], scheduledHours: [String: Double]) {
            self.id = id
            self.name = name
            self.cycle = cycle
            self.cycleStart = cycleStart
            self.pairs = pairs
            self.teachers = teachers
            self.ratings = ratings
            self.heldHours = heldHours
            self.scheduledHours = scheduledHours
        }
    }

    public struct Input: Sendable {
        public var schools: [School]
        /// Rubric id → the score at or below which a teacher counts as weak.
        public var weakAtMost: [String: Double]
        /// Indicator refs in rubric order (rows follow it).
        public var indicatorOrder: [String]
        /// Teacher id → name, only when names are shown; pseudonyms otherwise.
        public var names: [String: String]?
        /// The district's pseudonym key.
        public var key: [UInt8]
        public var asOf: CalendarDate
        /// Rubric id → which rating counts (`ScoreCounting`; `latest` for a rubric not listed):
        /// before the cycle, the score that counts on its first day; after it, the latest rating
        /// after that day (`latest`) or their mean (`previousYearMean`), up to `asOf`.
        public var scoring: [String: ScoreCounting]

        public init(schools: [School], weakAtMost: [String: Double], indicatorOrder: [String], names: [String: String]?, key: [UInt8], asOf: CalendarDate,
                    scoring: [String: ScoreCounting] = [:]) {
            self.scoring = scoring
            self.schools = schools
            self.weakAtMost = weakAtMost
            self.indicatorOrder = indicatorOrder
            self.names = names
            self.key = key
            self.asOf = asOf
        }
    }

    public enum Group: String, Sendable, Codable, CaseIterable {
        /// A target on one of their focus indicators.
        case focus
        /// A target on an indicator that was not their focus.
        case nonFocus
        /// A teacher rated weak on a focus indicator of the school who was not paired.
        case unpaired
    }

    public struct Row: Sendable, Codable, Equatable {
        public var school: String
        /// The pair (pseudonym, or names); nil for unpaired teachers.
        public var pair: String?
        /// The teacher whose scores these are (pseudonym, or name).
        public var teacher: String
        public var indicator: String
        public var group: Group
        public var focus: Bool
        public var before: Double?
        public var after: Double?
        public var change: Double?
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var focus: ChangeSummary
        public var nonFocus: ChangeSummary
        public var unpaired: ChangeSummary

        static func of(_ rows: [Row]) -> Summary {
            func changes(_ g: Group) -> [Double] { rows.filter { $0.group == g }.compactMap(\.change) }
            return Summary(focus: .of(changes(.focus)), nonFocus: .of(changes(.nonFocus)), unpaired: .of(changes(.unpaired)))
        }
    }

    public struct SchoolResult: Sendable, Codable, Equatable {
        public var school: String
        public var name: String
        public var cycle: Int64
        public var cycleStart: CalendarDate
        public var pairs: Int
        public var summary: Summary
    }

    /// One pair's held collaboration hours against its target's mean change on the focus indicators.
    public struct DosePoint: Sendable, Codable, Equatable {
        public var school: String
        public var pair: String
        public var heldHours: Double
        public var scheduledHours: Double
        public var meanFocusChange: Double?
    }

    public struct Result: Sendable, Codable, Equatable {
        public var asOf: CalendarDate
        /// True when teachers are named (one school, on request); pseudonyms otherwise.
        public var named: Bool
        public var summary: Summary
        public var schools: [SchoolResult]
        public var dose: [DosePoint]
        public var rows: [Row]
    }

    /// The first 8 hex digits of HMAC-SHA256(key, text).
    public static func pseudonym(_ text: String, key: [UInt8]) -> String {
        String(HMACSHA256.hex(key: key, message: text).prefix(8))
    }

    public static func evaluate(_ input: Input) -> Result {
        let order = Dictionary(input.indicatorOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func sorted(_ refs: [String]) -> [String] {
            Set(refs).sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        }
        func teacherLabel(_ id: String) -> String { input.names?[id] ?? pseudonym("teacher:\(id)", key: input.key) }
        func pairLabel(_ p: Pair) -> String {
            if let names = input.names { return "\(names[p.partner] ?? p.partner) – \(names[p.target] ?? p.target)" }
            return pseudonym("pair:\(p.partner):\(p.target)", key: input.key)
        }
        func weak(_ ref: String, _ score: Double) -> Bool {
            guard let rubric = ref.split(separator: "/").first, let limit = input.weakAtMost[String(rubric)] else { return false }
            return score <= limit
        }
        var rows: [Row] = [], schools: [SchoolResult] = [], dose: [DosePoint] = []
        for school in input.schools {
            var mine: [Row] = []
            func scores(_ teacher: String, _ ref: String) -> (Double?, Double?) {
                let history = school.ratings[teacher]?[ref] ?? []
                let rule = ref.split(separator: "/").first.flatMap { input.scoring[String($0)] } ?? ScoreCounting()
                return (rule.score(history, asOf: school.cycleStart), rule.scoreAfter(history, start: school.cycleStart, through: input.asOf))
            }
            func row(_ teacher: String, _ ref: String, pair: String?, group: Group) -> Row {
                let (before, after) = scores(teacher, ref)
                return Row(school: school.id, pair: pair, teacher: teacherLabel(teacher), indicator: ref, group: group, focus: group == .focus,
                           before: before, after: after, change: before.flatMap { b in after.map { $0 - b } })
            }
            // In the order of their labels, so the order of rows says nothing about ids.
            let pairs = school.pairs.sorted { (pairLabel($0), $0.target) < (pairLabel($1), $1.target) }
            for p in pairs {
                let label = pairLabel(p)
                let focusRows = sorted(p.focus).map { row(p.target, $0, pair: label, group: .focus) }
                let other = sorted(Array((school.ratings[p.target] ?? [:]).keys.filter { !p.focus.contains($0) }))
                mine += focusRows + other.map { row(p.target, $0, pair: label, group: .nonFocus) }
                let changes = focusRows.compactMap(\.change)
                dose.append(DosePoint(school: school.id, pair: label, heldHours: school.heldHours[p.target] ?? 0,
                                      scheduledHours: school.scheduledHours[p.target] ?? 0,
                                      meanFocusChange: changes.isEmpty ? nil : changes.reduce(0, +) / Double(changes.count)))
            }
            let paired = Set(pairs.flatMap { [$0.partner, $0.target] })
            let focusIndicators = sorted(pairs.flatMap(\.focus))
            for teacher in school.teachers.sorted(by: { (teacherLabel($0), $0) < (teacherLabel($1), $1) }) where !paired.contains(teacher) {
                for ref in focusIndicators {
                    let (before, _) = scores(teacher, ref)
                    if let before, weak(ref, before) { mine.append(row(teacher, ref, pair: nil, group: .unpaired)) }
                }
            }
            schools.append(SchoolResult(school: school.id, name: school.name, cycle: school.cycle, cycleStart: school.cycleStart,
                                        pairs: pairs.count, summary: .of(mine)))
            rows += mine
        }
        return Result(asOf: input.asOf, named: input.names != nil, summary: .of(rows), schools: schools, dose: dose, rows: rows)
    }
}
