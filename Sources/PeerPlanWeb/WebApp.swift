import Foundation
import Hummingbird
import Logging
import PeerPlanCore
import PeerPlanStore

/// The whole web app `peerplan serve` runs: sign-in and sessions, the pages of each role, the
/// stylesheet, and the calendar feeds (`FeedServer`'s routes) on one port.
///
/// Requests pass, in order: the session authenticator (cookie → signed-in session), the
/// error-page step (a thrown error becomes the site's 404 or 500 page, shown to whoever is
/// signed in), the CSRF check (every POST), and the access rule of the route's area
/// (`Access`). Handlers call store methods only; no SQL here.
package struct WebApp: Sendable {
    package struct Options: Sendable {
        /// `Secure` on the session cookie (the app is served over https).
        package var secureCookies: Bool
        /// The public address (`https://peerplan.example.org`), for feed links; without it they
        /// are built from the request's `Host`.
        package var baseURL: String?
        /// The zone times are shown in ("try again after 14:05").
        package var timeZone: TimeZone
        package var policy: AccountPolicy
        /// Observations happen every this many weeks (policy.yaml), as the teacher's page says.
        package var observationEveryWeeks: Int
        /// Now, for every time check (tests move it).
        package var clock: @Sendable () -> Date
        /// The configuration (`Config/`): the district import reads files with it, and the cost
        /// inputs come from it (nil: those pages say they are not available).
        package var config: PeerPlanConfig?
        /// The cost figures with their sources (`costs.yaml`, `microcredentials.yaml`), for the
        /// district's cost page and dose column (nil: not available).
        package var costParameters: CostParameters?
        /// The largest district `.zip` the import page accepts.
        package var maxUploadBytes: Int = 200_000_000
        /// Keep signed-in pages while the store is unchanged (`PageCache`); off only to measure
        /// how long building a page takes.
        package var cachePages = true

        package init(secureCookies: Bool = false, baseURL: String? = nil, timeZone: TimeZone = .current,
                    policy: AccountPolicy = .standard, observationEveryWeeks: Int = 2, clock: @escaping @Sendable () -> Date = { Date() },
                    config: PeerPlanConfig? = nil, costParameters: CostParameters? = nil) {
            self.config = config
            self.costParameters = costParameters
            self.secureCookies = secureCookies
            self.baseURL = baseURL
            self.timeZone = timeZone
            self.policy = policy
            self.observationEveryWeeks = observationEveryWeeks
            self.clock = clock
            self.config = config
        }
    }

    package let store: Store
    package let feeds: FeedServer
    package let options: Options
    package let logger: Logger
    let pages: PageRenderer
    /// Signed-in pages while the store has not changed (`PageCacheMiddleware`).
    let pageCache = PageCache()
    /// The district's cost report, shared by every session (`CostReportCache`).
    let reports = CostReportCache()
    /// Feed links just issued, until the page that shows them once (`NewLinks`).
    let newLinks = NewLinks()

    package init(store: Store, feeds: FeedServer, options: Options = .init(), logger: Logger = Logger(label: "peerplan.web")) throws {
        self.store = store
        self.feeds = feeds
        self.options = options
        self.logger = logger
        pages = try PageRenderer.bundled()
    }

    /// Today in the app's zone, by the app's clock.
    var today: CalendarDate { Self.day(options.clock(), in: options.timeZone) }

    /// The calendar day `date` falls on in `zone`.
    static func day(_ date: Date, in zone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    var sessions: WebSessions { WebSessions(store: store, policy: options.policy) }
    var cookie: SessionCookie { SessionCookie(secure: options.secureCookies) }

    /// Every route, for `buildApplication` and for tests (`Application(router:)` + `.test(.router)`).
    package func buildRouter() -> Router<WebContext> {
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        // Feeds and the stylesheet need no session: they come before the session steps.
        feeds.addRoutes(to: router)
        let pages = self.pages
        router.get("/static/app.css") { request, _ -> Response in pages.stylesheetResponse(request) }
        router.add(middleware: SessionAuthenticator(sessions: sessions, clock: options.clock))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: CSRFMiddleware(pages: pages, exempt: ["/login"], maxFormBytes: 64 * 1024,
                                              publicAuthority: options.baseURL.flatMap(CSRFMiddleware.authority(of:)),
                                              uploads: ["/district/import": options.maxUploadBytes]))
        if options.cachePages {
            let zone = options.timeZone, clock = options.clock
            router.add(middleware: PageCacheMiddleware(cache: pageCache, store: store,
                                                       day: { WebApp.day(clock(), in: zone).description }))
        }
        SignInRoutes(app: self).add(to: router)
        TeacherRoutes(app: self).add(to: router)
        SchoolRoutes(app: self).add(to: router)
        PairsRoutes(app: self).add(to: router)
        PLCRoutes(app: self).add(to: router)
        TeacherDetailRoutes(app: self).add(to: router)
        WeekRoutes(app: self).add(to: router)
        CalendarRoutes(app: self).add(to: router)
        DistrictRoutes(app: self).add(to: router)
        return router
    }

    /// The application `peerplan serve` runs (`try await app.runService()`).
    package func buildApplication(host: String = "127.0.0.1", port: Int = 8080) -> some ApplicationProtocol {
        Application(router: buildRouter(), configuration: FeedServer.configuration(host: host, port: port), logger: logger)
    }

    /// A group of routes under `path` in one access area.
    func group(_ router: Router<WebContext>, _ path: RouterPath, area: Access.Area) -> RouterGroup<WebContext> {
        router.group(path).add(middleware: AccessMiddleware(area: area, pages: pages))
    }
}

/// Turns what a handler throws into a page: a store's "not found" (an unknown school or
/// teacher) and Hummingbird's 404 into the site's 404 page, anything else into a logged 500.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let pages: PageRenderer

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError where error.kind == .notFound {
            return pages.notFound(context)
        } catch let error as HTTPError where error.status == .notFound {
            return pages.notFound(context)
        } catch let error as HTTPError {
            throw error  // Hummingbird's own answers (413 for an oversized form, …) stand
        } catch {
            context.logger.error("page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return pages.serverError(context)
        }
    }
}
