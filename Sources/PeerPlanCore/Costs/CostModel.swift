import Dispatch
/// The cost comparison of DESIGN.md §8: (a) pairing, (b) an MC programme covering the same
/// teachers and skills, (c) both, in cash and teacher hours kept apart, per teacher, school and
/// district, year by year. Pure: the same inputs and parameters give the same report.
///
/// Assumptions, each visible in the lines' formulas:
/// - Every year repeats the same programme (same pairs, sessions and MCs). Pay — extra duty,
///   substitutes, stipends, coaching and lane increases — grows by `salaryGrowthPerYear` from
///   year 2; fees do not.
/// - Pairing: session time is teacher time; it becomes cash only when meetings are paid as
///   outside contract time (`paidOutsideContractTime`), when a session is held before/after
///   school (extra-duty rate), or when a substitute covers a class (a day's rate split over the
///   day's instruction periods).
/// - MCs: attempts = MCs ÷ award rate; fees, assessment and teacher hours are per attempt,
///   stipends and lane credits per award. The support candidates get is a scenario (`MCSupport`):
///   none (the unsupported award rate), paid coaching (the supported rate and the coaching cost) or
///   peer support from the pairs and PLCs PeerPlan schedules (the supported rate, no extra cash);
///   each MC line says which scenarios it belongs to. (c) both = pairing + MCs with peer support. Lane credits raise salary from the year after they are
///   earned, at `laneIncreasePerYear ÷ creditsBaToMa` per credit, and persist.
public enum CostModel {
    /// The report over `years` school years (default: `horizon.years`). `detail` says who may read
    /// it: `.schools` (the default, for the district) sums every line by school, item and year and
    /// keeps no per-teacher totals, so nothing in it names a teacher; `.teachers` keeps a line per
    /// teacher (or session) and per-teacher totals, for one school's principal.
    public static func compute(_ inputs: CostInputs, _ p: CostParameters, years requested: Int? = nil,
                               detail: CostReport.Detail = .schools) -> CostReport {
        let years = max(1, requested ?? Int(p.horizonYears.value ?? 1))
        let b = lines(inputs, p, years: years)
        // Totals per district, school and teacher.
        var district = ScopeTotals(kind: .district, id: inputs.district, name: inputs.district, years: years)
        var schools: [ScopeTotals] = []
        var teachers: [ScopeTotals] = []
        var schoolIndex: [String: Int] = [:]
        var teacherIndex: [String: Int] = [:]
        for school in inputs.schools {
            schoolIndex[school.id] = schools.count
            schools.append(ScopeTotals(kind: .school, id: school.id, name: school.name, years: years))
            for t in school.teachers where detail == .teachers && teacherIndex[school.id + "\u{1F}" + t.id] == nil {
                teacherIndex[school.id + "\u{1F}" + t.id] = teachers.count
                teachers.append(ScopeTotals(kind: .teacher, id: t.id, name: t.name, school: school.id, years: years))
            }
        }
        for line in b.lines {
            district.add(line)
            if let k = schoolIndex[line.school] { schools[k].add(line) }
            if let teacher = line.teacher, let k = teacherIndex[line.school + "\u{1F}" + teacher] { teachers[k].add(line) }
        }
        // Dose of collaboration per school and for the district.
        var dose: [DoseResult] = []
        var all: [String: [CollaborationKind: Double]] = [:]
        for school in inputs.schools {
            let weeks = school.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36
            let hours = Dose.hoursByTeacher(school, weeks: weeks)
            var result = Dose.result(scope: school.id, hours: hours, weeks: weeks, bands: p.dose)
            result.logged = school.logged
            dose.append(result)
            for (id, kinds) in hours { all[school.id + "/" + id] = kinds }
        }
        if inputs.schools.count > 1 {
            var result = Dose.result(scope: inputs.district, hours: all, weeks: p.schoolYearWeeks.value ?? 36, bands: p.dose)
            result.logged = LoggedDose.combined(inputs.schools.compactMap(\.logged))
            dose.append(result)
        }
        var notes: [CostNote] = [.yearsRepeat(salaryGrowthPerYear: p.salaryGrowthPerYear.value ?? 0), .supportScenarios(sensitivity: p.sensitivitySupport),
                                 .bothIsTheSum]
        for school in inputs.schools where inputs.mcScope == .focusSkills && school.usesAttachedCredentials {
            let teachers = school.teachers.filter { !$0.credentials.isEmpty }
            notes.append(.attachedCredentials(school: school.id, teachers: teachers.count,
                                              credentials: teachers.reduce(0) { $0 + $1.credentials.count }))
        }
        for school in inputs.schools where school.pairsNotScheduled > 0 {
            notes.append(.pairsNotScheduled(school: school.id, pairs: school.pairsNotScheduled))
        }
        for school in inputs.schools where school.sessionsNotHeld > 0 {
            notes.append(.sessionsNotHeld(school: school.id, sessions: school.sessionsNotHeld))
        }
        for (school, why) in inputs.skipped.sorted(by: { $0.key < $1.key }) { notes.append(.notCosted(school: school, why: why)) }
        if !b.notPriced.isEmpty {
            notes.append(.notPriced(b.notPriced.sorted { $0.item < $1.item }.map(\.item).uniqued()))
        }
        let notPriced = b.notPriced.sorted { ($0.item, $0.parameter) < ($1.item, $1.parameter) }
        return CostReport(years: years, currency: p.currency, detail: detail,
                          lines: detail == .teachers ? b.lines : bySchool(b.lines), district: district, schools: schools,
                          teachers: teachers, dose: dose, notPriced: notPriced, notes: notes)
    }

