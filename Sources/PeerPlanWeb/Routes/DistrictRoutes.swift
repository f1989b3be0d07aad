import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanStore

/// The district's pages: `/district` (every school, counts only, sortable), `/district.csv`,
/// `/district/costs` (`DistrictCostsRoutes`) and `/district/import` (`DistrictImportRoutes`).
/// District staff only.
struct DistrictRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let district = app.group(router, "/district", area: .district)
        district.get { request, context in try await routes.schools(request, context) }
        DistrictCostsRoutes(app: app).add(to: district)
        DistrictImportRoutes(app: app).add(to: district)
        app.group(router, "/district.csv", area: .district)
            .get { _, context in try await routes.csv(context) }
    }

    func schools(_ request: Request, _ context: WebContext) async throws -> Response {
        let store = app.store
        let settings = CostSettings(app.options)
        let (overview, dose) = try await offload { (try store.districtOverview(), try DistrictCostsRoutes.dose(store: store, settings: settings)) }
        let query = request.uri.queryParameters
        let page = DistrictPage(overview, dose: dose.compactMapValues { $0.participatingTeachers == 0 ? nil : $0.meanHours },
                                sort: query["sort"].map(String.init), descending: query["dir"] == "desc")
        return app.pages.page("district", title: "Schools", context: context, path: "/district", content: page)
    }

    func csv(_ context: WebContext) async throws -> Response {
        let store = app.store
        let overview = try await offload { try store.districtOverview() }
        let body = ByteBuffer(string: DistrictPage.csv(overview))
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"peerplan-schools.csv\"",
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
            .contentLength: "\(body.readableBytes)",
        ], body: .init(byteBuffer: body))
    }
}

/// The page model of `/district`: one row per school, counts only; no teacher is named. Sorted
/// by any column through links in the header cells (`?sort=pairs&dir=desc`, no script); a
/// step that has not happened yet (—) sorts last either way, ties by name.
struct DistrictPage: Sendable {
    /// A sortable column: its query name, heading and the value it sorts by.
    struct Column: Sendable {
        var key: String
        var label: String
        var value: @Sendable (DistrictOverview.School, _ dose: Double?) -> Double?
    }

    static let columns: [Column] = [
        Column(key: "teachers", label: "Teachers") { s, _ in Double(s.teachers) },
        Column(key: "participating", label: "Taking part") { s, _ in Double(s.participatingTeachers) },
        Column(key: "pairs", label: "Pairs") { s, _ in s.pairs.map(Double.init) },
        Column(key: "unpaired", label: "Unpaired teachers who wanted a pair") { s, _ in s.unpairedTargets.map(Double.init) },
        Column(key: "placed", label: "Sessions placed") { s, _ in s.placedSessions.map(Double.init) },
        Column(key: "unplaced", label: "Not placed") { s, _ in s.unplacedSessions.map(Double.init) },
        Column(key: "dose", label: "Scheduled collaboration hours per taking-part teacher a year") { _, dose in dose },
        Column(key: "published", label: "Calendars published") { s, _ in s.published ? 1 : 0 },
    ]

    /// One header cell: a link that sorts by it (the other way when it is the sort already).
    struct Header: Sendable {
        var label: String
        var href: String
        /// `ascending`, `descending` or `none` (`aria-sort`).
        var ariaSort: String
        /// ▲ / ▼ beside the sorted column's heading (hidden from screen readers, which read `aria-sort`).
        var arrow: String
    }

    var headers: [Header]
    struct Row: Sendable {
        var name: String
        var href: String
        var teachers: Int
        var participating: Int
        var pairs: String
        var unpaired: String
        var placed: String
        var unplaced: String
        var dose: String
        var published: String
    }

    var rows: [Row]
    var hasSchools: Bool
    var schoolCount: Int

    /// `dose`: the mean scheduled collaboration hours a year per participating teacher, by
    /// school (none where no week is placed or no cost figures are loaded).
    init(_ overview: DistrictOverview, dose: [String: Double] = [:], sort: String? = nil, descending: Bool = false) {
        let column = Self.columns.first { $0.key == sort }
        let key = column?.key ?? "name"
        let desc = descending && (column != nil || sort == "name")
        var schools = overview.schools.sorted { $0.name == $1.name ? $0.school < $1.school : $0.name < $1.name }
        if let column {
            // Stable: equal values keep name order; no value goes last whatever the direction.
            schools = schools.enumerated().sorted { a, b in
                switch (column.value(a.element, dose[a.element.school]), column.value(b.element, dose[b.element.school])) {
                case let (x?, y?) where x != y: return desc ? x > y : x < y
                case (_?, nil): return true
                case (nil, _?): return false
                default: return a.offset < b.offset
                }
            }.map(\.element)
        } else if desc {
            schools.reverse()
        }
        func header(_ key2: String, _ label: String) -> Header {
            let sorted = key2 == key
            let nextDir = sorted && !desc ? "desc" : "asc"
            return Header(label: label, href: "/district?sort=\(key2)&dir=\(nextDir)", ariaSort: sorted ? (desc ? "descending" : "ascending") : "none",
                          arrow: sorted ? (desc ? "▼" : "▲") : "")
        }
        headers = [header("name", "School")] + Self.columns.map { header($0.key, $0.label) }
        rows = schools.map { s in
            Row(name: s.name, href: "/schools/\(Paths.segment(s.school))", teachers: s.teachers, participating: s.participatingTeachers,
                pairs: s.pairs.map(String.init) ?? "—", unpaired: s.unpairedTargets.map(String.init) ?? "—",
                placed: s.placedSessions.map(String.init) ?? "—", unplaced: s.unplacedSessions.map(String.init) ?? "—",
                dose: dose[s.school].map(CostFormat.hours) ?? "—",
                published: s.published ? "Yes" : "No")
        }
        hasSchools = !rows.isEmpty
        schoolCount = rows.count
    }

    static let csvHeader = ["school", "name", "teachers", "participating", "pairs", "unpairedTargets", "placedSessions", "unplacedSessions", "published"]

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break;
    /// an empty field where a step has not happened yet. A name starting like a spreadsheet
    /// formula (`=`, `+`, `-`, `@`) gets a leading apostrophe so a spreadsheet shows it as text.
    static func csv(_ overview: DistrictOverview) -> String {
        func field(_ raw: String) -> String {
            let text = raw.first.map { "=+-@".contains($0) } == true ? "'" + raw : raw
            return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [csvHeader.joined(separator: ",")]
        for s in overview.schools {
            func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
            let values: [String] = [s.school, s.name, String(s.teachers), String(s.participatingTeachers), count(s.pairs),
                                    count(s.unpairedTargets), count(s.placedSessions), count(s.unplacedSessions), s.published ? "yes" : "no"]
            lines.append(values.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
