import PeerPlanStore

extension EvaluationError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .unknownCycle:
            "--cycle: \(description)"
        case .noCycle(let school):
            "--school: \(description); run `peerplan pairs accept --school \(school)` first"
        case .noCycleAtAnySchool:
            "--district: \(description); run `peerplan pairs accept --all-schools` first"
        }
    }
}
