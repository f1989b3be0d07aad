import PeerPlanCore
import PeerPlanStore

/// PLC teams: a proposal (`PLCStore.Proposal`) or a school's current teams (`PLCStore.Team`).
package enum PLCReport {
    package static func text(_ proposal: PLCStore.Proposal) -> String {
        let r = proposal.result
        var out = "\(proposal.school): \(r.teams.count) PLC teams (\(r.elementary ? "grade levels" : "subjects")); run #\(proposal.runId)\n"
        for team in r.teams {
            out += "  \(team.name) (\(team.members.count)): \(team.members.map { proposal.names[$0] ?? $0 }.joined(separator: ", ")) — \(free(team.commonFreeSlots.map(\.description)))\n"
        }
        for (id, reason) in r.unassigned.sorted(by: { $0.key < $1.key }) {
            out += "  not in a team: \(proposal.names[id] ?? id) (\(id)): \(reason)\n"
        }
        return out
    }

    package static func csv(_ proposal: PLCStore.Proposal) -> String {
        var out = CSV.row(["team", "basis", "teacher", "name"]) + "\n"
        for team in proposal.result.teams {
            for member in team.members { out += CSV.row([team.name, team.basis, member, proposal.names[member] ?? ""]) + "\n" }
        }
        return out
    }

    package static func json(_ proposal: PLCStore.Proposal) throws -> String {
        struct Out: Encodable { var school: String; var run: Int64; var teams: [PLCFormation.Team]; var unassigned: [String: String] }
        return try ReportJSON.string(Out(school: proposal.school, run: proposal.runId, teams: proposal.result.teams, unassigned: proposal.result.unassigned))
    }

    package static func text(_ teams: [PLCStore.Team]) -> String {
        teams.map { t in "  #\(t.id) \(t.name) (\(t.members.count)): \(t.members.joined(separator: ", ")) — \(free(t.commonFreePeriods))\n" }.joined()
    }

    package static func csv(_ teams: [PLCStore.Team]) -> String {
        var out = CSV.row(["team", "name", "basis", "teacher"]) + "\n"
        for t in teams { for m in t.members { out += CSV.row(["\(t.id)", t.name, t.basis, m]) + "\n" } }
        return out
    }

    static func free(_ slots: [String]) -> String {
        slots.isEmpty ? "no period when all are free" : "all free: " + SlotText.compact(slots)
    }
}
