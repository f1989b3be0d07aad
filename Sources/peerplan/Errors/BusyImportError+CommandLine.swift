import PeerPlanStore

extension BusyImportError: CommandLineDescribable {
    var commandLineMessage: String {
        switch self {
        case .thresholdOutOfRange(let threshold):
            "--threshold: the threshold is a share of dates, more than 0 and at most 1 (got \(threshold))"
        case .unknownTeacher(let teacher, let storeHasTeachers):
            "--teacher: unknown teacher \"\(teacher)\"" + (storeHasTeachers ? "; `peerplan teachers` lists them" : "; import a district first")
        case .teacherWithoutSchool(let teacher):
            "--teacher: teacher \(teacher) works at no school in the store"
        }
    }
}
