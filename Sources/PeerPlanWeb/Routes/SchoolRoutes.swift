import Foundation
import Hummingbird
import PeerPlanExchange
import PeerPlanStore

/// One school's pages, `/schools/{school}…`: district staff and the principals who hold the
/// school (anyone else gets the 404 page, `Access`).
struct SchoolRoutes {
    let app: WebApp

    /// The school's sub-pages: path, title and what the page is for.
    static let sections: [(path: String, title: String, purpose: String)] = [
        ("pairs", "Pairs", "Propose pairs, lock, forbid or drop them, opt teachers in or out, and accept the proposal."),
        ("plcs", "PLC teams", "Propose PLC teams and move teachers between them."),
        ("week", "The week", "See the week grid, what could not be placed and why, and place the week."),
        ("changes", "This week’s changes", "Mark a teacher absent or a day closed, see what moves, and confirm."),
        ("calendars", "Calendars", "Publish calendars and manage each teacher’s feed link."),
    ]

    func add(to router: Router<WebContext>) {
        let routes = self
        // The sections have routes of their own (PairsRoutes, PLCRoutes, WeekRoutes, CalendarRoutes).
        app.group(router, "/schools/{school}", area: .school).get { _, context in try await routes.overview(context) }
    }

    func schoolId(_ context: WebContext) -> String { context.parameters.get("school") ?? "" }

    func overview(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store
        let overview = try await offload { try store.schoolOverview(school: id) }
        // What publishing now would change (a dry run: nothing is recorded).
        var pending: Publisher.Summary?
        if overview.schedule != nil, let config = app.options.config {
            let publisher = Publisher(store: store, config: config), now = app.options.clock()
            pending = try await offload { try publisher.unpublished(school: id, now: now) }
        }
        let page = SchoolPage(overview, pending: pending, timeZone: app.options.timeZone)
        return app.pages.page("school", title: overview.name, context: context, path: "/schools/\(Paths.segment(id))", content: page)
    }
}

/// The page model of `/schools/{school}`: counts and the state of each step, never a rating.
struct SchoolPage: Sendable {
    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct Step: Sendable {
        var title: String
        var href: String
        var status: String
    }

    var name: String
    var facts: [Fact]
    var steps: [Step]

    init(_ o: SchoolOverview, pending: Publisher.Summary? = nil, timeZone: TimeZone) {
        name = o.name
        let base = "/schools/\(Paths.segment(o.school))"
        facts = [
            Fact(label: "Teachers", value: "\(o.teachers)"),
            Fact(label: "Taking part in peer collaboration", value: "\(o.participatingTeachers) of \(o.teachers)"),
            Fact(label: "Teachers with ratings", value: "\(o.ratedTeachers)"),
            Fact(label: "Could be paired to grow on a skill", value: "\(o.targetCandidates)"),
            Fact(label: "Could support a colleague", value: "\(o.partnerCandidates)"),
            Fact(label: "Accepted pairs", value: o.acceptedPairs.map { "\($0)" } ?? (o.hasProposal ? "Proposed, not accepted yet" : "None yet")),
            Fact(label: "Sessions placed in the week", value: o.schedule.map { "\($0.placedSessions)" } ?? "Week not placed yet"),
            Fact(label: "Sessions that could not be placed", value: o.schedule.map { "\($0.unplacedSessions)" } ?? "—"),
            Fact(label: "Calendars", value: o.publication.map { p in
                "Published" + (p.lastChange.map { " (last change \(Self.date($0, timeZone)))" } ?? "")
            } ?? "Not published yet"),
        ]
        if let pending {
            facts.append(Fact(label: "Changed since the last publication", value: pending.hasChanges
                ? "\(pending.newEvents) new and \(pending.changedEvents) changed event\(pending.newEvents + pending.changedEvents == 1 ? "" : "s") (publish them on the Calendars page)"
                : "Nothing: calendars are up to date"))
        }
        let status: [String: String] = [
            "pairs": o.acceptedPairs.map { "\($0) pair\($0 == 1 ? "" : "s") accepted" } ?? (o.hasProposal ? "Proposal waiting to be accepted" : "No proposal yet"),
            "plcs": o.plcTeams > 0 ? "\(o.plcTeams) team\(o.plcTeams == 1 ? "" : "s")" : "No teams yet",
            "week": o.schedule.map { "\($0.placedSessions) placed, \($0.unplacedSessions) not placed" } ?? "Not placed yet",
            "changes": o.schedule == nil ? "Place the week first" : "Absences and closed days",
            "calendars": o.publication == nil ? "Not published yet" : (pending?.hasChanges == true ? "Published; changes waiting" : "Published"),
        ]
        steps = SchoolRoutes.sections.map { Step(title: $0.title, href: "\(base)/\($0.path)", status: status[$0.path] ?? "") }
    }

    /// `2026-09-14` in the app's zone.
    static func date(_ date: Date, _ zone: TimeZone) -> String {
        WebApp.day(date, in: zone).description
    }
}
