import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// The web app route by route: sign-in, sessions, CSRF, who may open what, and what a
/// teacher's pages never show.
@Suite struct WebAppTests {
    // MARK: Sign-in

    @Test(arguments: [(WebFixture.district, "/district", "<h1>Schools</h1>"),
                      (WebFixture.principal, "/schools/sch-mid", "<h1>Cedar Middle</h1>"),
                      (WebFixture.teacher, "/me", "<h1>My week</h1>")])
    func signingInLandsOnTheRolesHome(email: String, home: String, heading: String) async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, answer) = try await client.signIn(email.uppercased())
            #expect(answer.status == .seeOther)
            #expect(answer.location == home)
            let setCookie = try #require(answer.setCookies.first)
            #expect(setCookie.hasSuffix("; Path=/; HttpOnly; SameSite=Lax"))
            #expect(!setCookie.contains("Secure"))
            let page = try await client.page(home, cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.body.contains(heading))
            #expect(page.body.contains(email))  // the signed-in bar
            // `/` and `/login` send a signed-in person home too.
            #expect(try await client.page("/", cookie: cookie).location == home)
            #expect(try await client.page("/login", cookie: cookie).location == home)
        }
    }

    @Test func secureCookiesAreMarkedSecure() async throws {
        let f = try WebFixture(secureCookies: true)
        try await f.app.test(.router) { client in
            let (_, answer) = try await client.signIn(WebFixture.teacher)
            #expect(answer.setCookies.first?.hasSuffix("; Path=/; HttpOnly; SameSite=Lax; Secure") == true)
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameAnswer() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let wrong = try await client.page("/login", method: .post, form: [("email", WebFixture.teacher), ("password", "not her password")])
            let unknown = try await client.page("/login", method: .post, form: [("email", "nobody@riverbend.example"), ("password", WebFixture.password)])
            for answer in [wrong, unknown] {
                #expect(answer.status == .unauthorized)
                #expect(answer.setCookies.isEmpty)
                #expect(answer.body.contains("That email and password do not match an account."))
                #expect(answer.body.contains(#"name="email""#) && answer.body.contains(#"name="password""#))
            }
            // The same page but for the email typed back into the form.
            #expect(wrong.body.replacingOccurrences(of: WebFixture.teacher, with: "E") == unknown.body.replacingOccurrences(of: "nobody@riverbend.example", with: "E"))
        }
    }

    @Test func whatIsTypedIsShownBackEscaped() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let typed = #""><script>alert(1)</script>"#
            let answer = try await client.page("/login", method: .post, form: [("email", typed), ("password", "whatever it is")])
            #expect(answer.status == .unauthorized)
            #expect(!answer.body.contains("<script>"))
            #expect(answer.body.contains(#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#))
        }
    }

    @Test func fiveFailuresLockTheEmailWithAClearMessage() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            for attempt in 1...5 {
                let answer = try await client.page("/login", method: .post, form: [("email", WebFixture.principal), ("password", "guess number \(attempt)")])
                #expect(answer.status == .unauthorized)
            }
            // The right password is refused now: until the first failure is 15 minutes old (19:26:40 + 15 min in Chicago).
            let locked = try await client.page("/login", method: .post, form: [("email", WebFixture.principal), ("password", WebFixture.password)])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.setCookies.isEmpty)
            #expect(locked.body.contains("Too many failed sign-ins for this email. Try again after 19:41 (in 15 minutes)."))
            #expect(locked.headers[.retryAfter] == "900")
            f.clock.advance(15 * 60)
            let (_, answer) = try await client.signIn(WebFixture.principal)
            #expect(answer.location == "/schools/sch-mid")
        }
    }

    @Test func theLoginPageIsAccessibleHTML() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let page = try await client.page("/login")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            for part in [#"<html lang="en">"#, "<title>Sign in · PeerPlan</title>", ##"<a class="skip-link" href="#main">"##,
                         #"<main id="main""#, #"<label for="email">Email</label>"#, #"<input id="email" name="email""#,
                         #"<label for="password">Password</label>"#, #"<input id="password" name="password" type="password""#,
                         #"<link rel="stylesheet" href="/static/app.css">"#] {
                #expect(page.body.contains(part), "missing \(part)")
            }
            #expect(!page.body.contains("<script"))
            let css = try await client.page("/static/app.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8" && css.body.contains(".skip-link"))
            let again = try await client.page("/static/app.css", headers: [.ifNoneMatch: css.headers[.eTag] ?? ""])
            #expect(again.status == .notModified)
        }
    }

    // MARK: Sessions and CSRF

    @Test func aPostWithoutTheSessionsTokenIsRefusedAndChangesNothing() async throws {
        let f = try WebFixture()
        let tokens = FeedTokens(store: f.store)
        let audit = AuditLog(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            let csrf = try #require(me.csrf)
            #expect(me.body.contains(#"action="/me/feed-link""#))
            let before = try audit.list().count
            for form in [[], [("csrf", "")], [("csrf", String(repeating: "0", count: 64))], [("csrf", csrf + "0")]] as [[(String, String)]] {
                let answer = try await client.page("/me/feed-link", method: .post, cookie: cookie, form: form)
                #expect(answer.status == .forbidden)
                #expect(answer.body.contains("This form has expired"))
            }
            // The right token from another site is refused too.
            let forged = try await client.page("/me/feed-link", method: .post, cookie: cookie, form: [("csrf", csrf)],
                                               headers: [.origin: "https://evil.example"])
            #expect(forged.status == .forbidden)
            #expect(try tokens.list().isEmpty)
            #expect(try audit.list().count == before)
            // Sign-out needs the token as well: without it the session lives on.
            #expect(try await client.page("/logout", method: .post, cookie: cookie).status == .forbidden)
            #expect(try await client.page("/me", cookie: cookie).status == .ok)
            // With it, the link is issued (once) and audited.
            let issued = try await client.page("/me/feed-link", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(issued.status == .seeOther && issued.location == "/me?link=new#calendar")
            let list = try tokens.list()
            #expect(list.count == 1 && list[0].audience == .teacher("t-mid-02"))
            let withLink = try await client.page("/me?link=new", cookie: cookie)
            #expect(withLink.body.contains("Your calendar link is ready."))
            let token = try #require(feedToken(in: withLink.body))
            #expect(FeedTokens.hash(token) == list[0].tokenHash)
            #expect(withLink.body.contains("webcal://"))
            // Shown once: the same address again shows only that a link exists.
            let again = try await client.page("/me?link=new", cookie: cookie)
            #expect(!again.body.contains(token) && again.body.contains("You have a calendar link (starting \(list[0].shortToken)"))
            #expect(!(try await client.page("/me", cookie: cookie)).body.contains(token))
            // The feed the page linked to answers on the same server.
            let feed = try await client.page("/feeds/\(token).ics")
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            // A new link replaces it.
            #expect(try await client.page("/me/feed-link", method: .post, cookie: cookie, form: [("csrf", csrf)]).location == "/me?link=new#calendar")
            #expect(try tokens.list(includeRevoked: false).count == 1 && tokens.list().count == 2)
            let replaced = try #require(feedToken(in: try await client.page("/me?link=new", cookie: cookie).body))
            #expect(replaced != token)
            #expect(try await client.page("/feeds/\(token).ics").status == .notFound)
            #expect(try await client.page("/feeds/\(replaced).ics").status == .ok)
            #expect(try await client.page("/healthz").status == .ok)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let csrf = try #require(try await client.page("/district", cookie: cookie).csrf)
            let out = try await client.page("/logout", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(out.status == .seeOther && out.location == "/login")
            #expect(out.setCookies.first?.hasPrefix("\(SessionCookie.name)=; Path=/; Max-Age=0") == true)
            // The old cookie opens nothing any more.
            #expect(try await client.page("/district", cookie: cookie).location == "/login")
        }
    }

    @Test func sessionsExpireWhenIdleAndAfter12Hours() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            f.clock.advance(29 * 60)
            #expect(try await client.page("/me", cookie: cookie).status == .ok)  // and the idle clock restarts
            f.clock.advance(29 * 60)
            #expect(try await client.page("/me", cookie: cookie).status == .ok)
            f.clock.advance(31 * 60)
            let expired = try await client.page("/me", cookie: cookie)
            #expect(expired.status == .seeOther && expired.location == "/login")
            // Busy all day: still signed out 12 hours after signing in.
            let (busy, _) = try await client.signIn(WebFixture.teacher)
            for _ in 0..<(12 * 3) {
                f.clock.advance(20 * 60)
                _ = try await client.page("/me", cookie: busy)
            }
            #expect(try await client.page("/me", cookie: busy).location == "/login")
        }
    }

    // MARK: Who may open what

    static let pages = ["/", "/me", "/schools/sch-mid", "/schools/sch-mid/pairs", "/schools/sch-mid/plcs", "/schools/sch-mid/week",
                        "/schools/sch-mid/changes", "/schools/sch-mid/calendars", "/district", "/district.csv", "/district/costs", "/district/import"]

    @Test func aSignedOutVisitorIsSentToSignIn() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            for path in Self.pages {
                let answer = try await client.page(path)
                #expect(answer.status == .seeOther, "\(path)")
                #expect(answer.location == "/login", "\(path)")
            }
            for path in ["/logout", "/me/feed-link"] {
                #expect(try await client.page(path, method: .post, form: []).location == "/login", "\(path)")
            }
            // A cookie that is not a live session is a visitor.
            #expect(try await client.page("/me", cookie: "\(SessionCookie.name)=\(String(repeating: "a", count: 64))").location == "/login")
        }
    }

    /// Every page for every role: the allowed answer (200) or the denied one (404).
    @Test(arguments: [
        (WebFixture.district, ["/district", "/district.csv", "/district/costs", "/district/import", "/schools/sch-mid", "/schools/sch-high",
                               "/schools/sch-mid/week"], ["/me", "/schools/sch-nowhere"]),
        (WebFixture.principal, ["/schools/sch-mid", "/schools/sch-mid/pairs", "/schools/sch-mid/plcs", "/schools/sch-mid/week",
                                "/schools/sch-mid/changes", "/schools/sch-mid/calendars"],
         ["/schools/sch-high", "/schools/sch-high/week", "/schools/sch-nowhere", "/district", "/district.csv", "/district/costs", "/me"]),
        (WebFixture.otherPrincipal, ["/schools/sch-high"], ["/schools/sch-mid", "/schools/sch-mid/pairs", "/district"]),
        (WebFixture.teacher, ["/me"], ["/schools/sch-mid", "/schools/sch-mid/pairs", "/schools/sch-mid/week", "/schools/sch-high",
                                       "/district", "/district.csv", "/district/import"]),
    ])
    func eachRoleOpensItsPagesAndNoOthers(email: String, allowed: [String], denied: [String]) async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(email)
            for path in allowed {
                #expect(try await client.page(path, cookie: cookie).status == .ok, "\(email) \(path)")
            }
            var bodies: Set<String> = []
            for path in denied {
                let answer = try await client.page(path, cookie: cookie)
                #expect(answer.status == .notFound, "\(email) \(path)")
                bodies.insert(answer.body)
            }
            // Another school's page and a school that does not exist answer the very same 404.
            #expect(bodies.count == 1)
            #expect(bodies.first?.contains("Page not found") == true)
        }
    }

    @Test func theSchoolPageShowsTheSchoolAtAGlance() async throws {
        let f = try WebFixture()
        let overview = try f.store.schoolOverview(school: "sch-mid")
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid", cookie: cookie)
            #expect(page.body.contains("<dt>Teachers</dt><dd>\(overview.teachers)</dd>"))
            #expect(page.body.contains("<dt>Accepted pairs</dt><dd>3</dd>"))
            #expect(page.body.contains("<dt>Sessions placed in the week</dt><dd>\(overview.schedule!.placedSessions)</dd>"))
            #expect(page.body.contains("<dt>Calendars</dt><dd>Not published yet</dd>"))
            for section in ["pairs", "plcs", "week", "changes", "calendars"] {
                #expect(page.body.contains(#"href="/schools/sch-mid/\#(section)""#))
            }
            for section in ["pairs", "plcs", "week", "changes", "calendars"] {
                let sub = try await client.page("/schools/sch-mid/\(section)", cookie: cookie)
                #expect(sub.status == .ok && !sub.body.contains("coming soon") && !sub.body.contains("peerplan ") && !sub.body.contains("--school"), "\(section)")
                #expect(sub.body.contains(#"aria-current="page""#), "\(section)")
            }
        }
    }

    @Test func theDistrictSeesEverySchoolAsCountsAndNoTeacher() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let page = try await client.page("/district", cookie: cookie)
            for school in ["Cedar Middle", "Maple Elementary", "Oak Ridge High"] { #expect(page.body.contains(school)) }
            let csv = try await client.page("/district.csv", cookie: cookie)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.first == "school,name,teachers,participating,pairs,unpairedTargets,placedSessions,unplacedSessions,published")
            let mid = try f.store.schoolOverview(school: "sch-mid")
            #expect(lines.contains("sch-mid,Cedar Middle,\(mid.teachers),\(mid.participatingTeachers),3,1,\(mid.schedule!.placedSessions),\(mid.schedule!.unplacedSessions),no"))
            #expect(lines.contains { $0.hasPrefix("sch-high,Oak Ridge High,") && $0.hasSuffix(",,,,,no") })
            #expect(lines.count == 4)
            let names = try rosterNames()
            #expect(names.count == 41 && names.contains("Keisha Williams"))  // 40 teachers and one row marked tobedeleted
            for name in names {
                #expect(!page.body.contains(name), "\(name) on /district")
                #expect(!csv.body.contains(name), "\(name) in /district.csv")
            }
        }
    }

    // MARK: What a teacher sees

    @Test func noPageATeacherCanOpenShowsAScoreARatingOrAnotherPairsFocus() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let csrf = try #require(try await client.page("/me", cookie: cookie).csrf)
            _ = try await client.page("/me/feed-link", method: .post, cookie: cookie, form: [("csrf", csrf)])
            var seen: [String: String] = [:]
            for path in ["/me", "/me?link=new", "/", "/login", "/schools/sch-mid", "/district", "/no-such-page"] {
                var answer = try await client.page(path, cookie: cookie)
                if answer.status == .seeOther, let next = answer.location { answer = try await client.page(next, cookie: cookie) }
                seen[path] = answer.body
            }
            let me = try #require(seen["/me"])
            #expect(me.contains("Keisha Williams"))
            #expect(me.contains("Peer collaboration") && me.contains("Peer visit") && me.contains("PLC") && me.contains("Mathematics team"))
            #expect(me.contains("Daniel Park observes your class"))
            #expect(me.contains("Daniel Park"))  // her pair
            #expect(me.contains("Grouping Students") && me.contains("Problem Solving"))  // their focus skills
            for (path, body) in seen {
                // What a reader sees: the text between the tags (so `<strong>` is markup, not a word).
                let lower = body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression).lowercased()
                for word in ["score", "rating", "rubric", "weak", "strong", "target", "partner", "below expectations", "above expectations",
                             "at expectations", "unsatisfactory", "proficient", "distinguished"] {
                    #expect(!lower.contains(word), "\(path) shows \"\(word)\"")
                }
                // The other pairs' focus skills at Cedar Middle (Fixtures/README.md).
                for skill in ["Lesson Structure and Pacing", "Academic Feedback", "Questioning"] {
                    #expect(!body.contains(skill), "\(path) shows another pair's \(skill)")
                }
            }
        }
    }

    @Test func webChangesAreAudited() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            _ = try await client.page("/login", method: .post, form: [("email", WebFixture.teacher), ("password", "wrong password!")])
            let csrf = try #require(try await client.page("/me", cookie: cookie).csrf)
            _ = try await client.page("/me/feed-link", method: .post, cookie: cookie, form: [("csrf", csrf)])
            _ = try await client.page("/logout", method: .post, cookie: cookie, form: [("csrf", csrf)])
        }
        let web = try AuditLog(store: f.store).list().filter { $0.actor == WebFixture.teacher }.reversed()
        #expect(web.map(\.action) == ["signed in", "sign-in failed", "issued feed link", "signed out"])
        #expect(web.allSatisfy { $0.at == WebFixture.start })
        #expect(web.first { $0.action == "issued feed link" }?.schoolId == "sch-mid")
    }

    /// Every teacher's given and family name in the Fixtures roster (users.csv, read with a
    /// small quote-aware splitter: some rows quote comma-separated school lists).
    func rosterNames() throws -> [String] { try fixtureTeacherNames() }
}

/// The secret token of the first feed link a page shows in full.
func feedToken(in body: String) -> String? {
    guard let range = body.range(of: #"/feeds/[a-z2-7]{32}\.ics"#, options: .regularExpression) else { return nil }
    return String(body[range].dropFirst("/feeds/".count).dropLast(".ics".count))
}