    /// Every school's lines, each year, in school order. A school's lines depend on that school
    /// alone, so runs of schools are built on every core, each by a builder of its own, and joined
    /// in order: the same lines, in the same order, as one builder going through every school (a
    /// figure missing for several schools is listed once, from its first school, as it would be).
    /// One builder for a 1,800-school district kept one core busy for most of a district report.
    static func lines(_ inputs: CostInputs, _ p: CostParameters, years: Int) -> Builder {
        let schools = inputs.schools
        let runs = min(schools.count, 64)  // a fixed split: the same runs on any machine
        /// One slot per run, each written by its own iteration only.
        final class Parts: @unchecked Sendable {
            let slots: UnsafeMutablePointer<Builder?>
            let count: Int
            init(_ n: Int) {
                count = n
                slots = .allocate(capacity: n)
                slots.initialize(repeating: nil, count: n)
            }
            deinit {
                slots.deinitialize(count: count)
                slots.deallocate()
            }
        }
        let parts = Parts(runs)
        let scope = inputs.mcScope
        let build: @Sendable (Int) -> Void = { run in
            let part = Builder(p: p, detail: true)
            for school in schools[(run * schools.count / runs)..<((run + 1) * schools.count / runs)] {
                let weeks = school.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36
                for year in 1...years {
                    part.pairing(school, weeks: weeks, year: year)
                    part.microcredentials(school, scope: scope, year: year)
                }
            }
            parts.slots[run] = part
        }
        if runs > 1 { DispatchQueue.concurrentPerform(iterations: runs, execute: build) } else if runs == 1 { build(0) }
        let whole = Builder(p: p, detail: true)
        for part in UnsafeBufferPointer(start: parts.slots, count: runs).compactMap({ $0 }) {
            whole.lines += part.lines
            for missing in part.notPriced where !whole.notPriced.contains(where: { $0.item == missing.item && $0.parameter == missing.parameter }) {
                whole.notPriced.append(missing)
            }
        }
        return whole
    }

    /// The lines summed by school, year and item (in the order they first appear): no teacher, no
    /// session id (a session's id names its members), the figures' sources kept; MC lines of different support scenarios stay apart. A line that is
    /// already the school's own (coordinator time, the programme fee) keeps its formula.
    static func bySchool(_ lines: [CostLine]) -> [CostLine] {
        struct Key: Hashable { var school: String, year: Int, item: CostItem, supports: [MCSupport] }
        var order: [Key] = []
        var groups: [Key: [CostLine]] = [:]
        for line in lines {
            let key = Key(school: line.school, year: line.year, item: line.item, supports: line.supports)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(line)
        }
        return order.map { key in
            let group = groups[key]!
            let first = group[0]
            if group.count == 1 && first.teacher == nil { return first }
            let priced = group.compactMap(\.cash)
            let unpriced = group.count - priced.count
            var formula = "sum of \(group.count) line\(group.count == 1 ? "" : "s") (one per teacher, session or group of MCs; the school's own breakdown lists them)"
            if unpriced > 0 { formula = "not priced (no public figure) in \(unpriced) of them; " + formula }
            var sources: [String] = []
            for line in group { for s in line.sources where !sources.contains(s) { sources.append(s) } }
            return CostLine(item: key.item, path: first.path, school: key.school, teacher: nil, supports: key.supports, year: key.year,
                            cash: unpriced == group.count ? nil : priced.reduce(0, +), hours: group.reduce(0) { $0 + $1.hours },
                            hoursOf: first.hoursOf, formula: formula, inputs: ["lines": Double(group.count)], sources: sources)
        }
    }

