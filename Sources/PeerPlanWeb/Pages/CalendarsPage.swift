import Foundation
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore

/// The page model of `/schools/{school}/calendars`: the publication state, what publishing now
/// would change, and a row per feed (the school, each PLC team, each teacher) with its active
/// links shortened — a new link is shown in full (https and webcal://) once, right after issuing.
struct CalendarsPage: Sendable {
    struct Link: Sendable {
        var short: String
        var since: String
    }

    struct Feed: Sendable {
        var label: String
        var scope: String
        var subject: String
        var links: [Link]
        var hasLinks: Bool
    }

    struct NewLink: Sendable {
        var who: String
        var https: String
        var webcal: String
    }

    var name: String
    var base: String
    var school: String
    var csrf: String
    var hasSchedule: Bool
    var state: String
    var changes: String?
    var canPublish: Bool
    var publishedNotice: String?
    var revokedNotice: String?
    var newLink: NewLink?
    var shared: [Feed]
    var teacherFeeds: [Feed]

    init(overview: SchoolOverview, base: String, school: String, csrf: String, teachers: [(id: String, name: String)], teams: [PLCStore.Team],
         tokens: [FeedToken], issued: IssuedFeedToken?, pending: Publisher.Summary?, feedBase: String, query: FormData, timeZone: TimeZone) {
        name = overview.name
        self.base = base
        self.school = school
        self.csrf = csrf
        hasSchedule = overview.schedule != nil
        canPublish = hasSchedule && pending != nil
        state = overview.publication.map { p in
            "Published: \(p.events) event\(p.events == 1 ? "" : "s")" + (p.lastChange.map { ", last changed \(SchoolPage.date($0, timeZone))" } ?? "") + "."
        } ?? "Not published yet."
        changes = pending.map { p in
            guard p.hasChanges else { return "Nothing changed since the last publication: \(p.calendars) calendars are up to date." }
            return overview.publication == nil
                ? "Publishing lays out \(p.calendars) calendars with \(p.newEvents) event\(p.newEvents == 1 ? "" : "s")."
                : "Since the last publication: \(p.newEvents) new event\(p.newEvents == 1 ? "" : "s") and \(p.changedEvents) changed "
                    + "(moved, cancelled, or with other members), across \(p.calendars) calendars."
        }
        publishedNotice = query["published"].flatMap { text in
            let n = text.split(separator: "-").compactMap { Int($0) }
            guard n.count == 3 else { return nil }
            return "Published \(n[0]) calendars: \(n[1]) new and \(n[2]) changed event\(n[2] == 1 ? "" : "s"). Subscribed calendars update on their next refresh."
        }
        revokedNotice = query["revoked"].map { "The link starting \($0)… no longer works." }
        let names = Dictionary(teachers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func label(_ audience: CalendarAudience) -> String {
            switch audience {
            case .teacher(let id): return names[id] ?? id
            case .school: return "\(overview.name) (every session of the school)"
            case .plc(let id): return teams.first { $0.id == id }.map { "PLC: \($0.name)" } ?? "PLC team \(id)"
            }
        }
        func feed(_ audience: CalendarAudience) -> Feed {
            let links = tokens.filter { $0.audience == audience }.map { Link(short: $0.shortToken, since: SchoolPage.date($0.createdAt, timeZone)) }
            return Feed(label: label(audience), scope: audience.kind.rawValue, subject: audience.subject, links: links, hasLinks: !links.isEmpty)
        }
        shared = [feed(.school(overview.school))] + teams.map { feed(.plc($0.id)) }
        teacherFeeds = teachers.map { feed(.teacher($0.id)) }
        // The secret is known only right after issuing (the store keeps its hash); the page shows
        // it when it is the link the address names and is still active.
        newLink = issued.flatMap { issued in
            guard query["issued"] == issued.stored.prefix, tokens.contains(where: { $0.tokenHash == issued.stored.tokenHash }) else { return nil }
            let https = "\(feedBase)/feeds/\(issued.token).ics"
            return NewLink(who: label(issued.audience), https: https, webcal: "webcal" + https.drop(while: { $0 != ":" }))
        }
    }
}
