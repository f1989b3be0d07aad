import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// A school's week, `/schools/{school}/week` (the grid, what could not be placed and why, and
/// placing the week) and `/schools/{school}/changes` (one week's absences and closed days:
/// a preview that changes nothing, then confirm). Same access as the school's page.
struct WeekRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let school = app.group(router, "/schools/{school}", area: .school)
        school.get("week") { request, context in try await routes.week(request, context) }
        school.post("week") { _, context in try await routes.placeWeek(context) }
        school.get("changes") { request, context in try await routes.changes(request, context) }
        school.post("changes") { _, context in try await routes.confirmChanges(context) }
    }

    func schoolId(_ context: WebContext) -> String { context.parameters.get("school") ?? "" }
    func base(_ id: String) -> String { "/schools/\(Paths.segment(id))" }

    // MARK: The week

    func week(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store
        let query = FormData(request.uri.query ?? "")
        let overview = try await offload { try store.schoolOverview(school: id) }
        let teachers = try await offload { try store.schoolTeacherNames(school: id) }
        let teacher = query["teacher"].flatMap { $0.isEmpty ? nil : $0 }
        if let teacher, !teachers.contains(where: { $0.id == teacher }) { return app.pages.notFound(context) }
        var week: Scheduler.Week?
        if overview.schedule != nil, let config = app.options.config {
            let scheduler = Scheduler(store: store, config: config)
            week = try await offload { try scheduler.week(school: id, teacher: teacher) }
        }
        let page = WeekPage(name: overview.name, base: base(id), csrf: context.identity?.csrfToken ?? "", week: week,
                            teachers: teachers, teacher: teacher, placed: query["placed"])
        return app.pages.page("week", title: "The week · \(overview.name)", context: context, path: "\(base(id))/week", content: page)
    }

    func placeWeek(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        guard let account = context.account else { return app.pages.notFound(context) }
        _ = try await offload { try store.schoolOverview(school: id) }
        guard let config = app.options.config else { return unavailable(context, id) }
        let scheduler = Scheduler(store: store, config: config)
        do {
            let outcome = try await offload { try scheduler.schedule(school: id, actor: .account(account), at: now) }
            return Responses.redirect(to: "\(base(id))/week?placed=\(outcome.answer.placements.count)-\(outcome.answer.unplaced.count)")
        } catch let error as StoreError where error.kind != .notFound {
            return failure(error, context, id, page: "week", heading: "The week could not be placed")
        }
    }

    // MARK: Changes

    func changes(_ request: Request, _ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store
        let query = FormData(request.uri.query ?? "")
        let overview = try await offload { try store.schoolOverview(school: id) }
        let teachers = try await offload { try store.schoolTeacherNames(school: id) }
        var page = ChangesPage(name: overview.name, base: base(id), csrf: context.identity?.csrfToken ?? "", teachers: teachers,
                               hasSchedule: overview.schedule != nil, form: query)
        page.applied = query["applied"]
        if query["week"] != nil {
            switch WeekRequest.parse(query, teachers: teachers) {
            case .failure(let message):
                page.problem = message
                return app.pages.page("changes", title: "This week’s changes · \(overview.name)", context: context,
                                      path: "\(base(id))/changes", status: .unprocessableContent, content: page)
            case .success(let asked):
                guard let config = app.options.config else { return unavailable(context, id) }
                let changes = WeekChanges(store: store, config: config)
                do {
                    let outcome = try await offload { try changes.preview(school: id, date: asked.date, absences: asked.absences) }
                    page.preview = ChangesPage.Preview(outcome, names: Dictionary(teachers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                                                       asked: asked)
                } catch let error as StoreError where error.kind != .notFound || error.isTeacherNotAtSchool {
                    page.problem = WeekRequest.sentence(error)
                    return app.pages.page("changes", title: "This week’s changes · \(overview.name)", context: context,
                                          path: "\(base(id))/changes", status: Self.status(error), content: page)
                }
            }
        }
        return app.pages.page("changes", title: "This week’s changes · \(overview.name)", context: context, path: "\(base(id))/changes", content: page)
    }

    func confirmChanges(_ context: WebContext) async throws -> Response {
        let id = schoolId(context), store = app.store, now = app.options.clock()
        guard let account = context.account else { return app.pages.notFound(context) }
        let teachers = try await offload { try store.schoolTeacherNames(school: id) }
        guard let config = app.options.config else { return unavailable(context, id) }
        switch WeekRequest.parse(context.form ?? FormData(""), teachers: teachers) {
        case .failure(let message):
            return app.pages.message(MessagePage(heading: "Nothing was changed", paragraphs: [message],
                                                 link: .init(href: "\(base(id))/changes", label: "Back to this week’s changes")),
                                     context: context, path: "\(base(id))/changes", status: .unprocessableContent)
        case .success(let asked):
            let changes = WeekChanges(store: store, config: config)
            do {
                let outcome = try await offload { try changes.apply(school: id, date: asked.date, absences: asked.absences, actor: .account(account), at: now) }
                let moved = outcome.changes.filter { $0.action == "moved" }.count
                return Responses.redirect(to: "\(base(id))/changes?applied=\(outcome.weekStart)-\(moved)-\(outcome.changes.count - moved)")
            } catch let error as StoreError where error.kind != .notFound || error.isTeacherNotAtSchool {
                return failure(error, context, id, page: "changes", heading: "Nothing was changed")
            }
        }
    }

    // MARK: Errors

    /// A library's refusal as a page: 409 for a step still to do, 422 for a rule broken.
    func failure(_ error: StoreError, _ context: WebContext, _ id: String, page: String, heading: String) -> Response {
        app.pages.message(MessagePage(heading: heading, paragraphs: [WeekRequest.sentence(error)],
                                      link: .init(href: "\(base(id))/\(page)", label: "Back to the page")),
                          context: context, path: "\(base(id))/\(page)", status: Self.status(error))
    }

    static func status(_ error: StoreError) -> HTTPResponse.Status {
        switch error.kind {
        case .missingStep: return .conflict
        case .notFound, .ruleViolation: return .unprocessableContent
        }
    }

    /// The server was started without its Config folder: the cycle's pages cannot run.
    func unavailable(_ context: WebContext, _ id: String) -> Response {
        app.pages.message(MessagePage(heading: "Not available on this server",
                                      paragraphs: ["This server was started without PeerPlan’s settings, so it cannot place or change the week."],
                                      link: .init(href: base(id), label: "Back to the school")),
                          context: context, path: base(id), status: .serviceUnavailable)
    }
}

