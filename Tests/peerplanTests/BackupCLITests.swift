import Foundation
import PeerPlanTestSupport
import Testing

@Suite struct BackupCLITests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func backupThenRestoreAndRefusals() throws {
        let tmp = try TempDir()
        let db = tmp.path("live.sqlite").path
        #expect(try CLI.run(["import", fixtures, "--db", db]).status == 0)
        let file = tmp.path("backups/nightly.sqlite").path
        let backup = try CLI.run(["backup", "--to", file, "--db", db])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("Backed up \(db) to \(file)") && backup.stdout.contains("integrity ok"))
        // Never over an existing file.
        let again = try CLI.run(["backup", "--to", file, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("--to: \(file) exists already"), "\(again.stderr)")

        // A change after the backup, then the restore undoes it and keeps what it replaced.
        #expect(try CLI.run(["feeds", "issue", "--school", "sch-mid", "--db", db]).status == 0)
        #expect(try CLI.run(["feeds", "list", "--format", "csv", "--db", db]).stdout.contains("school,sch-mid"))
        let restored = try CLI.run(["restore", file, "--db", db])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("Restored \(db) from \(file)"))
        #expect(!(try CLI.run(["feeds", "list", "--format", "csv", "--db", db]).stdout.contains("school,sch-mid")))
        let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).first { $0.hasPrefix("live.sqlite.before-restore-") })
        #expect(try CLI.run(["feeds", "list", "--format", "csv", "--db", tmp.path(kept).path]).stdout.contains("school,sch-mid"))

        // A file that is not a backup: refused, the database unchanged.
        let junk = tmp.path("junk.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let refused = try CLI.run(["restore", junk, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("is not a readable SQLite database"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try CLI.run(["restore", db, "--db", db]).status == 64)
    }
}