    /// MC cash (under `support`) − pairing cash over all schools and years, without building
    /// lines; and the same difference of economic costs when `teacherHourValue` is set.
    static func differences(_ inputs: CostInputs, _ p: CostParameters, years requested: Int?, support: MCSupport) -> (cash: Double, economic: Double?) {
        differences(Summed(inputs, catalogue: p.catalogue), p, years: requested, support: support)
    }

    /// The inputs summed per school, for the sensitivity analysis, which runs the model hundreds of
    /// times per parameter: every figure of the model is linear in each teacher's minutes,
    /// partnerships and MCs (attempts = MCs ÷ award rate, lane credits per MC), so a school's
    /// teachers add up to one teacher with the sums, plus the count of teachers whose MCs bring a
    /// coaching cost. Built once; each run is then as long as the number of schools, not teachers.
    struct Summed: Sendable {
        struct School: Sendable {
            /// The school with one teacher carrying the sums of minutes and partnerships (none
            /// when it has no participating teacher), and its sessions with cover or outside
            /// instruction as they are.
            var school: CostInputs.School
            /// MCs by how they are priced: the catalogue entry (its index) that covers the focus
            /// skill or is the attached credential, nil for a generic NEA MC; first-seen order.
            var mcs: [(entry: Int?, count: Int)] = []
            /// Teachers with at least one MC on the focus-skill scope (coaching is per teacher).
            var teachersWithMCs = 0
            var teachers = 0
        }
        var schools: [School]
        var scope: CostInputs.MCScope

        /// `catalogue`: which entry covers a skill or is a credential (the sensitivity analysis
        /// varies the entries' figures, never which skills they cover).
        init(_ inputs: CostInputs, catalogue: [MicroCredential]) {
            scope = inputs.mcScope
            var entryOfSkill: [IndicatorRef: Int?] = [:]
            var entryOfCredential: [String: Int?] = [:]
            schools = inputs.schools.map { school in
                var minutes: [CollaborationKind: Double] = [:]
                var partnerships = 0
                var mcs: [(entry: Int?, count: Int)] = []
                func count(_ entry: Int?) {
                    if let k = mcs.firstIndex(where: { $0.entry == entry }) { mcs[k].count += 1 } else { mcs.append((entry, 1)) }
                }
                var withMCs = 0
                for t in school.teachers {
                    for (kind, m) in t.weeklyMinutes where m > 0 { minutes[kind, default: 0] += m }
                    partnerships += t.partnerships
                    if !t.credentials.isEmpty {
                        withMCs += 1
                        for c in t.credentials {
                            if entryOfCredential[c] == nil { entryOfCredential[c] = .some(catalogue.firstIndex { $0.id == c }) }
                            count(entryOfCredential[c]!)
                        }
                    } else if !t.focusSkills.isEmpty {
                        withMCs += 1
                        for k in t.focusSkills {
                            if entryOfSkill[k] == nil { entryOfSkill[k] = .some(catalogue.firstIndex { $0.covers(k) }) }
                            count(entryOfSkill[k]!)
                        }
                    }
                }
                var carrier = school
                carrier.teachers = school.teachers.isEmpty ? [] : [CostInputs.Teacher(id: "", weeklyMinutes: minutes, partnerships: partnerships)]
                // Covers of the same shape add up (cash is linear in occurrences per week), and so
                // does every member's time outside instruction.
                var covers: [CostInputs.Cover] = []
                for c in school.covers {
                    if let k = covers.firstIndex(where: { $0.coveredPeriods == c.coveredPeriods && $0.periodsInDay == c.periodsInDay }) {
                        covers[k].perWeek += c.perWeek
                    } else {
                        covers.append(CostInputs.Cover(meeting: "", kind: c.kind, teacher: "", coveredPeriods: c.coveredPeriods,
                                                       periodsInDay: c.periodsInDay, perWeek: c.perWeek))
                    }
                }
                carrier.covers = covers
                let outside = school.outsideSessions.reduce(0.0) { $0 + $1.minutes * $1.perWeek * Double($1.members.count) }
                carrier.outsideSessions = outside > 0 ? [CostInputs.OutsideSession(meeting: "", kind: .pair, members: [""], minutes: outside)] : []
                return School(school: carrier, mcs: mcs, teachersWithMCs: withMCs, teachers: school.teachers.count)
            }
        }
    }

    static func differences(_ summed: Summed, _ p: CostParameters, years requested: Int?, support: MCSupport) -> (cash: Double, economic: Double?) {
        let years = max(1, requested ?? Int(p.horizonYears.value ?? 1))
        let b = Builder(p: p, detail: false)
        for school in summed.schools {
            let weeks = school.school.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36
            for year in 1...years {
                b.pairing(school.school, weeks: weeks, year: year)
                b.microcredentials(summed: school, scope: summed.scope, year: year)
            }
        }
        let cash = b.mcCash[support.ordinal] - b.pairingCash
        let hours = b.mcHours[support.ordinal] - b.pairingHours
        return (cash, p.teacherHourValue.value.map { cash + hours * $0 })
    }

