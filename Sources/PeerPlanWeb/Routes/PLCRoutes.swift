import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanStore

/// `/schools/{school}/plcs`: propose PLC teams, move a teacher from one team to another, add or
/// remove a member. Each form is one POST (`SchoolChange`); the rules (3–8 members, at most two
/// teams per teacher) come back as messages.
struct PLCRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let plcs = app.group(router, "/schools/{school}/plcs", area: .school)
        plcs.get { request, context in
            try await routes.page(context, done: request.uri.queryParameters["done"].map(String.init), problem: nil, status: .ok)
        }
        plcs.post("propose") { _, context in try await routes.propose(context) }
        plcs.post("move") { _, context in try await routes.move(context) }
        plcs.post("members") { _, context in try await routes.members(context) }
    }

    static let confirmations: [String: String] = [
        "proposed": "New PLC teams are proposed. Place the week again to schedule them.",
        "moved": "The teacher has moved to the other team.",
        "added": "The teacher has joined the team.",
        "removed": "The teacher has left the team.",
    ]

    func page(_ context: WebContext, done: String?, problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let id = context.parameters.get("school") ?? "", store = app.store
        let plcs = PLCStore(store: store)
        let teams = try await offload { try plcs.schoolTeams(school: id) }
        let name = teams.schoolName
        let page = PLCPage(school: id, name: name, teams, csrf: context.identity?.csrfToken ?? "",
                           notice: done.flatMap { Self.confirmations[$0] }, problem: problem)
        return app.pages.page("plcs", title: "PLC teams · \(name)", context: context, path: SchoolChange.path(context, "plcs"),
                              status: status, content: page)
    }

    func refused(_ context: WebContext) -> @Sendable (String, HTTPResponse.Status) async throws -> Response {
        let routes = self
        return { problem, status in try await routes.page(context, done: nil, problem: problem, status: status) }
    }

    var change: SchoolChange { SchoolChange(app: app) }

    func propose(_ context: WebContext) async throws -> Response {
        let plcs = PLCStore(store: app.store)
        return try await change.run(context, section: "plcs", done: "proposed", page: refused(context)) { audit, _ in
            _ = try plcs.propose(school: audit.school, audit: audit)
        }
    }

    func move(_ context: WebContext) async throws -> Response {
        let plcs = PLCStore(store: app.store)
        return try await change.run(context, section: "plcs", done: "moved", page: refused(context)) { audit, form in
            let teacher = try form.required("teacher", "a teacher")
            let from = try form.number("from", "the team they leave"), to = try form.number("to", "the team they join")
            try plcs.move(teacher: teacher, from: from, to: to, audit: audit)
        }
    }

    func members(_ context: WebContext) async throws -> Response {
        let plcs = PLCStore(store: app.store)
        let action = context.form?["action"] ?? ""
        return try await change.run(context, section: "plcs", done: action == "add" ? "added" : "removed", page: refused(context)) { audit, form in
            let teacher = try form.required("teacher", "a teacher"), team = try form.number("team", "a team")
            guard action == "add" || action == "remove" else { throw FormProblem(message: "Choose add or remove.") }
            try plcs.edit(team: team, teacher: teacher, add: action == "add", audit: audit)
        }
    }
}

/// The page model of `/schools/{school}/plcs`: teams, their members by name, and the periods
/// they have in common.
struct PLCPage: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
    }

    struct Member: Sendable {
        var teacher: String
        var name: String
        var team: String
    }

    struct Team: Sendable {
        var id: String
        var name: String
        var basis: String
        var periods: String
        var members: [Member]
        /// The move form: one of the members, to one of the other teams (one form per team, not
        /// one per member: a 150-teacher school's page stays small).
        var memberOptions: [Option]
        var others: [Option]
        var canMove: Bool
    }

    var name: String
    var base: String
    var csrf: String
    var notice: String?
    var problem: String?
    var hasTeams: Bool
    var teams: [Team]
    var unassigned: String
    var hasUnassigned: Bool
    /// The one "add a teacher to a team" form.
    var addTeachers: [Option]
    var addTeams: [Option]

    init(school: String, name: String, _ s: PLCStore.SchoolTeams, csrf: String, notice: String?, problem: String?) {
        self.name = name
        base = "/schools/\(Paths.segment(school))"
        self.csrf = csrf
        self.notice = notice
        self.problem = problem
        let stored = s.teams ?? []
        hasTeams = !stored.isEmpty
        teams = stored.map { team -> Team in
            let others = stored.filter { $0.id != team.id }.map { Option(value: "\($0.id)", label: $0.name) }
            let members = team.members.map { id in Member(teacher: id, name: s.name(id), team: "\(team.id)") }.sorted { $0.name < $1.name }
            return Team(id: "\(team.id)", name: team.name, basis: team.basis == "grade" ? "A grade-level team" : "A subject team",
                        periods: team.commonFreePeriods.isEmpty ? "None" : PairsPage.periods(team.commonFreePeriods),
                        members: members, memberOptions: members.map { Option(value: $0.teacher, label: $0.name) },
                        others: others, canMove: !others.isEmpty)
        }
        let placed = Set(stored.flatMap(\.members))
        let left = s.teachers.filter { !placed.contains($0.id) }.map(\.name)
        unassigned = left.joined(separator: ", ")
        hasUnassigned = hasTeams && !left.isEmpty
        addTeachers = s.teachers.map { Option(value: $0.id, label: $0.name) }
        addTeams = stored.map { Option(value: "\($0.id)", label: $0.name) }
    }
}
