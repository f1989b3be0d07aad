import Foundation
import Hummingbird
import PeerPlanStore

/// Applies `Access.decide` to every route of one area: a signed-out visitor is sent to
/// `/login` (303), an account that may not open the page gets the site's 404 page.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let area: Access.Area
    let pages: PageRenderer

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let school = context.parameters.get("school")
        switch Access.decide(area, account: context.account, school: school) {
        case .allow:
            return try await next(request, context)
        case .signIn:
            return Responses.redirect(to: "/login")
        case .notFound:
            return pages.notFound(context)
        }
    }
}

/// Checks the session's CSRF token on every state-changing request: the hidden form field
/// `csrf` (of a url-encoded body, or of the multipart body of an upload route in `uploads`,
/// whose file it keeps in `context.upload`) must equal the token of the signed-in session, and a browser's `Origin`, when sent,
/// must be this site. Otherwise 403 and the handler never runs, so nothing changes. A
/// signed-out visitor's POST goes to `/login` like any page. Sign-in itself has no session yet
/// and is exempt (its form carries no secret a forger could not get).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: PageRenderer
    /// Paths whose POST needs no session (the sign-in form).
    let exempt: Set<String>
    /// Bodies larger than this are refused before they are read.
    let maxFormBytes: Int
    /// The public address (`serve --base-url`), whose origin is also this site's behind a proxy
    /// that rewrites `Host`.
    let publicAuthority: String?
    /// Paths that take a `multipart/form-data` upload, and the most bytes each accepts.
    var uploads: [String: Int] = [:]

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else {
            return try await next(request, context)
        }
        var request = request
        var context = context
        if let limit = uploads[request.uri.path], let boundary = request.headers[.contentType].flatMap(Multipart.boundary(contentType:)) {
            // An upload: the token is the form's `csrf` field all the same, read from the
            // multipart body once a signed-in person sent it (whose size is checked first).
            guard context.identity != nil else { return Responses.redirect(to: "/login") }
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return tooLarge(context, limit: limit) }
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: limit)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return tooLarge(context, limit: limit)
            }
            guard let parsed = Multipart.parse(Data(buffer.readableBytesView), boundary: boundary) else {
                return pages.message(MessagePage(heading: "The upload could not be read",
                                                 paragraphs: ["Nothing was changed. The browser sent a form PeerPlan could not read; go back and try again."],
                                                 link: .init(href: "/", label: "Go to your home page")),
                                     context: context, path: "", status: .badRequest)
            }
            context.form = parsed.form
            context.upload = parsed.files.first
        } else {
            let buffer = try await request.collectBody(upTo: maxFormBytes)
            context.form = FormData(String(buffer: buffer))
        }
        let form = context.form ?? FormData("")
        if exempt.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard let session = context.identity else {
            return Responses.redirect(to: "/login")
        }
        guard Self.sameOrigin(request, publicAuthority: publicAuthority), let token = form["csrf"], Self.constantTimeEqual(token, session.csrfToken) else {
            context.logger.notice("CSRF check refused a request", metadata: ["path": "\(request.uri.path)"])
            return pages.forbidden(context)
        }
        return try await next(request, context)
    }

    /// 413 with a page that says what the limit is.
    func tooLarge(_ context: WebContext, limit: Int) -> Response {
        pages.message(MessagePage(heading: "The file is too large",
                                  paragraphs: ["Nothing was changed. PeerPlan accepts files of at most \(limit / 1_000_000) MB in one upload."],
                                  link: .init(href: "/", label: "Go to your home page")),
                      context: context, path: "", status: .contentTooLarge)
    }

    /// No `Origin` (older browsers, scripts, tests), or one naming the request's `Host` or the
    /// public address.
    static func sameOrigin(_ request: Request, publicAuthority: String?) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let originAuthority = authority(of: origin) else { return false }
        let allowed = [request.head.authority, publicAuthority].compactMap { $0?.lowercased() }
        return allowed.contains(originAuthority)
    }

    /// `host[:port]` of an absolute URL, lowercased; nil for `null` or anything unreadable.
    static func authority(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return nil }
        return (components.port.map { "\(host):\($0)" } ?? host).lowercased()
    }

    /// Compares every byte whatever the first difference, so timing says nothing about the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
