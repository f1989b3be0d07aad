import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// The page model of `/schools/{school}/week`: the grid (periods down, days across), each
/// session labelled by kind in words and named by its members, then what could not be placed,
/// in the reports' wording. No rating or score: the schedule holds none.
struct WeekPage: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Kind: Sendable {
        var css: String
        var label: String
    }

    struct CellSession: Sendable {
        var kindClass: String
        var kindLabel: String
        var what: String
        /// Members' names, when the title does not already name them all (a PLC team).
        var memberNames: String?
    }

    struct Cell: Sendable {
        var sessions: [CellSession]
        var empty: Bool
    }

    struct GridRow: Sendable {
        var period: String
        var cells: [Cell]
    }

    struct Unplaced: Sendable {
        var what: String
        var kindLabel: String
        var why: String
        var remedyText: String?
    }

    var name: String
    var base: String
    var csrf: String
    var hasSchedule: Bool
    var placedNotice: String?
    var options: [Option]
    var shownTeacher: String?
    var days: [String]
    var rows: [GridRow]
    var sessionCount: Int
    var unplaced: [Unplaced]
    var hasUnplaced: Bool
    var legend: [Kind]

    static let kinds = ["pair", "observation", "plc", "pd"]

    /// Placement kinds as a principal reads them on the grid.
    static func kind(_ code: String) -> Kind {
        switch code {
        case "pair": return Kind(css: "kind-pair", label: "Pair meeting")
        case "observation": return Kind(css: "kind-observation", label: "Peer observation")
        case "plc": return Kind(css: "kind-plc", label: "PLC")
        case "pd": return Kind(css: "kind-pd", label: "Protected PD")
        default: return Kind(css: "kind-other", label: code)
        }
    }

    init(name: String, base: String, csrf: String, week: Scheduler.Week?, teachers: [(id: String, name: String)], teacher: String?, placed: String?) {
        self.name = name
        self.base = base
        self.csrf = csrf
        hasSchedule = week != nil
        let names = Dictionary(teachers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func named(_ id: String) -> String { names[id] ?? id }
        options = [Option(value: "", label: "Everyone", selected: teacher == nil)]
            + teachers.map { Option(value: $0.id, label: $0.name, selected: $0.id == teacher) }
        shownTeacher = teacher.map(named)
        placedNotice = placed.flatMap { text in
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return "The week was placed: \(parts[0]) session\(parts[0] == 1 ? "" : "s") placed, \(parts[1]) could not be placed."
        }
        legend = Self.kinds.map(Self.kind)
        guard let week else {
            days = []; rows = []; sessionCount = 0; unplaced = []; hasUnplaced = false
            return
        }
        days = week.days.map(Words.day)
        rows = week.periods.map { period in
            GridRow(period: period, cells: week.days.map { day in
                let here = week.sessions.filter { $0.day == day && $0.periods.contains(period) }.map { s in
                    CellSession(kindClass: Self.kind(s.kind).css, kindLabel: Self.kind(s.kind).label, what: s.title,
                                memberNames: s.members.map(named).allSatisfy(s.title.contains) ? nil : s.members.map(named).joined(separator: ", "))
                }
                return Cell(sessions: here, empty: here.isEmpty)
            })
        }
        sessionCount = week.sessions.count
        unplaced = week.unplaced.map { u in
            let blockers = u.reason == "blockedBy" ? u.blockers : u.blockers.map(named)
            let remedy = u.remedy.map { r in
                PlacementAnswer.Remedy(kind: r.kind, teacher: r.teacher.map(named), day: r.day, periods: r.periods, coveredPeriods: r.coveredPeriods)
            }
            return Unplaced(what: u.title, kindLabel: Self.kind(u.kind).label, why: UnplacedWording.sentence(reason: u.reason, blockers: blockers),
                            remedyText: remedy.map(UnplacedWording.remedy))
        }
        hasUnplaced = !unplaced.isEmpty
    }
}

