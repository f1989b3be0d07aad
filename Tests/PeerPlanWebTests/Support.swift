import Foundation
import PeerPlanStore

/// The repository, its Config folder and the Riverbend fixtures.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let configDirectory = repoRoot.appendingPathComponent("Config")
let fixturesDirectory = repoRoot.appendingPathComponent("Fixtures")

/// A scratch folder removed when the test ends.
final class TempDir: Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-web-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// A fresh store holding the Fixtures district (3 schools, 40 teachers).
func districtStore(in dir: TempDir) throws -> Store {
    let store = try Store(path: dir.path("store.sqlite").path)
    let config = try ConfigLoader.load(from: configDirectory)
    _ = try Importer(store: store, config: config).importDistrict(at: fixturesDirectory.appendingPathComponent("district").path)
    return store
}
