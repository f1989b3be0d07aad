import Foundation
import PeerPlanTestSupport
import ZIPFoundation
import GRDB
import Testing
@testable import PeerPlanStore

func withStore<T>(_ db: String, _ body: (Database) throws -> T) throws -> T {
    let store = try Store(path: db)
    return try store.writer.read(body)
}

@Suite struct ImportTests {
    let config: PeerPlanConfig
    init() throws { config = try loadTestConfig() }

    @Test func importsTheMiniDistrict() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        let db = tmp.path("store.sqlite").path
        let report = try importDistrict(tmp.url, db: db, config: config)
        #expect(report.changed)
        #expect(report.studentRowsReadPast == 2)
        #expect(report.oneRosterVersion == "1.1")
        try withStore(db) { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM school") == 2)
            #expect(try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher ORDER BY 1") == ["t1", "t2", "t3"])
            // s1 inherits the district's zone; s2 has its own.
            #expect(try String.fetchAll(db, sql: "SELECT timezone FROM school ORDER BY sourcedId") == ["America/Chicago", "America/Phoenix"])
            // Ruiz: period 1 on Mon and Tue; Chen: 1 and 2 on both days; Kim: 1, 2 (A) and 3 (B).
            let rows = try Row.fetchAll(db, sql: "SELECT teacherId, day, period FROM teachingAssignment ORDER BY 1, 2, 3")
            let text = rows.map { "\($0[0] as String) \($0[1] as String) \($0[2] as String)" }
            #expect(text == ["t1 Mon 1", "t1 Tue 1", "t2 Mon 1", "t2 Mon 2", "t2 Tue 1", "t2 Tue 2", "t3 A 1", "t3 A 2", "t3 B 3"])
            // No students anywhere.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teachingEnrollment WHERE teacherId LIKE 'st%'") == 0)
            // The district-wide holiday lands on both schools.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calendarDay WHERE date = '2026-09-07'") == 2)
            #expect(try Bool.fetchOne(db, sql: "SELECT participating FROM teacher WHERE sourcedId = 't3'") == false)
            // The latest rating counts, the history is kept; names are accepted for indicators.
            #expect(try Int.fetchOne(db, sql: "SELECT score FROM latestRating WHERE teacherId = 't1' AND indicatorId = 'questioning'") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating WHERE teacherId = 't1'") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating WHERE indicatorId = 'academic-feedback'") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run WHERE kind = 'import'") == 1)
        }
        let warnings = report.warnings
        #expect(warnings.isEmpty)
    }

    @Test func reimportingTheSameFilesChangesNothing() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        let before = try databaseBytes(db)
        let again = try importDistrict(tmp.url, db: db, config: config)
        #expect(!again.changed)
        #expect(again.totalWritten == 0)
        #expect(again.runId == nil)
        #expect(try databaseBytes(db) == before)
    }

    @Test func aNewerExportUpdatesAndRemoves() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        try district.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        // Chen renamed, Ruiz leaves (tobedeleted) with her class; Chen's class moves to period 2 only.
        district.replaceLine("users.csv", 3, with: "t2,active,,true,s1,teacher,bchen,,Bo,Chen-Park,,,bo.chen@x.example,,,,,")
        district.replaceLine("users.csv", 2, with: "t1,tobedeleted,,true,s1,teacher,aruiz,,Ana,Ruiz,,,,,,,,")
        district.replaceLine("classes.csv", 2, with: "k1,tobedeleted,,Math 4 - Ruiz,04,c-math4,M4-1,scheduled,,s1,fall,Mathematics,,1")
        district.replaceLine("classes.csv", 3, with: "k2,active,,Math 4 - Chen,04,c-math4,M4-2,scheduled,,s1,fall,Mathematics,,2")
        district.replaceLine("enrollments.csv", 2, with: "e1,tobedeleted,,k1,s1,t1,teacher,true,,")
        district.replaceLine("enrollments.csv", 5, with: "e4,tobedeleted,,k1,s1,st1,student,false,,")
        district.replaceLine("duties.csv", 2, with: "t2,Tue,1,hall duty")
        district.files["ratings.csv"] = district.files["ratings.csv"]!.replacingOccurrences(of: "t1,", with: "t2,").replacingOccurrences(of: "t2,TEAM,questioning,2,2026-03-01", with: "t2,TEAM,questioning,3,2026-04-01")
        try district.write(to: tmp)
        let report = try importDistrict(tmp.url, db: db, config: config)
        #expect(report.changed)
        #expect(report.deleted["teacher"] == 1)
        #expect(report.deleted["class"] == 1)
        try withStore(db) { (db: Database) throws in
            #expect(try String.fetchOne(db, sql: "SELECT familyName FROM teacher WHERE sourcedId = 't2'") == "Chen-Park")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher WHERE sourcedId = 't1'") == 0)
            // Ratings of a departed teacher go with them.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating WHERE teacherId = 't1'") == 0)
            let periods = try String.fetchAll(db, sql: "SELECT day || ' ' || period FROM teachingAssignment WHERE teacherId = 't2' ORDER BY 1")
            #expect(periods == ["Mon 2", "Tue 2"])
            #expect(try String.fetchAll(db, sql: "SELECT teacherId || ' ' || day || ' ' || period FROM duty") == ["t2 Tue 1"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") == 2)
        }
    }

    @Test func bulkFilesRemoveWhatTheyNoLongerList() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        try district.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        // Kim is simply absent from the next full export.
        district.files["users.csv"] = district.files["users.csv"]!.components(separatedBy: "\n").filter { !$0.hasPrefix("t3,") }.joined(separator: "\n")
        district.files["enrollments.csv"] = district.files["enrollments.csv"]!.components(separatedBy: "\n").filter { !$0.hasPrefix("e3,") }.joined(separator: "\n")
        district.files["ratings.csv"] = district.files["ratings.csv"]!.components(separatedBy: "\n").filter { !$0.hasPrefix("t3,") }.joined(separator: "\n")
        district.files["participation.csv"] = "teacherSourcedId,participation,note\n"
        try district.write(to: tmp)
        try importDistrict(tmp.url, db: db, config: config)
        try withStore(db) { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher ORDER BY 1") == ["t1", "t2"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teachingEnrollment") == 2)
        }
    }

    @Test func singleFileImportsAreDeltas() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        try tmp.write("more-ratings.csv", """
            teacherSourcedId,rubric,indicator,score,observedOn
            t3,team,THINKING,5,2026-05-01

            """)
        let store = try Store(path: db)
        let report = try Importer(store: store, config: config).importFiles([ImportFile(kind: .ratings, url: tmp.path("more-ratings.csv"))])
        #expect(report.written["rating"] == 1)
        let latest = try store.writer.read { try Int.fetchOne($0, sql: "SELECT score FROM latestRating WHERE teacherId = 't3'") }
        #expect(latest == 5)
        let teachers = try store.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM teacher") }
        #expect(teachers == 3)
    }

    @Test func realWorldQuirksImport() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        // Capitalised enums, every field quoted, CRLF and LF mixed, a BOM, extra columns.
        district.files["users.csv"] = district.files["users.csv"]!
            .replacingOccurrences(of: ",teacher,", with: ",Teacher,")
            .replacingOccurrences(of: "password\n", with: "password,metadata.extra\n")
        district.files["orgs.csv"] = district.files["orgs.csv"]!.components(separatedBy: "\n").map { line in
            line.isEmpty ? line : line.split(separator: ",", omittingEmptySubsequences: false).map { "\"\($0)\"" }.joined(separator: ",")
        }.joined(separator: "\r\n").replacingOccurrences(of: "\"active\"", with: "\"Active\"").replacingOccurrences(of: "\"school\"", with: "\"School\"")
        district.files["enrollments.csv"] = district.files["enrollments.csv"]!.replacingOccurrences(of: "true,,\n", with: "TRUE,,\r\n")
        try district.write(to: tmp)
        let users = try Data(contentsOf: tmp.path("users.csv"))
        try tmp.write("users.csv", bytes: [0xEF, 0xBB, 0xBF] + [UInt8](users))
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        try withStore(db) { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM school") == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teachingEnrollment WHERE isPrimary = 1") == 3)
        }
    }

    @Test func anAideEnrolledAsTeacherIsSkippedWithAWarning() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        district.appendLine("enrollments.csv", "e9,active,,k1,s1,a1,teacher,false,,")
        try district.write(to: tmp)
        let report = try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config)
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.message.contains("a1 is enrolled as teacher of class k1 but is an aide") == true)
    }

    @Test func oneRoster12WithRolesFile() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        district.files["manifest.csv"] = district.files["manifest.csv"]!.replacingOccurrences(of: "oneroster.version,1.1", with: "oneroster.version,1.2")
        district.files["users.csv"] = """
            sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns
            t1,active,,true,aruiz,,Ana,Ruiz,,,ana.ruiz@x.example,,,,,,,,Annie,,,s1,
            t2,active,,true,bchen,,Bo,Chen,,,,,,,,,,,,,,s1,
            t3,active,,true,ckim,,Cara,Kim,,,,,,,,,,,,,,s2,
            a1,active,,true,aide1,,Al,Aide,,,,,,,,,,,,,,s1,
            st1,active,,true,,,Sam,Student,,,,,,,04,,,,,,,s1,
            st2,active,,true,,,Sue,Student,,,,,,,09,,,,,,,s2,

            """
        district.files["roles.csv"] = """
            sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
            r1,active,,t1,primary,teacher,,,s1,
            r2,active,,t2,primary,teacher,,,s1,
            r3,active,,t3,primary,teacher,,,s2,
            r3b,active,,t3,secondary,teacher,,,s1,
            r4,active,,a1,primary,aide,,,s1,
            r5,active,,st1,primary,student,,,s1,
            r6,active,,st2,primary,student,,,s2,

            """
        try district.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        let report = try importDistrict(tmp.url, db: db, config: config)
        #expect(report.oneRosterVersion == "1.2")
        try withStore(db) { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher ORDER BY 1") == ["t1", "t2", "t3"])
            #expect(try String.fetchOne(db, sql: "SELECT preferredGivenName FROM teacher WHERE sourcedId = 't1'") == "Annie")
            let schools = try String.fetchAll(db, sql: "SELECT schoolId || ':' || isPrimary FROM teacherSchool WHERE teacherId = 't3' ORDER BY 1")
            #expect(schools == ["s1:0", "s2:1"])
        }
    }

    @Test func importsAZipOfTheFolder() throws {
        let tmp = try TempDir()
        let folder = try TempDir()
        try MiniDistrict().write(to: folder)
        let zip = tmp.path("district.zip")
        try FileManager.default.zipItem(at: folder.url, to: zip, shouldKeepParent: true)
        let db = tmp.path("store.sqlite").path
        let report = try importDistrict(zip, db: db, config: config)
        #expect(report.changed)
        #expect(report.files.allSatisfy { $0.hasPrefix("district.zip/") })
        try withStore(db) { (db: Database) throws in #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher") == 3) }
    }
}

