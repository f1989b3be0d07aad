import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanExchange
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// The teacher's own page (taking part or not, the .ics download) and the district's sortable
/// table: allowed, denied, CSRF, and what each never shows.
@Suite struct TeacherDistrictPageTests {
    // MARK: /me/participation

    @Test func aTeacherOptsOutAndBackInAndEachChangeIsAudited() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            let csrf = try #require(me.csrf)
            #expect(me.body.contains(#"action="/me/participation""#))
            #expect(me.body.contains("You take part in peer collaboration."))
            let out = try await client.page("/me/participation", method: .post, cookie: cookie, form: [("csrf", csrf), ("participating", "no")])
            #expect(out.status == .seeOther && out.location == "/me?participation=changed#participation")
            #expect(try f.store.participation(of: "t-mid-02") == false)
            let after = try await client.page("/me?participation=changed", cookie: cookie)
            #expect(after.body.contains("Your choice is saved."))
            #expect(after.body.contains("You do not take part in peer collaboration"))
            #expect(after.body.contains(#"name="participating" value="yes""#))
            // The same choice again changes and records nothing.
            _ = try await client.page("/me/participation", method: .post, cookie: cookie, form: [("csrf", csrf), ("participating", "no")])
            let back = try await client.page("/me/participation", method: .post, cookie: cookie, form: [("csrf", csrf), ("participating", "yes")])
            #expect(back.status == .seeOther)
            #expect(try f.store.participation(of: "t-mid-02") == true)
            // Anything else is a mistake, not a change.
            let bad = try await client.page("/me/participation", method: .post, cookie: cookie, form: [("csrf", csrf), ("participating", "maybe")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("Nothing was changed"))
        }
        let entries = try audit.list().filter { $0.actor == WebFixture.teacher && $0.action.contains("peer collaboration") }.reversed()
        #expect(entries.map(\.action) == ["opted out of peer collaboration", "opted in to peer collaboration"])
        #expect(entries.allSatisfy { $0.schoolId == "sch-mid" && $0.details == "teacher t-mid-02" })
    }

    @Test func optingOutWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        let f = try WebFixture()
        let audit = AuditLog(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let before = try audit.list().count
            for form in [[("participating", "no")], [("csrf", String(repeating: "0", count: 64)), ("participating", "no")]] as [[(String, String)]] {
                let answer = try await client.page("/me/participation", method: .post, cookie: cookie, form: form)
                #expect(answer.status == .forbidden)
            }
            #expect(try f.store.participation(of: "t-mid-02") == true)
            #expect(try audit.list().count == before)
        }
    }

    @Test func onlyTheTeacherCanUseTheirOwnRoutes() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            // Signed out: sign in first.
            #expect(try await client.page("/me/calendar.ics").location == "/login")
            #expect(try await client.page("/me/participation", method: .post, form: [("participating", "no")]).location == "/login")
            for email in [WebFixture.principal, WebFixture.otherPrincipal, WebFixture.district] {
                let (cookie, signedIn) = try await client.signIn(email)
                let location = try #require(signedIn.location)
                let csrf = try #require(try await client.page(location, cookie: cookie).csrf)
                #expect(try await client.page("/me/calendar.ics", cookie: cookie).status == .notFound, "\(email)")
                let post = try await client.page("/me/participation", method: .post, cookie: cookie, form: [("csrf", csrf), ("participating", "no")])
                #expect(post.status == .notFound, "\(email)")
            }
            #expect(try f.store.participation(of: "t-mid-02") == true)
        }
    }

    // MARK: /me/calendar.ics

    @Test func myCalendarDownloadsAsAnAttachmentFromTheFeedsSource() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            #expect(me.body.contains(#"href="/me/calendar.ics""#))
            let ics = try await client.page("/me/calendar.ics", cookie: cookie)
            #expect(ics.status == .ok)
            #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.headers[.contentDisposition] == #"attachment; filename="peerplan-my-calendar.ics""#)
            #expect(ics.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(ics.body == FakeSource.text(.teacher("t-mid-02")))  // her own calendar, nobody else's
        }
    }

    /// The feeds' real source (as `peerplan serve` wires it): the download holds her sessions.
    struct PublisherSource: CalendarSource {
        let publisher: Publisher
        func calendar(for audience: CalendarAudience) throws -> RenderedCalendar { try publisher.feed(audience) }
    }

    @Test func myCalendarFileHoldsMySessions() async throws {
        try Exchange.prepare()
        let f = try WebFixture()
        let config = try #require(f.web.options.config)
        let feeds = FeedServer(store: f.store, source: PublisherSource(publisher: Publisher(store: f.store, config: config)), logger: f.web.logger)
        let web = try WebApp(store: f.store, feeds: feeds, options: f.web.options, logger: f.web.logger)
        let week = try f.store.teacherWeek(teacher: "t-mid-02")
        try await Application(router: web.buildRouter()).test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let ics = try await client.page("/me/calendar.ics", cookie: cookie)
            #expect(ics.status == .ok)
            #expect(ics.body.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.body.hasSuffix("END:VCALENDAR\r\n"))
            let events = ics.body.components(separatedBy: "BEGIN:VEVENT").count - 1
            #expect(events >= week.sessions.count)
            #expect(ics.body.contains("Daniel Park"))  // her pair
            let text = ics.body.lowercased()
            for word in ["score", "rating", "rubric"] { #expect(!text.contains(word), "\(word)") }
        }
        // A teacher whose school has placed no week gets a page that says so, not an error.
        try Accounts(store: f.store, policy: f.policy).add(email: "lee@riverbend.example", role: .teacher, teacher: "t-elm-01", password: WebFixture.password)
        try await Application(router: web.buildRouter()).test(.router) { client in
            let (cookie, _) = try await client.signIn("lee@riverbend.example")
            let answer = try await client.page("/me/calendar.ics", cookie: cookie)
            #expect(answer.status == .conflict && answer.body.contains("Nothing to download yet"))
        }
    }

    // MARK: /district sorting

    @Test func theDistrictTableSortsByAnyColumnWithoutScript() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            func order(_ body: String) -> [String] {
                ["Cedar Middle", "Maple Elementary", "Oak Ridge High"].sorted {
                    body.range(of: ">\($0)</a></th>")!.lowerBound < body.range(of: ">\($1)</a></th>")!.lowerBound
                }
            }
            let plain = try await client.page("/district", cookie: cookie)
            #expect(order(plain.body) == ["Cedar Middle", "Maple Elementary", "Oak Ridge High"])
            #expect(plain.body.contains(#"<th scope="col" aria-sort="ascending"><a href="/district?sort=name&amp;dir=desc">School</a>"#))
            #expect(plain.body.contains(#"<th scope="col" aria-sort="none"><a href="/district?sort=pairs&amp;dir=asc">Pairs</a>"#))
            let byName = try await client.page("/district?sort=name&dir=desc", cookie: cookie)
            #expect(order(byName.body) == ["Oak Ridge High", "Maple Elementary", "Cedar Middle"])
            // Only Cedar Middle has accepted pairs: it comes first either way (— sorts last).
            for dir in ["asc", "desc"] {
                let byPairs = try await client.page("/district?sort=pairs&dir=\(dir)", cookie: cookie)
                #expect(byPairs.status == .ok)
                #expect(order(byPairs.body).first == "Cedar Middle")
                #expect(byPairs.body.contains(#"aria-sort="\#(dir == "asc" ? "ascending" : "descending")"><a href="/district?sort=pairs&amp;dir=\#(dir == "asc" ? "desc" : "asc")">Pairs</a>"#))
            }
            let byTeachers = try await client.page("/district?sort=teachers&dir=desc", cookie: cookie)
            let overview = try f.store.districtOverview()
            let expected = overview.schools.sorted { $0.teachers == $1.teachers ? $0.name < $1.name : $0.teachers > $1.teachers }.map(\.name)
            #expect(order(byTeachers.body) == expected)
            // An unknown column is the default order, not an error.
            let unknown = try await client.page("/district?sort=score&dir=desc", cookie: cookie)
            #expect(unknown.status == .ok && order(unknown.body) == ["Cedar Middle", "Maple Elementary", "Oak Ridge High"])
        }
    }

    @Test func theDistrictTableShowsTheScheduledDosePerSchool() async throws {
        let f = try WebFixture()
        let dose = try DistrictCostsRoutes.dose(store: f.store, settings: CostSettings(f.web.options))
        let mid = try #require(dose["sch-mid"])
        #expect(mid.participatingTeachers > 0 && mid.meanHours > 0)
        #expect(dose["sch-high"] == nil)  // no week placed: no dose
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let page = try await client.page("/district", cookie: cookie)
            #expect(page.body.contains(">Scheduled collaboration hours per taking-part teacher a year</a>"))
            #expect(page.body.contains("<td>\(CostFormat.hours(mid.meanHours))</td>"))
            let byDose = try await client.page("/district?sort=dose&dir=desc", cookie: cookie)
            #expect(byDose.body.contains(#"aria-sort="descending"><a href="/district?sort=dose&amp;dir=asc">"#))
        }
    }

    // MARK: /district/costs

    @Test func theCostPageComparesSchoolsAndNamesNoTeacher() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let page = try await client.page("/district/costs", cookie: cookie)
            #expect(page.status == .ok)
            for part in ["<h1>Costs of pairing and micro-credentials</h1>", "The comparison", "Cedar Middle", "(a) Pairing", "(b) Micro-credentials",
                         "(c) Both", "Year 1", "Teacher hours", "<svg", "Dose of collaboration", "Assumptions and sources", "Prepared 2026-09-09"] {
                #expect(page.body.contains(part), "missing \(part)")
            }
            #expect(!page.body.contains("<style") && !page.body.contains("<script") && !page.body.contains("Breakdown"))
            let names = try WebAppTests().rosterNames()
            #expect(!names.isEmpty)
            for name in names { #expect(!page.body.contains(name), "\(name) on /district/costs") }
            #expect(page.body.range(of: #"t-(mid|elm|high)-[0-9]"#, options: .regularExpression) == nil)
        }
    }

    @Test func onlyDistrictStaffOpenTheCostPage() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            #expect(try await client.page("/district/costs").location == "/login")
            for email in [WebFixture.principal, WebFixture.otherPrincipal, WebFixture.teacher] {
                let (cookie, _) = try await client.signIn(email)
                #expect(try await client.page("/district/costs", cookie: cookie).status == .notFound, "\(email)")
            }
        }
    }

    // MARK: /me upcoming dates and checkpoints

    @Test func myNextWeeksApplyWeekChangesAndTheSchoolCalendar() async throws {
        let f = try WebFixture()
        let config = try #require(f.web.options.config)
        // Monday 14 September 2026: Keisha is away on the day of her first session that week.
        f.clock.advance(5 * 86_400)
        let monday = try #require(CalendarDate(year: 2026, month: 9, day: 14))
        let week = try f.store.teacherWeek(teacher: "t-mid-02")
        let first = try #require(week.sessions.first { $0.kind == "pair" })
        let weekday = try #require(Weekday.allCases.first { $0.shortName == first.day })
        let away = monday.adding(days: weekday.rawValue - 1)
        let outcome = try WeekChanges(store: f.store, config: config).apply(school: "sch-mid", date: away, absences: [.init(teacher: "t-mid-02", date: away)])
        #expect(!outcome.changes.isEmpty)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            #expect(me.body.contains("<h2 id=\"dates-heading\">Your next three weeks</h2>"))
            #expect(me.body.contains("Your sessions until Sunday 4 October"))
            for change in outcome.changes {
                let from = MyDates.date(try #require(CalendarDate(parsing: change.from)))
                if change.action == "moved" {
                    #expect(me.body.contains("Moved from \(from)"), "\(change)")
                } else {
                    #expect(me.body.contains("<li>\(from): "), "\(change)")
                }
            }
            // The week grid's usual sessions show on their dates in the other weeks.
            let later = MyDates.date(away.adding(days: 7))
            #expect(me.body.contains("<th scope=\"row\">\(later)</th>"))
        }
    }

    @Test func aSchoolBreakTakesTheSessionsOff() async throws {
        let f = try WebFixture()
        f.clock.advance(68 * 86_400)  // Monday 16 November 2026; Thanksgiving break 23–27 November
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            #expect(me.body.contains("School break"))
            for day in 23...27 {
                let date = MyDates.date(try #require(CalendarDate(year: 2026, month: 11, day: day)))
                #expect(!me.body.contains("<th scope=\"row\">\(date)</th>"), "\(date)")
            }
        }
    }

    @Test func myCheckpointsAreListedWithoutAnyRating() async throws {
        let f = try WebFixture()
        let config = try #require(f.web.options.config)
        let credentials = CredentialStore(store: f.store, config: config)
        let attached = try credentials.attach(credential: "mc-formative-assessment", teacher: "t-mid-02", pairsOf: nil, term: nil,
                                              start: CalendarDate(year: 2026, month: 9, day: 14))
        let attachment = try #require(attached.first)
        #expect(!attachment.checkpoints.isEmpty)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            let me = try await client.page("/me", cookie: cookie)
            #expect(me.body.contains("Your micro-credential checkpoints"))
            for c in attachment.checkpoints {
                #expect(me.body.contains("<tr><th scope=\"row\">\(MyDates.date(c.date))</th><td>\(attachment.credentialName)</td>"), "\(c)")
            }
            #expect(me.body.contains("<td>Coming</td>") && !me.body.contains("<td>Past</td>"))  // 9 September: every step is ahead
            let text = me.body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression).lowercased()
            for word in ["score", "rating", "rubric", "below expectations", "proficient"] { #expect(!text.contains(word), "\(word)") }
        }
        // Another teacher's credential is not on her page.
        _ = try credentials.attach(credential: "mc-lesson-pacing", teacher: "t-mid-09", pairsOf: nil, term: nil, start: nil)
        let other = try #require(try credentials.list(school: nil, teacher: "t-mid-09").first)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            #expect(!(try await client.page("/me", cookie: cookie)).body.contains(other.credentialName))
        }
    }
}

