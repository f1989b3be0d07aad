import PeerPlanCore

/// What `mc attach` and the cost reports say about the catalogue's MC-to-indicator mapping while
/// it is PeerPlan's example (microcredentials.yaml `indicatorMapping`).
package enum IndicatorMappingWording {
    /// The warning, or nil once the district has confirmed the mapping.
    package static func note(_ mapping: IndicatorMapping) -> String? {
        guard mapping.isExample else { return nil }
        return "Note: which rubric indicators each micro-credential assesses (Config/microcredentials.yaml) is an example, not the issuer's: \(mapping.source). Confirm it against the issuer's catalogue before relying on it."
    }
}