@Suite struct ImportReviewRegressionTests {
    let config: PeerPlanConfig
    init() throws { config = try loadTestConfig() }

    /// A delta roles.csv lists only roles that changed: teachers it does not mention stay teachers
    /// (found in review: they were deleted with their ratings).
    @Test func oneRoster12DeltaKeepsTeachersWhoseRolesAreNotResent() throws {
        let tmp = try TempDir()
        let db = tmp.path("s.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district-oneroster-1.2"), db: db, config: config)
        let ratingsBefore = try withStore(db) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM rating WHERE teacherId = 't-elm-02'") }
        let delta = try TempDir()
        try delta.write("manifest.csv", "propertyName,value\noneroster.version,1.2\nfile.users,delta\nfile.roles,delta\n")
        let users = try String(contentsOf: fixturesDirectory.appendingPathComponent("district-oneroster-1.2/users.csv"), encoding: .utf8)
        let lines = users.components(separatedBy: .newlines).filter { !$0.isEmpty }
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "")
        let row = try #require(lines.first { $0.hasPrefix("t-elm-02,") || $0.hasPrefix("\"t-elm-02\"") })
        try delta.write("users.csv", header + "\n" + row.replacingOccurrences(of: "@riverbend", with: "@new.riverbend") + "\n")
        let roles = try String(contentsOf: fixturesDirectory.appendingPathComponent("district-oneroster-1.2/roles.csv"), encoding: .utf8)
        let roleLines = roles.components(separatedBy: .newlines).filter { !$0.isEmpty }
        try delta.write("roles.csv", roleLines[0] + "\n" + roleLines.first { $0.contains("t-elm-01") }! + "\n")
        let report = try importDistrict(delta.url, db: db, config: config)
        #expect(report.deleted["teacher"] == nil)
        try withStore(db) { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating WHERE teacherId = 't-elm-02'") == ratingsBefore)
            #expect(try String.fetchOne(db, sql: "SELECT email FROM teacher WHERE sourcedId = 't-elm-02'")?.contains("@new.riverbend") == true)
            #expect(try String.fetchAll(db, sql: "SELECT schoolId FROM teacherSchool WHERE teacherId = 't-elm-02'") == ["sch-elm"])
        }
    }

    /// The same user twice in users.csv, once as an aide, is a duplicate (found in review: the
    /// teacher was silently deleted).
    @Test func aUserListedTwiceWithAnotherRoleIsADuplicate() throws {
        let tmp = try TempDir()
        var district = MiniDistrict()
        district.appendLine("users.csv", "t1,active,,true,s1,aide,aruiz,,Ana,Ruiz,,,,,,,,")
        try district.write(to: tmp)
        #expect {
            try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config)
        } throws: { error in
            (error as? ImportRefused)?.first.description.contains("duplicate sourcedId \"t1\" (first on line 2)") == true
        }
    }

    @Test func twoSpellingsOfOneFileAreAnError() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        try tmp.write("Users.csv", "sourcedId,role,orgSourcedIds\n")
        #expect(throws: ImportRefused.self) { try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config) }
    }
}

