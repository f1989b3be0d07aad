import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
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
        let schoolCount = choice.allSchools ? try PairingStore.schools(in: pairing.store).count : 1
        let progress = ProgressLine(total: schoolCount, label: "schools")
        let proposals = try pairing.propose(schools: choice.school.map { [$0] }, policy: policy) { progress.update($0) }
        progress.finish()
        switch format {
        case .json: print(try ProposalReport.json(proposals, district: choice.allSchools))
        case .csv: print(ProposalReport.csv(proposals), terminator: "")
        case .text:
            if choice.allSchools {
                print(ProposalReport.districtText(proposals) + " Review one with `peerplan pairs show --school S`.")
            } else {
                print(ProposalReport.text(proposals[0]) + " Accept it with `peerplan pairs accept --school \(proposals[0].school)`.")
            }
        }
    }
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
        case .json: print(try CurrentPairsReport.json(current))
        case .csv: print(CurrentPairsReport.csv(current), terminator: "")
        case .text: print(CurrentPairsReport.text(current), terminator: "")
        }
    }
}

struct PairsAccept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Make a proposal (the latest, or --run N) the pairing cycle that scheduling uses; or every school's latest.",
        discussion: """
        With --all-schools, every school's latest proposal is accepted in one transaction; a school with no \
        proposal, or whose latest proposal already is its cycle, is listed and left as it is.
        """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var choice: SchoolChoice

    @Option(name: .customLong("run"), help: "A proposal's run number (default: the school's latest proposal; not with --all-schools).")
    var runNumber: Int64?

    func validate() throws {
        if runNumber != nil && choice.allSchools { throw ValidationError("--run names one school's proposal; use it with --school S, not --all-schools.") }
    }

    func run() throws {
        let pairing = PairingStore(store: try options.openExistingStore(), config: try options.loadConfig())
        guard let school = choice.school else {
            let schools = try pairing.acceptAll()
            print(AcceptanceReport.districtText(schools), terminator: "")
            if schools.contains(where: { $0.outcome == .noProposal }) {
                print("  Propose for a school without one with `peerplan pairs propose --school S`, then accept it with `peerplan pairs accept --school S`.")
            }
            return
        }
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
