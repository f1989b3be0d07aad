import PeerPlanCore

/// Scores for one teacher on every indicator of a rubric.
///
/// Each teacher has a level; each indicator adds noise; scores are rounded and clamped to the
/// scale. About one rated teacher in five (`weakShare`) is a growing teacher, with a lower level
/// and at least one indicator at or below the rubric's `weakAtMost` (often several in one
/// domain); the others never score that low. So the share of teachers who are a target on some
/// indicator is close to `weakShare` whatever the rubric's scale and thresholds.
struct RatingModel: Sendable {
    static let ratedShare = 0.95
    static let weakShare = 0.20
    static let historyShare = 0.25

    let rubric: Rubric
    /// Indicator indexes grouped by domain, in the rubric's order.
    let domains: [[Int]]
    let indicatorBytes: [[UInt8]]
    let rubricBytes: [UInt8]

    init(rubric: Rubric) {
        self.rubric = rubric
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (i, indicator) in rubric.indicators.enumerated() {
            if groups[indicator.domain] == nil { order.append(indicator.domain) }
            groups[indicator.domain, default: []].append(i)
        }
        domains = order.map { groups[$0]! }
        indicatorBytes = rubric.indicators.map { csvBytes($0.id) }
        rubricBytes = csvBytes(rubric.id)
    }

    /// Final (latest) scores, one per indicator.
    func scores(weak: Bool, rng: inout Xoshiro) -> [Int] {
        let low = rubric.scaleMin, high = rubric.scaleMax, w = rubric.weakAtMost
        let level = weak
            ? Double(w) + 1.25 + 0.35 * rng.normal()
            : Double(w + rubric.strongAtLeast) / 2 + 0.45 + 0.5 * rng.normal()
        var scores = rubric.indicators.map { _ in
            min(max(Int((level + 0.6 * rng.normal()).rounded()), low), high)
        }
        if weak {
            if !scores.contains(where: { $0 <= w }) {
                let domain = rng.pick(domains)
                let count = min(domain.count, 1 + rng.below(2))
                var members = domain
                rng.shuffle(&members)
                for i in members.prefix(count) {
                    scores[i] = w > low && rng.chance(0.2) ? w - 1 : w
                }
            }
        } else {
            for i in scores.indices where scores[i] <= w { scores[i] = min(w + 1, high) }
        }
        return scores
    }
}

/// CSV bytes of a field, quoted only when needed.
func csvBytes(_ text: String) -> [UInt8] {
    let utf8 = Array(text.utf8)
    guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
        return utf8
    }
    var out: [UInt8] = [UInt8(ascii: "\"")]
    for b in utf8 {
        if b == UInt8(ascii: "\"") { out.append(b) }
        out.append(b)
    }
    out.append(UInt8(ascii: "\""))
    return out
}
