import PeerPlanCore

/// The one wording of each micro-credential support scenario (`MCSupport`), used by every cost
/// report: tables, charts, CSV path names, notes and the sensitivity heading.
package enum MCSupportWording {
    /// Short, for table rows and chart legends: "no support", "paid coaching", "peer support".
    package static func label(_ s: MCSupport) -> String {
        switch s {
        case .none: "no support"
        case .coaching: "paid coaching"
        case .peer: "peer support"
        }
    }

    /// What the scenario assumes, in one clause.
    package static func assumption(_ s: MCSupport) -> String {
        switch s {
        case .none: "teachers work alone: the unsupported award rate, no support bought"
        case .coaching: "the supported award rate and the coaching cost per teacher"
        case .peer: "the pairs and PLCs PeerPlan schedules are the support: the supported award rate, no extra cash (their teacher time and any cover are on the pairing path)"
        }
    }

    /// The CSV `path` of the MC path under a scenario: `mc-none`, `mc-coaching`, `mc-peer`.
    package static func csvPath(_ s: MCSupport) -> String { "mc-" + s.rawValue }

    /// "(b) Micro-credentials, paid coaching".
    package static func row(_ s: MCSupport) -> String { "(b) Micro-credentials, \(label(s))" }

    /// "(c) Both: pairing + MCs with peer support".
    package static let both = "(c) Both: pairing + MCs with peer support"
}
