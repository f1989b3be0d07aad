import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanStore

struct PLCsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plcs",
        abstract: "Professional learning communities: grade-level teams (elementary) or subject teams (secondary) of 3–8.",
        subcommands: [PLCsPropose.self, PLCsShow.self, PLCsAdd.self, PLCsRemove.self])
}

struct PLCsPropose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose PLC teams for a school from its roster, with the free periods each team shares.",
        discussion: "Large teams are split into balanced groups whose members share free periods where possible; teams too small are combined. Each proposal is recorded as a run.")

    @OptionGroup var options: StoreOptions

    @Option(help: "The school (its sourcedId).")
    var school: String

    @Option(help: "Smallest team.")
    var minSize: Int = 3

    @Option(help: "Largest team.")
    var maxSize: Int = 8

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let proposal = try PLCStore(store: try options.openExistingStore())
            .propose(school: school, policy: PLCFormation.Policy(minSize: minSize, maxSize: maxSize))
        let r = proposal.result
        switch format {
        case .json:
            struct Out: Encodable { var school: String; var run: Int64; var teams: [PLCFormation.Team]; var unassigned: [String: String] }
            print(try jsonString(Out(school: proposal.school, run: proposal.runId, teams: r.teams, unassigned: r.unassigned)))
        case .csv:
            print("team,basis,teacher,name")
            for team in r.teams {
                for member in team.members { print([team.name, team.basis, member, proposal.names[member] ?? ""].map(csvField).joined(separator: ",")) }
            }
        case .text:
            print("\(proposal.school): \(r.teams.count) PLC teams (\(r.elementary ? "grade levels" : "subjects")); run #\(proposal.runId)")
            for team in r.teams {
                let free = team.commonFreeSlots.isEmpty ? "no period when all are free" : "all free: " + compactSlots(team.commonFreeSlots.map(\.description))
                print("  \(team.name) (\(team.members.count)): \(team.members.map { proposal.names[$0] ?? $0 }.joined(separator: ", ")) — \(free)")
            }
            for (id, reason) in r.unassigned.sorted(by: { $0.key < $1.key }) {
                print("  not in a team: \(proposal.names[id] ?? id) (\(id)): \(reason)")
            }
        }
    }
}

struct PLCsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a school's PLC teams (the latest proposal, with your edits).")
    @OptionGroup var options: StoreOptions
    @Option(help: "The school (its sourcedId).") var school: String
    @Option(help: "text, json or csv.") var format: OutputFormat = .text
    func run() throws {
        let teams = try PLCStore(store: try options.openExistingStore()).teams(school: school)
        switch format {
        case .json: print(try jsonString(teams))
        case .csv:
            print("team,name,basis,teacher")
            for t in teams { for m in t.members { print(["\(t.id)", t.name, t.basis, m].map(csvField).joined(separator: ",")) } }
        case .text:
            for t in teams {
                let free = t.commonFreePeriods.isEmpty ? "no period when all are free" : "all free: " + compactSlots(t.commonFreePeriods)
                print("  #\(t.id) \(t.name) (\(t.members.count)): \(t.members.joined(separator: ", ")) — \(free)")
            }
        }
    }
}

struct PLCMemberOptions: ParsableArguments {
    @Option(help: "The team number (from `plcs show`).") var team: Int64
    @Option(help: "The teacher (sourcedId).") var teacher: String
}

struct PLCsAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a teacher to a PLC team (at most 8 members, at most 2 teams per teacher).")
    @OptionGroup var options: StoreOptions
    @OptionGroup var member: PLCMemberOptions
    func run() throws {
        try PLCStore(store: try options.openExistingStore()).edit(team: member.team, teacher: member.teacher, add: true)
        print("Added \(member.teacher) to team #\(member.team). Run `peerplan schedule` to place the change.")
    }
}

struct PLCsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take a teacher out of a PLC team (at least 3 members remain).")
    @OptionGroup var options: StoreOptions
    @OptionGroup var member: PLCMemberOptions
    func run() throws {
        try PLCStore(store: try options.openExistingStore()).edit(team: member.team, teacher: member.teacher, add: false)
        print("Took \(member.teacher) out of team #\(member.team). Run `peerplan schedule` to place the change.")
    }
}
