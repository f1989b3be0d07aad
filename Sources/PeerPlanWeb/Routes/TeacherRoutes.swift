import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanStore

/// A teacher's own pages: `GET /me` (my week, my calendar link, taking part or not),
/// `POST /me/feed-link`, `POST /me/participation` and `GET /me/calendar.ics`.
struct TeacherRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let me = app.group(router, "/me", area: .teacher)
        me.get { request, context in try await routes.myWeek(request, context) }
        me.post("feed-link") { _, context in try await routes.issueFeedLink(context) }
        me.post("participation") { _, context in try await routes.setParticipation(context) }
        me.get("calendar.ics") { _, context in try await routes.download(context) }
    }

    func myWeek(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let account = context.account, let teacher = account.teacherId else { return app.pages.notFound(context) }
        let store = app.store, every = app.options.observationEveryWeeks
        let config = app.options.config, today = app.today
        let (week, participating, dates) = try await offload {
            (try store.teacherWeek(teacher: teacher, observationEveryWeeks: every), try store.participation(of: teacher),
             try config.map { try store.teacherDates(teacher: teacher, config: $0, from: today, days: MyDates.days) })
        }
        // A link just created is shown in full on this one page, then never again (the store keeps its hash).
        let issued = request.uri.queryParameters["link"] == "new"
            ? context.identity.flatMap { app.newLinks.take(session: $0.idHash, now: app.options.clock()) } : nil
        var page = MyWeekPage(week: week, csrf: context.identity?.csrfToken ?? "", base: feedBase(request), issued: issued,
                              timeZone: app.options.timeZone)
        page.participation = .init(participating: participating, changed: request.uri.queryParameters["participation"] == "changed")
        page.dates = dates.map { MyDates($0, schools: week.schools) }
        return app.pages.page("me", title: "My week", context: context, path: "/me", content: page)
    }

    func issueFeedLink(_ context: WebContext) async throws -> Response {
        guard let account = context.account else { return app.pages.notFound(context) }
        let tokens = FeedTokens(store: app.store), now = app.options.clock()
        let (issued, _) = try await offload { try tokens.newOwnLink(for: account, now: now) }
        if let session = context.identity?.idHash { app.newLinks.put(issued, session: session, now: now) }
        return Responses.redirect(to: "/me?link=new#calendar")
    }

    /// `participating=yes|no`: the teacher opts in or out (audited); back to the page.
    func setParticipation(_ context: WebContext) async throws -> Response {
        guard let account = context.account else { return app.pages.notFound(context) }
        let choice: Bool
        switch context.form?["participating"] {
        case "yes"?: choice = true
        case "no"?: choice = false
        default:
            return app.pages.message(MessagePage(heading: "Nothing was changed",
                                                 paragraphs: ["Choose whether to take part in peer collaboration, then send the form again."],
                                                 link: .init(href: "/me#participation", label: "Back to my week")),
                                     context: context, path: "/me", status: .unprocessableContent)
        }
        let store = app.store, now = app.options.clock()
        _ = try await offload { try store.setOwnParticipation(account: account, participating: choice, now: now) }
        return Responses.redirect(to: "/me?participation=changed#participation")
    }

    /// My calendar as a file, rendered by the same source the subscription feeds use.
    func download(_ context: WebContext) async throws -> Response {
        guard let teacher = context.account?.teacherId else { return app.pages.notFound(context) }
        let source = app.feeds.source
        let calendar: RenderedCalendar
        do {
            calendar = try await offload { try source.calendar(for: .teacher(teacher)) }
        } catch PublishingError.noScheduleForTeacher(_), PublishingError.nothingPublished(_) {
            return app.pages.message(MessagePage(heading: "Nothing to download yet",
                                                 paragraphs: ["Your school has not placed its week yet, so your calendar has no sessions. It will once it has."],
                                                 link: .init(href: "/me", label: "Back to my week")),
                                     context: context, path: "/me", status: .conflict)
        }
        let body = ByteBuffer(string: calendar.text)
        return Response(status: .ok, headers: [
            .contentType: "text/calendar; charset=utf-8",
            .contentDisposition: "attachment; filename=\"peerplan-my-calendar.ics\"",
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
            .contentLength: "\(body.readableBytes)",
        ], body: .init(byteBuffer: body))
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

    /// The teacher's active link, which PeerPlan cannot show again (it keeps only a hash).
    struct Existing: Sendable {
        var short: String
        var since: String
    }

    var name: String
    var schools: [SchoolWeek]
    /// The link just created, shown in full this once.
    var link: Links?
    /// The newest active link when none was just created.
    var existing: Existing?
    var csrf: String
    var participation = Participation(participating: true, changed: false)
    /// My dated sessions of the next weeks and my micro-credential checkpoints (nil: PeerPlan
    /// runs without its configuration).
    var dates: MyDates?

    /// Whether the teacher takes part in peer collaboration, and the form to change it.
    struct Participation: Sendable {
        var participating: Bool
        /// The page follows a change (the confirmation shows).
        var changed: Bool
    }

    init(week: TeacherWeek, csrf: String, base: String, issued: IssuedFeedToken?, timeZone: TimeZone) {
        name = week.name
        schools = week.schools.map { school in
            let rows = week.sessions.filter { $0.school == school.id }.map(Self.row)
            return SchoolWeek(name: school.name, showName: week.schools.count > 1, sessions: rows, hasSessions: !rows.isEmpty,
                              hasSchedule: school.hasSchedule)
        }
        let active = week.feedTokens.last
        link = issued.flatMap { issued in
            guard issued.stored.tokenHash == active?.tokenHash else { return nil }  // replaced or revoked since
            let https = "\(base)/feeds/\(issued.token).ics"
            return Links(https: https, webcal: "webcal" + https.drop(while: { $0 != ":" }))
        }
        existing = link == nil ? active.map { Existing(short: $0.shortToken, since: SchoolPage.date($0.createdAt, timeZone)) } : nil
        self.csrf = csrf
    }

    /// How often, and for a session every other week which turn: "Every 2 weeks (the term's 2nd,
    /// 4th, 6th… weeks)", or on a rotation "Every other A day (the term's 1st, 3rd, 5th… A days)".
    static func cadence(_ s: TeacherWeek.Session) -> String {
        guard s.everyWeeks > 1 else { return "Every week" }
        let which = s.turn.map { $0 == 0 ? "1st, 3rd, 5th…" : "2nd, 4th, 6th…" }
        if case .rotation(let day)? = ScheduleDay(parsing: s.day), s.everyWeeks == 2 {
            return "Every other \(day) day" + (which.map { " (the term's \($0) \(day) days)" } ?? "")
        }
        return "Every \(s.everyWeeks) weeks" + (s.everyWeeks == 2 ? which.map { " (the term's \($0) weeks)" } ?? "" : "")
    }

    static func row(_ s: TeacherWeek.Session) -> Row {
        let periods = s.periods.count == 1 ? "Period \(s.periods[0])" : "Periods \(s.periods.first ?? "")–\(s.periods.last ?? "")"
        var row = Row(day: Words.day(s.day), time: s.start.isEmpty ? "" : "\(s.start)–\(s.end)", periods: periods,
                      what: Words.kind(s.kind), detail: nil, with: s.with.isEmpty ? "Just you" : s.with.joined(separator: ", "),
                      place: "—", cadence: cadence(s),
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

/// The "upcoming dates" and "checkpoints" parts of `/me`: what the teacher's calendar holds
/// over the next weeks, with the school calendar and week changes applied.
struct MyDates: Sendable {
    static let days = 21

    struct Row: Sendable {
        var date: String
        var time: String
        var what: String
        var with: String
        var note: String
    }

    struct Missed: Sendable {
        var date: String
        var what: String
        var why: String
    }

    struct Point: Sendable {
        var date: String
        var credential: String
        var step: String
        var state: String
    }

    var through: String
    var upcoming: [Row]
    var hasUpcoming: Bool
    var missed: [Missed]
    var hasMissed: Bool
    var checkpoints: [Point]
    var hasCheckpoints: Bool

    init(_ dates: TeacherDates, schools: [TeacherWeek.School]) {
        let showSchool = Set(dates.occurrences.map(\.school)).count > 1
        let schoolName = Dictionary(schools.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        through = Self.date(dates.through)
        upcoming = dates.occurrences.map { o in
            var note = o.movedFrom.map { "Moved from \(Self.date($0))" + (o.reason.map { ": \(Self.reason($0))" } ?? "") } ?? ""
            if showSchool { note = [schoolName[o.school] ?? o.school, note].filter { !$0.isEmpty }.joined(separator: " · ") }
            return Row(date: Self.date(o.date), time: "\(o.start)–\(o.end)", what: Words.kind(o.kind),
                       with: o.with.isEmpty ? "Just you" : o.with.joined(separator: ", "), note: note.isEmpty ? "—" : note)
        }
        hasUpcoming = !upcoming.isEmpty
        missed = dates.skipped.map { Missed(date: Self.date($0.date), what: Words.kind($0.kind), why: Self.reason($0.reason)) }
        hasMissed = !missed.isEmpty
        checkpoints = dates.checkpoints.map { c in
            Point(date: Self.date(c.date), credential: c.credential, step: c.label.isEmpty ? c.kind.rawValue : c.label,
                  state: c.cancelled ? "Cancelled" : c.status == "withdrawn" ? "Withdrawn" : c.date < dates.from ? "Past" : "Coming")
        }
        hasCheckpoints = !checkpoints.isEmpty
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `Wednesday 9 September`.
    static func date(_ d: CalendarDate) -> String { "\(d.weekday.fullName) \(d.day) \(months[d.month - 1])" }

    /// The school calendar's codes in words; a week change's own reason as recorded.
    static func reason(_ code: String) -> String {
        switch code {
        case "holiday": return "Holiday"
        case "break": return "School break"
        case "no-school": return "No school"
        case "early-release": return "Early release"
        case "early release": return "Early release: the school day ends before this session"
        case "testing": return "Testing day: no peer visits"
        default: return code
        }
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
