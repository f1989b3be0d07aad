import Hummingbird

extension FeedServer {
    /// The feed routes (`GET /healthz`, `GET /feeds/{token}.ics`) on any router: the feed
    /// server's own, or the web app's, which serves pages and feeds from one port.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let server = self
        router.get("/healthz") { _, _ -> Response in
            await server.health()
        }
        router.get("/feeds/{token}.ics") { request, context -> Response in
            await server.feed(token: context.parameters.get("token") ?? "", request: request)
        }
    }
}
