import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore
import PeerPlanWeb

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Calendar subscription links: secret, revocable URLs for a teacher's, a school's or a PLC team's calendar.",
        discussion: "`peerplan serve` answers the links. Anyone holding a link can read that calendar until it is revoked.",
        subcommands: [FeedsIssue.self, FeedsRevoke.self, FeedsList.self])
}

/// Exactly one of --teacher, --school, --plc.
struct CalendarAudienceOptions: ParsableArguments {
    @Option(help: "A teacher (sourcedId): their own calendar.") var teacher: String?
    @Option(help: "A school (sourcedId): every published session of the school.") var school: String?
    @Option(help: "A PLC team (its number from `plcs show`).") var plc: Int64?

    var audience: CalendarAudience? {
        if let teacher { return .teacher(teacher) }
        if let school { return .school(school) }
        if let plc { return .plc(plc) }
        return nil
    }

    var given: Int { [teacher != nil, school != nil, plc != nil].filter { $0 }.count }
}

struct FeedsIssue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a new subscription link for a teacher, a school or a PLC team.",
        discussion: "Prints the https link (paste it into Google Calendar's \"From URL\" or Outlook's \"Subscribe from web\") and the webcal:// form (Apple Calendar). Each call issues a new, independent link.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var whose: CalendarAudienceOptions

    @Option(help: ArgumentHelp("The public address of `peerplan serve` (default: $PEERPLAN_BASE_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var baseURL: String?

    var base: String {
        get throws {
            try FeedLinks.base(baseURL ?? ProcessInfo.processInfo.environment["PEERPLAN_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080")
        }
    }

    func validate() throws {
        guard whose.given == 1 else { throw ValidationError("give exactly one of --teacher, --school, --plc") }
        _ = try base
    }

    func run() throws {
        let base = try self.base
        guard let audience = whose.audience else { return }
        let issued = try FeedTokens(store: try options.openExistingStore()).issue(for: audience)
        let links = FeedLinks.links(base: base, token: issued.token)
        print("Feed for \(audience) (\(issued.schoolId)):")
        print("  \(links.http)")
        print("  \(links.webcal)")
        print("Copy it now: PeerPlan keeps only a hash of the token and cannot show this link again.")
        print("Anyone with the link can read this calendar. Revoke it with `peerplan feeds revoke \(issued.shortToken)`.")
        if !base.hasPrefix("https://") {
            printError("note: \(base) is not https; Google Calendar and Outlook subscribe only to public https addresses (--base-url).")
        }
    }
}

enum FeedLinks {
    /// Checks and normalises a base URL: http(s), a host, no query; trailing slashes dropped.
    static func base(_ text: String) throws -> String {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URLComponents(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else {
            throw ValidationError("--base-url \"\(text)\" is not an http(s) address like https://calendar.example.org")
        }
        return trimmed
    }

    static func links(base: String, token: String) -> (http: String, webcal: String) {
        let http = "\(base)/feeds/\(token).ics"
        let rest = http.drop(while: { $0 != ":" })
        return (http, "webcal" + rest)
    }
}

struct FeedsRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a subscription link (by token, or its first 8 characters as `feeds list` shows them), or every link of a teacher, school or PLC team.",
        discussion: "A revoked link answers 404 at once, exactly like a link that never existed; subscribed calendars stop updating.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The token, or its first 8 characters as `feeds list` shows them (the store keeps no more of it).") var token: String?
    @OptionGroup var whose: CalendarAudienceOptions

    func validate() throws {
        guard (token == nil ? 0 : 1) + whose.given == 1 else { throw ValidationError("give a TOKEN or exactly one of --teacher, --school, --plc") }
    }

    func run() throws {
        let tokens = FeedTokens(store: try options.openExistingStore())
        if let token {
            let revoked = try tokens.revoke(token: token)
            print("Revoked \(revoked.shortToken) (\(revoked.audience)).")
        } else if let audience = whose.audience {
            let count = try tokens.revokeAll(for: audience)
            print(count == 0 ? "No active link for \(audience)." : "Revoked \(count) link\(count == 1 ? "" : "s") for \(audience).")
        }
    }
}

struct FeedsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List subscription links by the first 8 characters of their token (the store keeps no more), revoked ones included.")
    @OptionGroup var options: StoreOptions
    @Option(help: "Only this school's links.") var school: String?
    @Flag(help: "Leave out revoked links.") var activeOnly = false
    @Option(help: "text, json or csv.") var format: OutputFormat = .text

    func run() throws {
        let list = try FeedTokens(store: try options.openExistingStore()).list(school: school, includeRevoked: !activeOnly)
        let iso = ISO8601DateFormatter()
        struct Out: Encodable { var token: String; var scope: String; var subject: String; var school: String; var created: String; var revoked: String? }
        let rows = list.map { Out(token: $0.shortToken, scope: $0.audience.kind.rawValue, subject: $0.audience.subject, school: $0.schoolId,
                                  created: iso.string(from: $0.createdAt), revoked: $0.revokedAt.map(iso.string(from:))) }
        switch format {
        case .json: print(try jsonString(rows))
        case .csv:
            print("token,scope,subject,school,created,revoked")
            for r in rows { print([r.token, r.scope, r.subject, r.school, r.created, r.revoked ?? ""].map(csvField).joined(separator: ",")) }
        case .text:
            if rows.isEmpty { print("No subscription links\(school.map { " for \($0)" } ?? ""). `peerplan feeds issue --teacher ID` makes one.") }
            for r in rows {
                print("  \(r.token)  \(r.scope) \(r.subject) (\(r.school)), issued \(r.created)\(r.revoked.map { ", revoked \($0)" } ?? "")")
            }
        }
    }
}

