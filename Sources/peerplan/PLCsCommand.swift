import ArgumentParser
import Foundation
import PeerPlanCore
import PeerPlanReports
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
        abstract: "Propose PLC teams for a school (or every school) from its roster, with the free periods each team shares.",
        discussion: """
        Large teams are split into balanced groups whose members share free periods where possible; teams too small \
        are combined. Each proposal is recorded as a run. With --all-schools, every school's teams are formed in \
        parallel and recorded in one transaction: one line per school, then the district's total.
        """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var choice: SchoolChoice

    @Option(help: "Smallest team.")
    var minSize: Int = 3

    @Option(help: "Largest team.")
    var maxSize: Int = 8

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let store = try options.openExistingStore()
        let plcs = PLCStore(store: store)
        let policy = PLCFormation.Policy(minSize: minSize, maxSize: maxSize)
        guard let school = choice.school else {
            let progress = ProgressLine(total: try PairingStore.schools(in: store).count, label: "schools")
            let proposals = try plcs.proposeAll(policy: policy) { progress.update($0) }
            progress.finish()
            switch format {
            case .json: print(try PLCReport.districtJSON(proposals))
            case .csv: print(PLCReport.districtCSV(proposals), terminator: "")
            case .text: print(PLCReport.districtText(proposals) + "  See one school's teams with `peerplan plcs show --school S`.")
            }
            return
        }
        let proposal = try plcs.propose(school: school, policy: policy)
        switch format {
        case .json: print(try PLCReport.json(proposal))
        case .csv: print(PLCReport.csv(proposal), terminator: "")
        case .text: print(PLCReport.text(proposal), terminator: "")
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
        case .csv: print(PLCReport.csv(teams), terminator: "")
        case .text: print(PLCReport.text(teams), terminator: "")
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
