import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// What the cost pages need, loaded once at start-up: the configuration (for the cost inputs)
/// and the cost figures with their sources.
struct CostSettings: Sendable {
    var config: PeerPlanConfig
    var parameters: CostParameters

    init?(_ options: WebApp.Options) {
        guard let config = options.config, let parameters = options.costParameters else { return nil }
        self.config = config
        self.parameters = parameters
    }
}

/// `GET /district/costs`: the cost comparison of pairing and micro-credentials aggregated by
/// school, rendered by `CostHTML.schoolsFragment` (no teacher named), and the dose figures the
/// district table shows. District staff only.
struct DistrictCostsRoutes {
    let app: WebApp

    func add(to district: RouterGroup<WebContext>) {
        let routes = self
        district.get("costs") { _, context in try await routes.costs(context) }
    }

    func costs(_ context: WebContext) async throws -> Response {
        guard let settings = CostSettings(app.options) else {
            return message(context, status: .serviceUnavailable, heading: "Costs are not available",
                           text: "PeerPlan was started without its cost figures (costs.yaml), so it cannot compare costs. An administrator can add them and restart it.")
        }
        let store = app.store, today = app.today, reports = app.reports
        let html: String? = try await offload {
            // The district's report is the same for every session: built once per store generation and day.
            let generation = try store.generation()
            if let kept = reports.report(generation: generation, day: today.description) { return kept }
            let inputs = try CostInputsLoader.load(from: store, school: nil, config: settings.config)
            guard !inputs.schools.isEmpty else { return nil }
            let report = CostModel.compute(inputs, settings.parameters)
            let sensitivity = Sensitivity.analyse(inputs, settings.parameters)
            let html = CostHTML.schoolsFragment(report: report, inputs: inputs, parameters: settings.parameters, sensitivity: sensitivity, date: today)
            reports.keep(html, generation: generation, day: today.description)
            return html
        }
        guard let html else {
            return message(context, status: .conflict, heading: "No costs yet",
                           text: "Costs are computed from the weeks schools have placed, and no school has placed its week yet.")
        }
        return app.pages.page("costs", title: "Costs", context: context, path: "/district/costs", content: CostsPage(report: html))
    }

    /// The dose column of `/district`: scheduled collaboration hours per participating teacher
    /// per year, per school (the same figure the cost report shows); empty without cost figures.
    static func dose(store: Store, settings: CostSettings?) throws -> [String: DoseResult] {
        guard let settings else { return [:] }
        let inputs = try CostInputsLoader.load(from: store, school: nil, config: settings.config)
        var result: [String: DoseResult] = [:]
        for school in inputs.schools {
            let weeks = school.schoolYearWeeks ?? settings.parameters.schoolYearWeeks.value ?? 36
            result[school.id] = Dose.result(scope: school.id, hours: Dose.hoursByTeacher(school, weeks: weeks), weeks: weeks,
                                            bands: settings.parameters.dose)
        }
        return result
    }

    func message(_ context: WebContext, status: HTTPResponse.Status, heading: String, text: String) -> Response {
        app.pages.message(MessagePage(heading: heading, paragraphs: [text], link: .init(href: "/district", label: "Back to the schools")),
                          context: context, path: "/district/costs", status: status)
    }
}

/// The page model of `/district/costs`: the report fragment, already escaped by its renderer.
struct CostsPage: Sendable {
    var report: String
}

/// The district's cost report (HTML) while the store and the day are unchanged: the sensitivity
/// analysis behind it re-runs the cost model hundreds of times, and the report is the same for
/// every district session.
final class CostReportCache: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (generation: Store.Generation, day: String, html: String)?

    func report(generation: Store.Generation, day: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let kept, kept.generation == generation, kept.day == day else { return nil }
        return kept.html
    }

    func keep(_ html: String, generation: Store.Generation, day: String) {
        lock.lock()
        kept = (generation, day, html)
        lock.unlock()
    }
}