/// The feeds' calendars, rendered from the store by `Publisher` (SEQUENCE bookkeeping included);
/// DTSTAMP is the time the calendar last changed, so unchanged feeds keep their ETag.
struct PublisherCalendarSource: CalendarSource {
    let publisher: Publisher

    func calendar(for audience: CalendarAudience) throws -> RenderedCalendar {
        try publisher.feed(audience)
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app (sign-in, each role's pages) and the calendar feeds (GET /feeds/TOKEN.ics, /healthz) over HTTP.",
        discussion: """
        Accounts come from `peerplan users add`. Put it behind an https reverse proxy (then pass --secure-cookies and \
        --base-url) for browsers, Google Calendar and Outlook. Stops on Ctrl-C or SIGTERM.
        """)

    @OptionGroup var options: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Cache-Control max-age of feeds, in seconds.") var maxAge = 3600
    @Flag(help: "Mark the session cookie Secure (the app is reached over https).") var secureCookies = false
    @Option(help: ArgumentHelp("The public address, for feed links on teachers' pages (default: $PEERPLAN_BASE_URL, else the address each request names).",
                               valueName: "url"))
    var baseURL: String?
    @Option(help: ArgumentHelp("Serve as if today were this date (YYYY-MM-DD): for demonstrations and training on a past or future term; the clock runs on from it.",
                               valueName: "date"))
    var today: String?

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        guard maxAge >= 0 else { throw ValidationError("--max-age must not be negative") }
        if let base = publicBase { _ = try FeedLinks.base(base) }
    }

    var publicBase: String? { baseURL ?? ProcessInfo.processInfo.environment["PEERPLAN_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Now, or the same time of day counted from `--today`.
    func clock() throws -> @Sendable () -> Date {
        guard let today else { return { Date() } }
        guard let day = CalendarDate(parsing: today) else { throw ValidationError("--today: \"\(today)\" is not a date (YYYY-MM-DD)") }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let started = Date()
        let startOfToday = utc.startOfDay(for: started)
        guard let shifted = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else {
            throw ValidationError("--today: \"\(today)\" is not a date (YYYY-MM-DD)")
        }
        let offset = shifted.timeIntervalSince(startOfToday)
        return { Date().addingTimeInterval(offset) }
    }

    func run() async throws {
        try Exchange.prepare()
        let store = try options.openExistingStore()
        let config = try options.loadConfig()
        let source = PublisherCalendarSource(publisher: Publisher(store: store, config: config))
        let feeds = FeedServer(store: store, source: source, maxAge: maxAge, cache: FeedCache())
        // The district's cost page needs the cost figures; without them the rest still serves.
        var costs: CostParameters?
        do {
            costs = try CostConfigLoader.load(configDirectory: ConfigLoader.locate(explicit: options.config))
        } catch {
            FileHandle.standardError.write(Data("warning: the cost figures could not be read (\(error)); /district/costs will say so.\n".utf8))
        }
        let web = try WebApp(store: store, feeds: feeds, options: .init(
            secureCookies: secureCookies, baseURL: try publicBase.map(FeedLinks.base),
            timeZone: TimeZone(identifier: config.defaultTimezone) ?? .current,
            observationEveryWeeks: config.placement.observationEveryWeeks, clock: try clock(), config: config, costParameters: costs))
        // Written at once (not buffered), so a script waiting for it sees it while the server runs.
        FileHandle.standardOutput.write(Data("PeerPlan on http://\(host):\(port)/login (feeds under /feeds/). Ctrl-C stops it.\n".utf8))
        try await web.buildApplication(host: host, port: port).runService()
    }
}
