import Foundation
import PeerPlanStore

/// The repository's folders, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixturesDirectory = repositoryRoot.appendingPathComponent("Fixtures")
let configDirectory = repositoryRoot.appendingPathComponent("Config")

func loadTestConfig() throws -> PeerPlanConfig { try ConfigLoader.load(from: configDirectory) }

/// A scratch folder removed when the test ends.
final class TempDir: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-exchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> URL { url.appendingPathComponent(name) }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Imports a fixture district into a new store file.
func importFixture(_ name: String = "district", db: String, config: PeerPlanConfig) throws -> Store {
    let store = try Store(path: db)
    _ = try Importer(store: store, config: config).importDistrict(at: fixturesDirectory.appendingPathComponent(name).path)
    return store
}
