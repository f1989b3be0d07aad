import Foundation
import Hummingbird
import PeerPlanCore
import PeerPlanReports
import PeerPlanStore

/// `/schools/{school}/pairs`: propose pairs, lock, forbid or unlock a pair, drop an accepted
/// pair, opt teachers in or out, and accept the proposal. Each form is one POST (`SchoolChange`).
struct PairsRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        let routes = self
        let pairs = app.group(router, "/schools/{school}/pairs", area: .school)
        pairs.get { request, context in
            try await routes.page(context, done: request.uri.queryParameters["done"].map(String.init), problem: nil, status: .ok)
        }
        pairs.post("propose") { _, context in try await routes.propose(context) }
        pairs.post("accept") { _, context in try await routes.accept(context) }
        pairs.post("decide") { _, context in try await routes.decide(context) }
        pairs.post("drop") { _, context in try await routes.drop(context) }
        pairs.post("participation") { _, context in try await routes.participation(context) }
    }

    /// The confirmation each form's `done` stands for.
    static let confirmations: [String: String] = [
        "proposed": "A new proposal is ready. Review it below, then accept it.",
        "accepted": "The proposal is accepted: these pairs are this cycle’s.",
        "locked": "The pair is locked: every new proposal keeps it.",
        "forbidden": "The pair is forbidden: no new proposal will pair them.",
        "unlocked": "Your decision about the pair is removed.",
        "dropped": "The pair is dropped: they no longer meet.",
        "participation": "Participation is updated. Propose again to pair with it.",
    ]

    func page(_ context: WebContext, done: String?, problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let id = context.parameters.get("school") ?? "", store = app.store
        guard let config = app.options.config else { return app.pages.serverError(context) }
        let pairing = PairingStore(store: store, config: config)
        let pairs = try await offload { try pairing.schoolPairs(school: id) }
        let page = PairsPage(pairs, policy: config.pairing, csrf: context.identity?.csrfToken ?? "",
                             notice: done.flatMap { Self.confirmations[$0] }, problem: problem)
        return app.pages.page("pairs", title: "Pairs · \(pairs.schoolName)", context: context, path: SchoolChange.path(context, "pairs"),
                              status: status, content: page)
    }

    var change: SchoolChange { SchoolChange(app: app) }

    func refused(_ context: WebContext) -> @Sendable (String, HTTPResponse.Status) async throws -> Response {
        let routes = self
        return { problem, status in try await routes.page(context, done: nil, problem: problem, status: status) }
    }

    func pairingStore() throws -> PairingStore {
        guard let config = app.options.config else { throw FormProblem(message: "PeerPlan’s policy is not loaded, so pairs cannot be proposed.") }
        return PairingStore(store: app.store, config: config)
    }

    func propose(_ context: WebContext) async throws -> Response {
        let pairing = try pairingStore()
        return try await change.run(context, section: "pairs", done: "proposed", page: refused(context)) { audit, form in
            var policy = pairing.config.pairing
            guard let mode = PairingMode(rawValue: try form.required("mode", "a way of pairing")) else {
                throw FormProblem(message: "Choose quality or participation.")
            }
            policy.mode = mode
            let capacity = try form.number("capacity", "how many colleagues one teacher may support")
            guard (1...10).contains(capacity) else { throw FormProblem(message: "One teacher may support from 1 to 10 colleagues.") }
            policy.defaultCapacity = Int(capacity)
            if form["schedule"] != "on" { policy.minSharedFreePeriods = 0 }
            let problems = policy.validationProblems()
            guard problems.isEmpty else { throw FormProblem(message: SchoolChange.sentence(problems.joined(separator: "; "))) }
            try pairing.propose(schools: [audit.school], policy: policy, audit: audit)
        }
    }

    func accept(_ context: WebContext) async throws -> Response {
        let pairing = try pairingStore()
        return try await change.run(context, section: "pairs", done: "accepted", page: refused(context)) { audit, form in
            // The proposal the page showed, so a newer one is never accepted unseen.
            let run = try form.number("run", "the proposal")
            try pairing.accept(school: audit.school, runId: run, audit: audit)
        }
    }

    func decide(_ context: WebContext) async throws -> Response {
        let pairing = try pairingStore()
        let decision = context.form?["decision"] ?? ""
        let done = ["lock": "locked", "forbid": "forbidden", "unlock": "unlocked"][decision] ?? "unlocked"
        return try await change.run(context, section: "pairs", done: done, page: refused(context)) { audit, form in
            let partner = try form.required("partner", "a partner"), target = try form.required("target", "a colleague")
            switch decision {
            case "lock": try pairing.decide(partner: partner, target: target, .lock, audit: audit)
            case "forbid": try pairing.decide(partner: partner, target: target, .forbid, audit: audit)
            case "unlock": try pairing.decide(partner: partner, target: target, nil, audit: audit)
            default: throw FormProblem(message: "Choose lock, forbid or unlock.")
            }
        }
    }

    func drop(_ context: WebContext) async throws -> Response {
        let pairing = try pairingStore()
        return try await change.run(context, section: "pairs", done: "dropped", page: refused(context)) { audit, form in
            _ = try pairing.drop(target: try form.required("target", "a pair"), audit: audit)
        }
    }

    func participation(_ context: WebContext) async throws -> Response {
        let pairing = try pairingStore()
        return try await change.run(context, section: "pairs", done: "participation", page: refused(context)) { audit, form in
            let teacher = try form.required("teacher", "a teacher")
            let participating: Bool
            switch form["participating"] {
            case "yes": participating = true
            case "no": participating = false
            default: throw FormProblem(message: "Choose opt in or opt out.")
            }
            try pairing.setParticipation(teacher: teacher, participating: participating,
                                         note: participating ? "" : "opted out by \(audit.actor.name) on the web", audit: audit)
        }
    }
}

