import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanStore

struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Pair teachers skill by skill: propose, review, lock, forbid, drop, accept.",
        discussion: """
        A teacher who is still growing on a rubric skill is paired with a colleague at the same school \
        who is strong on exactly that skill and shares a free period (Tennessee IPI rule, Config/policy.yaml). \
        `propose` finds the best pairs and explains every teacher it could not pair; `accept` makes a \
        proposal the cycle that scheduling uses. Ratings stay in this tool: calendars only ever name the \
        focus skills.
        """,
        subcommands: [PairsPropose.self, PairsShow.self, PairsAccept.self, PairDecisionCommand<LockTag>.self,
                      PairDecisionCommand<ForbidTag>.self, PairDecisionCommand<UnlockTag>.self, PairsDrop.self])
}

struct SchoolChoice: ParsableArguments {
    @Option(help: "The school (its sourcedId, as in `peerplan status`).")
    var school: String?

    @Flag(help: "Every school of the district.")
    var allSchools = false

    func validate() throws {
        if (school == nil) == !allSchools { throw ValidationError("Name one school with --school S, or use --all-schools.") }
    }
}

struct PairsPropose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose the best pairs for a school (or every school) and explain who could not be paired.",
        discussion: "Each proposal is recorded as a run; nothing changes for teachers until you `accept` it.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var choice: SchoolChoice

    @Option(help: "quality: the largest total skill gap closed; participation: as many pairs as possible, then quality. Default from Config/policy.yaml.")
    var mode: PairingMode?

    @Option(help: "How many colleagues one strong teacher may support at once (default from Config/policy.yaml).")
    var capacity: Int?

    @Flag(help: "Pair on skills alone, without requiring a shared free period (find time later).")
    var ignoreSchedule = false

    @Flag(help: "Let a teacher with no suitable colleague at their school pair with one at another school of the district (they meet virtually).")
    var crossSchool = false

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let config = try options.loadConfig()
        var policy = config.pairing
        if let mode { policy.mode = mode }
        if let capacity { policy.defaultCapacity = capacity }
        if ignoreSchedule { policy.minSharedFreePeriods = 0 }
        if crossSchool { policy.crossSchool = true }
        let problems = policy.validationProblems()
        guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "; ")) }
        let pairing = PairingStore(store: try options.openExistingStore(), config: config)
        let schoolCount = choice.allSchools ? try pairing.store.writer.read { try PairingStore.schools($0).count } : 1
        let progress = ProgressLine(total: schoolCount, label: "schools")
        let proposals = try pairing.propose(schools: choice.school.map { [$0] }, policy: policy) { progress.update($0) }
        progress.finish()
        switch format {
        case .json:
            let objects = proposals.map(ProposalJSON.init)
            if choice.allSchools { print(try jsonString(["schools": objects])) } else { print(try jsonString(objects[0])) }
        case .csv:
            print("school,partner,partnerName,target,targetName,focus,weight,locked,virtual")
            for p in proposals {
                for pair in p.result.pairs {
                    print([p.school, pair.partner, p.people[pair.partner]?.name ?? "", pair.target, p.people[pair.target]?.name ?? "",
                           pair.focus.map { p.indicatorNames[$0] ?? $0.indicator }.joined(separator: "; "), "\(pair.weight)",
                           "\(pair.locked)", "\(pair.virtual)"].map(csvField).joined(separator: ","))
                }
            }
        case .text:
            if choice.allSchools {
                for p in proposals {
                    let reasons = Dictionary(grouping: p.result.unmatched, by: \.reason).map { "\($0.value.count) \(reasonLabel($0.key))" }.sorted()
                    print("\(p.schoolName) (\(p.school)): \(p.result.pairs.count) pairs, total weight \(p.result.totalWeight)" +
                          (reasons.isEmpty ? "" : "; not paired: " + reasons.joined(separator: ", ")) + " [run \(p.runId ?? 0)]")
                }
                let total = proposals.reduce(0) { $0 + $1.result.pairs.count }
                print("District: \(total) pairs across \(proposals.count) schools. Review one with `peerplan pairs show --school S`.")
            } else {
                print(proposalText(proposals[0]), terminator: "")
            }
        }
    }
}

