import PeerPlanCore

/// The answer to a placement problem given as JSON: the objective, each placed session, and
/// each session left out with its reason and remedy worded as in a school's week.
package enum PlacementAnswerReport {
    package static func text(_ answer: PlacementAnswer) -> String {
        let quality = answer.optimal ? "proven optimal" : "at most \(answer.gap) below the optimum: no placement scores more than \(answer.upperBound)"
        var out = "Objective \(answer.objective), \(quality) (Σ priority × minutes); \(answer.placements.count) sessions placed, \(answer.unplaced.count) not.\n"
        for p in answer.placements {
            out += "  \(p.meeting) #\(p.session + 1): \(p.day) \(p.periods.joined(separator: "+"))\n"
        }
        for u in answer.unplaced {
            out += "  " + UnplacedWording.line(title: "\(u.meeting) #\(u.session + 1) not placed", reason: u.reason, blockers: u.blockers, remedy: u.remedy) + "\n"
        }
        return out
    }
}
