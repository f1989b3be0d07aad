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
        let warnings = request.uri.queryParameters["warnings"].flatMap { Int(String($0)) } ?? 0
        let setAside = warnings == 0 ? "" : " \(warnings) row\(warnings == 1 ? " or value was" : "s or values were") set aside or interpreted: the latest import below lists them."
        let confirmation: String? = switch request.uri.queryParameters["result"].map(String.init) {
        case "imported"?: "The district’s files are imported." + setAside
        case "unchanged"?: "Nothing changed: PeerPlan already holds exactly these files’ data." + setAside
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
        let encoding = context.form?["encoding"].flatMap(TextEncoding.init(name:)) ?? .utf8
        let importer = Importer(store: app.store, config: config, options: ImportOptions(encoding: encoding)), now = app.options.clock()
        do {
            let report = try await offload { try importer.importDistrict(at: path, actor: .account(account), now: now) }
            let warnings = report.warnings.isEmpty ? "" : "&warnings=\(report.warnings.count)"
            return Responses.redirect(to: "/district/import?result=\(report.changed ? "imported" : "unchanged")\(warnings)#result")
        } catch let refused as ImportRefused {
            // File names as uploaded, never the server's scratch folder.
            func shown(_ text: String) -> String {
                let name = text.hasPrefix(folder.path) ? String(text.dropFirst(folder.path.count + 1)) : text
                return name.replacingOccurrences(of: folder.path + "/", with: "")
            }
            let problems = refused.errors.map { error in
                ImportPage.Problem(file: shown(error.file), line: error.line.map(String.init) ?? "—",
                                   column: [error.column.map(String.init), error.field.map { "“\($0)”" }].compactMap { $0 }.joined(separator: " ").ifEmpty("—"),
                                   message: shown(error.message)
                                       + (error.kind == .encoding ? " Choose the file’s encoding (Windows-1252 or Latin-1) below and upload it again." : ""))
            }
            return problem(context, status: .unprocessableContent, problems, total: refused.total)
        }
    }

    func problem(_ context: WebContext, status: HTTPResponse.Status, _ problem: ImportPage.Problem) -> Response {
        self.problem(context, status: status, [problem], total: 1)
    }

    func problem(_ context: WebContext, status: HTTPResponse.Status, _ problems: [ImportPage.Problem], total: Int) -> Response {
        var page = ImportPage(csrf: context.identity?.csrfToken ?? "", maxMegabytes: app.options.maxUploadBytes / 1_000_000, entries: [],
                              timeZone: app.options.timeZone)
        page.problems = problems
        page.problemCount = total == 1 ? "1 problem" : "\(total) problems"
        page.moreProblems = total > problems.count ? "… and \(total - problems.count) more (the first \(problems.count) are listed)." : nil
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
    /// Why the upload was not imported (nothing changed): every problem found.
    var problems: [Problem] = [] { didSet { hasProblems = !problems.isEmpty } }
    /// A stored property: templates see stored properties only.
    var hasProblems = false
    var problemCount = ""
    var moreProblems: String?
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
