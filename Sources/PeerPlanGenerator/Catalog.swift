/// The kinds of school the generator writes.
enum SchoolKind: Int, Sendable, CaseIterable {
    case elementary, middle, high

    /// Grades served, as OneRoster grade indexes (0 = KG, 1…12).
    var grades: [Int] {
        switch self {
        case .elementary: return [0, 1, 2, 3, 4, 5]
        case .middle: return [6, 7, 8]
        case .high: return [9, 10, 11, 12]
        }
    }

    var nameSuffix: String {
        switch self {
        case .elementary: return "Elementary School"
        case .middle: return "Middle School"
        case .high: return "High School"
        }
    }

    /// Typical teachers per school (before the ±20% variation).
    var typicalTeachers: Int {
        switch self {
        case .elementary: return 28
        case .middle: return 38
        case .high: return 55
        }
    }
}

/// OneRoster grade codes by index.
let gradeCodes: [String] = ["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]

/// A family of courses: a secondary department, the elementary homeroom, or an elementary special.
/// Variants are the different course sequences inside it (Spanish vs French, Band vs Art).
struct CourseFamily: Sendable {
    struct Variant: Sendable {
        let code: String
        /// Course title per grade of the school level that uses the family.
        let titles: [String]
    }

    let subject: String
    let code: String
    let variants: [Variant]
    /// A named room (gym, art room) instead of a numbered one.
    let roomName: String?

    func title(variant: Int, gradeIndexInLevel: Int) -> String {
        let titles = variants[variant].titles
        return titles[min(gradeIndexInLevel, titles.count - 1)]
    }
}

enum Catalog {
    // Secondary departments, in the order their sections are listed.
    static let departmentCount = 8
    static let mathematics = 0, english = 1, science = 2, socialStudies = 3, worldLanguages = 4,
               fineArts = 5, physicalEducation = 6, careerTechnical = 7
    /// Departments whose courses suit a double period (labs, studios, shops).
    static let doublePeriodDepartments: Set<Int> = [2, 5, 7]
    /// Elective departments: their teachers take any grade, which balances grades per period.
    static let electiveDepartments: Set<Int> = [4, 5, 6, 7]

    /// Share of a secondary school's teachers in each department.
    static func departmentShares(_ kind: SchoolKind) -> [Double] {
        switch kind {
        case .middle: return [0.19, 0.19, 0.16, 0.15, 0.06, 0.10, 0.09, 0.06]
        default: return [0.16, 0.16, 0.14, 0.13, 0.09, 0.09, 0.08, 0.15]
        }
    }

    static func department(_ index: Int, _ kind: SchoolKind) -> CourseFamily {
        kind == .middle ? middle[index] : high[index]
    }

    static let high: [CourseFamily] = [
        CourseFamily(subject: "Mathematics", code: "MATH", variants: [
            .init(code: "", titles: ["Algebra I", "Geometry", "Algebra II", "Precalculus"]),
        ], roomName: nil),
        CourseFamily(subject: "English Language Arts", code: "ENG", variants: [
            .init(code: "", titles: ["English I", "English II", "English III", "English IV"]),
        ], roomName: nil),
        CourseFamily(subject: "Science", code: "SCI", variants: [
            .init(code: "", titles: ["Biology", "Chemistry", "Physics", "Environmental Science"]),
        ], roomName: nil),
        CourseFamily(subject: "Social Studies", code: "SOC", variants: [
            .init(code: "", titles: ["World Geography", "World History", "U.S. History", "Government & Economics"]),
        ], roomName: nil),
        CourseFamily(subject: "World Languages", code: "WL", variants: [
            .init(code: "SPA", titles: ["Spanish I", "Spanish II", "Spanish III", "AP Spanish Language"]),
            .init(code: "FRE", titles: ["French I", "French II", "French III", "French IV"]),
            .init(code: "CHI", titles: ["Chinese I", "Chinese II", "Chinese III", "Chinese IV"]),
        ], roomName: nil),
        CourseFamily(subject: "Fine Arts", code: "ART", variants: [
            .init(code: "VA", titles: ["Visual Art I", "Visual Art II", "Visual Art III", "AP Studio Art"]),
            .init(code: "BND", titles: ["Concert Band I", "Concert Band II", "Symphonic Band", "Wind Ensemble"]),
            .init(code: "CHO", titles: ["Choir I", "Choir II", "Chamber Choir", "Advanced Chorale"]),
            .init(code: "THE", titles: ["Theatre I", "Theatre II", "Theatre III", "Theatre Production"]),
        ], roomName: nil),
        CourseFamily(subject: "Physical Education", code: "PE", variants: [
            .init(code: "", titles: ["Physical Education I", "Physical Education II", "Lifetime Wellness", "Strength & Conditioning"]),
        ], roomName: "Gym"),
        CourseFamily(subject: "Career and Technical Education", code: "CTE", variants: [
            .init(code: "BUS", titles: ["Introduction to Business", "Marketing", "Accounting", "Entrepreneurship"]),
            .init(code: "HSC", titles: ["Health Science Education", "Medical Terminology", "Anatomy & Physiology", "Clinical Internship"]),
            .init(code: "ENR", titles: ["Principles of Engineering", "Engineering Design", "Robotics", "Engineering Capstone"]),
            .init(code: "CSC", titles: ["Computer Science Principles", "Programming I", "Programming II", "AP Computer Science A"]),
            .init(code: "AGR", titles: ["Agriscience", "Animal Science", "Plant Science", "Agricultural Mechanics"]),
            .init(code: "CUL", titles: ["Culinary Arts I", "Culinary Arts II", "Culinary Arts III", "Culinary Practicum"]),
        ], roomName: nil),
    ]

    static let middle: [CourseFamily] = [
        CourseFamily(subject: "Mathematics", code: "MATH", variants: [
            .init(code: "", titles: ["Math 6", "Math 7", "Pre-Algebra 8"]),
        ], roomName: nil),
        CourseFamily(subject: "English Language Arts", code: "ELA", variants: [
            .init(code: "", titles: ["ELA 6", "ELA 7", "ELA 8"]),
        ], roomName: nil),
        CourseFamily(subject: "Science", code: "SCI", variants: [
            .init(code: "", titles: ["Earth Science 6", "Life Science 7", "Physical Science 8"]),
        ], roomName: nil),
        CourseFamily(subject: "Social Studies", code: "SOC", variants: [
            .init(code: "", titles: ["World Cultures 6", "World History 7", "U.S. History 8"]),
        ], roomName: nil),
        CourseFamily(subject: "World Languages", code: "WL", variants: [
            .init(code: "SPA", titles: ["Exploratory Spanish 6", "Spanish 1A", "Spanish 1B"]),
            .init(code: "FRE", titles: ["Exploratory French 6", "French 1A", "French 1B"]),
        ], roomName: nil),
        CourseFamily(subject: "Fine Arts", code: "ART", variants: [
            .init(code: "VA", titles: ["Art 6", "Art 7", "Art 8"]),
            .init(code: "BND", titles: ["Band 6", "Band 7", "Band 8"]),
            .init(code: "CHO", titles: ["Choir 6", "Choir 7", "Choir 8"]),
        ], roomName: nil),
        CourseFamily(subject: "Physical Education", code: "PE", variants: [
            .init(code: "", titles: ["PE 6", "PE 7", "PE 8"]),
        ], roomName: "Gym"),
        CourseFamily(subject: "Career and Technical Education", code: "CTE", variants: [
            .init(code: "TEC", titles: ["Career Exploration 6", "Computer Applications 7", "Technology & Engineering 8"]),
            .init(code: "FCS", titles: ["Family & Consumer Science 6", "Digital Literacy 7", "Introduction to Coding 8"]),
        ], roomName: nil),
    ]

    // Elementary: the homeroom family and the specials.
    static let homeroom = CourseFamily(subject: "Elementary Education", code: "HR", variants: [
        .init(code: "", titles: ["Kindergarten", "First Grade", "Second Grade", "Third Grade", "Fourth Grade", "Fifth Grade"]),
    ], roomName: nil)

    static let specials: [CourseFamily] = [
        CourseFamily(subject: "Art", code: "ART", variants: [
            .init(code: "", titles: ["Art K", "Art 1", "Art 2", "Art 3", "Art 4", "Art 5"]),
        ], roomName: "Art Room"),
        CourseFamily(subject: "Music", code: "MUS", variants: [
            .init(code: "", titles: ["Music K", "Music 1", "Music 2", "Music 3", "Music 4", "Music 5"]),
        ], roomName: "Music Room"),
        CourseFamily(subject: "Physical Education", code: "PE", variants: [
            .init(code: "", titles: ["PE K", "PE 1", "PE 2", "PE 3", "PE 4", "PE 5"]),
        ], roomName: "Gym"),
        CourseFamily(subject: "STEM", code: "STEM", variants: [
            .init(code: "", titles: ["STEM K", "STEM 1", "STEM 2", "STEM 3", "STEM 4", "STEM 5"]),
        ], roomName: "STEM Lab"),
        CourseFamily(subject: "Library Media", code: "LIB", variants: [
            .init(code: "", titles: ["Library K", "Library 1", "Library 2", "Library 3", "Library 4", "Library 5"]),
        ], roomName: "Library"),
    ]

    /// The order in which a school staffs its specials (a second PE teacher before library).
    static let specialsStaffingOrder = [0, 1, 2, 3, 2, 4, 0, 1]
}
