import Foundation
import GRDB
import PeerPlanCore
import PeerPlanTestSupport
import Testing
@testable import PeerPlanStore

@Suite struct CostLoadingTests {
    /// A copy of Config's cost files (and policy.yaml) with one text replaced.
    func brokenConfig(_ file: String, replacing old: String, with new: String) throws -> (TempDir, URL) {
        let tmp = try TempDir()
        for name in ["costs.yaml", "microcredentials.yaml", "policy.yaml"] {
            var text = try String(contentsOf: configDirectory.appendingPathComponent(name), encoding: .utf8)
            if name == file {
                #expect(text.contains(old), "\(old) not in \(name)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try tmp.write(name, text)
        }
        return (tmp, tmp.url)
    }

    func loadError(_ file: String, _ old: String, _ new: String) throws -> InputError {
        let (tmp, dir) = try brokenConfig(file, replacing: old, with: new)
        defer { _ = tmp }
        do {
            _ = try CostConfigLoader.load(configDirectory: dir)
        } catch let error as InputError {
            return error
        }
        Issue.record("no error for \(new)")
        return InputError(file: "", message: "")
    }

    @Test func theShippedFiguresLoadWithTheirSources() throws {
        let p = try CostConfigLoader.load(configDirectory: configDirectory)
        #expect(p.substitutePerDay.value == 134.5)
        #expect(p.substitutePerDay.low == 80 && p.substitutePerDay.high == 189)
        #expect(p.substitutePerDay.source.contains("$80–$189"))
        #expect(p.digitalPromiseAssessmentFee.value == nil)
        #expect(p.laneIncreasePerYear.value == nil)
        #expect(p.schoolYearWeeks.value == 36)
        #expect(p.paidOutsideContractTime.value == false)
        // Cover is bought by the half day; teacher hours have a price in the economic view.
        #expect(p.substituteBlock == .halfDay && p.substituteBlockSource.hasPrefix("PeerPlan default: districts buy substitutes by the half day"))
        #expect(p.teacherHourValue.value == 50.13 && p.teacherHourValue.low == 15 && p.teacherHourValue.source.contains("2018 UFT contract"))
        // Support is a scenario: the sensitivity analysis varies coaching from 0 (no paid coaching).
        #expect(p.sensitivitySupport == .coaching)
        #expect(p.coachingPerTeacherPerYear.value == 4240 && p.coachingPerTeacherPerYear.low == 0 && p.coachingPerTeacherPerYear.high == 5220)
        #expect(p.coachingPerTeacherPerYear.source.contains("no cited source says that support was paid coaching"))
        #expect(p.catalogue.count == 7)
        let questioning = p.catalogue.first { $0.id == "mc-questioning" }!
        #expect(questioning.fee.value == 75 && questioning.memberFee?.value == 0 && questioning.awardRateSupported.value == 0.87)
        #expect(questioning.covers(IndicatorRef(rubric: "team", indicator: "questioning")))
        #expect(p.catalogue.first { $0.id == "mc-lesson-pacing" }!.fee.value == nil)
        #expect(p.dose.effectiveHours == 30...100 && p.dose.ineffectiveHours == 5...14)
        #expect(p.validationProblems().isEmpty)
    }

    @Test func citationTextsAreLoadedFromConfigAndSayOnlyWhatTheSourcesSay() throws {
        let p = try CostConfigLoader.load(configDirectory: configDirectory)
        // The figures' sources are the texts of the files, not built in.
        let (tmp, dir) = try brokenConfig("costs.yaml", replacing: "partnerStipendPerYear: {value: 0, range: [0, 500], source: \"PeerPlan default: no stipend.",
                                          with: "partnerStipendPerYear: {value: 0, range: [0, 500], source: \"District contract 2026, art. 12.")
        defer { _ = tmp }
        let edited = try CostConfigLoader.load(configDirectory: dir)
        #expect(edited.partnerStipendPerYear.source.hasPrefix("District contract 2026, art. 12.") && p.partnerStipendPerYear.source.hasPrefix("PeerPlan default: no stipend."))
        // Stretched attributions are gone (issue 14): PeerPlan's own choices say so.
        #expect(!p.partnerStipendPerYear.source.contains("paid none"))
        #expect(p.schoolYearWeeks.source.hasPrefix("PeerPlan default") && !p.schoolYearWeeks.source.contains("state minimum"))
        let policy = try String(contentsOf: configDirectory.appendingPathComponent("policy.yaml"), encoding: .utf8)
        for stretched in ["3–5 planning hours", "one partner per target in Tennessee IPI", "within the 3–5 weekly planning hours"] {
            #expect(!policy.contains(stretched), "\(stretched)")
        }
        // The MC-to-indicator mapping is an example the district must confirm.
        #expect(p.indicatorMapping.isExample && p.indicatorMapping.source.hasPrefix("PeerPlan example:"))
        let (tmp2, confirmed) = try brokenConfig("microcredentials.yaml", replacing: "indicatorMapping: {value: example", with: "indicatorMapping: {value: confirmed")
        defer { _ = tmp2 }
        #expect(try CostConfigLoader.load(configDirectory: confirmed).indicatorMapping.isExample == false)
        let bad = try loadError("microcredentials.yaml", "indicatorMapping: {value: example", "indicatorMapping: {value: maybe")
        #expect(bad.field == "indicatorMapping.value" && bad.file.hasSuffix("microcredentials.yaml"))
    }

    @Test func aNegativePriceNamesItsFileAndField() throws {
        let e = try loadError("costs.yaml", "substitutePerDay: {value: 134.5", "substitutePerDay: {value: -5")
        #expect(e.file.hasSuffix("costs.yaml"))
        #expect(e.field == "rates.substitutePerDay.value")
        #expect(e.message.contains("must not be negative"))
    }

    @Test func awardRatesOutsideZeroToOneAreRefused() throws {
        let zero = try loadError("costs.yaml", "awardRateUnsupported: {value: 0.53", "awardRateUnsupported: {value: 0")
        #expect(zero.field == "microcredentials.awardRateUnsupported.value")
        #expect(zero.message.contains("(0, 1]"))
        let above = try loadError("microcredentials.yaml", "supported: {value: 0.87, source: \"nea.org: 87%", "supported: {value: 1.5, source: \"nea.org: 87%")
        #expect(above.file.hasSuffix("microcredentials.yaml"))
        #expect(above.field == "microcredentials[mc-questioning].awardRate.supported.value")
        #expect(above.message.contains("(0, 1]"))
    }

    @Test func missingFieldsAndWrongTypesAreClearErrors() throws {
        let missing = try loadError("costs.yaml", "  stipendPerMc: {value: 0, range: [0, 100],", "  stipendPerMcTypo: {value: 0, range: [0, 100],")
        #expect(missing.field == "microcredentials.stipendPerMc")
        #expect(missing.message == "required setting is missing")
        let noValue = try loadError("costs.yaml", "hoursPerMc: {value: 15, range", "hoursPerMc: {range")
        #expect(noValue.field == "microcredentials.hoursPerMc.value")
        let nullHours = try loadError("costs.yaml", "hoursPerMc: {value: 15,", "hoursPerMc: {value: null,")
        #expect(nullHours.field == "microcredentials.hoursPerMc.value")
        #expect(nullHours.message.contains("must be a number"))
        let text = try loadError("costs.yaml", "extraDutyPerHour: {value: 50.13", "extraDutyPerHour: {value: lots")
        #expect(text.field?.hasPrefix("rates.extraDutyPerHour") == true)
        let badRange = try loadError("costs.yaml", "range: [80, 189]", "range: [80]")
        #expect(badRange.field == "rates.substitutePerDay.range")
        let reversed = try loadError("costs.yaml", "range: [80, 189]", "range: [189, 80]")
        #expect(reversed.field == "rates.substitutePerDay.range")
        let block = try loadError("costs.yaml", "substituteBlock: {value: halfDay", "substituteBlock: {value: hour")
        #expect(block.field == "rates.substituteBlock.value" && block.message.contains("halfDay, day, period"))
        let scenario = try loadError("costs.yaml", "sensitivityScenario: {value: coaching", "sensitivityScenario: {value: mentoring")
        #expect(scenario.field == "microcredentials.support.sensitivityScenario.value")
        #expect(scenario.message.contains("none, coaching, peer"))
    }

    @Test func aCostsFileOverridesConfigCostsYaml() throws {
        let tmp = try TempDir()
        var text = try String(contentsOf: configDirectory.appendingPathComponent("costs.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "substitutePerDay: {value: 134.5", with: "substitutePerDay: {value: 100")
        try tmp.write("district-costs.yaml", text)
        let p = try CostConfigLoader.load(configDirectory: configDirectory, costsFile: tmp.path("district-costs.yaml"))
        #expect(p.substitutePerDay.value == 100)
        #expect(throws: StoreError.costFileNotFound(tmp.path("nope.yaml").path)) { try CostConfigLoader.load(configDirectory: configDirectory, costsFile: tmp.path("nope.yaml")) }
    }
}

/// Inputs built from the Fixtures district after pairing, PLCs and scheduling.
@Suite struct CostInputsFromStoreTests {
    let config: PeerPlanConfig
    let tmp: TempDir
    let store: Store

    init() throws {
        config = try loadTestConfig()
        tmp = try TempDir()
        let db = tmp.path("costs.sqlite").path
        try importDistrict(fixturesDirectory.appendingPathComponent("district"), db: db, config: config)
        store = try Store(path: db)
        for school in ["sch-elm", "sch-mid"] {
            try acceptProposedPairs(store, config: config, schools: [school], formingPLCs: true)
            _ = try Scheduler(store: store, config: config).schedule(school: school)
        }
    }

    func minutes(_ time: String) -> Double {
        let parts = time.split(separator: ":").compactMap { Double($0) }
        return parts[0] * 60 + parts[1]
    }

    @Test func inputsFollowThePlacedWeekItsRemediesAndTheActiveCycle() throws {
        let inputs = try store.writer.read { try CostInputsLoader.load($0, school: "sch-elm", config: config) }
        let school = try #require(inputs.schools.first)
        #expect(inputs.schools.count == 1)
        #expect(inputs.district == "Riverbend Unified")
        // Weekly minutes equal the placed week's, members but observation hosts, observations every other week.
        let week = try Scheduler(store: store, config: config).week(school: "sch-elm", teacher: nil)
        var expected: [String: [CollaborationKind: Double]] = [:]
        for s in week.sessions {
            let kind = try #require(CollaborationKind(rawValue: s.kind))
            let host = kind == .observation ? s.meeting.split(separator: ":").last.map(String.init) : nil
            for m in s.members where m != host {
                expected[m, default: [:]][kind, default: 0] += (minutes(s.end) - minutes(s.start)) * (kind == .observation ? 0.5 : 1)
            }
        }
        // Cover remedies: held with a substitute, the observer's time counted.
        let covered = week.unplaced.filter { $0.remedy?.kind == "cover" }
        #expect(!covered.isEmpty, "the Fixtures' Maple Elementary observations need cover")
        #expect(school.covers.count == covered.count)
        for u in covered {
            let r = u.remedy!
            let observer = u.meeting.split(separator: ":")[1]
            let length = r.periods.count * 45   // Maple Elementary periods are 45 minutes
            expected[String(observer), default: [:]][.observation, default: 0] += Double(length) * 0.5
        }
        for t in school.teachers where !t.weeklyMinutes.isEmpty {
            #expect(t.weeklyMinutes == expected[t.id] ?? [:], "\(t.id)")
        }
        #expect(school.teachers.filter { !$0.weeklyMinutes.isEmpty }.count == expected.count)
        #expect(school.covers.allSatisfy { $0.periodsInDay == 7 && $0.perWeek == 0.5 && $0.coveredPeriods == 1 })
        #expect(school.sessionsNotHeld == week.unplaced.filter { $0.remedy == nil }.count)
        // Pairs of the active cycle: partners and the targets' focus skills (counted for the MC path).
        let cycle = try PairingStore(store: store, config: config).current(school: "sch-elm")
        #expect(cycle.cycle != nil)
        let pairs = cycle.pairs.filter { !$0.dropped }
        #expect(school.pairs == pairs.count)
        #expect(school.teachers.reduce(0) { $0 + $1.partnerships } == pairs.count)
        #expect(school.teachers.reduce(0) { $0 + $1.focusSkills.count } == pairs.reduce(0) { $0 + $1.focus.count })
        #expect(school.teachers.first { $0.id == "t-elm-03" }?.focusSkills.map(\.indicator).sorted() == ["questioning", "thinking"])
        // The opted-out teacher takes no part.
        #expect(!school.teachers.contains { $0.id == "t-elm-05" })
    }

    @Test func attachedMicroCredentialsReplaceTheDefaultMCPath() throws {
        let p = try CostConfigLoader.load(configDirectory: configDirectory)
        func load() throws -> CostInputs { try store.writer.read { try CostInputsLoader.load($0, school: "sch-mid", config: config) } }
        func mcsBought(_ inputs: CostInputs) -> Double {
            CostModel.compute(inputs, p, years: 1, detail: .teachers).lines.filter { $0.item == .mcFees && $0.supports.contains(.coaching) }.compactMap { $0.inputs["mcs"] }.reduce(0, +)
        }
        let before = try load()
        let focusSkills = before.schools[0].teachers.reduce(0) { $0 + $1.focusSkills.count }
        #expect(!before.schools[0].usesAttachedCredentials)
        #expect(mcsBought(before) == Double(focusSkills))

        // The school's term: the one its schedule (and calendars) use.
        let term = try #require(try store.writer.read { try String.fetchOne($0, sql: "SELECT termId FROM scheduleRun WHERE schoolId = 'sch-mid' ORDER BY runId DESC LIMIT 1") })
        let mcs = CredentialStore(store: store, config: config)
        let paired = try mcs.attach(credential: "mc-questioning", teacher: nil, pairsOf: "sch-mid", term: term, start: nil)
        #expect(!paired.isEmpty)
        _ = try mcs.attach(credential: "mc-classroom-management", teacher: "t-mid-12", pairsOf: nil, term: term, start: nil)
        // Another term's attachment does not count.
        let other = term == "term-fall-2026" ? "term-spring-2027" : "term-fall-2026"
        _ = try mcs.attach(credential: "mc-formative-assessment", teacher: "t-mid-13", pairsOf: nil, term: other, start: nil)

        let after = try load()
        let school = after.schools[0]
        #expect(school.usesAttachedCredentials)
        // Per teacher: the attached ones replace that teacher's focus skills; the others keep theirs.
        let attachedTeachers = Set(paired.map(\.teacher) + ["t-mid-12"])
        let othersFocus = school.teachers.filter { !attachedTeachers.contains($0.id) }.reduce(0) { $0 + $1.focusSkills.count }
        #expect(school.mcCount(scope: .focusSkills, perTeacher: 1) == paired.count + 1 + othersFocus)
        #expect(school.teachers.first { $0.id == "t-mid-12" }?.credentials == ["mc-classroom-management"])
        #expect(school.teachers.first { $0.id == "t-mid-13" }?.credentials ?? [] == [])
        for a in paired { #expect(school.teachers.first { $0.id == a.teacher }?.credentials.contains("mc-questioning") == true) }
        // One MC per attachment, instead of one per target and focus skill; the report says so.
        #expect(mcsBought(after) == Double(paired.count + 1 + othersFocus))
        let report = CostModel.compute(after, p, years: 1)
        #expect(report.notes.contains(.attachedCredentials(school: "sch-mid", teachers: attachedTeachers.count, credentials: paired.count + 1)))
        #expect(report.lines.filter { $0.item == .mcFees }.allSatisfy { !$0.formula.lowercased().contains("questioning") && !$0.formula.contains("mc-") })
        #expect(CostModel.compute(after, p, years: 1).district.overall.mc(.coaching).cash != CostModel.compute(before, p, years: 1).district.overall.mc(.coaching).cash)

        // A withdrawn credential drops out of the MC path.
        _ = try mcs.record(teacher: "t-mid-12", credential: "mc-classroom-management", status: .withdrawn, on: CalendarDate(parsing: "2026-10-01")!)
        let withdrawn = try load()
        let t12Focus = before.schools[0].teachers.first { $0.id == "t-mid-12" }?.focusSkills.count ?? 0
        #expect(withdrawn.schools[0].mcCount(scope: .focusSkills, perTeacher: 1) == paired.count + othersFocus + t12Focus)
        #expect(mcsBought(withdrawn) == Double(paired.count + othersFocus + t12Focus))
    }

    @Test func aPairTheScheduleLeavesOutIsCostedOnNeitherPath() throws {
        func load() throws -> CostInputs.School { try store.writer.read { try CostInputsLoader.load($0, school: "sch-elm", config: config) }.schools[0] }
        let before = try load()
        // A cross-school pair: an unpaired Maple Elementary teacher with a partner at Cedar Middle.
        let paired = Set(try store.writer.read { try String.fetchAll($0, sql: "SELECT targetId FROM cyclePair UNION SELECT partnerId FROM cyclePair") })
        let target = try #require(try store.writer.read { try String.fetchAll($0, sql: """
            SELECT t.sourcedId FROM teacher t JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = 'sch-elm' AND t.participating = 1 ORDER BY t.sourcedId
            """) }.first { !paired.contains($0) })
        try store.writer.write { db in
            let cycle = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM pairingCycle WHERE schoolId = 'sch-elm' AND active = 1"))
            try db.execute(sql: "INSERT INTO cyclePair (cycleId, targetId, partnerId, focus, weight, virtual) VALUES (?, ?, 't-mid-01', 'TEAM/questioning', 2, 0)",
                           arguments: [cycle, target])
        }
        let after = try load()
        #expect(after.pairs == before.pairs && after.pairsNotScheduled == 1 && before.pairsNotScheduled == 0)
        // Neither path costs it: the target has no MC for its focus skill, the partner no partnership.
        #expect(after.teachers.first { $0.id == target }?.focusSkills ?? [] == [])
        #expect(after.mcCount(scope: .focusSkills, perTeacher: 1) == before.mcCount(scope: .focusSkills, perTeacher: 1))
        let p = try CostConfigLoader.load(configDirectory: configDirectory)
        let report = CostModel.compute(CostInputs(district: "d", schools: [after]), p, years: 1)
        #expect(report.notes.contains(.pairsNotScheduled(school: "sch-elm", pairs: 1)))
    }

    @Test func theDistrictSkipsUnscheduledSchoolsAndOneUnscheduledSchoolIsAnError() throws {
        let inputs = try store.writer.read { try CostInputsLoader.load($0, school: nil, config: config) }
        #expect(inputs.schools.map(\.id) == ["sch-elm", "sch-mid"])
        #expect(inputs.skipped == ["sch-high": "no schedule yet"])
        #expect(throws: StoreError.noSchedule(school: "sch-high", purpose: .costs)) { try store.writer.read { try CostInputsLoader.load($0, school: "sch-high", config: config) } }
        #expect(throws: StoreError.self) { try store.writer.read { try CostInputsLoader.load($0, school: "sch-nope", config: config) } }
    }

    @Test func theReportPricesCoverFromTheRemediesAndIsDeterministic() throws {
        let p = try CostConfigLoader.load(configDirectory: configDirectory)
        let inputs = try store.writer.read { try CostInputsLoader.load($0, school: nil, config: config) }
        let report = CostModel.compute(inputs, p, years: 3)
        // Maple Elementary's covers: each 1 period → one half day (1 ≤ 7 ÷ 2) × 0.5 a week × 36 weeks × $134.50 ÷ 2.
        let elm = inputs.schools.first { $0.id == "sch-elm" }!
        let coverYear1 = report.lines.filter { $0.item == .coverage && $0.year == 1 }.compactMap(\.cash).reduce(0, +)
        #expect(abs(coverYear1 - Double(elm.covers.count) * 0.5 * 36 * 134.5 / 2) < 1e-6)
        #expect(report.district.overall.both.cash == report.district.overall.pairing.cash + report.district.overall.mc(.peer).cash)
        // Digital Promise MCs have no public fee: reported, not zero.
        #expect(report.notPriced.contains { $0.parameter == "microcredentials.digitalPromiseAssessmentFee" } ==
                inputs.schools.contains { $0.teachers.contains { $0.focusSkills.contains { ["lesson-structure-pacing", "problem-solving", "grouping-students"].contains($0.indicator) } } })
        // Nothing in a line names a score or a focus skill.
        for line in report.lines {
            let text = ([line.formula] + line.inputs.keys + line.sources.map { $0.split(separator: ":")[0].description }).joined(separator: " ").lowercased()
            #expect(!text.contains("score") && !text.contains("rating") && !text.contains("weight") && !text.contains("questioning") && !text.contains("mc-"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let again = CostModel.compute(try store.writer.read { try CostInputsLoader.load($0, school: nil, config: config) }, p, years: 3)
        #expect(try encoder.encode(report) == encoder.encode(again))
        let dose = try #require(report.dose.first { $0.scope == "sch-elm" })
        #expect(dose.participatingTeachers == elm.teachers.filter { !$0.weeklyMinutes.isEmpty }.count)
    }
}
