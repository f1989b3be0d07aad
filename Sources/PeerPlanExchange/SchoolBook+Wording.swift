import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// How events read: summaries (which depend on whose calendar it is), descriptions, categories,
/// attendees and the public reasons for moves and cancellations. Friendly words; never a rating
/// or score, nor who is learning from whom.
extension SchoolBook {
    func name(_ id: String) -> String { people[id]?.name ?? id }

    func categories(_ kind: String) -> [String] {
        switch kind {
        case "pair": return ["Peer collaboration"]
        case "observation": return ["Peer collaboration", "Peer observation"]
        case "plc": return ["PLC"]
        default: return ["Professional learning"]
        }
    }

    /// The event's title and location as `audience` sees it: a teacher reads "with Ms. X", the
    /// school reads both names.
    func summary(_ s: SeriesPlanner.Session, for audience: CalendarAudience) -> (summary: String, location: String?) {
        let m = meetings[s.meeting]
        let members = (m?.members ?? []).sorted { name($0) < name($1) }
        switch s.kind {
        case "pair":
            let skills = focus[s.meeting].map { " — focus: " + $0.joined(separator: ", ") } ?? ""
            if case .teacher(let me) = audience, let other = members.first(where: { $0 != me }) {
                return ("Peer collaboration with \(name(other))\(skills)", nil)
            }
            return ("Peer collaboration: \(members.map(name).joined(separator: " and "))\(skills)", nil)
        case "observation":
            let host = m?.host ?? ""
            let observer = m?.members.first { $0 != host } ?? ""
            let period = periodsOf["\(s.meeting)|\(s.session)"]?.first ?? ""
            let lesson = classAt["\(host)|\(s.day)|\(period)"]
            let location = lesson.flatMap { $0.location.isEmpty ? nil : $0.location }
            let teaching = lesson.map { " teaching \($0.title)" } ?? ""
            if case .teacher(let me) = audience, me == host {
                return ("Peer visit: \(name(observer)) observes your class\(lesson.map { " (\($0.title))" } ?? "")", location)
            }
            if case .teacher = audience { return ("Observe \(name(host))\(teaching)", location) }
            return ("Peer observation: \(name(observer)) observes \(name(host))\(teaching)", location)
        case "plc":
            return ("PLC: \(plcNames[s.meeting] ?? "team")", nil)
        default:
            if case .teacher = audience { return ("Protected PD time", nil) }
            return ("Protected PD time: \(members.map(name).joined(separator: ", "))", nil)
        }
    }

    func description(_ series: SeriesPlanner.Series) -> String {
        let s = series.session
        let m = meetings[s.meeting]
        let cadence = s.everyWeeks == 1 ? "Every week" : "Every \(s.everyWeeks) weeks"
        let dayText: String
        if case .weekday(let w)? = ScheduleDay(parsing: s.day) { dayText = "on \(w.fullName)s" } else { dayText = "on \(s.day) days" }
        let periods = periodsOf["\(s.meeting)|\(s.session)"] ?? []
        var lines = ["\(cadence) \(dayText), period \(periods.joined(separator: "–")) (\(s.start)–\(s.end)), \(calendar.term.title)."]
        if let members = m?.members, !members.isEmpty { lines.append("With: " + members.map(name).sorted().joined(separator: ", ") + ".") }
        switch s.kind {
        case "pair": lines.append("Time to plan and reflect together on the focus skills.")
        case "observation": lines.append("Watch a lesson, then talk it over at your next peer collaboration meeting.")
        case "plc": lines.append("Professional learning community meeting.")
        default: lines.append("Protected time for your own professional learning; please keep it free.")
        }
        lines.append("Scheduled by PeerPlan for \(schoolName).")
        return lines.joined(separator: "\n")
    }

    func attendees(_ s: SeriesPlanner.Session) -> [CalendarPerson] {
        (meetings[s.meeting]?.members ?? []).compactMap { people[$0] }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            .map { CalendarPerson(name: $0.name, email: $0.email) }
    }

    /// The school itself organises its events.
    var organizer: CalendarPerson { CalendarPerson(name: schoolName, email: organizerEmail) }

    /// Why an occurrence moved or was cancelled, as colleagues may read it: the calendar's own
    /// reasons (holidays, early release, testing) as they are; an absence never names who is away.
    func publicReason(_ reason: String) -> String {
        reason.contains(" absent on ") ? "a member is away that day" : reason
    }

    /// A micro-credential checkpoint's title and description, for its teacher's own calendar.
    func checkpointWording(_ a: CredentialStore.Attachment, _ c: CheckpointPlanner.Checkpoint) -> (summary: String, description: String) {
        let what: String
        switch c.kind {
        case .evidence: what = "Submit evidence for your micro-credential"
        case .finalSubmission, .resubmission: what = "Submit your micro-credential for review"
        case .review: what = "The issuer reviews your submission around this date"
        }
        return ("Micro-credential: \(a.credentialName) — \(c.label)",
                "\(what) (\(a.credentialName)). Track it with your peer collaboration partner; PeerPlan keeps the dates.")
    }
}
