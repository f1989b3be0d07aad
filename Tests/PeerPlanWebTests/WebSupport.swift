import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PeerPlanCore
import PeerPlanStore
import PeerPlanTestSupport
@testable import PeerPlanWeb

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// The web app on the Fixtures district: Cedar Middle's cycle run (pairs accepted, PLC teams,
/// the week placed), and one account per role (plus a principal of another school).
struct WebFixture {
    static let password = "correct horse battery"
    static let district = "dana@riverbend.example"
    static let principal = "pat@riverbend.example"        // Cedar Middle (sch-mid)
    static let otherPrincipal = "omar@riverbend.example"  // Oak Ridge High (sch-high)
    static let teacher = "keisha@riverbend.example"       // Keisha Williams (t-mid-02)
    /// 2026-09-09 19:26:40 in Chicago.
    static let start = Date(timeIntervalSince1970: 1_789_000_000)

    let dir: TempDir
    let store: Store
    let clock = TestClock(WebFixture.start)
    let policy = AccountPolicy(bcryptCost: 4)
    let web: WebApp
    let app: Application<RouterResponder<WebContext>>

    /// `source`: where feeds get their calendars, given the fixture's store (a fake one by default).
    /// `feedCache`: the feeds' cache, as `peerplan serve` has one (none by default).
    init(secureCookies: Bool = false, baseURL: String? = nil, source: ((Store) -> any CalendarSource)? = nil, feedCache: FeedCache? = nil) throws {
        dir = try TempDir()
        store = try importFixture(db: dir.path("store.sqlite").path, config: try loadTestConfig())
        let config = try ConfigLoader.load(from: configDirectory)
        let pairing = PairingStore(store: store, config: config)
        try pairing.propose(schools: ["sch-mid"], policy: config.pairing)
        _ = try pairing.accept(school: "sch-mid", runId: nil)
        _ = try PLCStore(store: store).propose(school: "sch-mid")
        _ = try Scheduler(store: store, config: config).schedule(school: "sch-mid")
        let accounts = Accounts(store: store, policy: policy)
        try accounts.add(email: Self.district, role: .district, password: Self.password)
        try accounts.add(email: Self.principal, role: .principal, schools: ["sch-mid"], password: Self.password)
        try accounts.add(email: Self.otherPrincipal, role: .principal, schools: ["sch-high"], password: Self.password)
        try accounts.add(email: Self.teacher, role: .teacher, teacher: "t-mid-02", password: Self.password)
        let clock = self.clock
        let feeds = FeedServer(store: store, source: source?(store) ?? FakeSource(), logger: Logger(label: "test.feeds") { _ in SwiftLogNoOpLogHandler() },
                               cache: feedCache)
        web = try WebApp(store: store, feeds: feeds, options: .init(
            secureCookies: secureCookies, baseURL: baseURL, timeZone: TimeZone(identifier: "America/Chicago")!,
            policy: policy, clock: { clock.now },
            config: config, costParameters: try CostConfigLoader.load(configDirectory: configDirectory)), logger: Logger(label: "test.web") { _ in SwiftLogNoOpLogHandler() })
        app = Application(router: web.buildRouter())
    }
}

/// What a test needs from one response.
struct Page {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var location: String? { headers[.location] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The CSRF token of the page's forms.
    var csrf: String? {
        guard let range = body.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        return String(body[range].split(separator: "\"")[3])
    }
}

extension TestClientProtocol {
    func page(_ uri: String, method: HTTPRequest.Method = .get, cookie: String? = nil, form: [(String, String)]? = nil,
              headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    /// Signs in; returns the `Cookie` header value to send and where the sign-in redirected.
    func signIn(_ email: String, password: String = WebFixture.password) async throws -> (cookie: String, page: Page) {
        let page = try await page("/login", method: .post, form: [("email", email), ("password", password)])
        let cookie = page.setCookies.first { $0.hasPrefix(SessionCookie.name + "=") }?.split(separator: ";").first.map(String.init) ?? ""
        return (cookie, page)
    }
}
