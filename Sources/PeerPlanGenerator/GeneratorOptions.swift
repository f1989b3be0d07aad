import PeerPlanCore

/// What `DistrictGenerator.write` should produce.
package struct GeneratorOptions: Sendable, Hashable {
    /// Number of schools (at least 1).
    package var schools: Int
    /// Teachers in every school; nil draws a typical size per school (elementary ~28, middle ~38,
    /// high ~55, each ±20%). At least `GeneratorOptions.minimumTeachersPerSchool`.
    package var teachersPerSchool: Int?
    /// Same options and seed give byte-identical files.
    package var seed: UInt64
    /// The rubrics ratings are written for. The one with id `TEAM` (or else the first) is used by
    /// most schools; the one with id `Danielson` (or else the second, if any) by about 15% of them.
    package var rubrics: [Rubric]
    /// The district is `dist-<number>` (zero-padded to four digits).
    package var districtNumber: Int

    package static let minimumTeachersPerSchool = 8

    package init(schools: Int, teachersPerSchool: Int? = nil, seed: UInt64 = 1, rubrics: [Rubric],
                districtNumber: Int = 1) {
        self.schools = schools
        self.teachersPerSchool = teachersPerSchool
        self.seed = seed
        self.rubrics = rubrics
        self.districtNumber = districtNumber
    }

    /// Problems that make the options unusable, as sentences; empty when they are valid.
    package func validationProblems() -> [String] {
        var problems: [String] = []
        if schools < 1 { problems.append("the number of schools must be at least 1 (got \(schools))") }
        if schools > 99_999 { problems.append("the number of schools must be at most 99999 (got \(schools))") }
        if let teachersPerSchool {
            if teachersPerSchool < Self.minimumTeachersPerSchool {
                problems.append("teachers per school must be at least \(Self.minimumTeachersPerSchool) (got \(teachersPerSchool))")
            }
            if teachersPerSchool > 1_000 {
                problems.append("teachers per school must be at most 1000 (got \(teachersPerSchool))")
            }
        }
        if districtNumber < 0 { problems.append("the district number must not be negative") }
        if rubrics.isEmpty { problems.append("at least one rubric is needed for ratings") }
        for rubric in rubrics {
            for problem in rubric.validationProblems() {
                problems.append("rubric \(rubric.id): \(problem)")
            }
        }
        return problems
    }
}

/// What was written, counted while writing.
package struct GeneratorSummary: Sendable, Hashable {
    package var districtSourcedId = ""
    package var schools = 0
    package var elementarySchools = 0
    package var middleSchools = 0
    package var highSchools = 0
    /// High schools on an A/B block schedule.
    package var blockScheduleSchools = 0
    package var teachers = 0
    package var students = 0
    package var courses = 0
    package var classes = 0
    /// Rows in enrollments.csv (teachers and students).
    package var enrollments = 0
    /// Rows in ratings.csv.
    package var ratings = 0
    /// Teachers with at least one rating row.
    package var ratedTeachers = 0
    package var bellScheduleRows = 0
    package var dutyRows = 0
    package var calendarRows = 0
    /// Total size of every file written, in bytes.
    package var bytesWritten = 0
    /// The files written, in the order of `DistrictGenerator.fileNames`.
    package var files: [String] = []

    package init() {}
}

package enum GeneratorError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidOptions([String])
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case .invalidOptions(let problems):
            return "invalid generator options: " + problems.joined(separator: "; ")
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
