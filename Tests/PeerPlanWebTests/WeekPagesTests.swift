import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// `/schools/{id}/week` and `/schools/{id}/changes`: what the principal sees, placing the week,
/// previewing and confirming a week's changes, and who may do it.
@Suite struct WeekPagesTests {
    static let monday = "2026-09-14"

    func latestRun(_ f: WebFixture) throws -> Int64? { try f.store.schoolOverview(school: "sch-mid").schedule?.runId }

    @Test func theWeekShowsTheGridByKindWithNamesAndWhatCouldNotBePlaced() async throws {
        let f = try WebFixture()
        let week = try Scheduler(store: f.store, config: try loadTestConfig()).week(school: "sch-mid", teacher: nil)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid/week", cookie: cookie)
            #expect(page.status == .ok)
            for part in ["<h1>The week</h1>", #"<table class="week-grid">"#, "<caption>Cedar Middle: sessions each week (\(week.sessions.count))</caption>",
                         #"<th scope="col">Monday</th>"#, #"<th scope="col">Friday</th>"#, #"<th scope="row">"#,
                         #"<span class="kind-label">Pair meeting</span>"#, #"<span class="kind-label">Peer observation</span>"#,
                         #"<span class="kind-label">PLC</span>"#, "Keisha Williams", "Daniel Park",
                         #"<label for="teacher">Show the week of</label>"#, #"<option value="t-mid-02">Keisha Williams</option>"#,
                         #"<form method="post" action="/schools/sch-mid/week">"#, "<button type=\"submit\">Place the week</button>",
                         #"<h2 id="unplaced-heading">Not placed</h2>"#] {
                #expect(page.body.contains(part), "missing \(part)")
            }
            // It prints on one landscape page without the navigation.
            #expect(page.body.contains(#"<div class="week-print">"#))
            let css = try await client.page("/static/app.css")
            #expect(css.body.contains("@page week { size: landscape;") && css.body.contains(".week-print { page: week; }"))
            #expect(css.body.contains("@media print {\n  .skip-link, .site-nav, .sign-out, .site-footer, form { display: none; }"))
            // A PLC's members are named under its title.
            #expect(page.body.contains(#"PLC: Mathematics team<span class="sub">Robert Alvarez, Keisha Williams, Daniel Park</span>"#))
            // Every session is in the grid once per period it takes.
            #expect(page.body.components(separatedBy: #"<div class="session kind-"#).count - 1 == week.sessions.reduce(0) { $0 + $1.periods.count })
            // What could not be placed, in the reports' wording (with names for ids), never the reason's code.
            for u in week.unplaced {
                #expect(page.body.contains(u.title.replacingOccurrences(of: "'", with: "&#39;")) || page.body.contains(u.title))
                #expect(!page.body.contains("[\(u.reason)]"))
            }
            if week.unplaced.isEmpty { #expect(page.body.contains("Every session has a place.")) }
            // Nothing about ratings on a principal's week.
            let text = page.body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression).lowercased()
            for word in ["score", "rating", "rubric"] { #expect(!text.contains(word)) }
        }
    }

