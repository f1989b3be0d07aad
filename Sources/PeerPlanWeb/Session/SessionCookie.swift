import Hummingbird

/// The session cookie: `HttpOnly` (no script reads it), `SameSite=Lax` (not sent with
/// cross-site POSTs), `Path=/`, and `Secure` when the server sits behind https
/// (`peerplan serve --secure-cookies`). No `Expires`: the server decides when a session ends.
package struct SessionCookie: Sendable {
    package static let name = "peerplan_session"
    package var secure: Bool

    package init(secure: Bool) { self.secure = secure }

    /// `Set-Cookie` for a new session. Written by hand so the attributes come in a fixed order.
    package func setting(_ id: String) -> String {
        "\(Self.name)=\(id); Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that makes the browser forget the session.
    package func clearing() -> String {
        "\(Self.name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The session id a request carries, if any.
    package static func id(in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