    /// (1 + g)^(year − 1).
    static func growthFactor(_ g: Double, year: Int) -> Double {
        var f = 1.0
        for _ in 1..<max(1, year) { f *= 1 + g }
        return f
    }

    final class Builder {
        let p: CostParameters
        let detail: Bool
        var lines: [CostLine] = []
        var notPriced: [NotPriced] = []
        /// Without detail, only the cash per path (and support scenario) is summed (no lines):
        /// sensitivity runs the model hundreds of times per parameter.
        var pairingCash = 0.0
        /// By `MCSupport.ordinal` (an array: this is summed hundreds of thousands of times).
        var mcCash = [Double](repeating: 0, count: MCSupport.allCases.count)
        var pairingHours = 0.0
        var mcHours = [Double](repeating: 0, count: MCSupport.allCases.count)

        init(p: CostParameters, detail: Bool) {
            self.p = p
            self.detail = detail
        }

        func growth(_ year: Int) -> Double { CostModel.growthFactor(p.salaryGrowthPerYear.value ?? 0, year: year) }

        /// ` × 1.02^2 salary growth`, or nothing in year 1.
        func growthText(_ year: Int) -> String {
            year == 1 ? "" : " × \(CostFormat.number(1 + (p.salaryGrowthPerYear.value ?? 0), decimals: 4))^\(year - 1) salary growth"
        }

        func money(_ v: Double) -> String { CostFormat.money(v) }

        func add(_ item: CostItem, school: String, teacher: String?, supports: [MCSupport] = [], year: Int, cash: Double?, hours: Double = 0,
                          hoursOf: HoursOf = .teachers, missing: @autoclosure () -> [CostFigure] = [], formula: @autoclosure () -> String,
                          inputs: @autoclosure () -> [String: Double?], sources: @autoclosure () -> [CostFigure], flags: @autoclosure () -> [CostFlag] = [],
                 citations: @autoclosure () -> [String] = []) {
            guard detail else {
                switch item.path {
                case .pairing:
                    pairingCash += cash ?? 0
                    pairingHours += hours
                case .mc:
                    for s in supports {
                        mcCash[s.ordinal] += cash ?? 0
                        mcHours[s.ordinal] += hours
                    }
                }
                return
            }
            let missing = missing()
            if cash == nil {
                for f in missing where f.value == nil && !notPriced.contains(where: { $0.item == item && $0.parameter == f.key }) {
                    notPriced.append(NotPriced(item: item, parameter: f.key, source: f.source))
                }
            }
            let text = detail ? (cash == nil ? "not priced (no public figure: \(missing.filter { $0.value == nil }.map(\.key).joined(separator: ", "))); " : "") + formula() : ""
            lines.append(CostLine(item: item, path: item.path, school: school, teacher: teacher, supports: supports, year: year, cash: cash, hours: hours,
                                  hoursOf: hoursOf, formula: text, inputs: detail ? inputs().compactMapValues { $0 } : [:],
                                  sources: detail ? sources().map(\.citation) + flags().map(\.citation) + citations() : []))
        }

        // MARK: (a) pairing

