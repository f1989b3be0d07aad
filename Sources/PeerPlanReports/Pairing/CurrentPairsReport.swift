import PeerPlanCore
import PeerPlanStore

/// A school's current pairs (`PairingStore.Current`: its accepted cycle, else its latest
/// proposal) as text, CSV or JSON. Reasons are worded as in a proposal.
package enum CurrentPairsReport {
    package static func text(_ current: PairingStore.Current) -> String {
        var out = "\(current.school): \(current.source)\n"
        for p in current.pairs {
            let flags = [p.locked ? "locked" : nil, p.virtual ? "virtual" : nil, p.dropped ? "dropped" : nil].compactMap { $0 }
            out += "  \(p.partnerName) (\(p.partner)) supports \(p.targetName) (\(p.target)) — focus: \(p.focus.joined(separator: ", ")); weight \(ScoreText.format(p.weight))"
                + (flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]") + "\n"
        }
        if !current.unmatched.isEmpty {
            out += "Not paired:\n"
            for m in current.unmatched { out += line(m, current) + "\n" }
        }
        return out
    }

    package static func csv(_ current: PairingStore.Current) -> String {
        var out = CSV.row(["partner", "partnerName", "target", "targetName", "focus", "weight", "locked", "virtual", "dropped"]) + "\n"
        for p in current.pairs {
            out += CSV.row([p.partner, p.partnerName, p.target, p.targetName, p.focus.joined(separator: "; "), ScoreText.format(p.weight), "\(p.locked)",
                            "\(p.virtual)", "\(p.dropped)"]) + "\n"
        }
        return out
    }

    package static func json(_ current: PairingStore.Current) throws -> String {
        struct Miss: Encodable { var teacher, name, reason, detail: String }
        struct Out: Encodable {
            var school: String
            var source: String
            var run: Int64?
            var cycle: Int64?
            var pairs: [PairingStore.Current.Pair]
            var unmatched: [Miss]
        }
        return try ReportJSON.string(Out(school: current.school, source: current.source, run: current.run, cycle: current.cycle, pairs: current.pairs,
                                         unmatched: current.unmatched.map {
                                             Miss(teacher: $0.why.teacher, name: $0.name, reason: $0.why.reason.rawValue, detail: sentence($0, current))
                                         }))
    }

    static func sentence(_ m: PairingStore.Current.Miss, _ current: PairingStore.Current) -> String {
        if let recorded = m.recordedSentence { return recorded }
        return UnmatchedReasonWording.sentence(m.why, colleague: colleague(current, m), skill: { current.indicatorNames[$0] ?? $0.indicator })
    }

    static func line(_ m: PairingStore.Current.Miss, _ current: PairingStore.Current) -> String {
        guard m.recordedSentence == nil else {
            return "  \(m.name) (\(m.why.teacher)): \(m.recordedSentence!) [\(m.why.reason.rawValue)]"
        }
        return UnmatchedReasonWording.line(m.why, colleague: colleague(current, m), skill: { current.indicatorNames[$0] ?? $0.indicator })
    }

    static func colleague(_ current: PairingStore.Current, _ m: PairingStore.Current.Miss) -> (String) -> String {
        { id in "\(id == m.why.teacher ? m.name : current.names[id] ?? id) (\(id))" }
    }
}
