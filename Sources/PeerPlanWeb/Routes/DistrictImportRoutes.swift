import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanStore

/// `GET /district/import` (the upload form, the latest imports) and `POST /district/import`:
/// a district folder as a `.zip`, imported in one transaction with its audit entry. The import
/// runs while the browser waits; a problem shows the file, line and column and changes
/// nothing; a success redirects back to the page, which says what changed. District staff only.
struct DistrictImportRoutes {
    let app: WebApp

    func add(to district: RouterGroup<WebContext>) {
        let routes = self
        district.get("import") { request, context in try await routes.page(request, context) }
        district.post("import") { _, context in try await routes.upload(context) }
    }

    func page(_ request: Request, _ context: WebContext) async throws -> Response {
        let audit = AuditLog(store: app.store)
        let entries = try await offload { try audit.list(limit: 500).filter { $0.action == AuditLog.Action.districtImported.rawValue } }
        let confirmation: String? = switch request.uri.queryParameters["result"].map(String.init) {
        case "imported"?: "The district’s files are imported."
        case "unchanged"?: "Nothing changed: PeerPlan already holds exactly these files’ data."
        default: nil
        }
        var page = ImportPage(csrf: context.identity?.csrfToken ?? "", maxMegabytes: app.options.maxUploadBytes / 1_000_000,
                              entries: entries, timeZone: app.options.timeZone)
        page.confirmation = confirmation
        return app.pages.page("import", title: "Import", context: context, path: "/district/import", content: page)
    }

    func upload(_ context: WebContext) async throws -> Response {
        guard let account = context.account else { return app.pages.notFound(context) }
        guard let config = app.options.config else {
            return problem(context, status: .serviceUnavailable, ImportPage.Problem(file: "—", line: "—", column: "—",
                                                                                     message: "PeerPlan was started without its configuration, so it cannot import."))
        }
        guard let file = context.upload, file.field == "district", !file.data.isEmpty else {
            return problem(context, status: .unprocessableContent, ImportPage.Problem(file: "—", line: "—", column: "—", message: "Choose a .zip file to upload."))
        }
        let name = Self.safeName(file.filename)
        guard name.lowercased().hasSuffix(".zip") else {
            return problem(context, status: .unprocessableContent, ImportPage.Problem(
                file: name, line: "—", column: "—", message: "This is not a .zip file. Zip the district folder and upload the .zip."))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try file.data.write(to: URL(fileURLWithPath: path))
        let importer = Importer(store: app.store, config: config), now = app.options.clock()
        do {
            let report = try await offload { try importer.importDistrict(at: path, actor: .account(account), now: now) }
            return Responses.redirect(to: "/district/import?result=\(report.changed ? "imported" : "unchanged")#result")
        } catch let error as InputError {
            // The file name as uploaded, never the server's scratch folder.
            let shown = error.file.hasPrefix(folder.path) ? String(error.file.dropFirst(folder.path.count + 1)) : error.file
            return problem(context, status: .unprocessableContent, ImportPage.Problem(
                file: shown, line: error.line.map(String.init) ?? "—",
                column: [error.column.map(String.init), error.field.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " ").ifEmpty("—"),
                message: error.message.replacingOccurrences(of: folder.path + "/", with: "")))
        }
    }

    func problem(_ context: WebContext, status: HTTPResponse.Status, _ problem: ImportPage.Problem) -> Response {
        var page = ImportPage(csrf: context.identity?.csrfToken ?? "", maxMegabytes: app.options.maxUploadBytes / 1_000_000, entries: [],
                              timeZone: app.options.timeZone)
        page.problem = problem
        return app.pages.page("import", title: "Import failed", context: context, path: "/district/import", status: status, content: page)
    }

    /// The uploaded file's name reduced to letters, digits, `.`, `-` and `_` (never a path).
    static func safeName(_ name: String) -> String {
        let kept = String(name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_" })
        let trimmed = kept.drop(while: { $0 == "." })
        return trimmed.isEmpty ? "upload" : String(trimmed.prefix(120))
    }
}

private extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}

/// The page model of `/district/import`.
struct ImportPage: Sendable {
    struct Problem: Sendable {
        var file: String
        var line: String
        var column: String
        var message: String
    }

    struct Entry: Sendable {
        var when: String
        var who: String
        var what: String
    }

    var csrf: String
    var maxMegabytes: Int
    /// After a successful upload.
    var confirmation: String?
    /// Why the upload was not imported (nothing changed).
    var problem: Problem?
    /// The latest imports made from this page, newest first.
    var recent: [Entry]
    var hasRecent: Bool

    init(csrf: String, maxMegabytes: Int, entries: [AuditEntry], timeZone: TimeZone) {
        self.csrf = csrf
        self.maxMegabytes = maxMegabytes
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: "en_US"), timeZone: timeZone)
        recent = entries.prefix(5).map { Entry(when: $0.at.formatted(format), who: $0.actor, what: $0.details) }
        hasRecent = !recent.isEmpty
    }
}
