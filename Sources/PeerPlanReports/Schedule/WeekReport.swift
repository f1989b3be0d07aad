import Foundation
import PeerPlanStore

/// A school's (or one teacher's) placed week, `Scheduler.Week`: the grid day by day and period
/// by period, then what could not be placed and why.
package enum WeekReport {
    /// `teacher`: the teacher the week was narrowed to, if any (named in the heading).
    package static func text(_ week: Scheduler.Week, teacher: String? = nil) -> String {
        var out = "\(week.school)\(teacher.map { ", \($0)" } ?? ""): week of run #\(week.run)\n"
        for day in week.days {
            let today = week.sessions.filter { $0.day == day }
            guard !today.isEmpty else { continue }
            out += "\(day)\n"
            for period in week.periods {
                let here = today.filter { $0.periods.contains(period) }
                guard !here.isEmpty else { continue }
                out += "  \(period.padding(toLength: 3, withPad: " ", startingAt: 0)) \(here.map(\.title).joined(separator: " | "))\n"
            }
        }
        if !week.unplaced.isEmpty {
            out += "Not placed:\n"
            for u in week.unplaced {
                out += "  " + UnplacedWording.line(title: u.title, reason: u.reason, blockers: u.blockers, remedy: u.remedy) + "\n"
            }
        }
        return out
    }

    package static func csv(_ week: Scheduler.Week) -> String {
        var out = CSV.row(["meeting", "kind", "title", "members", "day", "periods", "start", "end"]) + "\n"
        for s in week.sessions {
            out += CSV.row([s.meeting, s.kind, s.title, s.members.joined(separator: ";"), s.day, s.periods.joined(separator: ";"), s.start, s.end]) + "\n"
        }
        return out
    }
}