struct ProposalJSON: Encodable {
    struct Pair: Encodable { var partner, target: String; var focus: [String]; var weight: Int; var locked, virtual: Bool; var sharedFreePeriods: [String] }
    struct Miss: Encodable { var teacher, reason, detail: String; var colleagues: [String] }
    var school: String
    var run: Int64?
    var mode: String
    var totalWeight: Int
    var pairs: [Pair]
    var unmatched: [Miss]
    var warnings: [String]

    init(_ p: PairingStore.Proposal) {
        school = p.school
        run = p.runId
        mode = p.policy.mode.rawValue
        totalWeight = p.result.totalWeight
        pairs = p.result.pairs.map { Pair(partner: $0.partner, target: $0.target, focus: $0.focus.map { p.indicatorNames[$0] ?? $0.indicator },
                                          weight: $0.weight, locked: $0.locked, virtual: $0.virtual,
                                          sharedFreePeriods: $0.sharedFreePeriods.map(\.description)) }
        unmatched = p.result.unmatched.map { Miss(teacher: $0.teacher, reason: $0.reason.rawValue, detail: $0.detail, colleagues: $0.colleagues) }
        warnings = p.result.warnings
    }
}

func reasonLabel(_ reason: UnmatchedReason) -> String {
    switch reason {
    case .noStrongColleague: return "no colleague strong on their skills"
    case .noSharedFreePeriod: return "no shared free period"
    case .allAtCapacity: return "every suitable colleague already paired"
    case .forbiddenByPrincipal: return "excluded by your decisions"
    case .optedOut: return "opted out"
    case .penalisedRepeat: return "only last cycle's partners available"
    }
}

func proposalText(_ p: PairingStore.Proposal) -> String {
    func name(_ id: String) -> String { "\(p.people[id]?.name ?? id) (\(id))" }
    let schedule = p.policy.minSharedFreePeriods == 0 ? "skills only" : "at least \(p.policy.minSharedFreePeriods) shared free period(s) a week"
    var out = "\(p.schoolName) (\(p.school)): \(p.result.pairs.count) pair\(p.result.pairs.count == 1 ? "" : "s"), total weight \(p.result.totalWeight)"
    out += " — mode \(p.policy.mode.rawValue), capacity \(p.policy.defaultCapacity), \(schedule)\n"
    for pair in p.result.pairs {
        let focus = pair.focus.map { p.indicatorNames[$0] ?? $0.indicator }.joined(separator: ", ")
        var notes: [String] = []
        if pair.locked { notes.append("locked") }
        if pair.virtual { notes.append("other school, meets virtually") }
        let free = pair.sharedFreePeriods.isEmpty ? "" : "; free together: " + compactSlots(pair.sharedFreePeriods.map(\.description))
        out += "  \(name(pair.partner)) supports \(name(pair.target)) — focus: \(focus); weight \(pair.weight)\(free)"
        out += notes.isEmpty ? "\n" : " [\(notes.joined(separator: ", "))]\n"
    }
    if !p.result.unmatched.isEmpty {
        out += "Not paired:\n"
        for miss in p.result.unmatched {
            let skills = miss.indicators.map { p.indicatorNames[$0] ?? $0.indicator }.joined(separator: ", ")
            let colleagues = miss.colleagues.map(name).joined(separator: ", ")
            let sentence: String
            switch miss.reason {
            case .optedOut: sentence = "opted out of peer collaboration"
            case .noStrongColleague: sentence = "no colleague who takes part is strong on \(skills)"
            case .noSharedFreePeriod: sentence = "colleagues strong on \(skills) share no free period with them: \(colleagues)"
            case .forbiddenByPrincipal: sentence = "you excluded every colleague strong on \(skills): \(colleagues)"
            case .allAtCapacity: sentence = "every colleague strong on \(skills) with a shared free period is already paired: \(colleagues)"
            case .penalisedRepeat: sentence = "only last cycle's partners could support them on \(skills), and repeating is penalised: \(colleagues)"
            }
            out += "  \(name(miss.teacher)): \(sentence) [\(miss.reason.rawValue)]\n"
        }
    }
    for warning in p.result.warnings { out += "Note: \(warning)\n" }
    out += "Recorded as run #\(p.runId ?? 0). Accept it with `peerplan pairs accept --school \(p.school)`.\n"
    return out
}

