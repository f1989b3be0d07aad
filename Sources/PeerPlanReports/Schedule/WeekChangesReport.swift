import PeerPlanStore

/// One week's changes (`WeekChanges.Outcome`): each affected session, moved or cancelled, and why.
package enum WeekChangesReport {
    package static func text(_ outcome: WeekChanges.Outcome) -> String {
        var out = "\(outcome.school), week of \(outcome.weekStart): \(outcome.changes.count) session(s) affected, \(outcome.unchanged) unchanged; run #\(outcome.run)\n"
        for c in outcome.changes {
            let to = c.to.map { " → \($0) period \((c.toPeriods ?? []).joined(separator: "+"))" } ?? ""
            out += "  \(c.title): \(c.action) (\(c.from) period \(c.fromPeriods.joined(separator: "+"))\(to)) — \(c.reason)\n"
        }
        return out
    }

    package static func csv(_ outcome: WeekChanges.Outcome) -> String {
        var out = CSV.row(["meeting", "title", "session", "action", "from", "fromPeriods", "to", "toPeriods", "reason"]) + "\n"
        for c in outcome.changes {
            out += CSV.row([c.meeting, c.title, "\(c.session)", c.action, c.from, c.fromPeriods.joined(separator: ";"), c.to ?? "",
                            c.toPeriods?.joined(separator: ";") ?? "", c.reason]) + "\n"
        }
        return out
    }
}
