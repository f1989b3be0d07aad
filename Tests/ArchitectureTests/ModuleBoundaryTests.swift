import Foundation
import Testing

/// The module map of README.md "Architecture", checked against the code: who may import whom,
/// who owns SQL and libical, and that libraries speak in domain words (no command-line flags, no
/// `peerplan …` commands, no HTTP statuses). A new import or string that breaks a rule fails here
/// with the file and line, so the README table and the code cannot drift apart.
@Suite struct ModuleBoundaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct SourceFile {
        var module: String
        var path: String
        var lines: [String]
    }

    static let files: [SourceFile] = {
        let sources = root.appendingPathComponent("Sources")
        var found: [SourceFile] = []
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let relative = String(url.path.dropFirst(sources.path.count + 1))
            let module = String(relative.prefix { $0 != "/" })
            found.append(SourceFile(module: module, path: "Sources/" + relative, lines: text.components(separatedBy: "\n")))
        }
        return found.sorted { $0.path < $1.path }
    }()

    /// Modules of this package (the folders of Sources/).
    static var ourModules: Set<String> { Set(files.map(\.module)) }

    /// README's table: module → the modules of this package it may import.
    static func readmeTable() throws -> [String: Set<String>] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.components(separatedBy: "\n## Architecture\n").dropFirst().first else { return [:] }
        var table: [String: Set<String>] = [:]
        for line in section.components(separatedBy: "\n") {
            if line.hasPrefix("## ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, cells[1].hasPrefix("`") else { continue }
            let names = Self.backticked(cells[1])
            let allowed = Set(Self.backticked(cells[3]))
            for name in names { table[name] = allowed }
        }
        return table
    }

    static func backticked(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { $0.offset % 2 == 1 ? String($0.element) : nil }
    }

    /// Code lines only: whole-line comments and doc comments dropped, trailing `//` comments cut.
    static func code(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("//") { return nil }
        if let range = line.range(of: " // ") { return String(line[..<range.lowerBound]) }
        return line
    }

    static func imports(_ file: SourceFile) -> [(line: Int, module: String)] {
        file.lines.enumerated().compactMap { index, line in
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                  words[..<at].allSatisfy({ $0.hasPrefix("@") || ["public", "package", "internal", "private", "fileprivate"].contains($0) }) else { return nil }
            return (index + 1, String(words[at + 1]))
        }
    }

    @Test func everyModuleIsInTheReadmeTableAndImportsOnlyWhatItSays() throws {
        let table = try Self.readmeTable()
        #expect(!table.isEmpty, "README.md has no Architecture table")
        for module in Self.ourModules.sorted() {
            #expect(table[module] != nil, "README.md's Architecture table has no row for \(module)")
        }
        for file in Self.files {
            guard let allowed = table[file.module] else { continue }
            for (line, imported) in Self.imports(file) where Self.ourModules.contains(imported) && imported != file.module {
                #expect(allowed.contains(imported), "\(file.path):\(line): \(file.module) imports \(imported), which README.md's Architecture table does not allow")
            }
        }
    }

    /// Third-party modules with one owner each.
    static let owners: [String: Set<String>] = [
        "GRDB": ["PeerPlanStore"],
        "CLibical": ["PeerPlanCalendar", "PeerPlanBenchSupport"],
        "Hummingbird": ["PeerPlanWeb"],
        "HummingbirdAuth": ["PeerPlanWeb"],
        "Mustache": ["PeerPlanWeb"],
        "HummingbirdBcrypt": ["PeerPlanStore"],
        "ArgumentParser": ["peerplan", "peerplan-bench"],
    ]

    @Test func sqlAndLibicalAndHTTPAndFlagsEachHaveOneOwner() {
        for file in Self.files {
            for (line, imported) in Self.imports(file) {
                if let owners = Self.owners[imported] {
                    #expect(owners.contains(file.module), "\(file.path):\(line): only \(owners.sorted().joined(separator: ", ")) may import \(imported)")
                }
            }
            guard file.module != "PeerPlanStore" else { continue }
            for (index, raw) in file.lines.enumerated() {
                guard let line = Self.code(raw) else { continue }
                #expect(!line.contains("sql:"), "\(file.path):\(index + 1): SQL outside PeerPlanStore")
            }
        }
    }

    /// Libraries (everything but the command lines) speak in domain words: no `--flag`, no
    /// `peerplan …` command in a string a user could see. The benchmark support drives `peerplan`
    /// as a process (the crash harness), so it writes command lines too.
    @Test func librariesNeverMentionFlagsOrCommands() {
        let commandLines: Set<String> = ["peerplan", "peerplan-bench", "PeerPlanBenchSupport"]
        for file in Self.files where !commandLines.contains(file.module) {
            for (index, raw) in file.lines.enumerated() {
                guard let line = Self.code(raw) else { continue }
                for literal in Self.stringLiterals(line) {
                    let flag = literal.range(of: #"(^|[\s`"(])--[a-z][a-z-]*"#, options: .regularExpression)
                    let isCSSVariable = literal.contains("var(--")
                    #expect(flag == nil || isCSSVariable, "\(file.path):\(index + 1): a library string names a command-line flag: \(literal)")
                    #expect(literal.range(of: #"`peerplan [a-z]"#, options: .regularExpression) == nil && !literal.contains("run peerplan"),
                            "\(file.path):\(index + 1): a library string names a peerplan command: \(literal)")
                }
            }
        }
    }

    /// PeerPlanCore is pure: no files, processes or network.
    @Test func coreDoesNoIO() {
        let io = ["FileManager", "FileHandle", "fopen(", "String(contentsOf", "Data(contentsOf", "ProcessInfo", "URLSession"]
        for file in Self.files where file.module == "PeerPlanCore" {
            for (index, raw) in file.lines.enumerated() {
                guard let line = Self.code(raw) else { continue }
                for word in io where line.contains(word) {
                    Issue.record("\(file.path):\(index + 1): PeerPlanCore uses \(word)")
                }
            }
        }
    }

    /// The string literals of one line (single-line literals; good enough for the rules above).
    static func stringLiterals(_ line: String) -> [String] {
        var literals: [String] = []
        var current = ""
        var inside = false
        var escaped = false
        for character in line {
            if inside {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; current.append(character); continue }
                if character == "\"" { literals.append(current); current = ""; inside = false; continue }
                current.append(character)
            } else if character == "\"" {
                inside = true
            }
        }
        return literals
    }
}
