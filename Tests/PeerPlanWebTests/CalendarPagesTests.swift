import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// `/schools/{id}/calendars`: publishing (what changed first), and feed links issued and revoked.
@Suite struct CalendarPagesTests {
    init() throws { try Exchange.prepare() }

    @Test func publishingFromThePageIsAuditedAndThenNothingIsLeftToPublish() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let before = try await client.page("/schools/sch-mid/calendars", cookie: cookie)
            #expect(before.status == .ok)
            for part in ["<h1>Calendars</h1>", "Not published yet.", "Publishing lays out ", #"<form method="post" action="/schools/sch-mid/calendars">"#,
                         "<caption>Each teacher’s calendar</caption>", #"<th scope="row">Keisha Williams</th>"#,
                         #"<th scope="row">Cedar Middle (every session of the school)</th>"#, #"<th scope="row">PLC: "#,
                         #"<input type="hidden" name="subject" value="t-mid-02">"#] {
                #expect(before.body.contains(part), "missing \(part)")
            }
            // Without the token: refused, nothing published.
            let refused = try await client.page("/schools/sch-mid/calendars", method: .post, cookie: cookie, form: [])
            #expect(refused.status == .forbidden)
            #expect(try f.store.schoolOverview(school: "sch-mid").publication == nil)
            let csrf = try #require(before.csrf)
            let published = try await client.page("/schools/sch-mid/calendars", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(published.status == .seeOther)
            let location = try #require(published.location)
            #expect(location.hasPrefix("/schools/sch-mid/calendars?published="))
            let publication = try #require(try f.store.schoolOverview(school: "sch-mid").publication)
            #expect(publication.events > 0)
            let entry = try #require(try audit.list().first)
            #expect(entry.action == "published calendars" && entry.schoolId == "sch-mid" && entry.actor == WebFixture.principal)
            let after = try await client.page(location, cookie: cookie)
            #expect(after.body.contains(#"<p class="notice" role="status">Published "#))
            #expect(after.body.contains("Published: \(publication.events) events"))
            #expect(after.body.contains("Nothing changed since the last publication"))
            // A week's change is what the page then says is waiting.
            let changes = WeekChanges(store: f.store, config: try loadTestConfig())
            _ = try changes.apply(school: "sch-mid", date: CalendarDate(parsing: "2026-09-14")!,
                                  absences: [.init(teacher: "t-mid-02", date: CalendarDate(parsing: "2026-09-14")!)])
            let waiting = try await client.page("/schools/sch-mid/calendars", cookie: cookie)
            #expect(waiting.body.contains("Since the last publication: "))
        }
    }

    @Test func aFeedLinkIsIssuedShownOnceAndRevoked() async throws {
        let f = try WebFixture()
        let tokens = FeedTokens(store: f.store)
        let audit = AuditLog(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/calendars", cookie: cookie).csrf)
            let issued = try await client.page("/schools/sch-mid/calendars/links", method: .post, cookie: cookie,
                                               form: [("csrf", csrf), ("scope", "teacher"), ("subject", "t-mid-02")])
            #expect(issued.status == .seeOther)
            let list = try tokens.list(school: "sch-mid")
            #expect(list.count == 1 && list[0].audience == .teacher("t-mid-02"))
            #expect(issued.location == "/schools/sch-mid/calendars?issued=\(list[0].prefix)#links")
            #expect(try audit.list().first?.action == "issued feed link")
            let shown = try await client.page(try #require(issued.location), cookie: cookie)
            #expect(shown.body.contains("New link for Keisha Williams."))
            let token = try #require(feedToken(in: shown.body))
            #expect(FeedTokens.hash(token) == list[0].tokenHash)
            #expect(shown.body.contains("webcal://"))
            // Afterwards the page shows it shortened only, even at the same address.
            let reloaded = try await client.page(try #require(issued.location), cookie: cookie)
            #expect(!reloaded.body.contains(token) && !reloaded.body.contains("New link for"))
            let later = try await client.page("/schools/sch-mid/calendars", cookie: cookie)
            #expect(!later.body.contains(token))
            #expect(later.body.contains(list[0].shortToken))
            // The feed answers, until the link is revoked.
            #expect(try await client.page("/feeds/\(token).ics").status == .ok)
            let revoked = try await client.page("/schools/sch-mid/calendars/links/revoke", method: .post, cookie: cookie,
                                                form: [("csrf", csrf), ("link", list[0].shortToken)])
            #expect(revoked.status == .seeOther)
            #expect(try tokens.lookup(token) == nil)
            let entry = try #require(try audit.list().first)
            #expect(entry.action == "revoked feed link" && entry.schoolId == "sch-mid")
            #expect(try await client.page("/feeds/\(token).ics").status == .notFound)
            // Revoking it again, or a link that does not exist: not found, nothing recorded.
            let count = try audit.list().count
            #expect(try await client.page("/schools/sch-mid/calendars/links/revoke", method: .post, cookie: cookie,
                                          form: [("csrf", csrf), ("link", list[0].shortToken)]).status == .notFound)
            #expect(try audit.list().count == count)
        }
    }

    @Test func calendarsAreRefusedToOthersAndForOtherSchoolsSubjects() async throws {
        let f = try WebFixture()
        let tokens = FeedTokens(store: f.store)
        let high = try tokens.issue(for: .teacher("t-hs-01"))
        let mid = try tokens.issue(for: .teacher("t-mid-02"))
        try await f.app.test(.router) { client in
            for path in ["/schools/sch-mid/calendars", "/schools/sch-mid/calendars/links", "/schools/sch-mid/calendars/links/revoke"] {
                #expect(try await client.page(path, method: .post, form: []).location == "/login", "\(path)")
            }
            // Cedar Middle's principal: not for a teacher of another school, nor another school's link.
            let (pat, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/calendars", cookie: pat).csrf)
            #expect(try await client.page("/schools/sch-mid/calendars/links", method: .post, cookie: pat,
                                          form: [("csrf", csrf), ("scope", "teacher"), ("subject", "t-hs-01")]).status == .notFound)
            #expect(try await client.page("/schools/sch-mid/calendars/links", method: .post, cookie: pat,
                                          form: [("csrf", csrf), ("scope", "school"), ("subject", "sch-high")]).status == .notFound)
            #expect(try await client.page("/schools/sch-mid/calendars/links/revoke", method: .post, cookie: pat,
                                          form: [("csrf", csrf), ("link", high.shortToken)]).status == .notFound)
            // Another school's principal and a teacher: the same 404.
            for email in [WebFixture.otherPrincipal, WebFixture.teacher] {
                let (cookie, home) = try await client.signIn(email)
                let token = try #require(try await client.page(home.location ?? "/", cookie: cookie).csrf)
                #expect(try await client.page("/schools/sch-mid/calendars", cookie: cookie).status == .notFound)
                for (path, form) in [("/schools/sch-mid/calendars", [("csrf", token)]),
                                     ("/schools/sch-mid/calendars/links", [("csrf", token), ("scope", "teacher"), ("subject", "t-mid-02")]),
                                     ("/schools/sch-mid/calendars/links/revoke", [("csrf", token), ("link", mid.shortToken)])] {
                    #expect(try await client.page(path, method: .post, cookie: cookie, form: form).status == .notFound, "\(email) \(path)")
                }
            }
        }
        #expect(try tokens.list().filter { $0.revokedAt == nil }.count == 2)
        #expect(try tokens.list().count == 2)
        #expect(try f.store.schoolOverview(school: "sch-mid").publication == nil)
    }
}