/// The cadence a teacher reads beside an every-other-week observation says which turn it takes.
@Suite struct CadenceWordingTests {
    func session(day: String, everyWeeks: Int, turn: Int?) -> TeacherWeek.Session {
        var s = TeacherWeek.Session(school: "s", kind: "observation", day: day, periods: ["3"], start: "09:00", end: "09:50", with: [],
                                    visit: nil, everyWeeks: everyWeeks, team: nil, lesson: nil, location: nil, focusSkills: [])
        s.turn = turn
        return s
    }

    @Test func weeklyAlternateAndRotationSessionsAreWordedApart() {
        #expect(MyWeekPage.cadence(session(day: "Wed", everyWeeks: 1, turn: nil)) == "Every week")
        #expect(MyWeekPage.cadence(session(day: "Wed", everyWeeks: 2, turn: 0)) == "Every 2 weeks (the term's 1st, 3rd, 5th… weeks)")
        #expect(MyWeekPage.cadence(session(day: "Wed", everyWeeks: 2, turn: 1)) == "Every 2 weeks (the term's 2nd, 4th, 6th… weeks)")
        #expect(MyWeekPage.cadence(session(day: "B", everyWeeks: 2, turn: 1)) == "Every other B day (the term's 2nd, 4th, 6th… B days)")
        #expect(MyWeekPage.cadence(session(day: "Wed", everyWeeks: 2, turn: nil)) == "Every 2 weeks")
    }
}
