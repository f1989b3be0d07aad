/// Why a teacher's own calendar could not be imported as busy times. Problems inside the file
/// (not UTF-8, malformed iCalendar) are `InputError`s that name its line.
package enum BusyImportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The share of dates that makes a period busy must be more than 0 and at most 1.
    case thresholdOutOfRange(Double)
    /// No teacher has this sourcedId; `storeHasTeachers` is false when no district was imported.
    case unknownTeacher(String, storeHasTeachers: Bool)
    /// The teacher works at no school in the store.
    case teacherWithoutSchool(String)

    package var description: String {
        switch self {
        case .thresholdOutOfRange(let threshold):
            "the threshold is a share of dates, more than 0 and at most 1 (got \(threshold))"
        case .unknownTeacher(let teacher, let storeHasTeachers):
            "unknown teacher \"\(teacher)\"" + (storeHasTeachers ? "" : "; no district has been imported")
        case .teacherWithoutSchool(let teacher):
            "teacher \(teacher) works at no school in the store"
        }
    }
}
