import Hummingbird

/// The session cookie: `HttpOnly` (no script reads it), `SameSite=Lax` (not sent with
/// cross-site POSTs), `Path=/`, and `Secure` when the server sits behind https
/// (`peerplan serve --secure-cookies`). No `Expires`: the server decides when a session ends.
public struct SessionCookie: Sendable {
    public static let name = "peerplan_session"
    public var secure: Bool

    public init(secure: Bool) { self.secure = secure }

    /// `Set-Cookie` for a new session. Written by hand so the attributes come in a fixed order.
    public func setting(_ id: String) -> String {
        "\(Self.name)=\(id); Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` that makes the browser forget the session.
    public func clearing() -> String {
        "\(Self.name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The session id a request carries, if any.
    public static func id(in request: Request) -> String? {
        request.cookies[name]?.value
    }
}