@Suite struct ItinerantTeacherTests {
    /// A class at a second school blocks every period it overlaps at the first (found in review:
    /// free periods were counted per school only).
    @Test func classesElsewhereAreNotFreeTime() throws {
        let config = try loadTestConfig()
        let tmp = try TempDir()
        var district = MiniDistrict()
        district.files["bell-schedules.csv"] = district.files["bell-schedules.csv"]!
            .components(separatedBy: "\n").filter { !$0.hasPrefix("s2,") }.joined(separator: "\n")
            + "s2,Mon,X1,08:30,09:20,instruction\ns2,Tue,X1,08:30,09:20,instruction\n"
        district.replaceLine("users.csv", 2, with: "t1,active,,true,\"s1,s2\",teacher,aruiz,,Ana,Ruiz,,,ana.ruiz@x.example,,,,,")
        district.replaceLine("classes.csv", 4, with: "k3,active,,Algebra I,09,c-alg,ALG-1,scheduled,,s2,fall,Mathematics,,X1")
        district.replaceLine("enrollments.csv", 4, with: "e3,active,,k3,s2,t1,teacher,true,,")
        try district.write(to: tmp)
        let db = tmp.path("s.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        let free = try withStore(db) { try FreeTime.load($0, schools: ["s1"]) }
        // Ruiz: period 1 is her class at s1, period 2 overlaps her 08:30–09:20 class at s2 (and Tue 2 is a duty).
        #expect(free["s1"]?["t1"] == [])
        #expect(free["s1"]?["t2"] == [])
        let listing = try withStore(db) { try TeacherListing.load($0, school: "s1") }
        #expect(listing.first { $0.sourcedId == "t1" }?.freePeriods == [])
    }
}
