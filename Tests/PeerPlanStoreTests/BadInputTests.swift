import Foundation
import GRDB
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// Each case breaks one thing in an otherwise good district: the import must fail with an error
/// naming the file, line and field, and the store must stay byte for byte as it was.
@Suite struct BadInputTests {
    let config: PeerPlanConfig
    init() throws { config = try loadTestConfig() }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var file: String
        var line: Int?
        var field: String?
        var messageContains: String
        var change: @Sendable (inout MiniDistrict) -> Void
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a class naming a missing school", file: "classes.csv", line: 3, field: "schoolSourcedId",
             messageContains: "unknown school \"s9\"") {
            $0.replaceLine("classes.csv", 3, with: "k2,active,,Math 4 - Chen,04,c-math4,M4-2,scheduled,,s9,fall,Mathematics,,\"1,2\"")
        },
        Case(name: "an enrollment of an unknown user", file: "enrollments.csv", line: 5, field: "userSourcedId",
             messageContains: "unknown user \"st9\"") {
            $0.replaceLine("enrollments.csv", 5, with: "e4,active,,k1,s1,st9,student,false,,")
        },
        Case(name: "a teacher enrollment of an unknown user", file: "enrollments.csv", line: 2, field: "userSourcedId",
             messageContains: "unknown user \"t9\"") {
            $0.replaceLine("enrollments.csv", 2, with: "e1,active,,k1,s1,t9,teacher,true,,")
        },
        Case(name: "an enrollment in an unknown class", file: "enrollments.csv", line: 6, field: "classSourcedId",
             messageContains: "unknown class \"k9\"") {
            $0.replaceLine("enrollments.csv", 6, with: "e5,active,,k9,s2,st2,student,false,,")
        },
        Case(name: "a duplicate teacher id", file: "users.csv", line: 4, field: "sourcedId",
             messageContains: "duplicate sourcedId \"t1\" (first on line 2)") {
            $0.replaceLine("users.csv", 4, with: "t1,active,,true,s2,teacher,x,,X,Y,,,,,,,,")
        },
        Case(name: "a duplicate class id", file: "classes.csv", line: 4, field: "sourcedId",
             messageContains: "duplicate sourcedId \"k1\"") {
            $0.replaceLine("classes.csv", 4, with: "k1,active,,Algebra I,09,c-alg,ALG-1,scheduled,,s2,fall,Mathematics,,1")
        },
        Case(name: "overlapping periods", file: "bell-schedules.csv", line: 3, field: "start",
             messageContains: "overlaps period 1 (08:00–08:50) on line 2") {
            $0.replaceLine("bell-schedules.csv", 3, with: "s1,Mon,2,08:45,09:45,instruction")
        },
        Case(name: "a period that ends before it starts", file: "bell-schedules.csv", line: 3, field: "end",
             messageContains: "ends (08:40) at or before it starts (08:55)") {
            $0.replaceLine("bell-schedules.csv", 3, with: "s1,Mon,2,08:55,08:40,instruction")
        },
        Case(name: "a time that does not parse", file: "bell-schedules.csv", line: 2, field: "start",
             messageContains: "\"8h00\" is not a time") {
            $0.replaceLine("bell-schedules.csv", 2, with: "s1,Mon,1,8h00,08:50,instruction")
        },
        Case(name: "an unknown period kind", file: "bell-schedules.csv", line: 4, field: "kind",
             messageContains: "\"recess\" is not a period kind") {
            $0.replaceLine("bell-schedules.csv", 4, with: "s1,Mon,L,11:30,12:00,recess")
        },
        Case(name: "a missing required column", file: "classes.csv", line: 1, field: "periods",
             messageContains: "required column is missing") {
            $0.files["classes.csv"] = $0.files["classes.csv"]!.replacingOccurrences(of: ",periods\n", with: ",slots\n")
        },
        Case(name: "an unquoted list spilling into extra fields", file: "classes.csv", line: 3, field: nil,
             messageContains: "the row has 15 fields but the header has 14") {
            $0.replaceLine("classes.csv", 3, with: "k2,active,,Math 4 - Chen,04,c-math4,M4-2,scheduled,,s1,fall,Mathematics,,1,2")
        },
        Case(name: "a score off the rubric's scale", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale; expected a number from 1 to 5 (a decimal such as 2.75 for an average)") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,7,2026-03-02,p1")
        },
        Case(name: "a decimal score just off the scale", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,5.01,2026-03-02,p1")
        },
        Case(name: "a score with two decimal points", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,2.7.5,2026-03-02,p1")
        },
        Case(name: "a score that is not a number", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,nan,2026-03-02,p1")
        },
        Case(name: "a score in exponent notation", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,3e0,2026-03-02,p1")
        },
        Case(name: "a score with a decimal comma", file: "ratings.csv", line: 4, field: "score",
             messageContains: "the score is not on the TEAM scale") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,questioning,\"2,5\",2026-03-02,p1")
        },
        Case(name: "an unknown indicator", file: "ratings.csv", line: 4, field: "indicator",
             messageContains: "\"juggling\" is not an indicator of TEAM") {
            $0.replaceLine("ratings.csv", 4, with: "t2,TEAM,juggling,4,2026-03-02,p1")
        },
        Case(name: "an unknown rubric", file: "ratings.csv", line: 2, field: "rubric",
             messageContains: "unknown rubric \"Marzano\"") {
            $0.replaceLine("ratings.csv", 2, with: "t1,Marzano,questioning,2,2026-03-01,p1")
        },
        Case(name: "a rating of an unknown teacher", file: "ratings.csv", line: 2, field: "teacherSourcedId",
             messageContains: "unknown teacher \"t9\"") {
            $0.replaceLine("ratings.csv", 2, with: "t9,TEAM,questioning,2,2026-03-01,p1")
        },
        Case(name: "a bad date", file: "calendar.csv", line: 3, field: "date",
             messageContains: "\"2026-02-30\" is not a date") {
            $0.replaceLine("calendar.csv", 3, with: "s1,2026-02-30,early-release,x")
        },
        Case(name: "an unknown calendar kind", file: "calendar.csv", line: 3, field: "kind",
             messageContains: "\"snow-day\" is not a calendar day kind") {
            $0.replaceLine("calendar.csv", 3, with: "s1,2026-10-09,snow-day,x")
        },
        Case(name: "a duty in a period the school lacks", file: "duties.csv", line: 2, field: "period",
             messageContains: "has period \"9\" on Tue") {
            $0.replaceLine("duties.csv", 2, with: "t1,Tue,9,hall duty")
        },
        Case(name: "an unknown time zone", file: "orgs.csv", line: 4, field: "metadata.timezone",
             messageContains: "\"Mars/Olympus\" is not an IANA time zone") {
            $0.replaceLine("orgs.csv", 4, with: "s2,active,,South High,school,S2,d1,Mars/Olympus")
        },
        Case(name: "a term that ends before it starts", file: "academicSessions.csv", line: 3, field: "endDate",
             messageContains: "ends (2026-08-01) before it starts") {
            $0.replaceLine("academicSessions.csv", 3, with: "fall,active,,Fall 2026,term,2026-08-10,2026-08-01,y1,2027")
        },
        Case(name: "an unclosed quote", file: "classes.csv", line: 4, field: nil,
             messageContains: "never closed") {
            $0.replaceLine("classes.csv", 4, with: "k3,active,,\"Algebra I,09,c-alg,ALG-1,scheduled,,s2,fall,Mathematics,,1")
        },
        Case(name: "mixed weekday and rotation days", file: "bell-schedules.csv", line: 10, field: "day",
             messageContains: "mixes weekdays and rotation days") {
            $0.replaceLine("bell-schedules.csv", 10, with: "s2,Fri,4,09:10,10:40,instruction")
        },
    ]

    @Test(arguments: cases)
    func badInputFailsCleanly(_ badCase: Case) throws {
        let tmp = try TempDir()
        let good = MiniDistrict()
        try good.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        try importDistrict(tmp.url, db: db, config: config)
        let before = try databaseBytes(db)

        var bad = good
        badCase.change(&bad)
        try bad.write(to: tmp)
        do {
            try importDistrict(tmp.url, db: db, config: config)
            Issue.record("\(badCase.name): the import should have failed")
        } catch let refused as ImportRefused {
            let error = refused.first
            #expect(refused.total == 1, "\(refused)")
            #expect(error.file.hasSuffix("/" + badCase.file), "\(error)")
            #expect(error.line == badCase.line, "\(error)")
            if let field = badCase.field { #expect(error.field == field, "\(error)") }
            #expect(error.description.contains(badCase.messageContains), "\(error)")
        }
        #expect(try databaseBytes(db) == before, "the store changed after a failed import")
    }

    @Test func nonUTF8FileIsRejectedWithItsPosition() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        // "José" in Latin-1: 0xE9 alone is not UTF-8.
        var users = [UInt8](try Data(contentsOf: tmp.path("users.csv")))
        let marker = [UInt8]("Bo,Chen".utf8)
        let at = users.indices.first { users[$0...].starts(with: marker) }!
        users.replaceSubrange(at..<(at + 2), with: [0x4A, 0x6F, 0x73, 0xE9])
        try tmp.write("users.csv", bytes: users)
        #expect {
            try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config)
        } throws: { error in
            let e = (error as? ImportRefused)?.first
            return e?.line == 3 && e?.field == "givenName" && e!.description.contains("not valid UTF-8 (byte 0xE9")
        }
    }

    @Test func utf16FileIsRejected() throws {
        let tmp = try TempDir()
        try MiniDistrict().write(to: tmp)
        let text = try String(contentsOf: tmp.path("orgs.csv"), encoding: .utf8)
        try tmp.write("orgs.csv", bytes: [0xFF, 0xFE] + [UInt8](text.data(using: .utf16LittleEndian)!))
        #expect {
            try importDistrict(tmp.url, db: tmp.path("s.sqlite").path, config: config)
        } throws: { error in
            (error as? ImportRefused)?.first.description.contains("UTF-16") == true
        }
    }

    @Test func failedFirstImportLeavesAnEmptyStore() throws {
        let tmp = try TempDir()
        var bad = MiniDistrict()
        bad.replaceLine("ratings.csv", 2, with: "t9,TEAM,questioning,2,2026-03-01,p1")
        try bad.write(to: tmp)
        let db = tmp.path("store.sqlite").path
        #expect(throws: ImportRefused.self) { try importDistrict(tmp.url, db: db, config: config) }
        try withStore(db) { (db: Database) throws in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM school") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rubric") == 0)
        }
    }
}

@Suite struct RotationLabelInputTests {
    @Test func calendarRotationLabelsAreCheckedAndStored() throws {
        let config = try loadTestConfig()
        let tmp = try TempDir()
        let db = tmp.path("rot.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        let importer = Importer(store: try Store(path: db), config: config)
        let good = tmp.path("calendar.csv")
        try "schoolSourcedId,date,kind,note,rotationDay\nsch-high,2026-09-08,instruction,Back on A,B\n".write(to: good, atomically: true, encoding: .utf8)
        _ = try importer.importFiles([ImportFile(kind: .calendar, url: good)])
        let stored = try Store(path: db).writer.read { try String.fetchOne($0, sql: "SELECT rotationDay FROM calendarDay WHERE schoolId = 'sch-high' AND date = '2026-09-08'") }
        #expect(stored == "B")
        let bad = tmp.path("bad-calendar.csv")
        try "schoolSourcedId,date,kind,note,rotationDay\nsch-high,2026-09-08,instruction,,C\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: ImportRefused.self) { try importer.importFiles([ImportFile(kind: .calendar, url: bad)]) }.first
        #expect(error.line == 2 && error.field == "rotationDay")
        #expect(error.description.contains("no rotation day C"))
    }
}
