import Foundation
import Hummingbird
import Mustache
import PeerPlanCore
import PeerPlanStore

/// Turns page models into HTML responses through the Mustache templates kept as this module's
/// resources (`Templates/*.mustache`, one `layout` every page extends), and serves the
/// stylesheet (`Static/app.css`). Both are read once, at start-up.
package struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String
    let stylesheetETag: String

    /// Reads the templates and the stylesheet from the module's resources.
    package static func bundled() throws -> PageRenderer {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let css = Bundle.module.url(forResource: "Static/app", withExtension: "css")
                ?? Bundle.module.url(forResource: "app", withExtension: "css", subdirectory: "Static") else {
            throw WebAppError.missingResources(Bundle.module.bundlePath)
        }
        return try PageRenderer(templates: templates, stylesheet: css)
    }

    init(templates directory: URL, stylesheet: URL) throws {
        var templates: [String: MustacheTemplate] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            do {
                templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
            } catch {
                throw WebAppError.badTemplate(file: file, message: "\(error)")
            }
        }
        for required in ["layout", "message"] where templates[required] == nil {
            throw WebAppError.badTemplate(file: "\(required).mustache", message: "missing")
        }
        library = MustacheLibrary(templates: templates)
        self.stylesheet = try String(contentsOf: stylesheet, encoding: .utf8)
        stylesheetETag = "\"\(SHA256.hex(self.stylesheet).prefix(32))\""
    }

    // MARK: - Pages

    /// The whole page: `template` (which extends `layout`) rendered with the layout's fields
    /// (title, the signed-in bar and menu) and the page's own `content`.
    func page<Content: Sendable>(_ template: String, title: String, context: WebContext, path: String, status: HTTPResponse.Status = .ok,
                       content: Content, headers extra: HTTPFields = [:]) -> Response {
        let model = Layout(title: title, user: context.identity.map { UserBar(session: $0, path: path) }, content: content)
        guard let html = library.render(model, withTemplate: template) else {
            context.logger.error("no template", metadata: ["template": "\(template)"])
            return Responses.html(Self.emergencyPage, status: .internalServerError)
        }
        var response = Responses.html(html, status: status)
        for field in extra { response.headers.append(field) }
        return response
    }

    /// A short page with a heading and a paragraph or two (errors, notices, coming soon).
    func message(_ message: MessagePage, context: WebContext, path: String, status: HTTPResponse.Status) -> Response {
        page("message", title: message.heading, context: context, path: path, status: status, content: message)
    }

    func notFound(_ context: WebContext) -> Response {
        message(MessagePage(heading: "Page not found",
                            paragraphs: ["There is no page at this address, or it is not one your account can open.",
                                         "Check the address, or go back to your home page."],
                            link: .init(href: "/", label: "Go to your home page")),
                context: context, path: "", status: .notFound)
    }

    func forbidden(_ context: WebContext) -> Response {
        message(MessagePage(heading: "This form has expired",
                            paragraphs: ["Nothing was changed. The form was sent without the security token of your current session (it may come from an older page, or from another site).",
                                         "Go back, reload the page and try again."],
                            link: .init(href: "/", label: "Go to your home page")),
                context: context, path: "", status: .forbidden)
    }

    func serverError(_ context: WebContext) -> Response {
        message(MessagePage(heading: "Something went wrong",
                            paragraphs: ["PeerPlan could not show this page. Nothing you did caused it; the error has been logged.",
                                         "Try again in a moment."],
                            link: .init(href: "/", label: "Go to your home page")),
                context: context, path: "", status: .internalServerError)
    }

    /// When even the templates fail.
    static let emergencyPage = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error · PeerPlan</title></head>\
        <body><main><h1>Something went wrong</h1><p>PeerPlan could not show this page.</p></main></body></html>
        """

    // MARK: - Stylesheet

    func stylesheetResponse(_ request: Request) -> Response {
        var headers: HTTPFields = [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600", .eTag: stylesheetETag]
        if request.headers[values: .ifNoneMatch].contains(where: { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == stylesheetETag } }) {
            return Response(status: .notModified, headers: headers)
        }
        let body = ByteBuffer(string: stylesheet)
        headers[.contentLength] = "\(body.readableBytes)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}

/// Responses every page shares.
enum Responses {
    /// Headers on every HTML page: no caching (pages are personal), no framing, no scripts or
    /// styles from anywhere but PeerPlan itself.
    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        HTTPFields.referrerPolicy: "same-origin",
    ]

    static func html(_ html: String, status: HTTPResponse.Status) -> Response {
        let body = ByteBuffer(string: html)
        var headers = securityHeaders
        headers[.contentLength] = "\(body.readableBytes)"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// 303 See Other: after a form, the browser GETs `location`.
    static func redirect(to location: String, setCookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store", .contentLength: "0"]
        if let setCookie { headers[values: .setCookie].append(setCookie) }
        return Response(status: .seeOther, headers: headers)
    }
}

/// Why the web app could not start.
package enum WebAppError: Error, CustomStringConvertible, Equatable {
    case missingResources(String)
    case badTemplate(file: String, message: String)

    package var description: String {
        switch self {
        case .missingResources(let bundle):
            return "the web app's templates and stylesheet were not found (looked in \(bundle)); run PeerPlan from its build folder"
        case .badTemplate(let file, let message):
            return "template \(file): \(message)"
        }
    }
}

extension HTTPFields {
    /// `Referrer-Policy` (swift-http-types names no constant for it).
    static let referrerPolicy = Element.Name("Referrer-Policy")!
}
