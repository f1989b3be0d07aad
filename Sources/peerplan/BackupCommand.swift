import ArgumentParser
import Foundation
import PeerPlanStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file, consistently, even while `peerplan serve` runs.",
        discussion: """
        SQLite's online backup: the copy is the database as of one moment, checked with PRAGMA integrity_check, \
        and written beside FILE first, then renamed, so FILE is absent or whole. FILE must not exist. \
        Restore it with `peerplan restore FILE`.
        """)

    @OptionGroup var options: StoreOptions
    @Option(help: ArgumentHelp("The new backup file (it must not exist).", valueName: "file")) var to: String

    func run() throws {
        let store = try options.openExistingStore()
        let started = Date()
        let summary = try StoreBackup.backup(store, to: to)
        let seconds = Date().timeIntervalSince(started)
        print("Backed up \(options.databasePath) to \(summary.path): \(Self.size(summary.bytes)), schema \(summary.schema), integrity ok, \(String(format: "%.1f", seconds)) s.")
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1_000_000) : "\(bytes) bytes"
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup, after checking the backup's integrity and schema.",
        discussion: """
        Refuses (and changes nothing) unless FILE passes PRAGMA integrity_check and holds a PeerPlan schema this version knows. \
        The database it replaces is first saved as DB.before-restore-STAMP. The pages are copied into the database under its \
        write lock, so a running `peerplan serve` shows the restored data at once.
        """)

    @OptionGroup var options: StoreOptions
    @Argument(help: ArgumentHelp("The backup to restore (made by `peerplan backup`).", valueName: "file")) var file: String

    func run() throws {
        let target = options.databasePath
        guard URL(fileURLWithPath: file).standardizedFileURL.path != URL(fileURLWithPath: target).standardizedFileURL.path else {
            throw ValidationError("FILE is the database itself (--db); restore from a backup file")
        }
        let stamp = Self.stamp(Date())
        let previous = FileManager.default.fileExists(atPath: target) ? "\(target).before-restore-\(stamp)" : nil
        let summary = try StoreBackup.restore(file, into: target, keepPrevious: previous)
        print("Restored \(target) from \(file) (schema \(summary.schema)\(summary.pending.isEmpty ? "" : ", brought up to date with \(summary.pending.joined(separator: ", "))"); integrity ok).")
        if let previous { print("The database it replaced is kept as \(previous).") }
    }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
