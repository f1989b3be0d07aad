import PeerPlanCore

/// The held side of the dose (issue 14 point 7): what the session log says, labelled "held
/// (logged)"; when nothing is logged, that held hours are unknown — never a 0 that looks measured.
package enum LoggedDoseWording {
    /// One line of a report, for a school or the district (counts only, never a teacher).
    package static func sentence(_ logged: LoggedDose?) -> String {
        guard let l = logged else { return "held (logged): no sessions logged, so held hours are unknown (not zero)" }
        return "held (logged) \(l.from) to \(l.through): \(CostFormat.hours(l.meanHeldHours)) of collaboration per teacher held"
            + ", \(CostFormat.hours(l.meanMissedHours)) missed, of \(CostFormat.hours(l.meanScheduledHours)) scheduled on those dates"
            + " (\(l.teachers) teacher\(l.teachers == 1 ? "" : "s"); \(CostFormat.number(l.notLoggedHours, decimals: 1)) teacher-hours not logged)"
    }

    /// The short form of a table cell.
    package static func cell(_ logged: LoggedDose?) -> String {
        guard let l = logged else { return "not logged" }
        return "\(CostFormat.hours(l.meanHeldHours)) held, \(CostFormat.hours(l.meanMissedHours)) missed of \(CostFormat.hours(l.meanScheduledHours)) scheduled (\(l.from)–\(l.through))"
    }
}
