import PeerPlanStore

/// What placing one or more schools' weeks did (`Scheduler.Outcome`): sessions placed and not,
/// the objective against its bound, and how many sessions kept their place.
package enum PlacementOutcomeReport {
    /// One school's lines, or (`district`) every school's and the district's totals.
    package static func text(_ outcomes: [Scheduler.Outcome], district: Bool) -> String {
        var out = ""
        var totals = (placed: 0, unplaced: 0, moved: 0)
        for outcome in outcomes {
            let a = outcome.answer
            totals.placed += a.placements.count
            totals.unplaced += a.unplaced.count
            totals.moved += outcome.moved
            let quality = a.optimal ? "proven optimal" : "no week can score more than \(a.upperBound)"
            out += "\(outcome.school) (\(outcome.term.title)): \(a.placements.count) sessions placed, \(a.unplaced.count) not (objective \(a.objective); \(quality)); run #\(outcome.runId)\n"
            if outcome.kept + outcome.moved > 0 { out += "  \(outcome.kept) sessions kept where they were, \(outcome.moved) moved\n" }
        }
        if district {
            out += "District: \(totals.placed) sessions placed, \(totals.unplaced) not, \(totals.moved) moved, across \(outcomes.count) schools.\n"
        }
        return out
    }
}
