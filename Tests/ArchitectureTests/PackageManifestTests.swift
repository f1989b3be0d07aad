import Foundation
import Testing

/// Package.swift against the code: every module a target imports (one of this package's targets,
/// or a product of a dependency) is one of that target's declared dependencies. A module that is
/// merely built elsewhere in the package can compile locally (the build order happens to put it
/// first) and then fail on a clean clone, where the order differs; this test names the file and line
/// instead. It reads the manifest as text, which is enough for the one way Package.swift is written.
@Suite struct PackageManifestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Target {
        var name: String
        var folder: String
        var dependencies: Set<String>
    }

    /// The targets of Package.swift, each with its folder and its declared dependencies (target
    /// names and product names).
    static func targets() throws -> [Target] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let starts = try NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)""#)
        let whole = manifest as NSString
        let matches = starts.matches(in: manifest, range: NSRange(location: 0, length: whole.length))
        var found: [Target] = []
        for (index, match) in matches.enumerated() {
            let kind = whole.substring(with: match.range(at: 1))
            let name = whole.substring(with: match.range(at: 2))
            let end = index + 1 < matches.count ? matches[index + 1].range.location : whole.length
            let body = whole.substring(with: NSRange(location: match.range.location, length: end - match.range.location))
            var dependencies: Set<String> = []
            if let open = body.range(of: "dependencies: [") {
                var depth = 1
                var position = open.upperBound
                while position < body.endIndex, depth > 0 {
                    if body[position] == "[" { depth += 1 }
                    if body[position] == "]" { depth -= 1 }
                    position = body.index(after: position)
                }
                var list = String(body[open.upperBound..<position])
                let product = try NSRegularExpression(pattern: #"\.product\(\s*name:\s*"([^"]+)"[^)]*\)"#)
                for hit in product.matches(in: list, range: NSRange(location: 0, length: (list as NSString).length)) {
                    dependencies.insert((list as NSString).substring(with: hit.range(at: 1)))
                }
                list = product.stringByReplacingMatches(in: list, range: NSRange(location: 0, length: (list as NSString).length), withTemplate: "")
                let quoted = try NSRegularExpression(pattern: #""([^"]+)""#)
                for hit in quoted.matches(in: list, range: NSRange(location: 0, length: (list as NSString).length)) {
                    dependencies.insert((list as NSString).substring(with: hit.range(at: 1)))
                }
            }
            var folder = (kind == "testTarget" ? "Tests/" : "Sources/") + name
            let path = try NSRegularExpression(pattern: #"path:\s*"([^"]+)""#)
            if let hit = path.firstMatch(in: body, range: NSRange(location: 0, length: (body as NSString).length)) {
                folder = (body as NSString).substring(with: hit.range(at: 1))
            }
            found.append(Target(name: name, folder: folder, dependencies: dependencies))
        }
        return found
    }

    /// Modules that come with the toolchain or the system: importable from anywhere.
    static let platform: Set<String> = ["Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Testing", "XCTest", "Glibc", "Darwin", "Musl"]

    @Test func everyImportedModuleIsADeclaredDependency() throws {
        let targets = try Self.targets()
        #expect(targets.count > 10, "Package.swift was not read: \(targets.count) targets")
        let targetNames = Set(targets.map(\.name))
        let productNames = Set(targets.flatMap(\.dependencies)).subtracting(targetNames)
        for target in targets {
            let folder = Self.root.appendingPathComponent(target.folder)
            let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                let relative = target.folder + "/" + url.path.dropFirst(folder.path.count + 1)
                for (number, line) in text.components(separatedBy: "\n").enumerated() {
                    let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
                    guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                          words[..<at].allSatisfy({ $0.hasPrefix("@") || ["public", "package", "internal", "private", "fileprivate"].contains($0) }) else { continue }
                    let module = String(words[at + 1])
                    guard module != target.name, !Self.platform.contains(module) else { continue }
                    // Other words after `import` are not Swift imports (Python inside a test's string).
                    guard targetNames.contains(module) || productNames.contains(module) else { continue }
                    #expect(target.dependencies.contains(module),
                            "\(relative):\(number + 1): \(target.name) imports \(module), which Package.swift does not list among its dependencies")
                }
            }
        }
    }
}
