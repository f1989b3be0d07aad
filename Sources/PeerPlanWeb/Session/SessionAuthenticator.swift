import Foundation
import Hummingbird
import HummingbirdAuth
import PeerPlanStore

/// hummingbird-auth's authenticator step: the session cookie → the live session in the store
/// (idle and absolute expiry checked there), set as the context's identity. An unknown or
/// expired cookie leaves the visitor signed out; `AccessMiddleware` decides what they may open.
struct SessionAuthenticator: AuthenticatorMiddleware {
    typealias Context = WebContext
    let sessions: WebSessions
    let clock: @Sendable () -> Date

    func authenticate(request: Request, context: WebContext) async throws -> WebSession? {
        guard let id = SessionCookie.id(in: request), WebSessions.isWellFormed(id) else { return nil }
        let sessions = self.sessions, now = clock()
        return try await offload { try sessions.session(id: id, now: now) }
    }
}
