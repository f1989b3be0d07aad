import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
import PeerPlanStore
@testable import PeerPlanWeb
import PeerPlanTestSupport
import Testing

/// The principal's pairs and PLC pages: what they show (never a score or a weight), each form's
/// change with its audit entry, the refusals as messages, and who may post them.
@Suite struct SchoolPairsPagesTests {
    /// Signs the principal of Cedar Middle in; the cookie and the CSRF token of the page.
    func principal(_ client: some TestClientProtocol, page: String = "/schools/sch-mid/pairs") async throws -> (cookie: String, csrf: String) {
        let (cookie, _) = try await client.signIn(WebFixture.principal)
        let csrf = try #require(try await client.page(page, cookie: cookie).csrf)
        return (cookie, csrf)
    }

    func audit(_ f: WebFixture) throws -> [AuditEntry] {
        try AuditLog(store: f.store).list().filter { $0.actor == WebFixture.principal }
    }

    /// What a reader sees: the text between the tags.
    func text(_ body: String) -> String {
        body.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }

    // MARK: Pairs

    @Test func thePairsPageShowsPartnersFocusSkillsSharedPeriodsAndWhyATeacherIsUnpaired() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid/pairs", cookie: cookie)
            #expect(page.status == .ok)
            let body = page.body
            #expect(body.contains("<h1>Pairs</h1>"))
            for part in ["<th scope=\"row\">Keisha Williams</th>", "<td>Daniel Park</td>", "Grouping Students, Problem Solving",
                         "Period 2, every day", "<th scope=\"row\">Omar Haddad</th>", "<td>Laura Bennett</td>", "<td>Samuel Osei</td>",
                         "<caption>Accepted pairs</caption>", "This proposal is accepted",
                         // The Reports wording of the one unpaired teacher.
                         "<strong>Ethan Kowalski</strong>: Colleagues strong on Managing Student Behavior share no free period with them: Rachel Levin, Jamal Washington.",
                         #"<label for="capacity">"#, #"name="mode" value="participation""#, "Drop this pair", "Opt out"] {
                #expect(body.contains(part), "missing \(part)")
            }
            #expect(!body.contains("Accept this proposal"))  // the latest proposal is the accepted one
            let words = text(body).lowercased()
            for word in ["score", "weight", "rating", "rubric level", "σw"] { #expect(!words.contains(word), "shows \(word)") }
            #expect(!body.contains("coming soon"))
        }
    }

    @Test func proposingThenAcceptingMakesANewCycleEachAudited() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client)
            let proposed = try await client.page("/schools/sch-mid/pairs/propose", method: .post, cookie: cookie,
                                                 form: [("csrf", csrf), ("mode", "participation"), ("capacity", "2"), ("schedule", "on")])
            #expect(proposed.status == .seeOther)
            #expect(proposed.location == "/schools/sch-mid/pairs?done=proposed")
            let page = try await client.page(proposed.location!, cookie: cookie)
            #expect(page.body.contains("A new proposal is ready."))
            #expect(page.body.contains("Accept this proposal"))
            let run = try #require(page.body.range(of: #"name="run" value="(\d+)""#, options: .regularExpression).map { String(page.body[$0]).filter(\.isNumber) })
            let accepted = try await client.page("/schools/sch-mid/pairs/accept", method: .post, cookie: cookie, form: [("csrf", csrf), ("run", run)])
            #expect(accepted.location == "/schools/sch-mid/pairs?done=accepted")
            #expect(try f.store.schoolOverview(school: "sch-mid").acceptedPairs == 3)
            let entries = try audit(f)
            #expect(entries.map(\.action).prefix(2) == ["accepted pairs", "proposed pairs"])
            #expect(entries.prefix(2).allSatisfy { $0.schoolId == "sch-mid" && $0.at == WebFixture.start })
            #expect(entries[1].details.contains("mode participation, capacity 2, schedule-aware"))
            let after = try await client.page(accepted.location!, cookie: cookie)
            #expect(after.body.contains("The proposal is accepted"))
            #expect(!after.body.contains("Accept this proposal"))
        }
    }

    @Test func aBadProposalFormIsAMessageAndChangesNothing() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client)
            let before = try PairingStore(store: f.store, config: try loadTestConfig()).schoolPairs(school: "sch-mid").proposalRun
            for form in [[("mode", "best"), ("capacity", "1")], [("mode", "quality"), ("capacity", "many")], [("mode", "quality"), ("capacity", "0")]] {
                let answer = try await client.page("/schools/sch-mid/pairs/propose", method: .post, cookie: cookie, form: [("csrf", csrf)] + form)
                #expect(answer.status == .unprocessableContent)
                #expect(answer.body.contains("Nothing was changed."))
                #expect(answer.body.contains("<h1>Pairs</h1>"))
            }
            #expect(try PairingStore(store: f.store, config: try loadTestConfig()).schoolPairs(school: "sch-mid").proposalRun == before)
            #expect(try audit(f).filter { $0.action != "signed in" }.isEmpty)
        }
    }

    @Test func lockForbidUnlockAndTheirRefusals() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client)
            func decide(_ decision: String, _ partner: String, _ target: String) async throws -> Page {
                try await client.page("/schools/sch-mid/pairs/decide", method: .post, cookie: cookie,
                                      form: [("csrf", csrf), ("partner", partner), ("target", target), ("decision", decision)])
            }
            let locked = try await decide("lock", "t-mid-03", "t-mid-02")
            #expect(locked.location == "/schools/sch-mid/pairs?done=locked")
            let page = try await client.page(locked.location!, cookie: cookie)
            #expect(page.body.contains("The pair is locked") && page.body.contains("<td>Locked together</td>"))
            // A teacher has one partner: a second lock is refused with the library's reason.
            let twice = try await decide("lock", "t-mid-01", "t-mid-02")
            #expect(twice.status == .unprocessableContent)
            #expect(twice.body.contains("t-mid-02 is already locked with t-mid-03"))
            #expect(try await decide("forbid", "t-mid-01", "t-mid-02").location == "/schools/sch-mid/pairs?done=forbidden")
            #expect(try await client.page("/schools/sch-mid/pairs", cookie: cookie).body.contains("<td>Never paired</td>"))
            #expect(try await decide("unlock", "t-mid-01", "t-mid-02").location == "/schools/sch-mid/pairs?done=unlocked")
            let none = try await decide("unlock", "t-mid-01", "t-mid-02")
            #expect(none.status == .unprocessableContent && none.body.contains("There is no lock or prohibition"))
            #expect(try await decide("maybe", "t-mid-01", "t-mid-02").status == .unprocessableContent)
            // A teacher of another school is not one this principal can name: the 404 page, nothing recorded.
            #expect(try await decide("forbid", "t-hs-01", "t-mid-02").status == .notFound)
            #expect(try audit(f).filter { $0.action == "decided on a pair" }.map(\.details) == ["unlock t-mid-01–t-mid-02", "forbid t-mid-01–t-mid-02", "lock t-mid-03–t-mid-02"])
        }
    }

    @Test func droppingAPairAndOptingATeacherOut() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client)
            let participating = try f.store.schoolOverview(school: "sch-mid").participatingTeachers
            let dropped = try await client.page("/schools/sch-mid/pairs/drop", method: .post, cookie: cookie, form: [("csrf", csrf), ("target", "t-mid-02")])
            #expect(dropped.location == "/schools/sch-mid/pairs?done=dropped")
            #expect(try await client.page(dropped.location!, cookie: cookie).body.contains("Dropped"))
            let again = try await client.page("/schools/sch-mid/pairs/drop", method: .post, cookie: cookie, form: [("csrf", csrf), ("target", "t-mid-02")])
            #expect(again.status == .conflict)
            #expect(again.body.contains("t-mid-02 has no pair in an accepted cycle."))
            let out = try await client.page("/schools/sch-mid/pairs/participation", method: .post, cookie: cookie,
                                            form: [("csrf", csrf), ("teacher", "t-mid-10"), ("participating", "no")])
            #expect(out.location == "/schools/sch-mid/pairs?done=participation")
            #expect(try f.store.schoolOverview(school: "sch-mid").participatingTeachers == participating - 1)
            let page = try await client.page("/schools/sch-mid/pairs", cookie: cookie)
            #expect(page.body.contains("Not taking part") && page.body.contains(#"value="yes""#))
            let other = try await client.page("/schools/sch-mid/pairs/participation", method: .post, cookie: cookie,
                                              form: [("csrf", csrf), ("teacher", "t-hs-01"), ("participating", "no")])
            #expect(other.status == .notFound)
            let actions = try audit(f).map(\.action)
            #expect(actions.prefix(2) == ["changed participation", "dropped a pair"])
        }
    }

    @Test func freePeriodsReadAsPeriodsAndTheirDays() {
        #expect(PairsPage.periods(["Mon 2", "Tue 2", "Wed 2", "Thu 2", "Fri 2", "Mon 6", "Wed 6"]) == "Period 2, every day; period 6 on Mon, Wed")
        #expect(PairsPage.periods(["A 3", "B 3"]) == "Period 3 on A, B")
        #expect(PairsPage.periods([]) == "")
    }

    // MARK: PLC teams

    @Test func thePLCPageListsTeamsAndMovesATeacherInOneStep() async throws {
        let f = try WebFixture()
        let plcs = PLCStore(store: f.store)
        let teams = try plcs.teams(school: "sch-mid")
        let names = try plcs.schoolTeams(school: "sch-mid")
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client, page: "/schools/sch-mid/plcs")
            let page = try await client.page("/schools/sch-mid/plcs", cookie: cookie)
            #expect(page.status == .ok && page.body.contains("<h1>PLC teams</h1>"))
            for team in teams {
                #expect(page.body.contains("<h3 id=\"team-\(team.id)\">\(team.name)</h3>"))
                for member in team.members { #expect(page.body.contains("<th scope=\"row\">\(names.name(member))</th>")) }
            }
            #expect(page.body.contains("Mathematics team"))
            // A move that breaks a rule (the team left would be too small, or the other too full, or
            // the teacher already in it) changes neither team.
            let from = try #require(teams.first { $0.members.count > 3 } ?? teams.first)
            let to = try #require(teams.first { $0.id != from.id && $0.members.count < 8 })
            let teacher = try #require(from.members.first { !to.members.contains($0) })
            let moved = try await client.page("/schools/sch-mid/plcs/move", method: .post, cookie: cookie,
                                              form: [("csrf", csrf), ("teacher", teacher), ("from", "\(from.id)"), ("to", "\(to.id)")])
            if from.members.count > 3 {
                #expect(moved.location == "/schools/sch-mid/plcs?done=moved")
                let now = try plcs.teams(school: "sch-mid")
                #expect(now.first { $0.id == from.id }?.members.contains(teacher) == false)
                #expect(now.first { $0.id == to.id }?.members.contains(teacher) == true)
                #expect(try audit(f).first?.details == "moved \(teacher) from team \(from.id) to team \(to.id)")
            } else {
                #expect(moved.status == .unprocessableContent)
                #expect(try plcs.teams(school: "sch-mid").map(\.members) == teams.map(\.members))
            }
        }
    }

    @Test func plcRulesComeBackAsMessagesAndChangeNothing() async throws {
        let f = try WebFixture()
        let plcs = PLCStore(store: f.store)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await principal(client, page: "/schools/sch-mid/plcs")
            // Propose afresh; then shrink a team to 3 and try to take one more out.
            let proposed = try await client.page("/schools/sch-mid/plcs/propose", method: .post, cookie: cookie, form: [("csrf", csrf)])
            #expect(proposed.location == "/schools/sch-mid/plcs?done=proposed")
            let teams = try plcs.teams(school: "sch-mid")
            let team = try #require(teams.first)
            for member in team.members.dropFirst(3) {
                let removed = try await client.page("/schools/sch-mid/plcs/members", method: .post, cookie: cookie,
                                                    form: [("csrf", csrf), ("team", "\(team.id)"), ("teacher", member), ("action", "remove")])
                #expect(removed.location == "/schools/sch-mid/plcs?done=removed")
            }
            let before = try plcs.teams(school: "sch-mid").map(\.members)
            let entries = try audit(f).count
            let tooSmall = try await client.page("/schools/sch-mid/plcs/members", method: .post, cookie: cookie,
                                                 form: [("csrf", csrf), ("team", "\(team.id)"), ("teacher", team.members[0]), ("action", "remove")])
            #expect(tooSmall.status == .unprocessableContent)
            #expect(tooSmall.body.contains("would have fewer than 3 members"))
            #expect(tooSmall.body.contains("Nothing was changed."))
            let already = try await client.page("/schools/sch-mid/plcs/members", method: .post, cookie: cookie,
                                                form: [("csrf", csrf), ("team", "\(team.id)"), ("teacher", team.members[0]), ("action", "add")])
            #expect(already.status == .unprocessableContent && already.body.contains("is already in team"))
            // Moving out of a team of 3 is refused as a whole: the other team does not gain them.
            if let other = teams.first(where: { $0.id != team.id && !$0.members.contains(team.members[0]) }) {
                let move = try await client.page("/schools/sch-mid/plcs/move", method: .post, cookie: cookie,
                                                 form: [("csrf", csrf), ("teacher", team.members[0]), ("from", "\(team.id)"), ("to", "\(other.id)")])
                #expect(move.status == .unprocessableContent)
            }
            #expect(try plcs.teams(school: "sch-mid").map(\.members) == before)
            #expect(try audit(f).count == entries)
            #expect(try audit(f).contains { $0.action == "proposed PLC teams" && $0.schoolId == "sch-mid" })
            // Another school's team is not this principal's: 404.
            _ = try plcs.propose(school: "sch-elm")
            let elmTeams = try plcs.teams(school: "sch-elm")
            let elm = try #require(elmTeams.first)
            let foreign = try await client.page("/schools/sch-mid/plcs/members", method: .post, cookie: cookie,
                                                form: [("csrf", csrf), ("team", "\(elm.id)"), ("teacher", "t-mid-01"), ("action", "add")])
            #expect(foreign.status == .notFound)
            #expect(try plcs.teams(school: "sch-elm").map(\.members) == elmTeams.map(\.members))
        }
    }

    // MARK: A teacher's detail page

    @Test func theTeacherPageShowsClassesFreePeriodsAndPairButNoScoreByDefault() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid/teachers/t-mid-02", cookie: cookie)
            #expect(page.status == .ok)
            for part in ["<h1>Keisha Williams</h1>", "Math 7", "Period 2, every day", "Learns with Daniel Park", "Grouping Students, Problem Solving",
                         "Taking part.", #"value="no""#, "Mathematics team"] {
                #expect(page.body.contains(part), "missing \(part)")
            }
            let words = text(page.body).lowercased()
            for word in ["score", "rating", "observed on"] { #expect(!words.contains(word), "shows \(word)") }
            // Another school's teacher, or one that does not exist: 404.
            #expect(try await client.page("/schools/sch-mid/teachers/t-hs-01", cookie: cookie).status == .notFound)
            #expect(try await client.page("/schools/sch-mid/teachers/t-nobody", cookie: cookie).status == .notFound)
            #expect(try await client.page("/schools/sch-high/teachers/t-hs-01", cookie: cookie).status == .notFound)
            // The pairs page links each teacher's page.
            #expect(try await client.page("/schools/sch-mid/pairs", cookie: cookie).body.contains(#"href="/schools/sch-mid/teachers/t-mid-02""#))
        }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.teacher)
            #expect(try await client.page("/schools/sch-mid/teachers/t-mid-02", cookie: cookie).status == .notFound)
            #expect(try await client.page("/schools/sch-mid/teachers/t-mid-02").location == "/login")
        }
    }

    @Test func withTheDistrictsPolicyOnThePrincipalSeesScoresOnTheTeacherPageOnly() async throws {
        let f = try WebFixture()
        var config = try loadTestConfig()
        config.showScoresToPrincipals = true
        var options = f.web.options
        options.config = config
        let web = try WebApp(store: f.store, feeds: f.web.feeds, options: options, logger: f.web.logger)
        let app = Application(router: web.buildRouter())
        try await app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let page = try await client.page("/schools/sch-mid/teachers/t-mid-02", cookie: cookie)
            #expect(page.body.contains("Latest scores") && page.body.contains("<th scope=\"row\">Grouping Students</th><td>"))
            for other in ["/schools/sch-mid/pairs", "/schools/sch-mid/plcs", "/schools/sch-mid"] {
                let words = text(try await client.page(other, cookie: cookie).body).lowercased()
                #expect(!words.contains("score"), "\(other) shows a score")
            }
        }
    }

    // MARK: Who may post

    static let posts: [(path: String, form: [(String, String)])] = [
        ("/schools/sch-mid/pairs/propose", [("mode", "quality"), ("capacity", "1"), ("schedule", "on")]),
        ("/schools/sch-mid/pairs/accept", [("run", "1")]),
        ("/schools/sch-mid/pairs/decide", [("partner", "t-mid-01"), ("target", "t-mid-02"), ("decision", "forbid")]),
        ("/schools/sch-mid/pairs/drop", [("target", "t-mid-02")]),
        ("/schools/sch-mid/pairs/participation", [("teacher", "t-mid-10"), ("participating", "no")]),
        ("/schools/sch-mid/plcs/propose", []),
        ("/schools/sch-mid/plcs/move", [("teacher", "t-mid-01"), ("from", "1"), ("to", "2")]),
        ("/schools/sch-mid/plcs/members", [("teacher", "t-mid-01"), ("team", "1"), ("action", "remove")]),
    ]

    @Test func everyFormIsRefusedToVisitorsOtherRolesAndForgedRequests() async throws {
        let f = try WebFixture()
        let overview = try f.store.schoolOverview(school: "sch-mid")
        let audit = AuditLog(store: f.store)
        let changes = try audit.list().filter { $0.action != "signed in" }.count
        try await f.app.test(.router) { client in
            for (email, page) in [(WebFixture.otherPrincipal, "/schools/sch-high"), (WebFixture.teacher, "/me")] {
                let (cookie, _) = try await client.signIn(email)
                let csrf = try #require(try await client.page(page, cookie: cookie).csrf)
                for post in Self.posts {
                    let answer = try await client.page(post.path, method: .post, cookie: cookie, form: [("csrf", csrf)] + post.form)
                    #expect(answer.status == .notFound, "\(email) \(post.path)")
                }
                for get in ["/schools/sch-mid/pairs", "/schools/sch-mid/plcs", "/schools/sch-mid/teachers/t-mid-02"] {
                    #expect(try await client.page(get, cookie: cookie).status == .notFound)
                }
            }
            for post in Self.posts {
                #expect(try await client.page(post.path, method: .post, form: post.form).location == "/login", "\(post.path)")
            }
            let (cookie, csrf) = try await principal(client)
            for post in Self.posts {
                let forged = try await client.page(post.path, method: .post, cookie: cookie, form: post.form)
                #expect(forged.status == .forbidden, "\(post.path)")
                let wrong = try await client.page(post.path, method: .post, cookie: cookie, form: [("csrf", csrf + "0")] + post.form)
                #expect(wrong.status == .forbidden, "\(post.path)")
            }
        }
        let after = try f.store.schoolOverview(school: "sch-mid")
        #expect(after.participatingTeachers == overview.participatingTeachers && after.acceptedPairs == overview.acceptedPairs)
        #expect(try audit.list().filter { $0.action != "signed in" }.count == changes)
        #expect(try PLCStore(store: f.store).teams(school: "sch-mid").count == overview.plcTeams)
    }

    @Test func theDistrictOpensTheSchoolsPagesToo() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            #expect(try await client.page("/schools/sch-mid/pairs", cookie: cookie).status == .ok)
            #expect(try await client.page("/schools/sch-high/plcs", cookie: cookie).body.contains("No teams yet."))
            #expect(try await client.page("/schools/sch-high/pairs", cookie: cookie).body.contains("No proposal yet."))
        }
    }
}
