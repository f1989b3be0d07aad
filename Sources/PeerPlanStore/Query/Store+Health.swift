import GRDB
import PeerPlanCore

extension Store {
    /// Reads one row, so a health check knows the store file can be read; throws when it cannot.
    package func checkReadable() throws {
        _ = try writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}

extension Store {
    /// SQLite's own check of the file (`PRAGMA integrity_check`): empty when the database is sound.
    package func integrityProblems() throws -> [String] {
        let lines = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        return lines == ["ok"] ? [] : lines
    }

    /// A digest of what the store holds: every row of every table, in key order, leaving out
    /// the columns that say when something happened (`…At`, `at`, `stamp`), which differ between
    /// two runs of the same command. Two stores with the same digest hold the same state — how
    /// the crash harness tells "before", "after" and "a mix of both" apart.
    package func contentDigest() throws -> String {
        try writer.read { db in
            var hasher = SHA256()
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table]).map { $0[0] as String }
                let kept = columns.filter { name in
                    let lower = name.lowercased()
                    return !(lower == "at" || lower.hasSuffix("at") && name.hasSuffix("At") || lower.contains("stamp"))
                }
                guard !kept.isEmpty else { continue }
                let list = kept.map { "\"\($0)\"" }.joined(separator: ", ")
                hasher.update("table \(table)\n")
                // Rows in the order of their values, so equal contents give equal digests whatever the rowids.
                for row in try Row.fetchAll(db, sql: "SELECT \(list) FROM \"\(table)\" ORDER BY \(list)") {
                    hasher.update((0..<row.count).map { "\(row[$0] as DatabaseValue)" }.joined(separator: "\u{1F}") + "\n")
                }
            }
            return hasher.hexDigest()
        }
    }
}