        func pairing(_ school: CostInputs.School, weeks: Double, year: Int) {
            // Texts only for lines (the sensitivity analysis runs this hundreds of times per parameter).
            let g = growth(year), gt = detail ? growthText(year) : ""
            let weeksFigure = school.schoolYearWeeks == nil || !detail ? p.schoolYearWeeks
                : CostFigure("schools[\(school.id)].schoolYearWeeks", school.schoolYearWeeks, source: "the school's own calendar")
            let paid = p.paidOutsideContractTime
            let rate = p.extraDutyPerHour
            for t in school.teachers {
                for kind in CollaborationKind.allCases {
                    guard let minutes = t.weeklyMinutes[kind], minutes > 0 else { continue }
                    let hours = minutes * weeks / 60
                    if paid.value {
                        let cash = rate.value.map { hours * $0 * g }
                        add(.of(kind), school: school.id, teacher: t.id, year: year, cash: cash, hours: hours, missing: [rate],
                            formula: "\(CostFormat.number(minutes)) min/week × \(CostFormat.number(weeks)) weeks ÷ 60 = \(CostFormat.hours(hours)) × \(rate.value.map(money) ?? "?")/h extra-duty pay\(gt)",
                            inputs: ["minutesPerWeek": minutes, "weeks": weeks, "hours": hours, "extraDutyPerHour": rate.value, "growthFactor": g],
                            sources: [weeksFigure, rate, p.salaryGrowthPerYear], flags: [paid])
                    } else {
                        add(.of(kind), school: school.id, teacher: t.id, year: year, cash: 0, hours: hours,
                            formula: "\(CostFormat.number(minutes)) min/week × \(CostFormat.number(weeks)) weeks ÷ 60 = \(CostFormat.hours(hours)) of teacher time in contract time (no cash)",
                            inputs: ["minutesPerWeek": minutes, "weeks": weeks, "hours": hours],
                            sources: [weeksFigure], flags: [paid])
                    }
                }
            }
            for s in school.outsideSessions {
                for member in s.members {
                    let hours = s.minutes * s.perWeek * weeks / 60
                    let cash = rate.value.map { hours * $0 * g }
                    add(.outsideInstruction, school: school.id, teacher: member, year: year, cash: cash, hours: hours, missing: [rate],
                        formula: "\(s.kind.label) \(s.meeting) before/after school: \(CostFormat.number(s.minutes)) min × \(CostFormat.number(s.perWeek)) session/week × \(CostFormat.number(weeks)) weeks ÷ 60 = \(CostFormat.hours(hours)) × \(rate.value.map(money) ?? "?")/h extra-duty pay\(gt)",
                        inputs: ["minutesPerSession": s.minutes, "sessionsPerWeek": s.perWeek, "weeks": weeks, "hours": hours, "extraDutyPerHour": rate.value, "growthFactor": g],
                        sources: [weeksFigure, rate, p.salaryGrowthPerYear])
                }
            }
            let sub = p.substitutePerDay
            for c in school.covers {
                let periodsInDay = max(1, c.periodsInDay)
                let covered = Double(c.coveredPeriods)
                // Blocks bought per session, and how many blocks a day's rate buys.
                let blocks: Double, perDay: Double
                switch p.substituteBlock {
                case .period: (blocks, perDay) = (covered, Double(periodsInDay))
                case .halfDay: (blocks, perDay) = ((covered / (Double(periodsInDay) / 2)).rounded(.up), 2)
                case .day: (blocks, perDay) = ((covered / Double(periodsInDay)).rounded(.up), 1)
                }
                func bought() -> String {
                    let periods = "\(c.coveredPeriods) period\(c.coveredPeriods == 1 ? "" : "s") covered"
                    let price = "\(sub.value.map(money) ?? "?")/day"
                    switch p.substituteBlock {
                    case .period: return "\(periods) × \(price) ÷ \(periodsInDay) periods"
                    case .halfDay: return "\(periods) → \(CostFormat.number(blocks)) half day\(blocks == 1 ? "" : "s") × \(price) ÷ 2"
                    case .day: return "\(periods) → \(CostFormat.number(blocks)) day\(blocks == 1 ? "" : "s") × \(price)"
                    }
                }
                let cash = sub.value.map { blocks * c.perWeek * weeks * $0 / perDay * g }
                add(.coverage, school: school.id, teacher: c.teacher, year: year, cash: cash, missing: [sub],
                    formula: "\(c.kind.label) \(c.meeting): \(bought()) × \(CostFormat.number(c.perWeek)) session/week × \(CostFormat.number(weeks)) weeks\(gt)",
                    inputs: ["coveredPeriods": covered, "blocksPerSession": blocks, "blocksPerDay": perDay, "sessionsPerWeek": c.perWeek, "weeks": weeks,
                             "substitutePerDay": sub.value, "periodsInDay": Double(periodsInDay), "growthFactor": g],
                    sources: [weeksFigure, sub, p.salaryGrowthPerYear], citations: ["rates.substituteBlock = \(p.substituteBlock.rawValue): \(p.substituteBlockSource)"])
            }
            let coordinator = p.coordinatorHoursPerSchoolPerWeek
            if let perWeek = coordinator.value, perWeek > 0, !school.teachers.isEmpty {
                let hours = perWeek * weeks
                add(.coordinator, school: school.id, teacher: nil, year: year, cash: 0, hours: hours, hoursOf: .coordinator,
                    formula: "\(CostFormat.number(perWeek)) h/week × \(CostFormat.number(weeks)) weeks = \(CostFormat.hours(hours)) of principal or coordinator time (contract time, no cash)",
                    inputs: ["hoursPerWeek": perWeek, "weeks": weeks], sources: [coordinator, weeksFigure])
            }
            let stipend = p.partnerStipendPerYear
            for t in school.teachers where t.partnerships > 0 {
                let cash = stipend.value.map { Double(t.partnerships) * $0 * g }
                add(.partnerStipend, school: school.id, teacher: t.id, year: year, cash: cash, missing: [stipend],
                    formula: "\(t.partnerships) pair\(t.partnerships == 1 ? "" : "s") as partner × \(stipend.value.map(money) ?? "?")/year\(gt)",
                    inputs: ["partnerships": Double(t.partnerships), "partnerStipendPerYear": stipend.value, "growthFactor": g],
                    sources: [stipend, p.salaryGrowthPerYear])
            }
            if !school.teachers.isEmpty {
                let fee = p.pairingProgramFee
                add(.pairingProgramFee, school: school.id, teacher: nil, year: year, cash: fee.value, missing: [fee],
                    formula: "programme fee per school and year: \(fee.value.map(money) ?? "?")",
                    inputs: ["programFee": fee.value], sources: [fee])
            }
        }

