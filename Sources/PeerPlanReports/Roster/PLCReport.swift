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
        try ReportJSON.string(ProposalJSON(proposal))
    }

    /// One line per school of a district-wide proposal, then the district's total.
    package static func districtText(_ proposals: [PLCStore.Proposal]) -> String {
        var out = ""
        for p in proposals {
            let r = p.result
            out += "\(p.schoolName) (\(p.school)): \(count(r.teams.count, "PLC team")) (\(r.elementary ? "grade levels" : "subjects"))"
                + (r.unassigned.isEmpty ? "" : ", \(count(r.unassigned.count, "teacher")) not in a team") + " [run \(p.runId)]\n"
        }
        let teams = proposals.reduce(0) { $0 + $1.result.teams.count }, left = proposals.reduce(0) { $0 + $1.result.unassigned.count }
        out += "District: \(count(teams, "PLC team")) across \(count(proposals.count, "school")); \(count(left, "teacher")) not in a team.\n"
        return out
    }

    /// Every school's teams, one row per member, with the school first.
    package static func districtCSV(_ proposals: [PLCStore.Proposal]) -> String {
        var out = CSV.row(["school", "team", "basis", "teacher", "name"]) + "\n"
        for p in proposals {
            for team in p.result.teams {
                for member in team.members { out += CSV.row([p.school, team.name, team.basis, member, p.names[member] ?? ""]) + "\n" }
            }
        }
        return out
    }

    /// Every school's proposal, each as `json` writes one, under `schools`.
    package static func districtJSON(_ proposals: [PLCStore.Proposal]) throws -> String {
        try ReportJSON.string(["schools": proposals.map(ProposalJSON.init)])
    }

    struct ProposalJSON: Encodable {
        var school: String, run: Int64, teams: [PLCFormation.Team], unassigned: [String: String]
        init(_ p: PLCStore.Proposal) {
            school = p.school
            run = p.runId
            teams = p.result.teams
            unassigned = p.result.unassigned
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

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
