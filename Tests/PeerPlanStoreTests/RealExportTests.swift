import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Issue 12: exports as student information systems really write them (Fixtures/exports/):
/// what is stored, what is warned, and that a strict import refuses each warning.
@Suite struct RealExportTests {
    let config: PeerPlanConfig
    init() throws { config = try loadTestConfig() }

    func folder(_ name: String) -> URL { fixturesDirectory.appendingPathComponent("exports/" + name) }

    func load(_ name: String, options: ImportOptions = ImportOptions()) throws -> (Store, ImportReport, TempDir) {
        let tmp = try TempDir()
        let store = try Store(path: tmp.path("s.sqlite").path)
        let report = try Importer(store: store, config: config, options: options).importDistrict(at: folder(name).path)
        return (store, report, tmp)
    }

    /// The strict import of the same folder: refused, one error per warning, nothing written.
    func expectStrictRefuses(_ name: String, warnings: Int) throws {
        let tmp = try TempDir()
        let store = try Store(path: tmp.path("s.sqlite").path)
        let refused = try #require(throws: ImportRefused.self) {
            try Importer(store: store, config: config, options: ImportOptions(strict: true)).importDistrict(at: folder(name).path)
        }
        #expect(refused.total == warnings && refused.strictWarnings == warnings, "\(refused)")
        #expect(refused.errors.allSatisfy { $0.message.hasSuffix("(a warning, refused because the import is strict)") })
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM teacher") } == 0)
    }

    func rows(_ store: Store, _ sql: String) throws -> [String] {
        try store.writer.read { db in try Row.fetchAll(db, sql: sql).map { row in (0..<row.count).map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|") } }
    }

    @Test func departmentsCountAsTheirSchoolOrStandInForOne_1_1() throws {
        let (store, report, _) = try load("departments-1.1")
        #expect(try rows(store, "SELECT teacherId, schoolId, isPrimary FROM teacherSchool ORDER BY 1, 2")
            == ["\"t1\"|\"s-lake\"|1", "\"t2\"|\"s-lake\"|1", "\"t3\"|\"dep-arts\"|1", "\"t4\"|\"s-lake\"|1"])
        #expect(try rows(store, "SELECT sourcedId, schoolId FROM class ORDER BY 1")
            == ["\"k1\"|\"s-lake\"", "\"k2\"|\"s-lake\"", "\"k3\"|\"dep-arts\"", "\"k4\"|\"s-lake\""])
        #expect(try rows(store, "SELECT sourcedId, orgType, districtId FROM school ORDER BY 1")
            == ["\"dep-arts\"|\"department\"|NULL", "\"s-lake\"|\"school\"|\"d-lake\""])
        #expect(try rows(store, "SELECT sourcedId, schoolId FROM subOrg ORDER BY 1") == ["\"dep-sci\"|\"s-lake\"", "\"dep-sci-lab\"|\"s-lake\""])
        #expect(report.warnings.map(\.kind) == [.departmentStandsInForSchool])
        let warning = try #require(report.warnings.first)
        #expect(warning.file.hasSuffix("departments-1.1/orgs.csv") && warning.line == 6 && warning.field == "parentSourcedId")
        #expect(warning.message.contains("its parent org \"s-annex\" is not in orgs.csv"))
        #expect(report.notes.map(\.kind).contains(.departmentCountsAsSchool))
        try expectStrictRefuses("departments-1.1", warnings: 1)
    }

    @Test func departmentsInRoles_1_2() throws {
        let (store, report, _) = try load("departments-1.2")
        #expect(try rows(store, "SELECT teacherId, schoolId, isPrimary FROM teacherSchool ORDER BY 1, 2")
            == ["\"t1\"|\"s-lake\"|1", "\"t2\"|\"s-lake\"|1", "\"t3\"|\"dep-arts\"|1", "\"t3\"|\"s-lake\"|0"])
        #expect(report.warnings.map(\.kind) == [.departmentStandsInForSchool])
        try expectStrictRefuses("departments-1.2", warnings: 1)
    }

    /// A department that stood in for a school is merged into its school once the parent is listed.
    @Test func aStandInDepartmentJoinsItsSchoolWhenTheParentAppears() throws {
        let (store, _, tmp) = try load("departments-1.1")
        let copy = tmp.url.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: folder("departments-1.1"), to: copy)
        let orgs = copy.appendingPathComponent("orgs.csv")
        let text = try String(contentsOf: orgs, encoding: .utf8).replacingOccurrences(of: ",s-annex\n", with: ",s-lake\n")
        try text.write(to: orgs, atomically: true, encoding: .utf8)
        let report = try Importer(store: store, config: config).importDistrict(at: copy.path)
        #expect(report.warnings.isEmpty)
        #expect(try rows(store, "SELECT sourcedId FROM school ORDER BY 1") == ["\"s-lake\""])
        #expect(try rows(store, "SELECT teacherId, schoolId FROM teacherSchool WHERE teacherId = 't3'") == ["\"t3\"|\"s-lake\""])
        #expect(try rows(store, "SELECT schoolId FROM class WHERE sourcedId = 'k3'") == ["\"s-lake\""])
    }

    @Test func rowsPointingOnlyAtTobedeletedRowsAreSetAside() throws {
        let (store, report, _) = try load("tobedeleted")
        #expect(try rows(store, "SELECT sourcedId FROM class ORDER BY 1") == ["\"k1\"", "\"k2\""])
        #expect(try rows(store, "SELECT sourcedId FROM teacher ORDER BY 1") == ["\"t1\"", "\"t2\""])
        #expect(try rows(store, "SELECT sourcedId FROM teachingEnrollment ORDER BY 1") == ["\"e1\"", "\"e2\""])
        #expect(try rows(store, "SELECT sourcedId FROM school") == ["\"s-lake\""])
        #expect(report.warnings.map(\.kind) == Array(repeating: .refersToDeletedRow, count: 4))
        #expect(report.warnings.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line ?? 0):\($0.field ?? "")" }
            == ["users.csv:5:orgSourcedIds", "classes.csv:5:schoolSourcedId", "enrollments.csv:4:classSourcedId", "enrollments.csv:5:userSourcedId"])
        #expect(report.warnings[2].message == "class k3 is marked tobedeleted in classes.csv; this enrollment of t2 is set aside")
        try expectStrictRefuses("tobedeleted", warnings: 4)
    }

    @Test func periodsAreBellPeriodNamesFirstThenLists() throws {
        let (store, report, _) = try load("period-labels")
        #expect(try rows(store, "SELECT classId, group_concat(period, ' ') FROM (SELECT * FROM classPeriod ORDER BY classId, period) GROUP BY classId")
            == ["\"k1\"|\"HR\"", "\"k2\"|\"2-1\"", "\"k3\"|\"3 A1\"", "\"k4\"|\"1 2 3\"", "\"k6\"|\"1 2\""])
        #expect(try rows(store, "SELECT sourcedId, periods, timesKnown FROM class WHERE timesKnown = 0") == ["\"k5\"|\"Z9\"|0"])
        #expect(report.warnings.map(\.kind) == [.unknownClassPeriods])
        let warning = try #require(report.warnings.first)
        #expect(warning.line == 6 && warning.column == 14 && warning.field == "periods")
        #expect(warning.message.hasPrefix("period \"Z9\" is not in the school's bell schedule (it has 1, 2, 3, 2-1, A1, HR, L); class k5 is kept"))
        #expect(report.notes.map(\.kind) == [.schoolWithoutBellSchedule])
        #expect(try store.writer.read { try FreeTime.unknownTeachers($0) } == ["t5", "t6"])
        let status = try store.writer.read { try StatusReport.load($0) }
        let lake = try #require(status.perSchool.first { $0.sourcedId == "s-lake" })
        let online = try #require(status.perSchool.first { $0.sourcedId == "s-none" })
        #expect(lake.teachersWithUnknownFreeTime == 1 && lake.classesWithUnknownTimes == 1)
        #expect(online.scheduleDays.isEmpty && online.teachersWithUnknownFreeTime == 1)
        try expectStrictRefuses("period-labels", warnings: 1)

        // Schedule-aware pairing leaves the teacher with unknown class times out, and says why.
        let pairing = PairingStore(store: store, config: config)
        let proposal = try #require(try pairing.propose(schools: ["s-lake"], policy: config.pairing).first)
        #expect(Set(proposal.result.pairs.map(\.target)) == ["t1", "t3"])
        #expect(proposal.result.unmatched.map { "\($0.teacher) \($0.reason)" } == ["t5 unknownClassTimes"])
        // Pairing on skills alone still pairs them.
        var skillsOnly = config.pairing
        skillsOnly.minSharedFreePeriods = 0
        let loose = try #require(try pairing.propose(schools: ["s-lake"], policy: skillsOnly).first)
        #expect(!loose.result.unmatched.contains { $0.reason == .unknownClassTimes })
        // Paired on skills alone, their sessions cannot be placed, and the schedule says why.
        try pairing.accept(school: "s-lake", runId: nil)
        let outcome = try Scheduler(store: store, config: config).schedule(school: "s-lake", term: nil)
        let withT5 = outcome.answer.unplaced.filter { outcome.meetings[$0.meeting]?.members.contains("t5") == true }
        #expect(!withT5.isEmpty)
        #expect(withT5.allSatisfy { $0.reason == "unknownClassTimes" && $0.blockers == ["t5"] && $0.remedy == nil })
        #expect(!outcome.answer.placements.contains { outcome.meetings[$0.meeting]?.members.contains("t5") == true })
    }

    @Test func columnsPeerPlanDoesNotReadAreIgnored() throws {
        let (store, report, _) = try load("unused-columns")
        #expect(report.warnings.isEmpty)
        #expect(report.notes.map(\.kind) == [.unknownColumns, .unknownColumns])
        #expect(report.notes[0].message == "column dataLastModified (did you mean dateLastModified?) is not part of OneRoster or of PeerPlan's files; ignored")
        #expect(report.notes[1].message.hasPrefix("column favouriteColour is"))
        #expect(try rows(store, "SELECT sourcedId, givenName FROM teacher ORDER BY 1") == ["\"t1\"|\"Ada\"", "\"t2\"|\"Ben\""])
        #expect(try rows(store, "SELECT sourcedId FROM teachingEnrollment ORDER BY 1") == ["\"e1\"", "\"e2\""])
        // Notes never refuse, even a strict import.
        let tmp = try TempDir()
        let strict = try Importer(store: try Store(path: tmp.path("s.sqlite").path), config: config, options: ImportOptions(strict: true))
            .importDistrict(at: folder("unused-columns").path)
        #expect(strict.changed)
    }

    @Test func windows1252IsRefusedAsUTF8AndReadWhenNamed() throws {
        let tmp = try TempDir()
        let store = try Store(path: tmp.path("s.sqlite").path)
        let refused = try #require(throws: ImportRefused.self) {
            try Importer(store: store, config: config).importDistrict(at: folder("windows-1252").path)
        }
        #expect(refused.first.kind == .encoding && refused.first.line == 3 && refused.first.field == "name")
        #expect(refused.first.message.hasPrefix("not valid UTF-8 (byte 0xC9 at character 1)"))
        let report = try Importer(store: store, config: config, options: ImportOptions(encoding: .windows1252))
            .importDistrict(at: folder("windows-1252").path)
        #expect(report.changed && report.warnings.isEmpty)
        #expect(try rows(store, "SELECT givenName, familyName FROM teacher ORDER BY sourcedId")
            == ["\"José\"|\"Núñez\"", "\"Zoë\"|\"O’Brien\"", "\"François\"|\"Dupré\""])
        #expect(try rows(store, "SELECT name FROM school") == ["\"École Lakeside\""])
        #expect(try rows(store, "SELECT title FROM class ORDER BY 1") == ["\"Français\"", "\"Mathématiques\""])
        // A UTF-8 file with a byte-order mark is not Windows-1252.
        let bom = tmp.path("orgs.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("sourcedId,name,type\ns1,École,school\n".utf8)).write(to: bom)
        let wrong = try #require(throws: ImportRefused.self) {
            try Importer(store: store, config: config, options: ImportOptions(encoding: .windows1252)).importFiles([ImportFile(kind: .orgs, url: bom)])
        }
        #expect(wrong.first.message.contains("so it is UTF-8, not Windows-1252"))
    }

    /// Every error of every file at once, grouped by file in reading order; nothing changed.
    @Test func everyErrorIsListedAtOnce() throws {
        let tmp = try TempDir()
        var bad = MiniDistrict()
        bad.replaceLine("ratings.csv", 2, with: "t9,TEAM,questioning,2,2026-03-01,p1")
        bad.replaceLine("bell-schedules.csv", 2, with: "s1,Mon,1,8h00,08:50,instruction")
        bad.replaceLine("classes.csv", 3, with: "k2,active,,Math 4 - Chen,04,c-math4,M4-2,scheduled,,s9,fall,Mathematics,,\"1,2\"")
        try bad.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        let refused = try #require(throws: ImportRefused.self) { try importDistrict(tmp.url, db: db, config: config) }
        #expect(refused.total == 3)
        #expect(refused.byFile.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["bell-schedules.csv", "classes.csv", "ratings.csv"])
        #expect(refused.errors.map(\.field) == ["start", "schoolSourcedId", "teacherSourcedId"])
        // A class with an error is not reported again by the enrollments that name it.
        #expect(!refused.errors.contains { $0.file.hasSuffix("enrollments.csv") })
        #expect(try withStore(db) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM teacher") } == 0)
    }

    @Test func theListStopsAtTheLimitButCountsEveryError() throws {
        let tmp = try TempDir()
        var bad = MiniDistrict()
        for k in 0..<250 { bad.appendLine("ratings.csv", "t9\(k),TEAM,questioning,2,2026-03-01,p1") }
        try bad.write(to: tmp)
        let refused = try #require(throws: ImportRefused.self) { try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config) }
        #expect(refused.errors.count == ImportRefused.limit && refused.total == 250)
    }
}