        // MARK: (b) micro-credentials

        /// How one MC is priced: the catalogue entry's figures, or costs.yaml's for MCs it does not list.
        struct Profile: Hashable {
            var label: String
            var feeParts: [CostFigure]
            var hours: CostFigure
            var assessor: CostFigure
            var supportedRate: CostFigure
            var unsupportedRate: CostFigure
            var credits: CostFigure
            func rate(supported: Bool) -> CostFigure { supported ? supportedRate : unsupportedRate }
            var fee: Double? { feeParts.reduce(Optional(0.0)) { sum, f in sum.flatMap { s in f.value.map { s + $0 } } } }
        }

        /// Distinct profiles, and each skill's (nil: a generic MC) and attached credential's,
        /// built once per run of the model.
        var profileList: [Profile] = []
        var profileOfSkill: [IndicatorRef?: Int] = [:]
        var profileOfCredential: [String: Int] = [:]

        func index(of made: Profile) -> Int {
            let index = profileList.firstIndex(of: made) ?? profileList.count
            if index == profileList.count { profileList.append(made) }
            return index
        }

        func cachedProfile(for skill: IndicatorRef?) -> Int {
            if let known = profileOfSkill[skill] { return known }
            let index = index(of: profile(skill.flatMap { s in p.catalogue.first { $0.covers(s) } }))
            profileOfSkill[skill] = index
            return index
        }

        /// An attached credential, by catalogue id (one the catalogue no longer lists: a generic NEA MC).
        func cachedProfile(credential id: String) -> Int {
            if let known = profileOfCredential[id] { return known }
            let index = index(of: profile(p.catalogue.first { $0.id == id }))
            profileOfCredential[id] = index
            return index
        }

        /// A profile's figures as numbers (a missing one counts 0, as in the lines' sums; a missing
        /// award rate 1), by index in `profileList`: copying a `Profile` costs more than its sums.
        struct ProfileValues {
            var fee, hours, assessor, supportedRate, unsupportedRate, credits: Double
        }
        var profileValues: [ProfileValues] = []
        func values(_ index: Int) -> ProfileValues {
            while profileValues.count <= index {
                let pr = profileList[profileValues.count]
                profileValues.append(ProfileValues(fee: pr.fee ?? 0, hours: pr.hours.value ?? 0, assessor: pr.assessor.value ?? 0,
                                                   supportedRate: pr.supportedRate.value ?? 1, unsupportedRate: pr.unsupportedRate.value ?? 1,
                                                   credits: pr.credits.value ?? 0))
            }
            return profileValues[index]
        }

        /// A catalogue entry by index (nil: a generic NEA MC), for `Summed` inputs.
        var profileOfEntry: [Int: Int] = [:]
        func cachedProfile(entry: Int?) -> Int {
            let key = entry ?? -1
            if let known = profileOfEntry[key] { return known }
            let index = index(of: profile(entry.map { p.catalogue[$0] }))
            profileOfEntry[key] = index
            return index
        }

        func profile(_ mc: MicroCredential?) -> Profile {
            guard let mc else {
                return Profile(label: "MC not in the catalogue, priced as an NEA MC",
                               feeParts: [p.assumeNeaMembers.value ? p.neaFeeMember : p.neaFeeNonMember],
                               hours: p.hoursPerMc, assessor: p.assessorCostPerSubmission,
                               supportedRate: p.awardRateSupported, unsupportedRate: p.awardRateUnsupported, credits: p.creditsPerMc)
            }
            // Figures are cited by issuer, not by catalogue entry: an entry names the skill, and a
            // teacher's focus skills are counted in a cost report, never named.
            func cite(_ f: CostFigure, _ field: String) -> CostFigure {
                var g = f
                g.key = "microcredentials[\(mc.issuer)].\(field)"
                return g
            }
            var parts: [CostFigure]
            if let member = mc.memberFee {
                parts = [p.assumeNeaMembers.value ? cite(member, "fee.memberValue") : cite(mc.fee, "fee")]
            } else if mc.fee.value == nil && mc.issuer.lowercased().hasPrefix("digital promise") {
                parts = [p.digitalPromiseAssessmentFee]
            } else {
                parts = [cite(mc.fee, "fee")]
            }
            if let platform = mc.platformFee { parts.append(cite(platform, "fee.platformFee")) }
            return Profile(label: "\(mc.issuer) MC", feeParts: parts, hours: cite(mc.expectedHours, "expectedHours"),
                           assessor: mc.assessorCost.value == nil ? p.assessorCostPerSubmission : cite(mc.assessorCost, "assessorCost"),
                           supportedRate: cite(mc.awardRateSupported, "awardRate.supported"),
                           unsupportedRate: cite(mc.awardRateUnsupported, "awardRate.unsupported"),
                           credits: cite(mc.laneCredits, "salaryLaneValue"))
        }