/// The page model of `/schools/{school}/changes`: the form (week, absences, closed days), and
/// once filled in, a preview of what moves and what is cancelled with the form to confirm it.
struct ChangesPage: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct AbsenceRow: Sendable {
        var index: Int
        var options: [Option]
        var on: String
    }

    struct Hidden: Sendable {
        var field: String
        var value: String
    }

    struct Row: Sendable {
        var what: String
        var moved: Bool
        var from: String
        var to: String
        var why: String
    }

    struct Preview: Sendable {
        var weekStart: String
        var rows: [Row]
        var hasRows: Bool
        var movedCount: Int
        var cancelledCount: Int
        var unchanged: Int
        var hidden: [Hidden]

        init(_ outcome: WeekChanges.Outcome, names: [String: String], asked: WeekRequest) {
            weekStart = outcome.weekStart
            rows = outcome.changes.map { c in
                Row(what: c.title, moved: c.action == "moved",
                    from: ChangesPage.when(c.from, c.fromPeriods),
                    to: c.to.map { ChangesPage.when($0, c.toPeriods ?? []) } ?? "Cancelled",
                    why: ChangesPage.reason(c.reason, names: names, closed: asked.closed))
            }
            hasRows = !rows.isEmpty
            movedCount = outcome.changes.filter { $0.action == "moved" }.count
            cancelledCount = outcome.changes.count - movedCount
            unchanged = outcome.unchanged
            hidden = [Hidden(field: "week", value: asked.date.description)]
                + asked.absent.flatMap { [Hidden(field: "teacher", value: $0.teacher), Hidden(field: "on", value: $0.date.description)] }
                + asked.closed.map { Hidden(field: "closed", value: $0.description) }
        }
    }

    var name: String
    var base: String
    var csrf: String
    var hasSchedule: Bool
    var week: String
    var absences: [AbsenceRow]
    var closed: String
    var problem: String?
    var preview: Preview?
    var appliedNotice: String?

    var applied: String? {
        get { appliedNotice }
        set {
            appliedNotice = newValue.flatMap { text in
                let parts = text.split(separator: "-")
                guard parts.count == 5, let moved = Int(parts[3]), let cancelled = Int(parts[4]) else { return nil }
                return "Confirmed for the week of \(parts[0...2].joined(separator: "-")): \(moved) session\(moved == 1 ? "" : "s") moved, "
                    + "\(cancelled) cancelled. Teachers see the change in their calendars."
            }
        }
    }

    init(name: String, base: String, csrf: String, teachers: [(id: String, name: String)], hasSchedule: Bool, form: FormData) {
        self.name = name
        self.base = base
        self.csrf = csrf
        self.hasSchedule = hasSchedule
        week = form["week"] ?? ""
        closed = form.all("closed").first { !$0.isEmpty } ?? ""
        let who = form.all("teacher"), when = form.all("on")
        var rows: [(String, String)] = zip(who, when + Array(repeating: "", count: max(0, who.count - when.count))).filter { !$0.0.isEmpty }
        while rows.count < 3 { rows.append(("", "")) }
        absences = rows.enumerated().map { index, row in
            AbsenceRow(index: index + 1,
                       options: [Option(value: "", label: "—", selected: row.0.isEmpty)]
                        + teachers.map { Option(value: $0.id, label: $0.name, selected: $0.id == row.0) },
                       on: row.1)
        }
    }

    /// `Mon 2026-09-14, period 3` (or `periods 3–4`).
    static func when(_ date: String, _ periods: [String]) -> String {
        let day = CalendarDate(parsing: date).map { $0.weekday.fullName + " " } ?? ""
        let p = periods.count == 1 ? "period \(periods[0])" : "periods \(periods.first ?? "")–\(periods.last ?? "")"
        return "\(day)\(date), \(p)"
    }

    /// The store's reason (`t-mid-02 absent on 2026-09-14`) with the teacher's name, or the day
    /// closed when every teacher was marked absent because of it.
    static func reason(_ text: String, names: [String: String], closed: [CalendarDate]) -> String {
        if let date = closed.first(where: { text.hasSuffix("absent on \($0)") }) { return "School closed on \(date)" }
        for (id, name) in names where text.hasPrefix(id + " absent") { return name + text.dropFirst(id.count) }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
