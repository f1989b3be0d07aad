/// An evaluation rubric: indicators scored on a scale of whole levels, with the thresholds that
/// make a score weak or strong (DESIGN.md §5). Loaded from `Config/rubrics/*.yaml`. Scores may be
/// decimals (averaged observations, e.g. 2.75) and compare numerically with the thresholds: a
/// score exactly at `weakAtMost` is weak, one exactly at `strongAtLeast` is strong.
public struct Rubric: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var scaleMin: Int
    public var scaleMax: Int
    /// A score at or below this is weak.
    public var weakAtMost: Int
    /// A score at or above this is strong.
    public var strongAtLeast: Int
    public var indicators: [Indicator]
    /// Where the rubric and its thresholds come from.
    public var source: String
    /// Which rating of an indicator counts (`ScoreRule`).
    public var scoring = ScoreCounting()

    public init(id: String, name: String, scaleMin: Int, scaleMax: Int, weakAtMost: Int,
                strongAtLeast: Int, indicators: [Indicator], source: String) {
        self.id = id
        self.name = name
        self.scaleMin = scaleMin
        self.scaleMax = scaleMax
        self.weakAtMost = weakAtMost
        self.strongAtLeast = strongAtLeast
        self.indicators = indicators
        self.source = source
    }

    public func isWeak(_ score: Double) -> Bool { score <= Double(weakAtMost) }
    public func isStrong(_ score: Double) -> Bool { score >= Double(strongAtLeast) }
    public func isWeak(_ level: Int) -> Bool { isWeak(Double(level)) }
    public func isStrong(_ level: Int) -> Bool { isStrong(Double(level)) }
    public func contains(score: Int) -> Bool { (scaleMin...scaleMax).contains(score) }
    public func contains(score: Double) -> Bool { score.isFinite && (Double(scaleMin)...Double(scaleMax)).contains(score) }

    /// Finds an indicator by id or by name, ignoring case.
    public func indicator(matching text: String) -> Indicator? {
        let key = text.trimmingWhitespace().lowercased()
        return indicators.first { $0.id.lowercased() == key || $0.name.lowercased() == key }
    }

    /// Problems that make the rubric unusable, as sentences; empty when it is valid.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if id.isEmpty { problems.append("the rubric has no id") }
        if scaleMin >= scaleMax { problems.append("scale \(scaleMin)–\(scaleMax) is empty") }
        if !contains(score: weakAtMost) { problems.append("weakAtMost \(weakAtMost) is outside the scale \(scaleMin)–\(scaleMax)") }
        if !contains(score: strongAtLeast) { problems.append("strongAtLeast \(strongAtLeast) is outside the scale \(scaleMin)–\(scaleMax)") }
        if weakAtMost >= strongAtLeast { problems.append("weakAtMost \(weakAtMost) must be below strongAtLeast \(strongAtLeast)") }
        if !(1...12).contains(scoring.schoolYearStartMonth) { problems.append("schoolYearStartMonth \(scoring.schoolYearStartMonth) is not a month (1–12)") }
        if indicators.isEmpty { problems.append("the rubric has no indicators") }
        var seen = Set<String>()
        for indicator in indicators {
            // An id may equal its own name ("questioning" / "Questioning"), but not another indicator's.
            for key in Set([indicator.id.lowercased(), indicator.name.lowercased()]) where !seen.insert(key).inserted {
                problems.append("indicator id or name \"\(key)\" appears twice")
            }
        }
        return problems
    }
}

public struct Indicator: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var domain: String

    public init(id: String, name: String, domain: String) {
        self.id = id
        self.name = name
        self.domain = domain
    }
}