/// The page model of `/schools/{school}/pairs`. Names, focus skills and free periods only:
/// never a score or a pair's weight (a sum of scores).
struct PairsPage: Sendable {
    struct PairRow: Sendable {
        var partner: String
        var partnerName: String
        var target: String
        var targetName: String
        var focus: String
        var periods: String
        var locked: Bool
        var virtual: Bool
        var dropped: Bool
    }

    struct MissRow: Sendable {
        var name: String
        var reason: String
    }

    struct DecisionRow: Sendable {
        var partner: String
        var partnerName: String
        var target: String
        var targetName: String
        var label: String
    }

    struct TeacherRow: Sendable {
        var id: String
        var name: String
        var href: String
        var participating: Bool
        var status: String
    }

    struct ModeOption: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var name: String
    var base: String
    var csrf: String
    var notice: String?
    var problem: String?
    var modes: [ModeOption]
    var capacity: Int
    var scheduleAware: Bool
    var hasProposal: Bool
    var run: String
    var proposalAccepted: Bool
    var proposal: [PairRow]
    var hasPairs: Bool
    var unmatched: [MissRow]
    var hasUnmatched: Bool
    var hasCycle: Bool
    var accepted: [PairRow]
    var hasAccepted: Bool
    var decisions: [DecisionRow]
    var hasDecisions: Bool
    var teachers: [TeacherRow]

    init(_ p: PairingStore.SchoolPairs, policy: PairingPolicy, csrf: String, notice: String?, problem: String?) {
        name = p.schoolName
        base = "/schools/\(Paths.segment(p.school))"
        self.csrf = csrf
        self.notice = notice
        self.problem = problem
        modes = [ModeOption(value: "quality", label: "Quality: close the largest skill gaps", selected: policy.mode == .quality),
                 ModeOption(value: "participation", label: "Participation: as many pairs as possible", selected: policy.mode == .participation)]
        capacity = policy.defaultCapacity
        scheduleAware = policy.minSharedFreePeriods > 0
        hasProposal = p.proposalRun != nil
        run = p.proposalRun.map { "\($0)" } ?? ""
        proposalAccepted = p.proposalAccepted
        proposal = p.proposal.map(Self.row)
        hasPairs = !proposal.isEmpty
        unmatched = p.unmatched.map { m in
            MissRow(name: m.name, reason: SchoolChange.sentence(m.recordedSentence ?? UnmatchedReasonWording.sentence(
                m.why, colleague: { p.names[$0] ?? $0 }, skill: { p.indicatorNames[$0] ?? $0.indicator })))
        }
        hasUnmatched = !unmatched.isEmpty
        hasCycle = p.cycle != nil
        accepted = p.accepted.map(Self.row)
        hasAccepted = !accepted.isEmpty
        decisions = p.decisions.map { d in
            DecisionRow(partner: d.partner, partnerName: d.partnerName, target: d.target, targetName: d.targetName,
                        label: d.decision == .lock ? "Locked together" : "Never paired")
        }
        hasDecisions = !decisions.isEmpty
        teachers = p.teachers.map { t in
            TeacherRow(id: t.id, name: t.name, href: "/schools/\(Paths.segment(p.school))/teachers/\(Paths.segment(t.id))",
                       participating: t.participating, status: t.participating ? "Taking part" : "Not taking part")
        }
    }

    static func row(_ pair: PairingStore.SchoolPairs.Pair) -> PairRow {
        PairRow(partner: pair.partner, partnerName: pair.partnerName, target: pair.target, targetName: pair.targetName,
                focus: pair.focus.isEmpty ? "—" : pair.focus.joined(separator: ", "),
                periods: pair.sharedFreePeriods.isEmpty ? (pair.virtual ? "Meets online" : "None in common") : periods(pair.sharedFreePeriods),
                locked: pair.locked, virtual: pair.virtual, dropped: pair.dropped)
    }

    /// `Mon 2`, `Tue 2`, …, `Fri 2`, `Mon 6` → `Period 2, every day; period 6 on Mon` (days as
    /// the schedule names them, periods in the order first seen).
    static func periods(_ slots: [String]) -> String {
        var order: [String] = [], days: [String: [String]] = [:]
        for slot in slots {
            let parts = slot.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if days[parts[1]] == nil { order.append(parts[1]) }
            days[parts[1], default: []].append(parts[0])
        }
        let text: String = order.map { period -> String in
            let on = days[period] ?? []
            return on == ["Mon", "Tue", "Wed", "Thu", "Fri"] ? "period \(period), every day" : "period \(period) on \(on.joined(separator: ", "))"
        }.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
