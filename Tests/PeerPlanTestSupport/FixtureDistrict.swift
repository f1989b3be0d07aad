import Foundation
import PeerPlanStore

/// Imports a district folder into a new store file, closing the store before returning (so the
/// file can be read back or opened again, as the next command would).
@discardableResult
package func importDistrict(_ folder: URL, db: String, config: PeerPlanConfig) throws -> ImportReport {
    let store = try Store(path: db)
    return try Importer(store: store, config: config).importDistrict(at: folder.path)
}

/// Imports a folder of Fixtures/ (the Riverbend district by default: 3 schools, 40 teachers) into
/// a new store file and returns the open store.
package func importFixture(_ name: String = "district", db: String, config: PeerPlanConfig) throws -> Store {
    let store = try Store(path: db)
    _ = try Importer(store: store, config: config).importDistrict(at: fixturesDirectory.appendingPathComponent(name).path)
    return store
}

/// The set-up scheduling, costing and publishing start from: proposes pairs for `schools` in one
/// run with the Config's policy and accepts each school's proposal; with `formingPLCs`, forms
/// each school's PLC teams right after accepting its pairs.
package func acceptProposedPairs(_ store: Store, config: PeerPlanConfig, schools: [String], formingPLCs: Bool = false) throws {
    let pairing = PairingStore(store: store, config: config)
    try pairing.propose(schools: schools, policy: config.pairing)
    for school in schools {
        try pairing.accept(school: school, runId: nil)
        if formingPLCs { _ = try PLCStore(store: store).propose(school: school) }
    }
}
