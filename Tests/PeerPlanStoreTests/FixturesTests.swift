import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

/// The hand-made Riverbend district in Fixtures/, and the awkward cases it carries on purpose
/// (Fixtures/README.md names them).
@Suite struct FixturesTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let db: String

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        db = tmp.path("fixtures.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
    }

    /// Rows of the per-teacher tables in Fixtures/README.md: id → (free per week, colleagues sharing, candidate).
    func documentedTeachers() throws -> [String: (free: Int, sharing: Int, candidate: String)] {
        let text = try String(contentsOf: fixturesDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: (Int, Int, String)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| t-") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 10, let free = Int(cells[4]), let sharing = Int(cells[6]) else { continue }
            rows[cells[1]] = (free, sharing, cells[9])
        }
        return rows
    }

    @Test func freePeriodsAndSharingMatchTheFixtureDocumentation() throws {
        let documented = try documentedTeachers()
        #expect(documented.count == 40)
        let listing = try withStore(db) { try TeacherListing.load($0, school: nil) }
        #expect(listing.count == 40)
        for teacher in listing {
            guard let expected = documented[teacher.sourcedId] else {
                Issue.record("\(teacher.sourcedId) is not in Fixtures/README.md")
                continue
            }
            #expect(teacher.freePeriods.count == expected.free, "\(teacher.sourcedId) free periods")
            #expect(teacher.colleaguesSharingAFreePeriod == expected.sharing, "\(teacher.sourcedId) colleagues sharing")
        }
    }

    @Test func candidatesMatchTheFixtureDocumentation() throws {
        let documented = try documentedTeachers()
        let (latest, rubrics, participating) = try withStore(db) { (db: Database) throws in
            var latest: [String: [String: [String: Double]]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT teacherId, rubricId, indicatorId, score FROM latestRating") {
                latest[row[0], default: [:]][row[1], default: [:]][row[2]] = row[3]
            }
            let participating = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT sourcedId, participating FROM teacher").map { ($0[0] as String, $0[1] as Bool) })
            return (latest, try Rubric.stored(db), participating)
        }
        for (teacher, expected) in documented {
            var status = CandidateStatus.unrated
            if participating[teacher] == false { status = .optedOut }
            for (rubricId, scores) in latest[teacher] ?? [:] {
                status = CandidateRules.classify(latestScores: scores, rubric: rubrics[rubricId]!, participating: participating[teacher] ?? true)
            }
            let word: String
            switch status {
            case .target: word = "target"
            case .partner: word = "partner"
            case .neither, .unrated, .optedOut: word = "neither"
            }
            #expect(expected.candidate.hasPrefix(word), "\(teacher): documented \(expected.candidate), computed \(status)")
        }
    }

    @Test func theTeacherWithNoSharedFreePeriod() throws {
        let listing = try withStore(db) { try TeacherListing.load($0, school: "sch-mid") }
        let ethan = try #require(listing.first { $0.sourcedId == "t-mid-14" })
        #expect(ethan.freePeriods.count == 5)
        #expect(ethan.colleaguesSharingAFreePeriod == 0)
        #expect(listing.filter { $0.colleaguesSharingAFreePeriod == 0 }.map(\.sourcedId) == ["t-mid-14"])
    }

    @Test func holidayWeekDSTTermAndSpecialDays() throws {
        try withStore(db) { (db: Database) throws in
            for school in ["sch-elm", "sch-mid", "sch-high"] {
                let breakDays = try String.fetchAll(db, sql: "SELECT date FROM calendarDay WHERE schoolId = ? AND kind = 'break' AND date BETWEEN '2026-11-23' AND '2026-11-27' ORDER BY date", arguments: [school])
                #expect(breakDays == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"], "\(school)")
            }
            let fall = try #require(try Row.fetchOne(db, sql: "SELECT startDate, endDate FROM term WHERE sourcedId = 'term-fall-2026'"))
            // US daylight saving time ends on 2026-11-01, inside the term.
            #expect((fall[0] as String) < "2026-11-01" && (fall[1] as String) > "2026-11-01")
            #expect(try String.fetchOne(db, sql: "SELECT kind FROM calendarDay WHERE schoolId = 'sch-high' AND date = '2026-10-14'") == "testing")
            #expect(try Set(String.fetchAll(db, sql: "SELECT timezone FROM school")) == ["America/Chicago"])
        }
    }

    @Test func optedOutDanielsonUnratedAndSkippedRecords() throws {
        try withStore(db) { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher WHERE participating = 0") == ["t-elm-05"])
            let highRubrics = try String.fetchAll(db, sql: """
                SELECT DISTINCT r.rubricId FROM rating r JOIN teacherSchool ts ON ts.teacherId = r.teacherId WHERE ts.schoolId = 'sch-high'
                """)
            #expect(highRubrics == ["Danielson"])
            let unrated = try String.fetchAll(db, sql: "SELECT sourcedId FROM teacher WHERE sourcedId NOT IN (SELECT teacherId FROM rating) ORDER BY 1")
            #expect(unrated == ["t-hs-12", "t-mid-11"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher WHERE sourcedId = 't-mid-15'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM class WHERE sourcedId = 'cls-mid-math8-p7'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teacher WHERE sourcedId = 'u-aide-01'") == 0)
            #expect(try String.fetchAll(db, sql: "SELECT period FROM classPeriod WHERE classId = 'cls-hs-apcalc-15' ORDER BY 1") == ["1", "5"])
            #expect(try String.fetchAll(db, sql: "SELECT period FROM classPeriod WHERE classId = 'cls-hs-biohon-56' ORDER BY 1") == ["5", "6"])
            // A/B: the AP Calculus class meets in block 1 on A days and block 5 on B days.
            #expect(try String.fetchAll(db, sql: "SELECT day || period FROM teachingAssignment WHERE classId = 'cls-hs-apcalc-15' ORDER BY 1") == ["A1", "B5"])
        }
    }

    @Test func latestRatingCounts() throws {
        try withStore(db) { (db: Database) throws in
            func latest(_ teacher: String, _ indicator: String) throws -> Int? {
                try Int.fetchOne(db, sql: "SELECT score FROM latestRating WHERE teacherId = ? AND indicatorId = ?", arguments: [teacher, indicator])
            }
            #expect(try latest("t-elm-03", "questioning") == 2)
            #expect(try latest("t-elm-02", "questioning") == 3)
            #expect(try latest("t-elm-07", "managing-student-behavior") == 1)
            #expect(try latest("t-hs-09", "3a") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating WHERE teacherId = 't-elm-03' AND indicatorId = 'questioning'") == 2)
        }
    }

    @Test func oneRoster12VariantHoldsTheSameDistrict() throws {
        let other = tmp.path("fixtures-12.sqlite").path
        let report = try importDistrict(fixturesDirectory.appendingPathComponent("district-oneroster-1.2"), db: other, config: config)
        #expect(report.oneRosterVersion == "1.2")
        let queries = [
            "SELECT sourcedId, givenName, familyName, email, participating FROM teacher ORDER BY 1",
            "SELECT teacherId, schoolId, isPrimary FROM teacherSchool ORDER BY 1, 2",
            "SELECT teacherId, day, period, classId FROM teachingAssignment ORDER BY 1, 2, 3, 4",
            "SELECT teacherId, rubricId, indicatorId, observedOn, score FROM rating ORDER BY 1, 2, 3, 4",
            "SELECT teacherId, day, period FROM duty ORDER BY 1, 2, 3",
        ]
        for sql in queries {
            let a = try withStore(db) { try Row.fetchAll($0, sql: sql).map(\.description) }
            let b = try withStore(other) { try Row.fetchAll($0, sql: sql).map(\.description) }
            #expect(a == b, "\(sql)")
        }
    }

    @Test func fixturesReimportWithoutChanges() throws {
        let before = try databaseBytes(db)
        let report = try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        #expect(!report.changed)
        #expect(try databaseBytes(db) == before)
    }
}
