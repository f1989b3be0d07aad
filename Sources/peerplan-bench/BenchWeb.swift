import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeerPlanCore
import PeerPlanExchange
import PeerPlanGenerator
import PeerPlanStore
import PeerPlanWeb

/// The web app under measurement: one generated school of `--teachers` teachers, paired,
/// with PLC teams and a placed week, served in this process on loopback. Two measurements:
/// each main page's latency, one request at a time (what a principal waits for: server-side
/// rendering plus a loopback round trip), and — when Debian's `wrk` is installed — 100
/// signed-in clients at once on `/me` and on the week page (p99 and errors).
struct BenchWeb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Time the web app's pages for one school of --teachers teachers, and load it with wrk (100 signed-in clients).")

    @Option(help: "Teachers in the generated school.") var teachers = 150
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Requests per page for the latency medians.") var requests = 50
    @Option(help: "Loopback port to serve on.") var port = 18_080
    @Option(help: "Concurrent connections for wrk (0: skip the load test).") var connections = 100
    @Option(help: "Seconds each wrk run lasts.") var duration = 30
    @Option(name: .long, help: ArgumentHelp("The Config folder (default: $PEERPLAN_CONFIG or ./Config).", valueName: "dir"))
    var config: String?

    func run() async throws {
        try Exchange.prepare()
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: config))
        let (store, school, cleanup) = try oneScheduledSchool(config: config)
        defer { cleanup() }

        // Accounts with a cheap bcrypt cost: signing in is not what is measured here.
        let policy = AccountPolicy(bcryptCost: 4)
        let accounts = Accounts(store: store, policy: policy)
        let password = "bench password 2026"
        let teacherId = try firstPairedTeacher(store: store, school: school, config: config)
        _ = try accounts.add(email: "principal@bench.example", role: .principal, schools: [school], password: password)
        _ = try accounts.add(email: "teacher@bench.example", role: .teacher, teacher: teacherId, password: password)
        _ = try accounts.add(email: "district@bench.example", role: .district, password: password)
        let sessions = WebSessions(store: store, policy: policy)
        func cookies(_ email: String, _ count: Int) throws -> [String] {
            try (0..<count).map { _ in "\(SessionCookie.name)=\(try sessions.signIn(email: email, password: password).id)" }
        }

        let source = BenchCalendarSource(publisher: Publisher(store: store, config: config))
        var options = WebApp.Options(timeZone: TimeZone(identifier: config.defaultTimezone) ?? .current, policy: policy,
                                     observationEveryWeeks: config.placement.observationEveryWeeks, config: config,
                                     costParameters: try CostConfigLoader.load(configDirectory: ConfigLoader.locate(explicit: self.config)))
        // Two servers on one store: pages built on every request (what building a page costs),
        // and pages kept while the store is unchanged (what `peerplan serve` does), for the load.
        options.cachePages = false
        let building = try WebApp(store: store, feeds: FeedServer(store: store, source: source), options: options)
        options.cachePages = true
        let caching = try WebApp(store: store, feeds: FeedServer(store: store, source: source), options: options)
        let server = Task { try await building.buildApplication(host: "127.0.0.1", port: port).runService() }
        let cachingServer = Task { try await caching.buildApplication(host: "127.0.0.1", port: port + 1).runService() }
        defer { server.cancel(); cachingServer.cancel() }
        let base = "http://127.0.0.1:\(port)", cachedBase = "http://127.0.0.1:\(port + 1)"
        try await waitUntilServing(base + "/healthz")
        try await waitUntilServing(cachedBase + "/healthz")

        let principal = try cookies("principal@bench.example", 1)[0]
        let teacher = try cookies("teacher@bench.example", 1)[0]
        let district = try cookies("district@bench.example", 1)[0]
        let pages: [(String, String, String)] = [
            ("principal", "/schools/\(school)", principal),
            ("principal", "/schools/\(school)/pairs", principal),
            ("principal", "/schools/\(school)/plcs", principal),
            ("principal", "/schools/\(school)/week", principal),
            ("principal", "/schools/\(school)/changes", principal),
            ("principal", "/schools/\(school)/calendars", principal),
            ("teacher", "/me", teacher),
            ("district", "/district", district),
            ("district", "/district/costs", district),
        ]
        print("One school of \(teachers) teachers (\(school)); each page built \(requests) times, one request at a time (no page cache), after 5 warm-up requests:")
        for (role, path, cookie) in pages {
            var times: [Double] = []
            var status = 0, bytes = 0
            for k in 0..<(requests + 5) {
                let started = DispatchTime.now().uptimeNanoseconds
                let (code, body) = try await get(base + path, cookie: cookie)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                if k >= 5 { times.append(elapsed) }
                status = code
                bytes = body
            }
            times.sort()
            let p90 = times[min(times.count - 1, Int(Double(times.count) * 0.9))]
            print(String(format: "  %-9@ %-32@ %3d  %7d bytes  median %6.2f ms  p90 %6.2f ms", role as NSString, path as NSString, status, bytes, median(times), p90))
        }

        guard connections > 0 else { return }
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            print("wrk is not installed (apt-get install wrk): load test skipped")
            return
        }
        for (label, path, email) in [("/me", "/me", "teacher@bench.example"), ("week", "/schools/\(school)/week", "principal@bench.example")] {
            let clients = try cookies(email, connections)
            // Each client has opened the page once (as a person keeps a tab open): steady state.
            for cookie in clients { _ = try await get(cachedBase + path, cookie: cookie) }
            let result = try runWrk(wrk, url: cachedBase + path, cookies: clients)
            print("wrk \(label) (page cache on, each client's page opened once before): \(connections) signed-in clients (a session each), \(duration) s: \(result)")
        }
    }

    /// One generated school with its pairs accepted, PLC teams formed and its week placed.
    func oneScheduledSchool(config: PeerPlanConfig) throws -> (Store, String, () -> Void) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-bench-web-\(UUID().uuidString)")
        let db = dir.appendingPathComponent("store.sqlite").path
        let cleanup: () -> Void = { try? FileManager.default.removeItem(at: dir) }
        _ = try DistrictGenerator.write(GeneratorOptions(schools: 1, teachersPerSchool: teachers, seed: seed, rubrics: config.rubrics),
                                        to: dir.appendingPathComponent("district"))
        let store = try Store(path: db)
        _ = try Importer(store: store, config: config).importDistrict(at: dir.appendingPathComponent("district").path)
        let pairing = PairingStore(store: store, config: config)
        let proposal = try pairing.propose(schools: nil, policy: config.pairing)[0]
        try pairing.accept(school: proposal.school, runId: proposal.runId)
        _ = try PLCStore(store: store).propose(school: proposal.school)
        _ = try Scheduler(store: store, config: config).schedule(school: proposal.school)
        return (store, proposal.school, cleanup)
    }

    func firstPairedTeacher(store: Store, school: String, config: PeerPlanConfig) throws -> String {
        let current = try PairingStore(store: store, config: config).current(school: school)
        return try current.pairs.first.map(\.target).unwrap("the generated school has no accepted pair")
    }

    func waitUntilServing(_ url: String) async throws {
        for _ in 0..<200 {
            if let (code, _) = try? await get(url, cookie: nil), code == 200 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ValidationError("the web app did not start on port \(port)")
    }

    /// GET without following redirects: the status and the body's length.
    func get(_ url: String, cookie: String?) async throws -> (Int, Int) {
        var request = URLRequest(url: URL(string: url)!)
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        return try await withCheckedThrowingContinuation { continuation in
            BenchHTTP.session.dataTask(with: request) { data, response, error in
                if let error { continuation.resume(throwing: error); return }
                continuation.resume(returning: ((response as? HTTPURLResponse)?.statusCode ?? 0, data?.count ?? 0))
            }.resume()
        }
    }

    /// Runs wrk with one session cookie per request slot (each of the `connections` clients is
    /// its own signed-in session) and reads its latency distribution and error counts.
    func runWrk(_ wrk: String, url: String, cookies: [String]) throws -> String {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-wrk-\(UUID().uuidString).lua")
        defer { try? FileManager.default.removeItem(at: script) }
        let list = cookies.map { "\"\($0)\"" }.joined(separator: ",\n")
        try Data("""
            local cookies = {
            \(list)
            }
            local n = 0
            request = function()
              n = n + 1
              wrk.headers["Cookie"] = cookies[(n % #cookies) + 1]
              return wrk.format("GET")
            end
            """.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(duration)s", "--latency", "-s", script.path, url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func after(_ label: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
                .map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        let p50 = after("50%") ?? "50% ?", p99 = after("99%") ?? "99% ?"
        let rate = after("Requests/sec:") ?? "Requests/sec: ?"
        let socket = after("Socket errors:") ?? "Socket errors: none"
        let non2xx = after("Non-2xx or 3xx responses:") ?? "Non-2xx or 3xx responses: 0"
        return "\(p50), \(p99); \(rate); \(socket); \(non2xx)"
    }
}

/// One URLSession for every request: connections are kept alive between requests, as a browser's.
enum BenchHTTP {
    static let session = session(connections: 1)

    /// A session with up to `connections` connections to one host. (Requests beyond them wait in
    /// URLSession's queue, not in order: with one connection and eight requests at a time, one
    /// request of a 5,000-feed warm-up waited through all of it.)
    static func session(connections: Int) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }
}

/// Feeds rendered with the Publisher, as `peerplan serve` does.
struct BenchCalendarSource: CalendarSource {
    let publisher: Publisher

    func calendar(for audience: CalendarAudience) throws -> RenderedCalendar {
        try publisher.feed(audience)
    }
}
