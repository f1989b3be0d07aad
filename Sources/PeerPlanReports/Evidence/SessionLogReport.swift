import PeerPlanStore

/// What logging sessions did: each session, held or missed, and whether the log changed.
package enum SessionLogReport {
    package static func text(_ entries: [SessionLogEntry]) -> String {
        var out = ""
        for e in entries {
            let what: String
            switch e.change {
            case .added: what = "logged"
            case .updated: what = "updated"
            case .unchanged: what = "already logged so; nothing changed"
            }
            let note = e.note.isEmpty ? "" : " (\(e.note))"
            out += "\(e.school) \(e.meeting) (\(e.kind), \(e.minutes) min) on \(e.date): \(e.status.rawValue)\(note) — \(what)\n"
        }
        return out
    }

    package static func summary(_ report: SessionLogImportReport) -> String {
        "\(report.file): \(report.entries.count) session(s): \(report.added) logged, \(report.updated) updated, \(report.unchanged) unchanged.\n"
    }

    package static func csv(_ entries: [SessionLogEntry]) -> String {
        var out = CSV.row(["school", "meeting", "kind", "date", "status", "minutes", "note", "change"]) + "\n"
        for e in entries {
            out += CSV.row([e.school, e.meeting, e.kind, e.date, e.status.rawValue, "\(e.minutes)", e.note, e.change.rawValue]) + "\n"
        }
        return out
    }
}
