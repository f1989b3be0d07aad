import Foundation
import PeerPlanTestSupport
import Testing

/// Runs the built `peerplan` executable, as a principal or a script would.
struct CLI {
    static var executable: URL {
        // The test bundle sits next to the executable in .build/<triple>/debug.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("peerplan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/peerplan")
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PEERPLAN_CONFIG"] = configDirectory.path
        env.removeValue(forKey: "PEERPLAN_DB")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite(.serialized) struct CLITests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func importThenStatusJSON() throws {
        let tmp = try TempDir()
        let db = tmp.path("demo.sqlite").path
        let imported = try CLI.run(["import", fixtures, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Recorded as run #1"))
        let status = try CLI.run(["status", "--json", "--db", db])
        #expect(status.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any]
        for key in ["schools", "teachers", "ratedTeachers", "teachingAssignments", "students", "perSchool"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["students"] as? Int == 0)
        #expect(json["schools"] as? Int == 3)
        #expect((json["perSchool"] as? [Any])?.count == 3)
        #expect((json["teachers"] as? Int ?? 0) >= 35)
        // Again: nothing changes.
        let again = try CLI.run(["import", fixtures, "--db", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing changed"))
    }

    @Test func databaseFromEnvironment() throws {
        let tmp = try TempDir()
        let db = tmp.path("env.sqlite").path
        let result = try CLI.run(["import", fixtures], environment: ["PEERPLAN_DB": db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func badInputExitsOneWithTheLocationOnStderr() throws {
        let tmp = try TempDir()
        let db = tmp.path("x.sqlite").path
        let ratings = tmp.path("ratings.csv").path
        try "teacherSourcedId,rubric,indicator,score,observedOn\nnobody,TEAM,questioning,3,2026-01-01\n".write(toFile: ratings, atomically: true, encoding: .utf8)
        let result = try CLI.run(["import", "ratings", ratings, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ratings.csv:2: column 1 \"teacherSourcedId\": unknown teacher \"nobody\""), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Issue 12: warnings counted by kind, listed with --verbose, all in JSON, refused with
    /// --strict; every error at once; --encoding for a Windows-1252 export.
    @Test func importWarningsVerboseStrictJSONAndEncoding() throws {
        let tmp = try TempDir()
        let exports = fixturesDirectory.appendingPathComponent("exports").path
        let db = tmp.path("w.sqlite").path
        let plain = try CLI.run(["import", exports + "/tobedeleted", "--db", db])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("4 warnings: set aside or interpreted, and imported the rest:\n  4 rows set aside: they point at rows marked tobedeleted\nList them with --verbose (or --format json).\n"))
        #expect(!plain.stdout.contains("warning: "))
        let strict = try CLI.run(["import", exports + "/tobedeleted", "--db", tmp.path("s.sqlite").path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("The import was refused: 4 errors (4 of them warnings, refused because the import is strict). Nothing was changed."))
        #expect(strict.stderr.contains("tobedeleted/enrollments.csv:4: column 4 \"classSourcedId\": class k3 is marked tobedeleted"))
        let verbose = try CLI.run(["import", exports + "/period-labels", "--db", tmp.path("v.sqlite").path, "--verbose"])
        #expect(verbose.status == 0)
        #expect(verbose.stdout.contains("warning: \(exports)/period-labels/classes.csv:6: column 14 \"periods\": period \"Z9\" is not in the school's bell schedule"))
        #expect(verbose.stdout.contains("note: \(exports)/period-labels/bell-schedules.csv: school s-none has 1 class but no bell schedule"))
        let json = try CLI.run(["import", exports + "/period-labels", "--db", tmp.path("j.sqlite").path, "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let warnings = try #require(decoded?["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1 && warnings[0]["kind"] as? String == "unknownClassPeriods" && warnings[0]["line"] as? Int == 6)
        let cp = try CLI.run(["import", exports + "/windows-1252", "--db", tmp.path("c.sqlite").path])
        #expect(cp.status == 1)
        #expect(cp.stderr.contains("not valid UTF-8 (byte 0xC9 at character 1)") && cp.stderr.contains("import again with --encoding windows-1252 (or --encoding latin1)"))
        let converted = try CLI.run(["import", exports + "/windows-1252", "--db", tmp.path("c.sqlite").path, "--encoding", "windows-1252"])
        #expect(converted.status == 0, "\(converted.stderr)")
        let refusedJSON = try CLI.run(["import", exports + "/windows-1252", "--db", tmp.path("d.sqlite").path, "--json"])
        #expect(refusedJSON.status == 1 && refusedJSON.stdout.contains("\"refused\" : true") && refusedJSON.stdout.contains("\"kind\" : \"encoding\""))
        #expect(try CLI.run(["import", exports + "/windows-1252", "--db", db, "--encoding", "ebcdic"]).status == 64)
    }

    @Test func usageErrorsExit64() throws {
        let result = try CLI.run(["status", "--format", "yaml"])
        #expect(result.status == 64)
        let unknown = try CLI.run(["frobnicate"])
        #expect(unknown.status == 64)
    }

    /// Benchmarks are the separate `peerplan-bench` executable, not part of what ships.
    @Test func benchmarksAreNotAPeerplanCommand() throws {
        #expect(try CLI.run(["bench", "import"]).status == 64)
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("generate"))
        #expect(!help.stdout.contains("bench"))
    }

    @Test func helpSpeaksToPrincipals() throws {
        func words(_ text: String) -> String { text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }
        let help = try CLI.run(["import", "--help"])
        #expect(help.status == 0)
        #expect(words(help.stdout).contains("if anything is wrong, nothing is changed and every error is listed with its file, line and column"))
        let status = try CLI.run(["status", "--help"])
        #expect(words(status.stdout).contains("no one's ratings are shown"))
    }

    @Test func statusCSVHasOneRowPerSchool() throws {
        let tmp = try TempDir()
        let db = tmp.path("c.sqlite").path
        _ = try CLI.run(["import", fixtures, "--db", db])
        let csv = try CLI.run(["status", "--format", "csv", "--db", db])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("schoolSourcedId,name,timezone,teachers") == true)
    }
}

@Suite(.serialized) struct PairsCLITests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func proposeJSONHasTheDocumentedKeys() throws {
        let tmp = try TempDir()
        let db = tmp.path("p.sqlite").path
        #expect(try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db]).status == 0)
        let result = try CLI.run(["pairs", "propose", "--school", "sch-mid", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let pairs = json["pairs"] as! [[String: Any]]
        #expect(pairs.count == 3)
        #expect(pairs[0]["partner"] as? String == "t-mid-03")
        #expect(pairs[0]["target"] as? String == "t-mid-02")
        #expect(pairs[0]["focus"] as? [String] == ["Grouping Students", "Problem Solving"])
        #expect(pairs[0]["weight"] as? Int == 5)
        let unmatched = json["unmatched"] as! [[String: Any]]
        #expect(unmatched.count == 1)
        #expect(unmatched[0]["teacher"] as? String == "t-mid-14")
        #expect(unmatched[0]["reason"] as? String == "noSharedFreePeriod")
        #expect((unmatched[0]["detail"] as? String)?.isEmpty == false)
        // Ignoring the schedule pairs Ethan too.
        let skills = try CLI.run(["pairs", "propose", "--school", "sch-mid", "--ignore-schedule", "--format", "json", "--db", db])
        let skillsJSON = try JSONSerialization.jsonObject(with: Data(skills.stdout.utf8)) as! [String: Any]
        #expect((skillsJSON["pairs"] as! [[String: Any]]).contains { $0["target"] as? String == "t-mid-14" })
    }

    @Test func principalControlsPersist() throws {
        let tmp = try TempDir()
        let db = tmp.path("p.sqlite").path
        _ = try CLI.run(["import", fixtures, "--db", db])
        #expect(try CLI.run(["pairs", "forbid", "--partner", "t-mid-08", "--target", "t-mid-07", "--db", db]).status == 0)
        #expect(try CLI.run(["teachers", "opt-out", "t-mid-03", "--db", db]).status == 0)
        let text = try CLI.run(["pairs", "propose", "--school", "sch-mid", "--db", db])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Keisha Williams (t-mid-02)"))
        #expect(!text.stdout.contains("Daniel Park (t-mid-03) supports"))
        #expect(text.stdout.contains("[forbiddenByPrincipal]") || text.stdout.contains("[noSharedFreePeriod]"))
        let accept = try CLI.run(["pairs", "accept", "--school", "sch-mid", "--db", db])
        #expect(accept.status == 0, "\(accept.stderr)")
        let show = try CLI.run(["pairs", "show", "--school", "sch-mid", "--format", "csv", "--db", db])
        #expect(show.stdout.hasPrefix("partner,partnerName,target,targetName,focus,weight"))
        let bad = try CLI.run(["pairs", "lock", "--partner", "ghost", "--target", "t-mid-07", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown teacher \"ghost\""))
        let usage = try CLI.run(["pairs", "propose", "--db", db])
        #expect(usage.status == 64)
    }

    @Test func allSchoolsSummary() throws {
        let tmp = try TempDir()
        let db = tmp.path("p.sqlite").path
        _ = try CLI.run(["import", fixtures, "--db", db])
        let result = try CLI.run(["pairs", "propose", "--all-schools", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Cedar Middle (sch-mid): 3 pairs, total weight 13"))
        #expect(result.stdout.contains("District: 8 pairs across 3 schools"))
    }

    @Test func acceptEverySchoolInOneCommand() throws {
        let tmp = try TempDir()
        let db = tmp.path("p.sqlite").path
        _ = try CLI.run(["import", fixtures, "--db", db])
        #expect(try CLI.run(["pairs", "propose", "--school", "sch-mid", "--db", db]).status == 0)
        let some = try CLI.run(["pairs", "accept", "--all-schools", "--db", db])
        #expect(some.status == 0, "\(some.stderr)")
        #expect(some.stdout.hasPrefix("""
            Maple Elementary (sch-elm): no proposal yet; nothing accepted
            Oak Ridge High (sch-high): no proposal yet; nothing accepted
            Cedar Middle (sch-mid): accepted run #2 as pairing cycle 1, 3 pairs
            District: 1 of 3 schools accepted, 3 pairs; 2 without a proposal. Earlier cycles are kept.
            """))
        #expect(some.stdout.contains("`peerplan pairs propose --school S`"))
        #expect(try CLI.run(["pairs", "propose", "--all-schools", "--db", db]).status == 0)
        let all = try CLI.run(["pairs", "accept", "--all-schools", "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout == """
            Maple Elementary (sch-elm): accepted run #3 as pairing cycle 2, 2 pairs
            Oak Ridge High (sch-high): accepted run #4 as pairing cycle 3, 3 pairs
            Cedar Middle (sch-mid): accepted run #5 as pairing cycle 4, 3 pairs
            District: 3 of 3 schools accepted, 8 pairs. Earlier cycles are kept.

            """)
        let show = try CLI.run(["pairs", "show", "--school", "sch-high", "--format", "json", "--db", db])
        #expect((try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])?["cycle"] as? Int == 3)
        #expect(try CLI.run(["pairs", "accept", "--all-schools", "--run", "3", "--db", db]).status == 64)
        #expect(try CLI.run(["pairs", "accept", "--db", db]).status == 64)
    }
}

@Suite struct MissingStoreTests {
    @Test func readingCommandsNeedAnExistingStore() throws {
        let tmp = try TempDir()
        let db = tmp.path("typo.sqlite").path
        let status = try CLI.run(["status", "--db", db])
        #expect(status.status == 1)
        #expect(status.stderr.contains("no PeerPlan database here"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

@Suite struct PLCsCLITests {
    @Test func proposeTeamsForAFixtureSchool() throws {
        let tmp = try TempDir()
        let db = tmp.path("plc.sqlite").path
        _ = try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db])
        let result = try CLI.run(["plcs", "propose", "--school", "sch-mid", "--format", "json", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let teams = json["teams"] as! [[String: Any]]
        #expect(teams.contains { $0["name"] as? String == "Mathematics team" })
        let members = teams.flatMap { $0["members"] as! [String] }
        #expect(Set(members).count == members.count)
        #expect(teams.allSatisfy { (3...8).contains(($0["members"] as! [String]).count) })
        let bad = try CLI.run(["plcs", "propose", "--school", "sch-mid", "--min-size", "9", "--db", db])
        #expect(bad.status == 1)
    }

    @Test func proposeTeamsForEverySchoolInOneCommand() throws {
        let tmp = try TempDir()
        let db = tmp.path("plc.sqlite").path
        _ = try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db])
        // Impossible sizes: refused before any school is written.
        let bad = try CLI.run(["plcs", "propose", "--all-schools", "--min-size", "9", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("Error: --min-size/--max-size: impossible PLC sizes"))
        #expect(try CLI.run(["plcs", "show", "--school", "sch-elm", "--db", db]).status == 1)
        let text = try CLI.run(["plcs", "propose", "--all-schools", "--db", db])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("Maple Elementary (sch-elm): ") && lines[0].contains("(grade levels)") && lines[0].hasSuffix("[run 2]"))
        #expect(lines[1].hasPrefix("Oak Ridge High (sch-high): ") && lines[1].hasSuffix("[run 3]"))
        #expect(lines[2].hasPrefix("Cedar Middle (sch-mid): ") && lines[2].contains("(subjects)") && lines[2].hasSuffix("[run 4]"))
        #expect(lines[3].hasPrefix("District: "))
        let json = try CLI.run(["plcs", "propose", "--all-schools", "--format", "json", "--db", db])
        let schools = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any])["schools"] as! [[String: Any]]
        #expect(schools.map { $0["school"] as? String } == ["sch-elm", "sch-high", "sch-mid"])
        #expect(schools.map { $0["run"] as? Int } == [5, 6, 7])
        // The district's total is the sum of its schools' teams.
        let teams = schools.map { ($0["teams"] as! [Any]).count }
        #expect(lines[3].hasPrefix("District: \(teams.reduce(0, +)) PLC teams across 3 schools"))
        let csv = try CLI.run(["plcs", "propose", "--all-schools", "--format", "csv", "--db", db])
        #expect(csv.stdout.hasPrefix("school,team,basis,teacher,name\n"))
        #expect(Set(csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }) == ["sch-elm", "sch-high", "sch-mid"])
    }
}

@Suite struct ScheduleCLITests {
    @Test func scheduleEverySchoolThenShowOneTeachersWeek() throws {
        let tmp = try TempDir()
        let db = tmp.path("s.sqlite").path
        _ = try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db])
        for school in ["sch-elm", "sch-mid", "sch-high"] {
            #expect(try CLI.run(["pairs", "propose", "--school", school, "--db", db]).status == 0)
            #expect(try CLI.run(["pairs", "accept", "--school", school, "--db", db]).status == 0)
            #expect(try CLI.run(["plcs", "propose", "--school", school, "--db", db]).status == 0)
        }
        let all = try CLI.run(["schedule", "--all-schools", "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("District:"))
        let week = try CLI.run(["schedule", "show", "--school", "sch-mid", "--teacher", "t-mid-02", "--format", "json", "--db", db])
        #expect(week.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(week.stdout.utf8)) as! [String: Any]
        let sessions = json["sessions"] as! [[String: Any]]
        #expect(!sessions.isEmpty)
        for s in sessions {
            for key in ["meeting", "kind", "members", "day", "periods", "start", "end"] { #expect(s[key] != nil, "\(key)") }
            #expect((s["members"] as! [String]).contains("t-mid-02"))
        }
        #expect(json["unplaced"] != nil)
        // A second opinion: the problem solved is written out, and `place` reaches the same objective.
        let problemFile = tmp.path("high.problem.json").path
        let again = try CLI.run(["schedule", "--school", "sch-high", "--problem-out", problemFile, "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("objective 1360; proven optimal"))
        let problem = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: problemFile))) as! [String: Any]
        #expect((problem["keep"] as? [Any])?.isEmpty == false)
        #expect((problem["teachers"] as! [[String: Any]]).allSatisfy { $0["teaching"] != nil && $0["maxMeetingPeriodsPerWeek"] != nil })
        let placed = try CLI.run(["place", "--problem", problemFile, "--json"])
        #expect(placed.status == 0)
        let answer = try JSONSerialization.jsonObject(with: Data(placed.stdout.utf8)) as! [String: Any]
        #expect(answer["objective"] as? Int == 1360 && answer["optimal"] as? Bool == true)
        #expect(try CLI.run(["schedule", "--all-schools", "--problem-out", problemFile, "--db", db]).status != 0)
        // Nothing a teacher sees names a score or the word "target".
        #expect(!week.stdout.lowercased().contains("target"))
        #expect(!week.stdout.lowercased().contains("weight"))
    }

    @Test func importBusyExplainsAndFailsCleanly() throws {
        let tmp = try TempDir()
        let db = tmp.path("busy.sqlite").path
        #expect(try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db]).status == 0)
        let calendars = fixturesDirectory.appendingPathComponent("calendars")
        let ok = try CLI.run(["import", "busy", "--db", db, "--teacher", "t-mid-05", "--date", "2026-09-01",
                              calendars.appendingPathComponent("omar-haddad.ics").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("busy Wed 6 (13:10–14:00): 16 of 18 dates — ELA department meeting"), "\(ok.stdout)")
        #expect(ok.stdout.contains("not blocking the weekly pattern:"))
        #expect(ok.stdout.contains("Dentist: Tue 1, Tue 2 on 2026-10-20"))
        #expect(ok.stdout.contains("NCTE regional conference (all-day event, blocks no period)"))
        #expect(!ok.stdout.lowercased().contains("rating") && !ok.stdout.lowercased().contains("score"))

        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let bad = calendars.appendingPathComponent("malformed/unknown-tzid.ics").path
        let failed = try CLI.run(["import", "busy", "--db", db, "--teacher", "t-mid-05", "--date", "2026-09-01", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains(bad + ":7: TZID \"Central Standard Time\" has no VTIMEZONE"), "\(failed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        let nobody = try CLI.run(["import", "busy", "--db", db, "--teacher", "t-nobody", calendars.appendingPathComponent("omar-haddad.ics").path])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("unknown teacher \"t-nobody\""))
    }
}

@Suite struct FeedsCLITests {
    let fixtures = fixturesDirectory.appendingPathComponent("district").path

    @Test func feedsIssueListRevoke() throws {
        let tmp = try TempDir()
        let db = tmp.path("feeds.sqlite").path
        #expect(try CLI.run(["import", fixtures, "--db", db]).status == 0)
        let issued = try CLI.run(["feeds", "issue", "--teacher", "t-mid-09", "--base-url", "https://cal.example.org/pp/", "--db", db])
        #expect(issued.status == 0, "\(issued.stderr)")
        let lines = issued.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let https = try #require(lines.first { $0.hasPrefix("https://cal.example.org/pp/feeds/") && $0.hasSuffix(".ics") })
        let token = String(https.dropFirst("https://cal.example.org/pp/feeds/".count).dropLast(4))
        #expect(token.count == 32)
        #expect(lines.contains("webcal://cal.example.org/pp/feeds/\(token).ics"))
        #expect(issued.stderr.isEmpty)  // https: no warning

        #expect(try CLI.run(["feeds", "issue", "--teacher", "nobody", "--db", db]).status == 1)
        #expect(try CLI.run(["feeds", "issue", "--teacher", "t-mid-09", "--school", "sch-mid", "--db", db]).status == 64)
        #expect(try CLI.run(["feeds", "issue", "--school", "sch-mid", "--base-url", "ftp://x", "--db", db]).status == 64)

        let list = try CLI.run(["feeds", "list", "--format", "csv", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("\(token.prefix(8))…,teacher,t-mid-09,sch-mid,"))
        #expect(!list.stdout.contains(token))  // shortened, never whole

        let revoked = try CLI.run(["feeds", "revoke", String(token.prefix(8)), "--db", db])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try CLI.run(["feeds", "revoke", token, "--db", db]).status == 1)  // already revoked
        let active = try CLI.run(["feeds", "list", "--active-only", "--format", "json", "--db", db])
        #expect(active.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || active.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func costsReportsEveryPathInEveryFormatWithoutRatings() throws {
        let tmp = try TempDir()
        let db = tmp.path("c.sqlite").path
        _ = try CLI.run(["import", fixturesDirectory.appendingPathComponent("district").path, "--db", db])
        let early = try CLI.run(["costs", "--district", "--db", db])
        #expect(early.status == 1 && early.stderr.contains("no school has a schedule yet"))
        for school in ["sch-elm", "sch-mid"] {
            _ = try CLI.run(["pairs", "propose", "--school", school, "--db", db])
            _ = try CLI.run(["pairs", "accept", "--school", school, "--db", db])
            _ = try CLI.run(["plcs", "propose", "--school", school, "--db", db])
            _ = try CLI.run(["schedule", "--school", school, "--db", db])
        }
        let text = try CLI.run(["costs", "--district", "--years", "2", "--db", db])
        #expect(text.status == 0, "\(text.stderr)")
        for part in ["(a) pairing cash", "(b) MCs, no support cash", "(b) MCs, paid coaching cash", "(b) MCs, peer support cash", "(c) both (MCs with peer support) cash", "year 2", "Not priced (no public figure",
                     "Per school", "Scheduled collaboration dose", "Sensitivity of MC (paid coaching) − pairing cash", "sch-high: not costed (no schedule yet)"] {
            #expect(text.stdout.contains(part), "\(part)")
        }
        let csv = try CLI.run(["costs", "--school", "sch-elm", "--format", "csv", "--db", db])
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "scope,id,name,school,year,path,cash,teacherHours,coordinatorHours,notPriced,economicCost")
        #expect(rows.contains { $0.hasPrefix("school,sch-elm,Maple Elementary,,all,both,") })
        let json = try CLI.run(["costs", "--school", "sch-elm", "--format", "json", "--breakdown", "--db", db])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let report = object["report"] as! [String: Any]
        let lines = report["lines"] as! [[String: Any]]
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { ($0["formula"] as? String)?.isEmpty == false && $0["sources"] != nil && $0["inputs"] != nil })
        #expect(lines.contains { ($0["item"] as? String) == "coverage" && ($0["cash"] as? Double ?? 0) > 0 })
        #expect((object["sensitivity"] as! [String: Any])["entries"] != nil)
        for output in [text.stdout, csv.stdout, json.stdout] {
            let lower = output.lowercased()
            #expect(!lower.contains("score") && !lower.contains("weight") && !lower.contains("rating"))
        }
        // One self-contained HTML file, with the same figures and no ratings either.
        let page = tmp.path("report/costs.html").path
        let html = try CLI.run(["costs", "--district", "--years", "2", "--format", "html", "--out", page, "--date", "2026-09-01", "--db", db])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout == "HTML report: \(page)\n")
        let written = try String(contentsOfFile: page, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>") && written.hasSuffix("</html>\n"))
        #expect(written.contains("Prepared 2026-09-01") && written.contains("Maple Elementary") && written.contains("id=\"chart-sensitivity\""))
        let total = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("(b) MCs, paid coaching cash") }?.split(separator: " ").last)
        #expect(written.contains(String(total)), "the 2-year MC total of the text report, \(total)")
        #expect(written.contains("Economic cost (hours at $50.13/h)") && written.contains("<td>rates.substituteBlock</td><td class=\"num\">halfDay</td>"))
        let lowerHTML = written.lowercased()
        #expect(!lowerHTML.contains("score") && !lowerHTML.contains("weight") && !lowerHTML.contains("rating") && !lowerHTML.contains("<script"))
        let stdoutPage = try CLI.run(["costs", "--school", "sch-elm", "--format", "html", "--no-sensitivity", "--date", "2026-09-01", "--db", db])
        #expect(stdoutPage.status == 0 && stdoutPage.stdout.hasPrefix("<!DOCTYPE html>") && stdoutPage.stdout.contains("Not run for this report"))
        #expect(try CLI.run(["costs", "--district", "--out", page, "--db", db]).status == 64)
        #expect(try CLI.run(["costs", "--district", "--format", "html", "--date", "1 May", "--db", db]).status == 64)
        #expect(try CLI.run(["costs", "--school", "sch-elm", "--years", "0", "--db", db]).status == 64)
        #expect(try CLI.run(["costs", "--db", db]).status == 64)
        // `mc attach` says the MC-to-indicator mapping is an example until the district confirms it.
        let attached = try CLI.run(["mc", "attach", "--credential", "mc-questioning", "--teacher", "t-mid-07", "--term", "term-fall-2026", "--db", db])
        #expect(attached.status == 0, "\(attached.stderr)")
        #expect(attached.stdout.contains("is an example, not the issuer's: PeerPlan example: each MC's rubric indicators"))
        // The district's reports name no teacher in any format, breakdown included; one school's breakdown does.
        let names = try fixtureTeacherNames()
        #expect(names.count > 30)
        for format in ["text", "csv", "json", "html"] {
            for extra in [[], ["--breakdown"]] {
                let run = try CLI.run(["costs", "--district", "--format", format, "--no-sensitivity", "--db", db] + extra)
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stdout.contains("sch-elm"), "\(format)")
                #expect(run.stdout.range(of: #"t-(mid|elm|high)-[0-9]"#, options: .regularExpression) == nil, "a teacher id in --district --format \(format) \(extra)")
                for name in names { #expect(!run.stdout.contains(name), "\(name) in --district --format \(format) \(extra)") }
            }
        }
        let principal = try CLI.run(["costs", "--school", "sch-elm", "--breakdown", "--no-sensitivity", "--db", db])
        #expect(principal.stdout.contains("Per teacher") && principal.stdout.range(of: #"t-elm-[0-9]"#, options: .regularExpression) != nil)
        let summary = try CLI.run(["costs", "--school", "sch-elm", "--no-sensitivity", "--db", db])
        #expect(summary.stdout.range(of: #"t-elm-[0-9]"#, options: .regularExpression) == nil)
        var bad = try String(contentsOf: configDirectory.appendingPathComponent("costs.yaml"), encoding: .utf8)
        bad = bad.replacingOccurrences(of: "extraDutyPerHour: {value: 50.13", with: "extraDutyPerHour: {value: -50.13")
        try Data(bad.utf8).write(to: tmp.path("bad-costs.yaml"))
        let refused = try CLI.run(["costs", "--school", "sch-elm", "--costs", tmp.path("bad-costs.yaml").path, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad-costs.yaml") && refused.stderr.contains("rates.extraDutyPerHour.value"))
    }
}
