import PeerPlanCore

/// The one wording of each reason a teacher is left without a partner, for every report that
/// shows it (a proposal, `pairs show`, JSON, the web). Names skills and colleagues, never scores.
package enum UnmatchedReasonWording {
    /// Why `miss.teacher` is not paired, as a clause to follow their name and a colon.
    /// `colleague` gives a colleague as a reader should see them (e.g. "Name (id)"), `skill` an
    /// indicator's name.
    package static func sentence(_ miss: UnmatchedTarget, colleague: (String) -> String, skill: (IndicatorRef) -> String) -> String {
        let skills = miss.indicators.isEmpty ? "their focus skills" : miss.indicators.map(skill).joined(separator: ", ")
        let colleagues = miss.colleagues.map(colleague).joined(separator: ", ")
        switch miss.reason {
        case .optedOut:
            return "opted out of peer collaboration"
        case .noStrongColleague:
            return "no colleague who takes part is strong on \(skills)"
        case .forbiddenByPrincipal:
            return "every colleague strong on \(skills) is excluded by a principal's decision: \(colleagues)"
        case .noSharedFreePeriod:
            return "colleagues strong on \(skills) share no free period with them: \(colleagues)"
        case .penalisedRepeat:
            return "the only colleagues strong on \(skills) who share a free period were partners in the previous cycle, "
                + "and the repeat penalty leaves nothing to gain: \(colleagues)"
        case .unknownClassTimes:
            if miss.colleagues.isEmpty {
                return "their class times are unknown (a class's periods match no period of the school's bell schedule, or the school has none), "
                    + "so no shared free period can be found; they can be paired once the class export or the bell schedule is corrected"
            }
            return "the class times of every colleague strong on \(skills) are unknown (a class's periods match no period of the bell schedule), "
                + "so no shared free period can be found: \(colleagues)"
        case .allAtCapacity:
            let taken = miss.colleagues.enumerated().map { k, id in
                let supported = k < miss.supporting.count ? miss.supporting[k] : []
                return "\(colleague(id)) supports " + (supported.isEmpty ? "no one yet" : supported.map(colleague).joined(separator: " and "))
            }
            return "every colleague strong on \(skills) who shares a free period is already paired: \(taken.joined(separator: "; "))"
        }
    }

    /// The reason in a few words, to count teachers by it ("2 no shared free period").
    package static func label(_ reason: UnmatchedReason) -> String {
        switch reason {
        case .noStrongColleague: "no colleague strong on their skills"
        case .noSharedFreePeriod: "no shared free period"
        case .allAtCapacity: "every suitable colleague already paired"
        case .forbiddenByPrincipal: "excluded by your decisions"
        case .optedOut: "opted out"
        case .penalisedRepeat: "only last cycle's partners available"
        case .unknownClassTimes: "class times unknown"
        }
    }

    /// One line of a "Not paired" list: `  Name (id): why [reason]`.
    package static func line(_ miss: UnmatchedTarget, colleague: (String) -> String, skill: (IndicatorRef) -> String) -> String {
        "  \(colleague(miss.teacher)): \(sentence(miss, colleague: colleague, skill: skill)) [\(miss.reason.rawValue)]"
    }
}
