import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// The district-wide steps of the weekly cycle (`pairs accept --all-schools`, `plcs propose
/// --all-schools`) on the Fixtures district: every school, one transaction, and the same stored
/// result as the one-school step run for each school in turn.
@Suite struct DistrictCycleTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let schools = ["sch-elm", "sch-high", "sch-mid"]

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
    }

    func fixtureStore(_ name: String) throws -> Store {
        try importFixture(db: tmp.path("\(name).sqlite").path, config: config)
    }

    /// The rows the cycle steps write, without the clock's `startedAt` and `acceptedAt`.
    func cycleRows(_ store: Store) throws -> [String] {
        try store.writer.read { db in
            let queries = [
                "SELECT id, kind, inputsFingerprint, inputs, policy, seed, summary FROM run ORDER BY id",
                "SELECT id, schoolId, runId, active FROM pairingCycle ORDER BY id",
                "SELECT cycleId, targetId, partnerId, focus, weight, virtual, dropped FROM cyclePair ORDER BY cycleId, targetId",
                "SELECT id, runId, schoolId, name, basis, commonFreePeriods FROM plc ORDER BY id",
                "SELECT plcId, teacherId FROM plcMember ORDER BY plcId, teacherId",
            ]
            return try queries.flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { row in "\(sql.prefix(40)): " + row.databaseValues.map(\.description).joined(separator: "|") }
            }
        }
    }

    /// Every school's transaction fails at Cedar Middle, the last school by id, as a full disk or
    /// a broken file would: the schools before it were already written in the same transaction.
    func failingAtCedarMiddle(_ store: Store, table: String) throws {
        try store.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER failAtCedar BEFORE INSERT ON \(table) WHEN NEW.schoolId = 'sch-mid'
                BEGIN SELECT RAISE(ABORT, 'simulated write failure at sch-mid'); END
                """)
        }
    }

    // MARK: - Accepting

    @Test func acceptingEverySchoolStoresWhatAcceptingEachSchoolStores() throws {
        let district = try fixtureStore("district"), oneByOne = try fixtureStore("one-by-one")
        for store in [district, oneByOne] { try PairingStore(store: store, config: config).propose(schools: nil, policy: config.pairing) }
        let accepted = try PairingStore(store: district, config: config).acceptAll()
        for school in schools { try PairingStore(store: oneByOne, config: config).accept(school: school, runId: nil) }
        #expect(accepted.map(\.school) == schools)
        #expect(accepted.map(\.schoolName) == ["Maple Elementary", "Oak Ridge High", "Cedar Middle"])
        // Fixtures/README.md: 2 pairs at Maple, 3 at Cedar, 8 in the district.
        let pairs = accepted.map { acceptance -> Int in
            guard case .accepted(_, _, let n) = acceptance.outcome else { return -1 }
            return n
        }
        #expect(pairs[0] == 2 && pairs[2] == 3 && pairs.reduce(0, +) == 8)
        let rows = try cycleRows(district)
        #expect(rows.filter { $0.hasPrefix("SELECT id, schoolId") }.count == 3)
        #expect(rows == (try cycleRows(oneByOne)))
    }

    @Test func aSchoolWithoutAProposalIsReportedAndTheOthersAccepted() throws {
        let store = try fixtureStore("some")
        let pairing = PairingStore(store: store, config: config)
        let proposal = try pairing.propose(schools: ["sch-mid"], policy: config.pairing)[0]
        let accepted = try pairing.acceptAll()
        #expect(accepted.map(\.outcome)[0] == .noProposal)
        #expect(accepted.map(\.outcome)[1] == .noProposal)
        guard case .accepted(let cycle, let run, 3) = accepted[2].outcome else {
            Issue.record("Cedar Middle's proposal was not accepted: \(accepted[2].outcome)")
            return
        }
        #expect(run == proposal.runId)
        #expect(try pairing.current(school: "sch-mid").cycle == cycle)
    }

    @Test func acceptingAgainKeepsTheCycleAndItsDroppedPairs() throws {
        let store = try fixtureStore("again")
        let pairing = PairingStore(store: store, config: config)
        try pairing.propose(schools: nil, policy: config.pairing)
        let first = try pairing.acceptAll()
        #expect(try pairing.drop(target: "t-mid-07") == "t-mid-08")
        let second = try pairing.acceptAll()
        for (a, b) in zip(first, second) {
            guard case .accepted(let cycle, let run, _) = a.outcome else { Issue.record("\(a)"); continue }
            #expect(b.outcome == .alreadyAccepted(cycle: cycle, run: run))
        }
        #expect(try pairing.current(school: "sch-mid").pairs.filter(\.dropped).map(\.target) == ["t-mid-07"])
        // A new proposal is accepted again.
        try pairing.propose(schools: ["sch-elm"], policy: config.pairing)
        let third = try pairing.acceptAll()
        guard case .accepted = third[0].outcome else { Issue.record("\(third[0])"); return }
        #expect(third[1].outcome == second[1].outcome && third[2].outcome == second[2].outcome)
    }

    @Test func noProposalAnywhereIsAnErrorThatChangesNothing() throws {
        let store = try fixtureStore("none")
        let before = try cycleRows(store)
        #expect(throws: StoreError.noProposalAtAnySchool) { try PairingStore(store: store, config: config).acceptAll() }
        #expect(try cycleRows(store) == before)
    }

    @Test func aFailureAtOneSchoolAcceptsNothing() throws {
        let store = try fixtureStore("failing-accept")
        let pairing = PairingStore(store: store, config: config)
        try pairing.propose(schools: nil, policy: config.pairing)
        let before = try cycleRows(store)
        try failingAtCedarMiddle(store, table: "pairingCycle")
        #expect(throws: DatabaseError.self) { try pairing.acceptAll() }
        #expect(try cycleRows(store) == before)
        #expect(try pairing.current(school: "sch-elm").cycle == nil)
    }

    // MARK: - PLC teams

    @Test func formingEverySchoolsTeamsStoresWhatEachSchoolStores() throws {
        let district = try fixtureStore("plc-district"), oneByOne = try fixtureStore("plc-one-by-one")
        let all = try PLCStore(store: district).proposeAll()
        let each = try schools.map { try PLCStore(store: oneByOne).propose(school: $0) }
        #expect(all.map(\.school) == schools)
        #expect(all.map(\.result) == each.map(\.result))
        #expect(all.map(\.names) == each.map(\.names))
        #expect(all.allSatisfy { !$0.result.teams.isEmpty })
        #expect(all.map(\.result.elementary) == [true, false, false])
        let rows = try cycleRows(district)
        #expect(rows.filter { $0.contains("plcs-propose") }.count == 3)
        #expect(rows == (try cycleRows(oneByOne)))
        for school in schools {
            #expect(try PLCStore(store: district).teams(school: school).map(\.members) == (try PLCStore(store: oneByOne).teams(school: school).map(\.members)))
        }
    }

    @Test func aFailureAtOneSchoolFormsNoTeams() throws {
        let store = try fixtureStore("failing-plcs")
        let before = try cycleRows(store)
        try failingAtCedarMiddle(store, table: "plc")
        #expect(throws: DatabaseError.self) { try PLCStore(store: store).proposeAll() }
        #expect(try cycleRows(store) == before)
        #expect(throws: StoreError.noPLCTeams(school: "sch-elm")) { try PLCStore(store: store).teams(school: "sch-elm") }
    }

    @Test func impossibleTeamSizesFormNoTeams() throws {
        let store = try fixtureStore("bad-sizes")
        let before = try cycleRows(store)
        #expect(throws: StoreError.self) { try PLCStore(store: store).proposeAll(policy: PLCFormation.Policy(minSize: 5, maxSize: 4)) }
        #expect(try cycleRows(store) == before)
    }
}
