import PeerPlanCore

/// The sentences of a cost report's notes (`CostNote`).
package enum CostNoteWording {
    package static func sentence(_ note: CostNote) -> String {
        switch note {
        case .yearsRepeat(let growth):
            return "Each year repeats the same programme; pay (extra duty, substitutes, stipends, coaching, lane increases) grows by \(CostFormat.number(100 * growth))% a year from year 2, fees do not."
        case .bothIsTheSum:
            return "Both = pairing + MCs, nothing shared between them."
        case let .attachedCredentials(school, teachers, credentials):
            return MicroCredentialRuleWording.note(school: school, teachers: teachers, credentials: credentials)
        case let .sessionsNotHeld(school, sessions):
            return "\(school): \(sessions) weekly session(s) could not be placed and have no remedy; they are not held and not costed."
        case let .notCosted(school, why):
            return "\(school): not costed (\(why))."
        case .notPriced(let items):
            return "Not priced (no public figure): \(items.map(\.label).joined(separator: ", ")); cash totals leave them out — set the figure in costs.yaml or microcredentials.yaml to price them."
        }
    }
}
