import Foundation
import Hummingbird
import PeerPlanStore

/// `GET /login`, `POST /login`, `POST /logout`, and `GET /` (each role's home).
struct SignInRoutes {
    let app: WebApp

    struct LoginForm: Sendable {
        var email: String
        var message: String?
    }

    func add(to router: Router<WebContext>) {
        let routes = self
        app.group(router, "/login", area: .anyone)
            .get { _, context in routes.loginForm(context) }
            .post { _, context in try await routes.signIn(context) }
        app.group(router, "/logout", area: .signedIn)
            .post { _, context in try await routes.signOut(context) }
        app.group(router, "/", area: .signedIn)
            .get { _, context in routes.home(context) }
    }

    func loginForm(_ context: WebContext, email: String = "", message: String? = nil, status: HTTPResponse.Status = .ok,
                   headers: HTTPFields = [:]) -> Response {
        if let account = context.account, message == nil {
            return Responses.redirect(to: Access.home(of: account))
        }
        // The sign-in page is shown signed out, even to someone whose session just failed.
        var visitor = context
        visitor.identity = nil
        return app.pages.page("login", title: "Sign in", context: visitor, path: "/login", status: status,
                              content: LoginForm(email: email, message: message), headers: headers)
    }

    func signIn(_ context: WebContext) async throws -> Response {
        let form = context.form ?? FormData("")
        let email = form["email"] ?? "", password = form["password"] ?? ""
        let sessions = app.sessions, now = app.options.clock()
        do {
            let started = try await offload { try sessions.signIn(email: email, password: password, now: now) }
            return Responses.redirect(to: Access.home(of: started.session.account), setCookie: app.cookie.setting(started.id))
        } catch AccountError.signInRefused {
            return loginForm(context, email: email, message: "That email and password do not match an account. Check both and try again.",
                             status: .unauthorized)
        } catch AccountError.tooManySignInAttempts(let until) {
            let wait = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            return loginForm(context, email: email,
                             message: "Too many failed sign-ins for this email. Try again after \(clockTime(until)) (in \(wait) minute\(wait == 1 ? "" : "s")).",
                             status: .tooManyRequests, headers: [.retryAfter: "\(max(1, Int(until.timeIntervalSince(now).rounded(.up))))"])
        }
    }

    func signOut(_ context: WebContext) async throws -> Response {
        if let session = context.identity {
            let sessions = app.sessions, now = app.options.clock()
            try await offload { try sessions.signOut(session, now: now) }
        }
        return Responses.redirect(to: "/login", setCookie: app.cookie.clearing())
    }

    func home(_ context: WebContext) -> Response {
        guard let account = context.account else { return Responses.redirect(to: "/login") }
        let home = Access.home(of: account)
        guard home == "/" else { return Responses.redirect(to: home) }
        return app.pages.message(MessagePage(heading: "No school yet",
                                             paragraphs: ["Your account does not hold a school at the moment.",
                                                          "Ask your district's PeerPlan administrator to add your school to your account."],
                                             link: nil),
                                 context: context, path: "/", status: .ok)
    }

    /// `14:05` in the app's time zone.
    func clockTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = app.options.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