struct PairsShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a school's pairs: the accepted cycle, or else the latest proposal.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let pairing = PairingStore(store: try options.openExistingStore(), config: try options.loadConfig())
        let current = try pairing.current(school: school)
        switch format {
        case .json: print(try jsonString(current))
        case .csv:
            print("partner,partnerName,target,targetName,focus,weight,locked,virtual,dropped")
            for p in current.pairs {
                print([p.partner, p.partnerName, p.target, p.targetName, p.focus.joined(separator: "; "), "\(p.weight)", "\(p.locked)",
                       "\(p.virtual)", "\(p.dropped)"].map(csvField).joined(separator: ","))
            }
        case .text:
            print("\(school): \(current.source)")
            for p in current.pairs {
                let flags = [p.locked ? "locked" : nil, p.virtual ? "virtual" : nil, p.dropped ? "dropped" : nil].compactMap { $0 }
                print("  \(p.partnerName) (\(p.partner)) supports \(p.targetName) (\(p.target)) — focus: \(p.focus.joined(separator: ", ")); weight \(p.weight)" +
                      (flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]"))
            }
            if !current.unmatched.isEmpty {
                print("Not paired:")
                for m in current.unmatched { print("  \(m.name) (\(m.teacher)): \(m.detail) [\(m.reason)]") }
            }
        }
    }
}

struct PairsAccept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Make a proposal (the latest, or --run N) the pairing cycle that scheduling uses.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(name: .customLong("run"), help: "A proposal's run number (default: the school's latest proposal).")
    var runNumber: Int64?

    func run() throws {
        let pairing = PairingStore(store: try options.openExistingStore(), config: try options.loadConfig())
        let accepted = try pairing.accept(school: school, runId: runNumber)
        print("Accepted run #\(accepted.run) as pairing cycle \(accepted.cycle) for \(school): \(accepted.pairs) pairs. Earlier cycles are kept.")
    }
}

struct PairOption: ParsableArguments {
    @Option(help: "The colleague who supports (sourcedId).")
    var partner: String

    @Option(help: "The colleague who is supported (sourcedId).")
    var target: String
}

/// `pairs lock`, `pairs forbid`, `pairs unlock`: one decision about one pair.
protocol PairDecisionTag {
    static var name: String { get }
    static var abstract: String { get }
    static var decision: PairingStore.Decision? { get }
    static func done(_ partner: String, _ target: String) -> String
}

enum LockTag: PairDecisionTag {
    static let name = "lock", abstract = "Always pair these two (the next proposal keeps them together)."
    static let decision: PairingStore.Decision? = .lock
    static func done(_ p: String, _ t: String) -> String { "Locked \(p) with \(t). Run `peerplan pairs propose` to see the effect." }
}

enum ForbidTag: PairDecisionTag {
    static let name = "forbid", abstract = "Never pair these two."
    static let decision: PairingStore.Decision? = .forbid
    static func done(_ p: String, _ t: String) -> String { "\(p) will not be paired with \(t)." }
}

enum UnlockTag: PairDecisionTag {
    static let name = "unlock", abstract = "Remove a lock or a prohibition: let the next proposal decide."
    static let decision: PairingStore.Decision? = nil
    static func done(_ p: String, _ t: String) -> String { "Removed the decision about \(p) and \(t)." }
}

struct PairDecisionCommand<Tag: PairDecisionTag>: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: Tag.name, abstract: Tag.abstract) }
    @OptionGroup var options: StoreOptions
    @OptionGroup var pair: PairOption
    func run() throws {
        try PairingStore(store: try options.openExistingStore(), config: try options.loadConfig())
            .decide(partner: pair.partner, target: pair.target, Tag.decision)
        print(Tag.done(pair.partner, pair.target))
    }
}

struct PairsDrop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Take a teacher's pair out of the accepted cycle (they stop meeting).")
    @OptionGroup var options: StoreOptions
    @Option(help: "The supported colleague whose pair ends (sourcedId).")
    var target: String
    func run() throws {
        let partner = try PairingStore(store: try options.openExistingStore(), config: try options.loadConfig()).drop(target: target)
        print("Dropped the pair \(partner)–\(target) from the accepted cycle.")
    }
}

extension PairingMode: ExpressibleByArgument {}
