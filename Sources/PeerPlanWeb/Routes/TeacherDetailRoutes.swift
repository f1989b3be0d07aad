import Foundation
import Hummingbird
import PeerPlanReports
import PeerPlanStore

/// `/schools/{school}/teachers/{teacher}`: one teacher as their principal sees them. Raw scores
/// only when the district's policy allows it (`web.showScoresToPrincipals`, off by default).
struct TeacherDetailRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        app.group(router, "/schools/{school}/teachers", area: .school).get("{teacher}") { _, context in try await routes.page(context) }
    }

    func page(_ context: WebContext) async throws -> Response {
        let school = context.parameters.get("school") ?? "", teacher = context.parameters.get("teacher") ?? "", store = app.store
        let withScores = app.options.config?.showScoresToPrincipals ?? false
        let detail = try await offload { try store.teacherDetail(school: school, teacher: teacher, withScores: withScores) }
        let page = TeacherDetailPage(detail, school: school, csrf: context.identity?.csrfToken ?? "")
        return app.pages.page("teacher", title: "\(detail.name) · \(detail.schoolName)", context: context,
                              path: "/schools/\(Paths.segment(school))/teachers/\(Paths.segment(teacher))", content: page)
    }
}

/// The page model of a teacher's detail page.
struct TeacherDetailPage: Sendable {
    struct ClassRow: Sendable {
        var title: String
        var periods: String
    }

    struct PairRow: Sendable {
        var sentence: String
        var focus: String
    }

    struct ScoreRow: Sendable {
        var indicator: String
        var score: String
        var observedOn: String
    }

    var teacherName: String
    var id: String
    var schoolName: String
    var base: String
    var csrf: String
    var participating: Bool
    var classes: [ClassRow]
    var hasClasses: Bool
    var freePeriods: String
    var pairs: [PairRow]
    var hasPairs: Bool
    var teams: String
    var showScores: Bool
    var scores: [ScoreRow]
    var hasScores: Bool

    init(_ d: TeacherDetail, school: String, csrf: String) {
        teacherName = d.name
        id = d.id
        schoolName = d.schoolName
        base = "/schools/\(Paths.segment(school))"
        self.csrf = csrf
        participating = d.participating
        classes = d.classes.map { ClassRow(title: $0.title, periods: $0.periods.isEmpty ? "—" : $0.periods.joined(separator: ", ")) }
        hasClasses = !classes.isEmpty
        freePeriods = d.freePeriods.isEmpty ? "None" : PairsPage.periods(d.freePeriods)
        pairs = d.pairs.map { p in
            PairRow(sentence: (p.supports ? "Supports \(p.colleague)" : "Learns with \(p.colleague)") + (p.dropped ? " (dropped)" : ""),
                    focus: p.focus.isEmpty ? "—" : p.focus.joined(separator: ", "))
        }
        hasPairs = !pairs.isEmpty
        teams = d.teams.isEmpty ? "None" : d.teams.joined(separator: ", ")
        showScores = d.scores != nil
        scores = (d.scores ?? []).map { ScoreRow(indicator: $0.indicator, score: ScoreText.format($0.score), observedOn: $0.observedOn) }
        hasScores = !scores.isEmpty
    }
}
