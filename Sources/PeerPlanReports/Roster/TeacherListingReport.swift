import PeerPlanStore

/// Teachers with their classes and free periods (`TeacherListing`), school by school. No ratings.
package enum TeacherListingReport {
    package static func text(_ teachers: [TeacherListing]) -> String {
        var out = ""
        var currentSchool = ""
        for t in teachers {
            if t.school != currentSchool {
                currentSchool = t.school
                out += "\n\(t.school)\n"
            }
            let note = t.participating ? "" : " (not taking part)"
            let shared = t.freePeriods.isEmpty ? "" : t.colleaguesSharingAFreePeriod == 0
                ? " — no colleague is free at the same time"
                : ", shared with \(t.colleaguesSharingAFreePeriod) colleague\(t.colleaguesSharingAFreePeriod == 1 ? "" : "s")"
            let periods = t.freePeriods.isEmpty ? "" : " (\(SlotText.compact(t.freePeriods)))"
            out += "  \(t.name)\(note): \(t.classes) classes, \(t.freePeriods.count) free periods\(periods)\(shared)\n"
        }
        return out
    }

    package static func csv(_ teachers: [TeacherListing]) -> String {
        var out = CSV.row(["sourcedId", "name", "email", "school", "participating", "classes", "duties", "freePeriodsPerWeek", "freePeriods",
                           "colleaguesSharingAFreePeriod"]) + "\n"
        for t in teachers {
            out += CSV.row([t.sourcedId, t.name, t.email, t.school, t.participating ? "true" : "false", "\(t.classes)", "\(t.duties)",
                            "\(t.freePeriods.count)", t.freePeriods.joined(separator: ";"), "\(t.colleaguesSharingAFreePeriod)"]) + "\n"
        }
        return out
    }
}
