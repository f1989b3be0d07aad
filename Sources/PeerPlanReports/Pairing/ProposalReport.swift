import PeerPlanCore
import PeerPlanStore

/// A pairing proposal (`PairingStore.Proposal`) as text, CSV or JSON.
package enum ProposalReport {
    /// One school's proposal: its pairs, who is not paired and why, and notes on locks. The line
    /// that says how to accept it is the caller's (it names a command).
    package static func text(_ p: PairingStore.Proposal) -> String {
        let name = colleague(p)
        let schedule = p.policy.minSharedFreePeriods == 0 ? "skills only" : "at least \(p.policy.minSharedFreePeriods) shared free period(s) a week"
        var out = "\(p.schoolName) (\(p.school)): \(p.result.pairs.count) pair\(p.result.pairs.count == 1 ? "" : "s"), total weight \(ScoreText.format(p.result.totalWeight))"
        out += " — mode \(p.policy.mode.rawValue), capacity \(p.policy.defaultCapacity), \(schedule)\n"
        for pair in p.result.pairs {
            let focus = pair.focus.map { skill(p, $0) }.joined(separator: ", ")
            var notes: [String] = []
            if pair.locked { notes.append("locked") }
            if pair.virtual { notes.append("other school, meets virtually") }
            let free = pair.sharedFreePeriods.isEmpty ? "" : "; free together: " + SlotText.compact(pair.sharedFreePeriods.map(\.description))
            out += "  \(name(pair.partner)) supports \(name(pair.target)) — focus: \(focus); weight \(ScoreText.format(pair.weight))\(free)"
            out += notes.isEmpty ? "\n" : " [\(notes.joined(separator: ", "))]\n"
        }
        if !p.result.unmatched.isEmpty {
            out += "Not paired:\n"
            for miss in p.result.unmatched {
                out += UnmatchedReasonWording.line(miss, colleague: name, skill: { skill(p, $0) }) + "\n"
            }
        }
        for warning in p.result.warnings { out += "Note: \(warning)\n" }
        out += "Recorded as run #\(p.runId ?? 0)."
        return out
    }

    /// One line per school of a district-wide proposal, then the district's total.
    package static func districtText(_ proposals: [PairingStore.Proposal]) -> String {
        var out = ""
        for p in proposals {
            let reasons = Dictionary(grouping: p.result.unmatched, by: \.reason)
                .map { "\($0.value.count) \(UnmatchedReasonWording.label($0.key))" }.sorted()
            out += "\(p.schoolName) (\(p.school)): \(p.result.pairs.count) pairs, total weight \(ScoreText.format(p.result.totalWeight))"
                + (reasons.isEmpty ? "" : "; not paired: " + reasons.joined(separator: ", ")) + " [run \(p.runId ?? 0)]\n"
        }
        let total = proposals.reduce(0) { $0 + $1.result.pairs.count }
        out += "District: \(total) pairs across \(proposals.count) schools."
        return out
    }

    package static func csv(_ proposals: [PairingStore.Proposal]) -> String {
        var out = CSV.row(["school", "partner", "partnerName", "target", "targetName", "focus", "weight", "locked", "virtual"]) + "\n"
        for p in proposals {
            for pair in p.result.pairs {
                out += CSV.row([p.school, pair.partner, p.people[pair.partner]?.name ?? "", pair.target, p.people[pair.target]?.name ?? "",
                                pair.focus.map { skill(p, $0) }.joined(separator: "; "), ScoreText.format(pair.weight),
                                "\(pair.locked)", "\(pair.virtual)"]) + "\n"
            }
        }
        return out
    }

    /// One proposal as JSON, or (`district`) every school's under `schools`.
    package static func json(_ proposals: [PairingStore.Proposal], district: Bool) throws -> String {
        let objects = proposals.map(ProposalJSON.init)
        return district ? try ReportJSON.string(["schools": objects]) : try ReportJSON.string(objects[0])
    }

    static func colleague(_ p: PairingStore.Proposal) -> (String) -> String {
        { id in "\(p.people[id]?.name ?? id) (\(id))" }
    }

    static func skill(_ p: PairingStore.Proposal, _ ref: IndicatorRef) -> String { p.indicatorNames[ref] ?? ref.indicator }
}

struct ProposalJSON: Encodable {
    struct Pair: Encodable { var partner, target: String; var focus: [String]; var weight: Double; var locked, virtual: Bool; var sharedFreePeriods: [String] }
    struct Miss: Encodable { var teacher, reason, detail: String; var colleagues: [String] }
    var school: String
    var run: Int64?
    var mode: String
    var totalWeight: Double
    var pairs: [Pair]
    var unmatched: [Miss]
    var warnings: [String]

    init(_ p: PairingStore.Proposal) {
        school = p.school
        run = p.runId
        mode = p.policy.mode.rawValue
        totalWeight = p.result.totalWeight
        pairs = p.result.pairs.map { Pair(partner: $0.partner, target: $0.target, focus: $0.focus.map { ProposalReport.skill(p, $0) },
                                          weight: $0.weight, locked: $0.locked, virtual: $0.virtual,
                                          sharedFreePeriods: $0.sharedFreePeriods.map(\.description)) }
        unmatched = p.result.unmatched.map {
            Miss(teacher: $0.teacher, reason: $0.reason.rawValue,
                 detail: UnmatchedReasonWording.sentence($0, colleague: ProposalReport.colleague(p), skill: { ProposalReport.skill(p, $0) }),
                 colleagues: $0.colleagues)
        }
        warnings = p.result.warnings
    }
}
