import PeerPlanCore

/// The one wording of each reason a session could not be placed (the placement reason codes of
/// `PlacementAnswer.Unplaced`) and of each remedy, for every report that shows them.
package enum UnplacedWording {
    /// Why a session has no place, as a clause to follow its title and a colon. `blockers` are
    /// teachers, or meetings for `blockedBy`.
    package static func sentence(reason: String, blockers: [String]) -> String {
        let list = blockers.joined(separator: ", ")
        switch reason {
        case "noCommonFreePeriod":
            return "no period when all its members are free (held back by \(list))"
        case "hostNotTeaching":
            return "\(list) is not teaching in any period when the observers are free"
        case "dailyCapReached":
            return "every day it could go, \(list) already \(blockers.count == 1 ? "has" : "have") as many sessions as a day allows"
        case "weeklyShareReached":
            return "another session would take more than the share of free periods \(list) may give to collaboration"
        case "blockedBy":
            return "the periods it could take are held by \(list)"
        case "unknownClassTimes":
            return "the class times of \(list) are unknown (a class's periods match no period of the bell schedule), so no free period is known"
        default:
            return blockers.isEmpty ? reason : "\(reason) (\(list))"
        }
    }

    /// What would make room for the session, as a clause after a dash.
    package static func remedy(_ r: PlacementAnswer.Remedy) -> String {
        r.kind == "cover"
            ? "would fit if \(r.teacher ?? "")'s class were covered: \(r.day) period \(r.periods.joined(separator: "+"))"
            : "would fit outside instruction: \(r.day) \(r.periods.joined(separator: "+"))"
    }

    /// `title: why [reason] — remedy`, without indentation.
    package static func line(title: String, reason: String, blockers: [String], remedy: PlacementAnswer.Remedy?) -> String {
        "\(title): \(sentence(reason: reason, blockers: blockers)) [\(reason)]" + (remedy.map { " — " + self.remedy($0) } ?? "")
    }
}
