import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore
import PeerPlanWeb

/// The feed server under many subscribers: a generated district (150 schools by default),
/// scheduled, a feed link for each of `--feeds` teachers, the feed server with its cache (as
/// `peerplan serve` runs it) in this process on loopback, every feed fetched once (what the first
/// poll after a publication costs), then wrk with `--connections` connections spread over all the
/// feed URLs, first plain GETs, then conditional ones (`If-None-Match` with each feed's ETag, the
/// 304 path). Resident memory after each run shows whether it stays flat.
struct BenchFeeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Load the calendar feeds of a generated district with wrk: --connections connections over --feeds teacher feed URLs.")

    @OptionGroup var options: BenchOptions
    @Option(help: "Teacher feed URLs to spread the load over.") var feeds = 5000
    @Option(help: "Concurrent wrk connections.") var connections = 1000
    @Option(help: "Seconds each wrk run lasts.") var duration = 30
    @Option(help: "Loopback port to serve on.") var port = 18_090
    @Option(help: "wrk's threads (the client's share of the machine's cores).") var wrkThreads = 2
    @Flag(help: "Serve without the feed cache (every request renders its calendar).") var noCache = false

    func run() async throws {
        try Exchange.prepare()
        raiseOpenFileLimit()
        let config = try ConfigLoader.load(from: ConfigLoader.locate(explicit: options.config))
        let (store, schools, cleanup) = try scheduledBenchDistrict(options, config: config)
        defer { cleanup() }
        _ = try Scheduler(store: store, config: config).scheduleAll(schools: schools)
        var teachers: [String] = [], seen = Set<String>()
        for school in schools where teachers.count < feeds {
            for id in try store.schoolTeacherNames(school: school).map(\.id) where seen.insert(id).inserted { teachers.append(id) }
        }
        teachers = Array(teachers.prefix(feeds))
        let tokens = FeedTokens(store: store)
        var paths: [String] = []
        for teacher in teachers { paths.append("/feeds/\(try tokens.issue(for: .teacher(teacher)).token).ics") }
        print("\(schools.count) schools scheduled; \(paths.count) teacher feed links")

        // Published once, as a district does before its teachers subscribe: SEQUENCEs recorded.
        let publisher = Publisher(store: store, config: config)
        _ = try publisher.plan(schools: schools)
        let source = CountingSource(publisher: publisher)
        // Warnings only: a log line per request is not what is measured.
        let cache = noCache ? nil : FeedCache()
        let server = FeedServer(store: store, source: source, logger: FeedServer.warningsOnlyLogger, cache: cache)
        let app = Task { try await server.buildApplication(host: "127.0.0.1", port: port).runService() }
        defer { app.cancel() }
        let base = "http://127.0.0.1:\(port)"
        try await waitUntilServing(base + "/healthz")

        // Every feed once, 8 at a time: the first poll after a publication renders each calendar.
        let started = Date()
        let (etags, slowest) = try await fetchAll(base: base, paths: paths, concurrency: 8)
        let warm = Date().timeIntervalSince(started)
        print(String(format: "first fetch of every feed: %.1f s (%.1f ms a feed, 8 at a time; the slowest fetch %.2f s); peak RSS %.0f MB",
                     warm, warm * 1000 / Double(paths.count), slowest, peakRSSMegabytes()))
        if let cache {
            let size = cache.size
            print(String(format: "feed cache: %d feeds, %d token links, %.1f MB of calendars", cache.count, size.links, Double(size.bytes) / 1_048_576))
        }

        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            print("wrk is not installed (apt-get install wrk): load test skipped")
            return
        }
        var total = 0
        for conditional in [false, true] {
            let rendered = source.count
            let before = currentRSSMegabytes(), cpuBefore = processCPUSeconds()
            let (result, requests) = try runWrk(wrk, base: base, paths: paths, etags: conditional ? etags : nil)
            let cpu = processCPUSeconds() - cpuBefore
            total += requests
            print("wrk \(conditional ? "If-None-Match (304)" : "GET (200)"), \(connections) connections over \(paths.count) feeds, \(duration) s: \(result); server CPU \(String(format: "%.1f", cpu)) s, \(String(format: "%.1f", cpu * 1e6 / Double(max(requests, 1)))) µs a request; RSS \(String(format: "%.0f", before)) MB before, \(String(format: "%.0f", currentRSSMegabytes())) MB after, peak \(String(format: "%.0f", peakRSSMegabytes())) MB; calendars rendered during the run: \(source.count - rendered)")
        }
        print("\(total) requests in all; RSS now \(String(format: "%.0f", currentRSSMegabytes())) MB")
    }

    /// GETs every path (`concurrency` at a time); the ETag of each, and the slowest fetch in seconds.
    func fetchAll(base: String, paths: [String], concurrency: Int) async throws -> (etags: [String], slowest: Double) {
        var etags = Array(repeating: "", count: paths.count)
        var slowest = 0.0
        let session = BenchHTTP.session(connections: concurrency)
        try await withThrowingTaskGroup(of: (Int, String, Double).self) { group in
            var next = 0
            func add() {
                guard next < paths.count else { return }
                let k = next
                next += 1
                group.addTask {
                    let began = Date()
                    let etag = try await Self.etag(base + paths[k], session: session)
                    return (k, etag, Date().timeIntervalSince(began))
                }
            }
            for _ in 0..<concurrency { add() }
            while let (k, etag, seconds) = try await group.next() {
                etags[k] = etag
                slowest = max(slowest, seconds)
                add()
            }
        }
        return (etags, slowest)
    }

    static func etag(_ url: String, session: URLSession) async throws -> String {
        var request = URLRequest(url: URL(string: url)!)
        // A first fetch renders its calendar, eight at a time: URLSession's 60 s default is no measure of that.
        request.timeoutInterval = 600
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { _, response, error in
                if let error { continuation.resume(throwing: error); return }
                let http = response as? HTTPURLResponse
                guard http?.statusCode == 200, let etag = http?.value(forHTTPHeaderField: "ETag") else {
                    continuation.resume(throwing: ValidationError("\(url) answered \(http?.statusCode ?? 0)"))
                    return
                }
                continuation.resume(returning: etag)
            }.resume()
        }
    }

    func waitUntilServing(_ url: String) async throws {
        for _ in 0..<200 {
            if (try? await BenchWeb().get(url, cookie: nil))?.0 == 200 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ValidationError("the feed server did not start on port \(port)")
    }

    /// wrk over every path (each request the next path, spread by a stride so that neighbouring
    /// connections ask for different feeds), with each path's ETag as If-None-Match when given.
    /// The summary, and how many requests were made.
    func runWrk(_ wrk: String, base: String, paths: [String], etags: [String]?) throws -> (String, Int) {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-wrk-feeds-\(UUID().uuidString).lua")
        defer { try? FileManager.default.removeItem(at: script) }
        let list = paths.map { "\"\($0)\"" }.joined(separator: ",\n")
        let tags = (etags ?? []).map { "'\($0)'" }.joined(separator: ",\n")
        try Data("""
            local paths = {
            \(list)
            }
            local etags = {
            \(tags)
            }
            local n = 0
            local offset = 0
            setup = function(thread)
              offset = offset + 1
              thread:set("offset", offset * 2503)
            end
            init = function(args)
              n = offset or 0
            end
            request = function()
              n = n + 1
              local k = ((n * 7919) % #paths) + 1
              if #etags > 0 then
                return wrk.format("GET", paths[k], { ["If-None-Match"] = etags[k] })
              end
              return wrk.format("GET", paths[k])
            end
            """.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t\(wrkThreads)", "-c\(connections)", "-d\(duration)s", "--timeout", "10s", "--latency", "-s", script.path, base]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func after(_ label: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
                .map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        let p50 = after("50%") ?? "50% ?", p90 = after("90%") ?? "90% ?", p99 = after("99%") ?? "99% ?"
        let rate = after("Requests/sec:") ?? "Requests/sec: ?"
        let requests = text.split(separator: "\n").first { $0.contains("requests in") }.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "? requests"
        let socket = after("Socket errors:") ?? "Socket errors: none"
        let non2xx = after("Non-2xx or 3xx responses:") ?? "Non-2xx or 3xx responses: 0"
        let count = requests.split(separator: " ").first.flatMap { Int($0) } ?? 0
        return ("\(requests); \(p50), \(p90), \(p99); \(rate); \(socket); \(non2xx)", count)
    }

    /// wrk's connections and the server's sockets share this process's descriptors with the store.
    func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// CPU time (user and system, every thread) this process has used, in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Resident memory of this process now, in MB (`/proc/self/statm`).
func currentRSSMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// Feeds rendered with the Publisher, as `peerplan serve` does, counted (to see the cache work).
final class CountingSource: CalendarSource, @unchecked Sendable {
    let publisher: Publisher
    private let lock = NSLock()
    private var calls = 0

    init(publisher: Publisher) { self.publisher = publisher }

    var count: Int { lock.withLock { calls } }

    func calendar(for audience: CalendarAudience) throws -> RenderedCalendar {
        lock.withLock { calls += 1 }
        return try publisher.feed(audience)
    }
}
