import Foundation
import PeerPlanCore
import PeerPlanStore

/// What the store holds (`StatusReport`), as text or one CSV row per school. Counts only.
package enum StatusText {
    package static func text(_ s: StatusReport) -> String {
        var out = "PeerPlan store: \(s.schools) school\(s.schools == 1 ? "" : "s"), \(s.teachers) teachers (\(s.ratedTeachers) rated, \(s.optedOutTeachers) opted out), \(s.classes) classes, \(s.teachingAssignments) teaching assignments, \(s.terms) terms.\n"
        out += "Students stored: \(s.students) (rosters are read for teachers only).\n"
        out += "Pairing candidates (latest ratings, rubric thresholds): \(s.targetCandidates) could be paired with a colleague for support, \(s.partnerCandidates) could support a colleague.\n"
        if let last = s.lastImport { out += "Last import: \(last).\n" }
        for school in s.perSchool {
            out += "\n\(school.name) (\(school.sourcedId), \(school.timezone))\(school.standsInForSchool ? " — a department standing in for a school (no listed school above it)" : "")\n"
            // A rotating block schedule (days A, B) repeats every cycle rather than every week.
            let rotating = school.scheduleDays.contains { Weekday(parsing: $0) == nil }
            let span = rotating ? "rotation cycle" : "week"
            let days = school.scheduleDays.isEmpty ? "no bell schedule" : (rotating ? "rotation days " : "days ") + school.scheduleDays.joined(separator: " ")
            out += "  schedule: \(days), \(school.instructionPeriodsPerWeek) instruction periods a \(span)\n"
            out += "  teachers: \(school.teachers) (\(school.participatingTeachers) taking part, \(school.ratedTeachers) rated with \(school.rubrics.isEmpty ? "no rubric" : school.rubrics.joined(separator: ", ")))\n"
            out += "  classes: \(school.classes), teaching assignments: \(school.teachingAssignments), duties: \(school.duties), special days: \(school.specialDays)\n"
            let f = school.freePeriodsPerTeacher
            out += "  free periods per teacher per \(span): min \(f.min), median \(number(f.median)), max \(f.max)"
            if school.teachersWithoutFreePeriod > 0 { out += "; \(school.teachersWithoutFreePeriod) with none" }
            if school.teachersWithoutSharedFreePeriod > 0 { out += "; \(school.teachersWithoutSharedFreePeriod) sharing none with any colleague" }
            if school.scheduleDays.isEmpty, school.teachers > 0 {
                out += "\n  free time: unknown for every teacher until a bell schedule is imported (pairing on skills alone still works)"
            } else if school.teachersWithUnknownFreeTime > 0 {
                out += "\n  free time: unknown for \(school.teachersWithUnknownFreeTime) teacher\(school.teachersWithUnknownFreeTime == 1 ? "" : "s")"
                    + (school.classesWithUnknownTimes > 0 ? " (\(school.classesWithUnknownTimes) class\(school.classesWithUnknownTimes == 1 ? "'s periods match" : "es' periods match") no period of the bell schedule)" : "")
                    + "; schedule-aware pairing leaves them out"
            }
            out += "\n  candidates: \(school.targetCandidates) to be supported, \(school.partnerCandidates) to support\n"
        }
        return out
    }

    package static func csv(_ s: StatusReport) -> String {
        var out = "schoolSourcedId,name,timezone,teachers,participatingTeachers,ratedTeachers,classes,teachingAssignments,duties,freePeriodsMin,freePeriodsMedian,freePeriodsMax,teachersWithoutSharedFreePeriod,targetCandidates,partnerCandidates\n"
        for school in s.perSchool {
            out += CSV.row([school.sourcedId, school.name, school.timezone, "\(school.teachers)", "\(school.participatingTeachers)",
                            "\(school.ratedTeachers)", "\(school.classes)", "\(school.teachingAssignments)", "\(school.duties)",
                            "\(school.freePeriodsPerTeacher.min)", number(school.freePeriodsPerTeacher.median),
                            "\(school.freePeriodsPerTeacher.max)", "\(school.teachersWithoutSharedFreePeriod)",
                            "\(school.targetCandidates)", "\(school.partnerCandidates)"]) + "\n"
        }
        return out
    }

    /// A whole number without decimals, otherwise one decimal: `3`, `2.5`.
    package static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
