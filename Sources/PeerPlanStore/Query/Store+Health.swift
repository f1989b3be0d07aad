import GRDB

extension Store {
    /// Reads one row, so a health check knows the store file can be read; throws when it cannot.
    package func checkReadable() throws {
        _ = try writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
