/// Where a teacher stands for pairing under the rule of DESIGN.md §5, from their latest ratings.
/// Internal vocabulary: never shown to teachers.
public enum CandidateStatus: Hashable, Sendable {
    /// Weak on at least one indicator (the indicator ids, in rubric order).
    case target(weak: [String])
    /// Strong on at least one indicator and weak on none.
    case partner(strong: [String])
    /// Rated, but neither weak anywhere nor strong anywhere.
    case neither
    /// Not rated on this rubric.
    case unrated
    /// Opted out of pairing: neither a target nor a partner.
    case optedOut

    public var isTarget: Bool { if case .target = self { true } else { false } }
    public var isPartner: Bool { if case .partner = self { true } else { false } }
}

/// Who takes part in peer collaboration when a teacher has made no choice (policy.yaml
/// `pairing.participation`): `optOut` everyone unless they opted out, `optIn` only those who
/// opted in (as IPI teachers volunteered, Papay et al. 2020).
public enum ParticipationRule: String, Sendable, Hashable, Codable, CaseIterable {
    case optIn, optOut
}

public enum CandidateRules {
    /// A target is weak on at least one indicator (and takes part).
    public static func isTarget(weakIndicators: Int, participating: Bool) -> Bool {
        participating && weakIndicators > 0
    }

    /// A partner is strong on at least one indicator and weak on none (and takes part).
    public static func isPartner(weakIndicators: Int, strongIndicators: Int, participating: Bool) -> Bool {
        participating && weakIndicators == 0 && strongIndicators > 0
    }

    /// Classifies a teacher from the score that counts per indicator id on one rubric
    /// (`ScoreCounting`; decimals compare numerically with the thresholds).
    public static func classify(latestScores: [String: Double], rubric: Rubric, participating: Bool) -> CandidateStatus {
        guard participating else { return .optedOut }
        guard !latestScores.isEmpty else { return .unrated }
        var weak: [String] = []
        var strong: [String] = []
        for indicator in rubric.indicators {
            guard let score = latestScores[indicator.id] else { continue }
            if rubric.isWeak(score) { weak.append(indicator.id) }
            if rubric.isStrong(score) { strong.append(indicator.id) }
        }
        if isTarget(weakIndicators: weak.count, participating: participating) { return .target(weak: weak) }
        if isPartner(weakIndicators: weak.count, strongIndicators: strong.count, participating: participating) { return .partner(strong: strong) }
        return .neither
    }
}