        func microcredentials(_ school: CostInputs.School, scope: CostInputs.MCScope, year: Int) {
            let g = growth(year), gt = detail ? growthText(year) : ""
            for t in school.teachers {
                let attached = !t.credentials.isEmpty
                // The teacher's MCs, grouped by how they are priced (skills are never named: only counted).
                var groups: [(Int, Int)] = []
                func count(_ profile: Int, _ n: Int) {
                    if let k = groups.firstIndex(where: { $0.0 == profile }) { groups[k].1 += n } else { groups.append((profile, n)) }
                }
                switch scope {
                case .focusSkills where attached:
                    for credential in t.credentials { count(cachedProfile(credential: credential), 1) }
                case .focusSkills:
                    for skill in t.focusSkills { count(cachedProfile(for: skill), 1) }
                case .perTeacher:
                    let n = Int((p.mcsPerTeacherPerYear.value ?? 0).rounded())
                    if n > 0 { count(cachedProfile(for: nil), n) }
                }
                guard !groups.isEmpty else { continue }
                // The supported award rate (coaching and peer support), then the unsupported one (none).
                for (supported, supports) in [(true, [MCSupport.coaching, .peer]), (false, [MCSupport.none])] {
                    for (index, n) in groups {
                        mcLines(school: school.id, teacher: t.id, profile: profileList[index], n: n, supported: supported, supports: supports, year: year)
                    }
                }
                let coaching = p.coachingPerTeacherPerYear
                add(.mcSupport, school: school.id, teacher: t.id, supports: [.coaching], year: year, cash: coaching.value.map { $0 * g }, missing: [coaching],
                    formula: "paid coaching: 1 teacher × \(coaching.value.map(money) ?? "?") per year\(gt)",
                    inputs: ["coachingPerTeacherPerYear": coaching.value, "growthFactor": g],
                    sources: [coaching, p.salaryGrowthPerYear])
                add(.mcSupport, school: school.id, teacher: t.id, supports: [.peer], year: year, cash: 0,
                    formula: "peer support: no extra cash — the pairs and PLCs PeerPlan schedules are the support (their teacher time and any cover are on the pairing path)",
                    inputs: [:], sources: [])
            }
        }

        /// The MC path of a school's summed teachers (`Summed`): the same sums as
        /// `microcredentials` over each teacher, without the lines.
        func microcredentials(summed school: Summed.School, scope: CostInputs.MCScope, year: Int) {
            let g = growth(year)
            var groups: [(Int, Int)] = []
            func count(_ profile: Int, _ n: Int) {
                if let k = groups.firstIndex(where: { $0.0 == profile }) { groups[k].1 += n } else { groups.append((profile, n)) }
            }
            var coached = 0
            switch scope {
            case .focusSkills:
                for (entry, n) in school.mcs { count(cachedProfile(entry: entry), n) }
                coached = school.teachersWithMCs
            case .perTeacher:
                let n = Int((p.mcsPerTeacherPerYear.value ?? 0).rounded())
                if n > 0, school.teachers > 0 {
                    count(cachedProfile(for: nil), n * school.teachers)
                    coached = school.teachers
                }
            }
            guard !groups.isEmpty else { return }
            // What `mcLines` sums, without its lines: per attempt (fee, assessment, hours) and per
            // award (stipend, lane credits from the year after).
            let stipend = p.stipendPerMc.value ?? 0
            let lanePerCredit: Double? = year > 1 ? p.laneIncreasePerYear.value.flatMap { inc in p.creditsBaToMa.value.map { inc / $0 } } : nil
            for (index, n) in groups {
                let v = values(index)
                for supported in [true, false] {
                    let attempts = Double(n) / (supported ? v.supportedRate : v.unsupportedRate)
                    var cash = attempts * v.fee + attempts * v.assessor + Double(n) * stipend * g
                    if let lanePerCredit { cash += Double(n) * v.credits * Double(year - 1) * lanePerCredit * g }
                    let hours = attempts * v.hours
                    for s in supported ? [MCSupport.coaching, .peer] : [.none] {
                        mcCash[s.ordinal] += cash
                        mcHours[s.ordinal] += hours
                    }
                }
            }
            let coaching = p.coachingPerTeacherPerYear
            add(.mcSupport, school: school.school.id, teacher: nil, supports: [.coaching], year: year,
                cash: coaching.value.map { $0 * g * Double(coached) }, formula: "", inputs: [:], sources: [])
        }