extension StoreError {
    /// A teacher the form named who is not at the school: the form's mistake, not a missing page.
    var isTeacherNotAtSchool: Bool {
        if case .teacherNotAtSchool = self { return true }
        return false
    }
}

/// What the changes form asks for: a date in the week, absences (teacher and date, as many as
/// filled in) and days closed. A closed day is every teacher of the school absent that day, so
/// every session of that day moves or is cancelled, as `WeekChanges` does for any absence.
struct WeekRequest: Sendable {
    var date: CalendarDate
    var absent: [WeekChanges.Absence]
    var closed: [CalendarDate]
    var absences: [WeekChanges.Absence]

    enum Parsed {
        case success(WeekRequest)
        case failure(String)
    }

    /// Form fields: `week` (a date), `teacher` and `on` repeated in pairs, `closed` repeated.
    static func parse(_ form: FormData, teachers: [(id: String, name: String)]) -> Parsed {
        guard let date = CalendarDate(parsing: form["week"] ?? "") else {
            return .failure("Choose the week: enter any date in it as YYYY-MM-DD.")
        }
        let who = form.all("teacher"), when = form.all("on")
        var absent: [WeekChanges.Absence] = []
        for (index, teacher) in who.enumerated() where !teacher.isEmpty {
            guard teachers.contains(where: { $0.id == teacher }) else { return .failure("That teacher does not teach at this school.") }
            let text = index < when.count ? when[index] : ""
            guard let day = CalendarDate(parsing: text.isEmpty ? date.description : text) else {
                return .failure("“\(text)” is not a date: enter it as YYYY-MM-DD.")
            }
            if !absent.contains(.init(teacher: teacher, date: day)) { absent.append(.init(teacher: teacher, date: day)) }
        }
        var closed: [CalendarDate] = []
        for text in form.all("closed") where !text.isEmpty {
            guard let day = CalendarDate(parsing: text) else { return .failure("“\(text)” is not a date: enter it as YYYY-MM-DD.") }
            if !closed.contains(day) { closed.append(day) }
        }
        let monday = date.adding(days: -(date.weekday.rawValue - 1))
        for day in absent.map(\.date) + closed where day < monday || day > monday.adding(days: 6) {
            return .failure("\(day) is not in the week of \(monday): mark one week at a time.")
        }
        guard !absent.isEmpty || !closed.isEmpty else { return .failure("Mark at least one teacher absent or one day closed.") }
        var all = absent
        for day in closed {
            for t in teachers where !all.contains(.init(teacher: t.id, date: day)) { all.append(.init(teacher: t.id, date: day)) }
        }
        return .success(WeekRequest(date: date, absent: absent, closed: closed, absences: all))
    }

    init(date: CalendarDate, absent: [WeekChanges.Absence], closed: [CalendarDate], absences: [WeekChanges.Absence]) {
        self.date = date
        self.absent = absent
        self.closed = closed
        self.absences = absences
    }

    /// A store refusal in the page's words.
    static func sentence(_ error: StoreError) -> String {
        switch error {
        case .notASchoolDay(let date, let monday): return "\(date) is not a school day in the week of \(monday)."
        case .dateOutsideTerms(let date, let term): return "\(date) is outside the school’s terms (the nearest is \(term.start) to \(term.end))."
        case .teacherNotAtSchool: return "That teacher does not teach at this school."
        default:
            let text = error.description
            return text.prefix(1).uppercased() + text.dropFirst() + "."
        }
    }
}
