import PeerPlanCore
import PeerPlanStore

/// Attached micro-credentials (`CredentialStore.Attachment`) and their checkpoints.
package enum CredentialListReport {
    /// One line per attachment with its status and next checkpoint on or after `today`.
    package static func text(_ list: [CredentialStore.Attachment], today: CalendarDate) -> String {
        if list.isEmpty { return "No micro-credentials attached.\n" }
        var out = ""
        for a in list {
            let next = a.checkpoints.first { !a.cancelled.contains($0.sequence) && $0.date >= today }
            out += "\(a.teacherName) (\(a.school)): \(a.credentialName) — \(a.status)\(next.map { "; next: \($0.label) on \($0.date)" } ?? "")\n"
        }
        return out
    }

    package static func csv(_ list: [CredentialStore.Attachment]) -> String {
        var out = CSV.row(["teacher", "school", "credential", "term", "status", "checkpoint", "date", "cancelled"]) + "\n"
        for a in list {
            for c in a.checkpoints {
                out += CSV.row([a.teacher, a.school, a.credential, a.term, a.status, c.label, c.date.description, a.cancelled.contains(c.sequence) ? "yes" : "no"]) + "\n"
            }
        }
        return out
    }
}