        /// One group of a teacher's MCs (same pricing) at one award rate.
        func mcLines(school: String, teacher: String, profile pr: Profile, n: Int, supported: Bool, supports: [MCSupport], year: Int) {
            let g = growth(year), gt = detail ? growthText(year) : ""
            let rateFigure = pr.rate(supported: supported)
            let rate = rateFigure.value ?? 1
            let attempts = Double(n) / rate
            let basis = supported ? "supported" : "unsupported"
            func head() -> String { "\(n) \(pr.label)\(n == 1 ? "" : "s") ÷ \(CostFormat.number(rate)) award rate (\(basis)) = \(CostFormat.number(attempts)) attempts" }
            let fee = pr.fee
            add(.mcFees, school: school, teacher: teacher, supports: supports, year: year, cash: fee.map { attempts * $0 }, missing: pr.feeParts,
                formula: "\(head()) × \(fee.map(money) ?? "?") per attempt",
                inputs: ["mcs": Double(n), "awardRate": rate, "attempts": attempts, "feePerAttempt": fee],
                sources: pr.feeParts + [rateFigure], flags: [p.assumeNeaMembers])
            let hours = attempts * (pr.hours.value ?? 0)
            add(.mcTeacherTime, school: school, teacher: teacher, supports: supports, year: year, cash: 0, hours: hours,
                formula: "\(head()) × \(CostFormat.number(pr.hours.value ?? 0)) h = \(CostFormat.hours(hours)) of teacher time (own time, unpaid)",
                inputs: ["mcs": Double(n), "awardRate": rate, "attempts": attempts, "hoursPerMc": pr.hours.value ?? 0],
                sources: [pr.hours, rateFigure])
            let assessor = pr.assessor
            add(.mcAssessment, school: school, teacher: teacher, supports: supports, year: year, cash: assessor.value.map { attempts * $0 }, missing: [assessor],
                formula: "\(head()) × \(assessor.value.map(money) ?? "?") per submission",
                inputs: ["mcs": Double(n), "attempts": attempts, "assessorCostPerSubmission": assessor.value],
                sources: [assessor, rateFigure])
            let stipend = p.stipendPerMc
            add(.mcStipends, school: school, teacher: teacher, supports: supports, year: year, cash: stipend.value.map { Double(n) * $0 * g }, missing: [stipend],
                formula: "\(n) awarded MC\(n == 1 ? "" : "s") × \(stipend.value.map(money) ?? "?") per MC\(gt)",
                inputs: ["mcs": Double(n), "stipendPerMc": stipend.value, "growthFactor": g],
                sources: [stipend, p.salaryGrowthPerYear])
            let perCredit = p.laneIncreasePerYear, lane = p.creditsBaToMa
            let creditsPerMc = pr.credits.value ?? 0
            let earned = Double(n) * creditsPerMc * Double(year - 1)
            if year == 1 {
                add(.salaryLanes, school: school, teacher: teacher, supports: supports, year: year, cash: 0,
                    formula: "none in year 1: credits raise salary from the year after they are earned",
                    inputs: ["creditsEarnedBefore": 0], sources: [pr.credits, lane, perCredit])
            } else {
                let cash = perCredit.value.flatMap { inc in lane.value.map { earned * inc / $0 * g } }
                add(.salaryLanes, school: school, teacher: teacher, supports: supports, year: year, cash: cash, missing: [perCredit, lane],
                    formula: "\(n) MC\(n == 1 ? "" : "s") × \(CostFormat.number(creditsPerMc)) credit × \(year - 1) earlier year\(year == 2 ? "" : "s") = \(CostFormat.number(earned)) credits × \(perCredit.value.map(money) ?? "?")/year ÷ \(CostFormat.number(lane.value ?? 0)) credits BA→MA\(gt)",
                    inputs: ["mcs": Double(n), "creditsPerMc": creditsPerMc, "creditsEarnedBefore": earned,
                             "laneIncreasePerYear": perCredit.value, "creditsBaToMa": lane.value, "growthFactor": g],
                    sources: [pr.credits, lane, perCredit, p.salaryGrowthPerYear])
            }
        }
    }
}

extension MCSupport {
    /// The position in `allCases`, without hashing.
    var ordinal: Int {
        switch self {
        case .none: 0
        case .coaching: 1
        case .peer: 2
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
