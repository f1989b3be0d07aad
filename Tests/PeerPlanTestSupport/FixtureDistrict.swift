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

/// "Given Family" of every teacher row of the Fixtures district's users.csv (tests check that
/// district-level outputs name none of them).
package func fixtureTeacherNames() throws -> [String] {
    func fields(_ line: Substring) -> [String] {
        var result: [String] = [], current = "", quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() } else if c == "," && !quoted { result.append(current); current = "" } else { current.append(c) }
        }
        return result + [current]
    }
    let text = try String(contentsOf: fixturesDirectory.appendingPathComponent("district/users.csv"), encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map { fields($0) }
    let header = lines[0].map { $0.trimmingCharacters(in: .init(charactersIn: "\u{FEFF}")) }
    let role = header.firstIndex(of: "role")!, given = header.firstIndex(of: "givenName")!, family = header.firstIndex(of: "familyName")!
    return lines.dropFirst().filter { $0.count > family && $0[role].lowercased() == "teacher" }.map { "\($0[given]) \($0[family])" }
}
