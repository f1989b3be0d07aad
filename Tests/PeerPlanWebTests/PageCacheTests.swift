import Foundation
import Hummingbird
import HummingbirdTesting
import PeerPlanCore
@testable import PeerPlanStore
import PeerPlanTestSupport
@testable import PeerPlanWeb
import Testing

/// Signed-in pages are kept while the store is unchanged: the same bytes again, but never a page
/// older than the data (a write by anyone, this server or another process, shows at once), and
/// a session's bookkeeping (its last-seen time) does not count as a change.
@Suite struct PageCacheTests {
    @Test func aWriteShowsAtOnceAndBookkeepingDoesNot() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.district)
            let first = try await client.page("/district", cookie: cookie)
            let before = try f.store.generation()
            let again = try await client.page("/district", cookie: cookie)
            #expect(again.status == .ok && again.body == first.body)
            // Sessions and sign-in attempts are bookkeeping: the generation does not move.
            _ = try await client.signIn(WebFixture.district)
            #expect(try f.store.generation() == before)
            // A change made outside the web (as `peerplan teachers opt-out` would) shows at once.
            let taking = try f.store.schoolOverview(school: "sch-mid").participatingTeachers
            try PairingStore(store: f.store, config: try loadTestConfig()).setParticipation(teacher: "t-mid-02", participating: false, note: "")
            #expect(try f.store.generation() != before)
            let after = try await client.page("/district", cookie: cookie)
            #expect(after.body != first.body)
            #expect(try f.store.schoolOverview(school: "sch-mid").participatingTeachers == taking - 1)
        }
    }

    @Test func anotherProcesssCommitChangesTheGeneration() throws {
        let dir = try TempDir()
        let path = dir.path("store.sqlite").path
        let store = try importFixture(db: path, config: try loadTestConfig())
        let before = try store.generation()
        let other = try Store(path: path)  // a second connection, as another process would open
        try PairingStore(store: other, config: try loadTestConfig()).setParticipation(teacher: "t-mid-02", participating: false, note: "")
        #expect(try store.generation() != before)
    }
}

/// The school at a glance says what publishing now would change, and nothing once it is done.
@Suite struct SchoolAtAGlancePublicationTests {
    @Test func theGlanceSaysWhatChangedSinceTheLastPublication() async throws {
        let f = try WebFixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(WebFixture.principal)
            let before = try await client.page("/schools/sch-mid", cookie: cookie)
            #expect(before.body.contains("<dt>Changed since the last publication</dt>"))
            #expect(before.body.range(of: #"<dd>[1-9][0-9]* new and 0 changed events \(publish them on the Calendars page\)</dd>"#, options: .regularExpression) != nil)
            let csrf = try #require(before.csrf)
            #expect(try await client.page("/schools/sch-mid/calendars", method: .post, cookie: cookie, form: [("csrf", csrf)]).status == .seeOther)
            let after = try await client.page("/schools/sch-mid", cookie: cookie)
            #expect(after.body.contains("<dd>Nothing: calendars are up to date</dd>"))
        }
    }
}
