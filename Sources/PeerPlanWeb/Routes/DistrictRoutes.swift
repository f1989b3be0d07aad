import Foundation
import Hummingbird
import PeerPlanStore

/// The district's pages: `/district` (every school, counts only), `/district.csv`, and the
/// pages still to come. District staff only.
struct DistrictRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let district = app.group(router, "/district", area: .district)
        district.get { _, context in try await routes.schools(context) }
        district.get("costs") { _, context in
            routes.comingSoon(context, heading: "Costs — coming soon", path: "/district/costs",
                              text: "The cost comparison of pairing and micro-credentials, by school, with its charts and sources.")
        }
        district.get("import") { _, context in
            routes.comingSoon(context, heading: "Import — coming soon", path: "/district/import",
                              text: "Upload the district folder as a .zip and see every error or the summary.")
        }
        app.group(router, "/district.csv", area: .district)
            .get { _, context in try await routes.csv(context) }
    }

    func schools(_ context: WebContext) async throws -> Response {
        let store = app.store
        let overview = try await offload { try store.districtOverview() }
        return app.pages.page("district", title: "Schools", context: context, path: "/district", content: DistrictPage(overview))
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

    func comingSoon(_ context: WebContext, heading: String, path: String, text: String) -> Response {
        app.pages.message(MessagePage(heading: heading,
                                      paragraphs: ["\(text) This page of PeerPlan is not built yet.",
                                                   "Until it is, a PeerPlan administrator can do this from the command line."],
                                      link: .init(href: "/district", label: "Back to the schools")),
                          context: context, path: path, status: .ok)
    }
}

/// The page model of `/district`: one row per school, counts only; no teacher is named.
struct DistrictPage: Sendable {
    struct Row: Sendable {
        var name: String
        var href: String
        var teachers: Int
        var participating: Int
        var pairs: String
        var unpaired: String
        var placed: String
        var unplaced: String
        var published: String
    }

    var rows: [Row]
    var hasSchools: Bool
    var schoolCount: Int

    init(_ overview: DistrictOverview) {
        rows = overview.schools.map { s in
            Row(name: s.name, href: "/schools/\(Paths.segment(s.school))", teachers: s.teachers, participating: s.participatingTeachers,
                pairs: s.pairs.map(String.init) ?? "—", unpaired: s.unpairedTargets.map(String.init) ?? "—",
                placed: s.placedSessions.map(String.init) ?? "—", unplaced: s.unplacedSessions.map(String.init) ?? "—",
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