    @Test func theTeacherFilterNarrowsTheWeekToOneTeacher() async throws {
        let f = try WebFixture()
        let hers = try Scheduler(store: f.store, config: try loadTestConfig()).week(school: "sch-mid", teacher: "t-mid-02")
        let all = try Scheduler(store: f.store, config: try loadTestConfig()).week(school: "sch-mid", teacher: nil)
        #expect(hers.sessions.count < all.sessions.count)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid/week?teacher=t-mid-02", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.body.contains("sessions each week of Keisha Williams (\(hers.sessions.count))"))
            #expect(page.body.contains(#"<option value="t-mid-02" selected>Keisha Williams</option>"#))
            for other in all.sessions where !other.members.contains("t-mid-02") {
                #expect(!page.body.contains(other.title), "\(other.title) is not hers")
            }
            // A teacher of another school (or nobody) is not a page.
            #expect(try await client.page("/schools/sch-mid/week?teacher=t-hs-01", cookie: cookie).status == .notFound)
            #expect(try await client.page("/schools/sch-mid/week?teacher=", cookie: cookie).status == .ok)
        }
    }

    @Test func placingTheWeekFromThePageIsAuditedAndRedirects() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        let before = try #require(try latestRun(f))
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/week", cookie: cookie).csrf)
            let placed = try await client.page("/schools/sch-mid/week", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(placed.status == .seeOther)
            let location = try #require(placed.location)
            #expect(location.hasPrefix("/schools/sch-mid/week?placed="))
            let after = try #require(try latestRun(f))
            #expect(after > before)
            let entry = try #require(try audit.list().first)
            #expect(entry.action == "placed the week" && entry.actor == WebFixture.principal && entry.schoolId == "sch-mid")
            #expect(entry.details.hasPrefix("run \(after): "))
            let page = try await client.page(location, cookie: cookie)
            #expect(page.body.contains(#"<p class="notice" role="status">The week was placed: "#))
        }
    }

    @Test func placingTheWeekIsRefusedToOthersAndWithoutTheToken() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        let run = try latestRun(f)
        try await f.app.test(.router) { client in
            // Signed out: sign in first.
            #expect(try await client.page("/schools/sch-mid/week", method: .post, form: []).location == "/login")
            // The principal without the form's token: 403, nothing placed.
            let (pat, _) = try await client.signIn(WebFixture.principal)
            let refused = try await client.page("/schools/sch-mid/week", method: .post, cookie: pat, form: [("csrf", String(repeating: "0", count: 64))])
            #expect(refused.status == .forbidden)
            // Another school's principal and a teacher: the same 404, with their own valid tokens.
            for email in [WebFixture.otherPrincipal, WebFixture.teacher] {
                let (cookie, home) = try await client.signIn(email)
                let csrf = try #require(try await client.page(home.location ?? "/", cookie: cookie).csrf)
                for path in ["/schools/sch-mid/week", "/schools/sch-mid/changes"] {
                    let answer = try await client.page(path, method: .post, cookie: cookie,
                                                       form: [("csrf", csrf), ("week", Self.monday), ("teacher", "t-mid-02"), ("on", Self.monday)])
                    #expect(answer.status == .notFound, "\(email) \(path)")
                }
            }
        }
        #expect(try latestRun(f) == run)
        #expect(try audit.list().allSatisfy { $0.action != "placed the week" && $0.action != "applied week changes" })
    }

    @Test func markingKeishaAbsentShowsWhatMovesThenConfirmingMovesHerSession() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        let changes = WeekChanges(store: f.store, config: try loadTestConfig())
        let absence = WeekChanges.Absence(teacher: "t-mid-02", date: CalendarDate(parsing: Self.monday)!)
        let expected = try changes.preview(school: "sch-mid", date: absence.date, absences: [absence])
        #expect(!expected.changes.isEmpty)
        let query = "week=\(Self.monday)&teacher=t-mid-02&on=\(Self.monday)&teacher=&on=&closed="
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let form = try await client.page("/schools/sch-mid/changes", cookie: cookie)
            #expect(form.status == .ok)
            for part in [#"<label for="week">"#, #"<label for="teacher-1">Teacher 1</label>"#, #"<label for="on-1">"#, #"<label for="closed">"#,
                         #"<form method="get" action="/schools/sch-mid/changes""#] {
                #expect(form.body.contains(part), "missing \(part)")
            }
            // The preview changes nothing: twice the same, and no audit entry.
            let entries = try audit.list().count
            let preview = try await client.page("/schools/sch-mid/changes?\(query)", cookie: cookie)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("What changes in the week of \(Self.monday)"))
            #expect(preview.body.contains("Keisha Williams absent on \(Self.monday)"))
            let moved = expected.changes.filter { $0.action == "moved" }.count
            #expect(preview.body.contains("\(moved) moved, \(expected.changes.count - moved) cancelled, \(expected.unchanged) unchanged."))
            #expect(preview.body.contains("Nothing has changed yet."))
            for c in expected.changes { #expect(preview.body.contains(c.action == "moved" ? "Moved to " : "Cancelled")) }
            #expect(try await client.page("/schools/sch-mid/changes?\(query)", cookie: cookie).body == preview.body)
            #expect(try audit.list().count == entries)
            // Confirming without the token: 403 and nothing recorded.
            let hidden: [(String, String)] = [("week", Self.monday), ("teacher", "t-mid-02"), ("on", Self.monday)]
            #expect(preview.body.contains(#"<input type="hidden" name="teacher" value="t-mid-02">"#))
            let forged = try await client.page("/schools/sch-mid/changes", method: .post, cookie: cookie, form: hidden)
            #expect(forged.status == .forbidden)
            #expect(try audit.list().count == entries)
            // Confirmed: the same outcome as the preview, recorded with its audit entry.
            let csrf = try #require(preview.csrf)
            let confirmed = try await client.page("/schools/sch-mid/changes", method: .post, cookie: cookie, form: [("csrf", csrf)] + hidden)
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.location == "/schools/sch-mid/changes?applied=\(Self.monday)-\(moved)-\(expected.changes.count - moved)")
            let entry = try #require(try audit.list().first)
            #expect(entry.action == "applied week changes" && entry.schoolId == "sch-mid" && entry.actor == WebFixture.principal)
            // The preview's rolled-back run is the number the real one took: nothing was kept in between.
            #expect(entry.details.hasSuffix("(run \(expected.run))"))
            #expect(entry.details.contains("absent t-mid-02 on \(Self.monday)"))
            let done = try await client.page(try #require(confirmed.location), cookie: cookie)
            #expect(done.body.contains("Confirmed for the week of \(Self.monday): \(moved) session"))
        }
        // Her session moved.
        #expect(expected.changes.contains { $0.meeting.contains("t-mid-02") && $0.action == "moved" && $0.from == Self.monday })
    }

    @Test func aClosedDayMovesOrCancelsEverySessionOfThatDay() async throws {
        let f = try WebFixture()
        let week = try Scheduler(store: f.store, config: try loadTestConfig()).week(school: "sch-mid", teacher: nil)
        let mondaySessions = week.sessions.filter { $0.day == "Mon" }.count
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let preview = try await client.page("/schools/sch-mid/changes?week=\(Self.monday)&closed=\(Self.monday)", cookie: cookie)
            #expect(preview.status == .ok)
            #expect(preview.body.components(separatedBy: "School closed on \(Self.monday)").count - 1 == mondaySessions)
            #expect(preview.body.contains(#"<input type="hidden" name="closed" value="\#(Self.monday)">"#))
        }
    }

    @Test func aMistakeInTheChangesFormIsAnsweredOnThePage() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            for (query, message) in [("week=someday", "Choose the week"), ("week=\(Self.monday)", "Mark at least one teacher absent"),
                                     ("week=\(Self.monday)&teacher=t-mid-02&on=2026-09-30", "is not in the week of"),
                                     ("week=\(Self.monday)&teacher=t-hs-01&on=\(Self.monday)", "does not teach at this school"),
                                     ("week=\(Self.monday)&teacher=t-mid-02&on=2026-09-19", "is not a school day")] {
                let answer = try await client.page("/schools/sch-mid/changes?\(query)", cookie: cookie)
                #expect(answer.status == .unprocessableContent, "\(query)")
                #expect(answer.body.contains(message), "\(query)")
                #expect(answer.body.contains(#"role="alert""#))
            }
            let csrf = try #require(try await client.page("/schools/sch-mid/changes", cookie: cookie).csrf)
            let posted = try await client.page("/schools/sch-mid/changes", method: .post, cookie: cookie,
                                               form: [("csrf", csrf), ("week", Self.monday), ("teacher", "t-mid-02"), ("on", "2026-09-19")])
            #expect(posted.status == .unprocessableContent)
            #expect(posted.body.contains("Nothing was changed"))
        }
    }

    /// Calendars from the store, as `peerplan serve` gets them.
    struct PublisherSource: CalendarSource {
        let publisher: Publisher
        func calendar(for audience: CalendarAudience) throws -> RenderedCalendar { try publisher.feed(audience) }
    }

    @Test func afterConfirmingHerFeedHasTheMovedSessionAsAnOverride() async throws {
        try Exchange.prepare()
        let config = try loadTestConfig()
        let app = try WebFixture(source: { PublisherSource(publisher: Publisher(store: $0, config: config)) })
        let token = try FeedTokens(store: app.store).issue(for: .teacher("t-mid-02"))
        try await app.app.test(.router) { client in
            let before = try await client.page("/feeds/\(token.token).ics")
            #expect(before.status == .ok)
            #expect(!before.body.contains("RECURRENCE-ID"))
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let csrf = try #require(try await client.page("/schools/sch-mid/changes", cookie: cookie).csrf)
            let confirmed = try await client.page("/schools/sch-mid/changes", method: .post, cookie: cookie,
                                                  form: [("csrf", csrf), ("week", Self.monday), ("teacher", "t-mid-02"), ("on", Self.monday)])
            #expect(confirmed.status == .seeOther)
            let after = try await client.page("/feeds/\(token.token).ics")
            #expect(after.status == .ok)
            // Her Monday pair meeting is now an override of that date, moved to another day.
            #expect(after.body.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("RECURRENCE-ID") && $0.contains("20260914") })
        }
    }
}
