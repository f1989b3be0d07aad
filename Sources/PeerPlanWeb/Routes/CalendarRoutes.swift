import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore

/// `/schools/{school}/calendars`: publish the school's calendars (what changed since the last
/// publication first), and the feed links of each teacher, the school and each PLC team
/// (issue, shown in full once; revoke). Same access as the school's page.
struct CalendarRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let school = app.group(router, "/schools/{school}", area: .school)
        school.get("calendars") { request, context in try await routes.calendars(request, context) }
        school.post("calendars") { _, context in try await routes.publish(context) }
        school.post("calendars/links") { _, context in try await routes.issue(context) }
        school.post("calendars/links/revoke") { _, context in try await routes.revoke(context) }
    }

    func schoolId(_ context: WebContext) -> String { context.parameters.get("school") ?? "" }
    func base(_ id: String) -> String { "/schools/\(Paths.segment(id))/calendars" }

    func calendars(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        let query = FormData(request.uri.query ?? "")
        let overview = try await offload { try store.schoolOverview(school: id) }
        let teachers = try await offload { try store.schoolTeacherNames(school: id) }
        let teams = try await offload { () -> [PLCStore.Team] in
            do { return try PLCStore(store: store).teams(school: id) } catch StoreError.noPLCTeams { return [] }
        }
        let tokens = try await offload { try FeedTokens(store: store).list(school: id, includeRevoked: false) }
        var pending: Publisher.Summary?
        if overview.schedule != nil, let config = app.options.config {
            let publisher = Publisher(store: store, config: config)
            pending = try await offload { try publisher.unpublished(school: id, now: now) }
        }
        // A link just issued is shown in full on this one page, then never again.
        let issued = query["issued"] == nil ? nil : context.identity.flatMap { app.newLinks.take(session: $0.idHash, now: now) }
        let page = CalendarsPage(overview: overview, base: base(id), school: "/schools/\(Paths.segment(id))", csrf: context.identity?.csrfToken ?? "",
                                 teachers: teachers, teams: teams, tokens: tokens, issued: issued, pending: pending,
                                 feedBase: TeacherRoutes(app: app).feedBase(request), query: query, timeZone: app.options.timeZone)
        return app.pages.page("calendars", title: "Calendars · \(overview.name)", context: context, path: base(id), content: page)
    }

    func publish(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        guard let account = context.account else { return app.pages.notFound(context) }
        _ = try await offload { try store.schoolOverview(school: id) }
        guard let config = app.options.config else { return WeekRoutes(app: app).unavailable(context, "\(id)") }
        let publisher = Publisher(store: store, config: config)
        do {
            let summary = try await offload { try publisher.publish(school: id, actor: .account(account), now: now) }
            return Responses.redirect(to: "\(base(id))?published=\(summary.calendars)-\(summary.newEvents)-\(summary.changedEvents)")
        } catch let error as StoreError where error.kind != .notFound {
            return WeekRoutes(app: app).failure(error, context, id, page: "calendars", heading: "The calendars could not be published")
        }
    }

    func issue(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        guard let account = context.account else { return app.pages.notFound(context) }
        let form = context.form ?? FormData("")
        guard let kind = CalendarAudience.Kind(rawValue: form["scope"] ?? ""),
              let audience = CalendarAudience(kind: kind, subject: form["subject"] ?? "") else { return app.pages.notFound(context) }
        do {
            let issued = try await offload { try FeedTokens(store: store).issue(for: audience, school: id, actor: .account(account), now: now) }
            if let session = context.identity?.idHash { app.newLinks.put(issued, session: session, now: now) }
            return Responses.redirect(to: "\(base(id))?issued=\(issued.stored.prefix)#links")
        } catch is FeedTokenError {
            return app.pages.notFound(context)
        }
    }

    func revoke(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        guard let account = context.account else { return app.pages.notFound(context) }
        let given = context.form?["link"] ?? ""
        do {
            let token = try await offload { try FeedTokens(store: store).revoke(token: given, school: id, actor: .account(account), now: now) }
            return Responses.redirect(to: "\(base(id))?revoked=\(token.prefix)#links")
        } catch is FeedTokenError {
            // Unknown, already revoked or another school's: the same answer as a missing page.
            return app.pages.notFound(context)
        }
    }
}
