import Hummingbird
import HummingbirdAuth
import PeerPlanStore

/// The request context of every page: who is signed in (hummingbird-auth's `identity`: the
/// session with its account), and the fields of a submitted form, read once when the CSRF
/// token was checked.
package struct WebContext: AuthRequestContext, RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The live session of the signed-in person; nil for a visitor.
    package var identity: WebSession?
    /// A POST's form fields (`application/x-www-form-urlencoded`), once `CSRFMiddleware` read them.
    package var form: FormData?
    /// The file of a `multipart/form-data` POST to an upload route (`CSRFMiddleware.uploads`).
    package var upload: UploadedFile?

    package init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        form = nil
        upload = nil
    }

    /// The signed-in account, if any.
    package var account: Account? { identity?.account }
}
