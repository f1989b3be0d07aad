import PeerPlanCore

/// The sentences of a cost report's notes (`CostNote`).
package enum CostNoteWording {
    package static func sentence(_ note: CostNote) -> String {
        switch note {
        case .yearsRepeat(let growth):
            return "Each year repeats the same programme; pay (extra duty, substitutes, stipends, coaching, lane increases) grows by \(CostFormat.number(100 * growth))% a year from year 2, fees do not."
        case .bothIsTheSum:
            return "Both = pairing + MCs with peer support: the pairs and PLCs are the MC candidates' support, so support is counted once and no coaching is bought."
        case .supportScenarios(let sensitivity):
            let each = MCSupport.allCases.map { "\(MCSupportWording.label($0)) (\(MCSupportWording.assumption($0)))" }.joined(separator: "; ")
            return "MCs are costed under three support scenarios, side by side: \(each). NEA reports the higher award rate for teachers in supported groups; it does not say the support was paid coaching. The sensitivity analysis compares pairing with MCs under \(MCSupportWording.label(sensitivity))."
        case let .attachedCredentials(school, teachers, credentials):
            return MicroCredentialRuleWording.note(school: school, teachers: teachers, credentials: credentials)
        case let .sessionsNotHeld(school, sessions):
            return "\(school): \(sessions) weekly session(s) could not be placed and have no remedy; they are not held and not costed."
        case let .pairsNotScheduled(school, pairs):
            return "\(school): \(pairs) accepted pair\(pairs == 1 ? " is" : "s are") not scheduled (a partner at another school, or a virtual pair) and costed on neither path: no pair time, and no MCs for \(pairs == 1 ? "its target" : "their targets")."
        case let .notCosted(school, why):
            return "\(school): not costed (\(why))."
        case .notPriced(let items):
            return "Not priced (no public figure): \(items.map(\.label).joined(separator: ", ")); cash totals leave them out — set the figure in costs.yaml or microcredentials.yaml to price them."
        }
    }
}
