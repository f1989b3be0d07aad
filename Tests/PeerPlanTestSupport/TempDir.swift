import Foundation

/// A scratch folder removed when the test ends (when the last reference goes).
package final class TempDir: Sendable {
    package let url: URL

    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("peerplan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// `name` inside the folder (it may contain `/`); nothing is created.
    package func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` as UTF-8 to `name`, creating the folders on the way.
    package func write(_ name: String, _ text: String) throws {
        let file = path(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Writes raw bytes to `name` (for files that are not valid UTF-8 on purpose).
    package func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: path(name))
    }
}
