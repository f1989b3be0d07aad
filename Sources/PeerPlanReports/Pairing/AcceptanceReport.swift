import PeerPlanStore

/// What a district-wide accept did (`PairingStore.acceptAll`): one line per school, then the
/// district's total. The hint at the command that makes a missing proposal is the caller's.
package enum AcceptanceReport {
    package static func districtText(_ schools: [PairingStore.SchoolAcceptance]) -> String {
        var out = ""
        var accepted = 0, pairs = 0, already = 0, missing = 0
        for s in schools {
            out += "\(s.schoolName) (\(s.school)): "
            switch s.outcome {
            case .accepted(let cycle, let run, let n):
                accepted += 1
                pairs += n
                out += "accepted run #\(run) as pairing cycle \(cycle), \(n) pair\(n == 1 ? "" : "s")\n"
            case .alreadyAccepted(let cycle, let run):
                already += 1
                out += "run #\(run) already is pairing cycle \(cycle); left as it is\n"
            case .noProposal:
                missing += 1
                out += "no proposal yet; nothing accepted\n"
            }
        }
        out += "District: \(accepted) of \(schools.count) schools accepted, \(pairs) pair\(pairs == 1 ? "" : "s")"
        if already > 0 { out += "; \(already) already accepted" }
        if missing > 0 { out += "; \(missing) without a proposal" }
        out += ". Earlier cycles are kept.\n"
        return out
    }
}
