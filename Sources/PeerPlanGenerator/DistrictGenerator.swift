import Foundation
import PeerPlanCore

/// Writes a synthetic district in PeerPlan's import formats (OneRoster 1.1 plus ratings, bell
/// schedules, duties and calendar), school by school, as a stream.
///
/// Only one school is in memory at a time (its bell schedule, teachers, classes and students:
/// a few thousand values) plus a handful of counters; every file is written through its own
/// 256 KiB buffer. The same options give byte-identical files: every random choice comes from
/// a seeded xoshiro256** generator, nothing depends on dictionary order or the current date.
package enum DistrictGenerator {
    /// Every file `write` produces.
    package static let fileNames = [
        "manifest.csv", "orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "users.csv",
        "enrollments.csv", "ratings.csv", "bell-schedules.csv", "duties.csv", "calendar.csv",
    ]

    /// The fixed `dateLastModified` of every row (never the current date: output is reproducible).
    static let dateLastModified = "2026-07-01T00:00:00.000Z"

    /// Writes the district into `directory` (created if missing; files there are replaced).
    /// `progress` is called after each school with the number of schools written so far.
    package static func write(_ options: GeneratorOptions, to directory: URL,
                             progress: (@Sendable (Int) -> Void)? = nil) throws -> GeneratorSummary {
        let problems = options.validationProblems()
        guard problems.isEmpty else { throw GeneratorError.invalidOptions(problems) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        var writer = try DistrictWriter(options: options, directory: directory)
        for index in 0..<options.schools {
            try writer.writeSchool(index: index)
            progress?(index + 1)
        }
        return try writer.finish()
    }
}

/// The open files and the running counters of one `write` call.
private struct DistrictWriter {
    let options: GeneratorOptions
    let directory: URL
    let layout: DistrictLayout
    let districtID: String
    let primaryRubric: RatingModel
    let secondRubric: RatingModel?

    let orgs: CSVFileWriter
    let sessions: CSVFileWriter
    let courses: CSVFileWriter
    let classes: CSVFileWriter
    let users: CSVFileWriter
    let enrollments: CSVFileWriter
    let ratings: CSVFileWriter
    let bells: CSVFileWriter
    let duties: CSVFileWriter
    let calendar: CSVFileWriter

    var counters = IDCounters()
    var summary = GeneratorSummary()

    // Name lists as bytes, prepared once.
    let adultNames = PreparedNames(NameLists.adultGiven)
    let studentNames = PreparedNames(NameLists.studentGiven)
    let familyNames = PreparedNames(NameLists.family)

    // Constant byte strings.
    let dlm = Array(DistrictGenerator.dateLastModified.utf8)
    let termIDs = csvBytes(SchoolYear.fallID + "," + SchoolYear.springID)
    let classDates = Array((SchoolYear.start.text + "," + SchoolYear.end.text).utf8)

    init(options: GeneratorOptions, directory: URL) throws {
        self.options = options
        self.directory = directory
        layout = DistrictLayout(seed: options.seed, teachersPerSchool: options.teachersPerSchool)
        districtID = "dist-" + Self.padded(options.districtNumber, 4)
        let rubrics = options.rubrics
        let primary = rubrics.first { $0.id.lowercased() == "team" } ?? rubrics[0]
        let second = rubrics.first { $0.id.lowercased() == "danielson" && $0 != primary }
            ?? rubrics.first { $0 != primary }
        primaryRubric = RatingModel(rubric: primary)
        secondRubric = second.map(RatingModel.init)

        func open(_ name: String, _ header: String) throws -> CSVFileWriter {
            try CSVFileWriter(directory: directory, fileName: name,
                              header: header.split(separator: ",").map(String.init))
        }
        orgs = try open("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId,metadata.timezone")
        sessions = try open("academicSessions.csv", "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear")
        courses = try open("courses.csv", "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes")
        classes = try open("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods")
        users = try open("users.csv", "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password")
        enrollments = try open("enrollments.csv", "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate")
        ratings = try open("ratings.csv", "teacherSourcedId,rubric,indicator,score,observedOn,evaluator")
        bells = try open("bell-schedules.csv", "schoolSourcedId,day,period,start,end,kind")
        duties = try open("duties.csv", "teacherSourcedId,day,period,duty")
        calendar = try open("calendar.csv", "schoolSourcedId,date,kind,note")

        summary.districtSourcedId = districtID
        writeDistrict()
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private var allWriters: [CSVFileWriter] {
        [orgs, sessions, courses, classes, users, enrollments, ratings, bells, duties, calendar]
    }

    // MARK: District-wide rows

    private func writeDistrict() {
        var rng = Xoshiro(seed: SplitMix64.mix(options.seed, 0xD157))
        let place = rng.pick(NameLists.districtPlaces)
        let districtName = place + (place.hasSuffix("County") ? " Schools" : " School District")
        row(orgs, [districtID, "active", DistrictGenerator.dateLastModified, districtName, "district",
                   Self.padded(options.districtNumber, 5), "", DistrictLayout.timeZones[layout.districtZone]])

        let dlm = DistrictGenerator.dateLastModified
        row(sessions, [SchoolYear.yearID, "active", dlm, "2026-2027", "schoolYear", SchoolYear.start.text,
                       SchoolYear.end.text, "", "2027"])
        row(sessions, [SchoolYear.fallID, "active", dlm, "Fall 2026", "term", SchoolYear.start.text,
                       SchoolYear.fallEnd.text, SchoolYear.yearID, "2027"])
        row(sessions, [SchoolYear.springID, "active", dlm, "Spring 2027", "term", SchoolYear.springStart.text,
                       SchoolYear.end.text, SchoolYear.yearID, "2027"])

        for day in SchoolYear.districtDays(seed: options.seed) {
            row(calendar, [districtID, day.date.text, day.kind.rawValue, day.note])
        }
    }

    /// A row of text fields (for the small files; the large ones are written byte by byte).
    private func row(_ writer: CSVFileWriter, _ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { writer.comma() }
            writer.field(field)
        }
        writer.endRow()
    }

    // MARK: One school

    mutating func writeSchool(index: Int) throws {
        let outline = layout.outline(index: index)
        let name = layout.schoolName(outline)
        let plan = SchoolPlanner.plan(outline: outline, name: name, counters: &counters)
        let schoolID = "sch-" + Self.padded(outline.number, 4)
        let schoolIDBytes = Array(schoolID.utf8)

        summary.schools += 1
        switch outline.kind {
        case .elementary: summary.elementarySchools += 1
        case .middle: summary.middleSchools += 1
        case .high: summary.highSchools += 1
        }
        if outline.blockSchedule { summary.blockScheduleSchools += 1 }

        row(orgs, [schoolID, "active", DistrictGenerator.dateLastModified, name, "school",
                   Self.padded(outline.number, 4), districtID, outline.timeZone])

        for group in plan.groups {
            for day in group.days {
                for period in group.periods {
                    row(bells, [schoolID, day.description, period.name, period.start.description,
                                period.end.description, period.kind.rawValue])
                }
            }
        }

        for course in plan.courses {
            courses.id("crs-", course.number, width: 6)
            courses.comma(); courses.raw("active,"); courses.raw(dlm); courses.comma()
            courses.field(SchoolYear.yearID); courses.comma()
            courses.field(plan.courseTitle(course)); courses.comma()
            courses.field(plan.courseCode(course)); courses.comma()
            courses.field(gradeCodes[course.grade]); courses.comma()
            courses.raw(schoolIDBytes); courses.comma()
            courses.field(plan.families[course.family].subject); courses.comma()
            courses.endRow()
        }

        writeUsers(plan, schoolIDBytes)
        writeClassesAndEnrollments(plan, schoolIDBytes)

        for duty in plan.duties {
            for day in duty.days {
                duties.id("t-", plan.teachers[duty.teacher].number, width: 6); duties.comma()
                duties.field(day.description); duties.comma()
                duties.field(duty.period); duties.comma()
                duties.field(duty.duty)
                duties.endRow()
            }
        }

        writeRatings(plan)

        var rng = Xoshiro(seed: SplitMix64.mix(outline.seed, 0xCA1E))
        for day in SchoolYear.schoolDays(kind: outline.kind, rng: &rng) {
            row(calendar, [schoolID, day.date.text, day.kind.rawValue, day.note])
        }

        summary.teachers += plan.teachers.count
        summary.students += plan.students.count
        summary.courses += plan.courses.count
        summary.classes += plan.classes.count
        for writer in allWriters { try writer.check() }
    }

    private func writeUsers(_ plan: SchoolPlan, _ schoolID: [UInt8]) {
        for teacher in plan.teachers {
            userRow(prefix: "t-", number: teacher.number, width: 6, schoolID: schoolID, role: "teacher",
                    given: adultNames, givenIndex: teacher.given, familyIndex: teacher.family,
                    identifierPrefix: "E", domain: "@district.k12.example", grade: nil)
        }
        for student in plan.students {
            userRow(prefix: "s-", number: student.number, width: 7, schoolID: schoolID, role: "student",
                    given: studentNames, givenIndex: student.given, familyIndex: student.family,
                    identifierPrefix: "", domain: "@student.district.k12.example", grade: student.grade)
        }
    }

    // sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,
    // familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
    private func userRow(prefix: StaticString, number: Int, width: Int, schoolID: [UInt8], role: StaticString,
                         given: PreparedNames, givenIndex: Int, familyIndex: Int, identifierPrefix: StaticString,
                         domain: StaticString, grade: Int?) {
        let w = users
        w.id(prefix, number, width: width); w.raw(",active,"); w.raw(dlm); w.raw(",true,")
        w.raw(schoolID); w.comma(); w.raw(role); w.comma()
        // username: given.family<n>
        w.raw(given.key[givenIndex]); w.byte(UInt8(ascii: ".")); w.raw(familyNames.key[familyIndex]); w.number(number)
        w.raw(",,")
        w.raw(given.display[givenIndex]); w.comma(); w.raw(familyNames.display[familyIndex]); w.raw(",,")
        if grade == nil { w.id(identifierPrefix, number, width: 6) } else { w.number(2_000_000_000 + number) }
        w.comma()
        w.raw(given.key[givenIndex]); w.byte(UInt8(ascii: ".")); w.raw(familyNames.key[familyIndex]); w.number(number)
        w.raw(domain)
        w.raw(",,,,")
        if let grade { w.field(gradeCodes[grade]) }
        w.comma()
        w.endRow()
    }

    private mutating func writeClassesAndEnrollments(_ plan: SchoolPlan, _ schoolID: [UInt8]) {
        let block = plan.outline.blockSchedule
        for klass in plan.classes {
            let course = plan.courses[klass.course]
            let teacher = plan.teachers[klass.teacher]
            let family = plan.families[course.family]
            let periods = plan.periodsText(klass.slots, ranges: klass.isHomeroom || block)
            let title = klass.isHomeroom
                ? plan.courseTitle(course) + " Homeroom - " + familyNames.text[teacher.family]
                : plan.courseTitle(course) + " - " + periods + " - " + familyNames.text[teacher.family]
            let c = classes
            c.id("cls-", klass.number, width: 7); c.raw(",active,"); c.raw(dlm); c.comma()
            c.field(title); c.comma()
            c.field(gradeCodes[klass.grade]); c.comma()
            c.id("crs-", course.number, width: 6); c.comma()
            c.field(plan.courseCode(course) + "-" + DistrictWriter.padded(klass.section, 2)); c.comma()
            c.raw(klass.isHomeroom ? "homeroom" : "scheduled"); c.comma()
            c.field(teacher.room); c.comma()
            c.raw(schoolID); c.comma()
            c.raw(termIDs); c.comma()
            c.field(family.subject); c.raw(",,")
            c.field(periods)
            c.endRow()

            // Teacher first, then the class's students.
            let e = enrollments
            counters.enrollment += 1
            enrollmentPrefix(classNumber: klass.number, schoolID: schoolID)
            e.id("t-", teacher.number, width: 6); e.raw(",teacher,true,"); e.raw(classDates); e.endRow()
            for s in klass.students {
                counters.enrollment += 1
                enrollmentPrefix(classNumber: klass.number, schoolID: schoolID)
                e.id("s-", plan.students[Int(s)].number, width: 7); e.raw(",student,false,"); e.raw(classDates)
                e.endRow()
            }
        }
    }

    @inline(__always)
    private func enrollmentPrefix(classNumber: Int, schoolID: [UInt8]) {
        let e = enrollments
        e.id("enr-", counters.enrollment, width: 8); e.raw(",active,"); e.raw(dlm); e.comma()
        e.id("cls-", classNumber, width: 7); e.comma(); e.raw(schoolID); e.comma()
    }

    private mutating func writeRatings(_ plan: SchoolPlan) {
        let model = plan.outline.usesSecondRubric ? (secondRubric ?? primaryRubric) : primaryRubric
        var rng = Xoshiro(seed: SplitMix64.mix(plan.outline.seed, 0x2A71))
        let evaluators = plan.evaluators.map(csvBytes)
        let fall = SchoolYear.fallObservationDays, spring = SchoolYear.springObservationDays
        for teacher in plan.teachers {
            guard rng.chance(RatingModel.ratedShare) else { continue }
            summary.ratedTeachers += 1
            let weak = rng.chance(RatingModel.weakShare)
            let final = model.scores(weak: weak, rng: &rng)
            let firstDate = Array(rng.pick(fall).text.utf8)
            let firstEvaluator = rng.below(evaluators.count)
            // History: a second, later observation of one domain; the earlier scores differ a little.
            var revisited: [Int] = []
            if rng.chance(RatingModel.historyShare) { revisited = rng.pick(model.domains) }
            var first = final
            for i in revisited {
                let change = [-1, -1, 0, 0, 1][rng.below(5)]
                first[i] = min(max(final[i] + change, model.rubric.scaleMin), model.rubric.scaleMax)
            }
            for i in final.indices {
                ratingRow(teacher.number, model, i, first[i], firstDate, evaluators[firstEvaluator])
            }
            if !revisited.isEmpty {
                let secondDate = Array(rng.pick(spring).text.utf8)
                let secondEvaluator = evaluators[(firstEvaluator + 1 + rng.below(max(evaluators.count - 1, 1))) % evaluators.count]
                for i in revisited {
                    ratingRow(teacher.number, model, i, final[i], secondDate, secondEvaluator)
                }
            }
        }
    }

    @inline(__always)
    private func ratingRow(_ teacher: Int, _ model: RatingModel, _ indicator: Int, _ score: Int, _ date: [UInt8],
                           _ evaluator: [UInt8]) {
        let r = ratings
        r.id("t-", teacher, width: 6); r.comma()
        r.raw(model.rubricBytes); r.comma()
        r.raw(model.indicatorBytes[indicator]); r.comma()
        if score < 0 { r.byte(UInt8(ascii: "-")); r.number(-score) } else { r.number(score) }
        r.comma(); r.raw(date); r.comma(); r.raw(evaluator)
        r.endRow()
    }

    // MARK: Finishing

    mutating func finish() throws -> GeneratorSummary {
        let manifest = try CSVFileWriter(directory: directory, fileName: "manifest.csv", header: ["propertyName", "value"])
        let bulk: Set<String> = ["academicSessions", "classes", "courses", "enrollments", "orgs", "users"]
        row(manifest, ["manifest.version", "1.0"])
        row(manifest, ["oneroster.version", "1.1"])
        for file in ["academicSessions", "categories", "classes", "classResources", "courses", "courseResources",
                     "demographics", "enrollments", "lineItems", "orgs", "resources", "results", "users"] {
            row(manifest, ["file." + file, bulk.contains(file) ? "bulk" : "absent"])
        }
        row(manifest, ["source.systemName", "PeerPlan generator"])

        for writer in allWriters + [manifest] { try writer.close() }
        summary.enrollments = enrollments.rows
        summary.ratings = ratings.rows
        summary.bellScheduleRows = bells.rows
        summary.dutyRows = duties.rows
        summary.calendarRows = calendar.rows
        summary.bytesWritten = (allWriters + [manifest]).reduce(0) { $0 + $1.bytesWritten }
        summary.files = DistrictGenerator.fileNames
        return summary
    }
}
