import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanStore

/// A teacher's own pages: `GET /me` (my week, my calendar link) and `POST /me/feed-link`.
struct TeacherRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let me = app.group(router, "/me", area: .teacher)
        me.get { request, context in try await routes.myWeek(request, context) }
        me.post("feed-link") { _, context in try await routes.issueFeedLink(context) }
    }

    func myWeek(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let account = context.account, let teacher = account.teacherId else { return app.pages.notFound(context) }
        let store = app.store, every = app.options.observationEveryWeeks
        let week = try await offload { try store.teacherWeek(teacher: teacher, observationEveryWeeks: every) }
        let page = MyWeekPage(week: week, csrf: context.identity?.csrfToken ?? "", base: feedBase(request),
                              issued: request.uri.queryParameters["link"] == "new")
        return app.pages.page("me", title: "My week", context: context, path: "/me", content: page)
    }

    func issueFeedLink(_ context: WebContext) async throws -> Response {
        guard let account = context.account else { return app.pages.notFound(context) }
        let tokens = FeedTokens(store: app.store), now = app.options.clock()
        let (_, isNew) = try await offload { try tokens.ownLink(for: account, now: now) }
        return Responses.redirect(to: isNew ? "/me?link=new#calendar" : "/me#calendar")
    }

    /// Where feed links point: the public address when configured, else this request's host.
    func feedBase(_ request: Request) -> String {
        if let base = app.options.baseURL { return base }
        return "http://" + (request.head.authority ?? "127.0.0.1:8080")
    }
}

/// The page model of `/me`. Friendly words only; never a score, a rating or a colleague's
/// focus skills outside the teacher's own pair (the read model holds none).
struct MyWeekPage: Sendable {
    struct SchoolWeek: Sendable {
        var name: String
        var showName: Bool
        var sessions: [Row]
        var hasSessions: Bool
        var hasSchedule: Bool
    }

    struct Row: Sendable {
        var day: String
        var time: String
        var periods: String
        var what: String
        var detail: String?
        var with: String
        var place: String
        var cadence: String
        var focus: String?
    }

    struct Links: Sendable {
        var https: String
        var webcal: String
    }

    var name: String
    var schools: [SchoolWeek]
    /// The newest active link of the teacher's own calendar.
    var link: Links?
    var issued: Bool
    var csrf: String

    init(week: TeacherWeek, csrf: String, base: String, issued: Bool) {
        name = week.name
        schools = week.schools.map { school in
            let rows = week.sessions.filter { $0.school == school.id }.map(Self.row)
            return SchoolWeek(name: school.name, showName: week.schools.count > 1, sessions: rows, hasSessions: !rows.isEmpty,
                              hasSchedule: school.hasSchedule)
        }
        link = week.feedTokens.last.map { token in
            let https = "\(base)/feeds/\(token.token).ics"
            return Links(https: https, webcal: "webcal" + https.drop(while: { $0 != ":" }))
        }
        self.issued = issued
        self.csrf = csrf
    }

    static func row(_ s: TeacherWeek.Session) -> Row {
        let periods = s.periods.count == 1 ? "Period \(s.periods[0])" : "Periods \(s.periods.first ?? "")–\(s.periods.last ?? "")"
        var row = Row(day: Words.day(s.day), time: s.start.isEmpty ? "" : "\(s.start)–\(s.end)", periods: periods,
                      what: Words.kind(s.kind), detail: nil, with: s.with.isEmpty ? "Just you" : s.with.joined(separator: ", "),
                      place: "—", cadence: s.everyWeeks == 1 ? "Every week" : "Every \(s.everyWeeks) weeks",
                      focus: s.focusSkills.isEmpty ? nil : s.focusSkills.joined(separator: ", "))
        switch s.visit {
        case .visiting(let host)?:
            row.detail = "You observe \(host) teaching" + (s.lesson.map { " \($0)" } ?? "")
            row.place = s.location ?? "\(host)’s classroom"
        case .hosting(let observer)?:
            row.detail = "\(observer) observes your class" + (s.lesson.map { " (\($0))" } ?? "")
            row.place = s.location ?? "Your classroom"
        case nil:
            break
        }
        if s.kind == "plc" { row.detail = s.team }
        if s.kind == "pd" { row.detail = "Your own time for professional learning" }
        return row
    }
}

/// The words pages use for the store's codes.
enum Words {
    /// Placement kinds as teachers and principals read them.
    static func kind(_ kind: String) -> String {
        switch kind {
        case "pair": return "Peer collaboration"
        case "observation": return "Peer visit"
        case "plc": return "PLC"
        case "pd": return "Protected PD time"
        default: return kind
        }
    }

    /// `Mon` → `Monday`; a rotation day `A` → `Day A`.
    static func day(_ day: String) -> String {
        switch ScheduleDay(parsing: day) {
        case .weekday(let weekday)?: return weekday.fullName
        case .rotation(let label)?: return "Day \(label)"
        case nil: return day
        }
    }
}
