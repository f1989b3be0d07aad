import Foundation
import GRDB
import PeerPlanCore

/// orgs, academicSessions, courses, roles and users.
extension ImportSession {
    // MARK: orgs.csv

    func importOrgs(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), name = try r.requiredColumn("name"), type = try r.requiredColumn("type")
        let statusColumn = r.column("status"), parent = r.column("parentSourcedId")
        let identifier = r.column("identifier")
        let timezoneColumn = r.column("metadata.timezone") ?? r.column("timezone")
        struct Org { var id, name, type, parent, identifier, timezone: String; var line: Int; var deleted: Bool }
        var orgs: [Org] = []
        var seen: [String: Int] = [:]
        var fileIds: Set<String> = []
        while try r.next() {
            try r.validateUTF8()
            let orgId = try value(r, id)
            try checkDuplicate(&seen, orgId, r, id, what: "sourcedId")
            let orgType = try value(r, type).lowercased()
            let known = ["district", "school", "department", "local", "state", "national"]
            guard known.contains(orgType) else {
                throw error(r, type, "\"\(orgType)\" is not an org type; expected one of \(known.joined(separator: ", "))")
            }
            var timezone = try r.string(timezoneColumn)
            if orgType == "school" || orgType == "district", !timezone.isEmpty, TimeZone(identifier: timezone) == nil {
                throw error(r, timezoneColumn, "\"\(timezone)\" is not an IANA time zone (e.g. America/Chicago)")
            }
            if timezone.isEmpty { timezone = "" }
            let deleted = try status(r, statusColumn) == .deleted
            orgs.append(Org(id: orgId, name: try value(r, name), type: orgType, parent: try r.string(parent),
                            identifier: try r.string(identifier), timezone: timezone, line: r.line, deleted: deleted))
            if !deleted { fileIds.insert(orgId) }
        }
        let districtSQL = Self.upsertSQL("district", keys: ["sourcedId"], columns: ["name"])
        let schoolSQL = Self.upsertSQL("school", keys: ["sourcedId"], columns: ["districtId", "name", "identifier", "timezone"])
        let districtZones = Dictionary(orgs.filter { $0.type == "district" }.map { ($0.id, $0.timezone) }, uniquingKeysWith: { a, _ in a })
        for org in orgs where org.type == "district" {
            if org.deleted {
                try delete("district", "DELETE FROM district WHERE sourcedId = ?", [org.id])
                districts.remove(org.id)
            } else {
                try write("district", districtSQL, [org.id, org.name])
                districts.insert(org.id)
            }
        }
        for org in orgs where org.type != "district" && org.type != "school" { if !org.deleted { otherOrgs.insert(org.id) } }
        for org in orgs where org.type == "school" {
            if org.deleted {
                try delete("school", "DELETE FROM school WHERE sourcedId = ?", [org.id])
                schools[org.id] = nil
                continue
            }
            var districtId: String?
            if !org.parent.isEmpty {
                if districts.contains(org.parent) {
                    districtId = org.parent
                } else if !fileIds.contains(org.parent) && !otherOrgs.contains(org.parent) && schools[org.parent] == nil {
                    throw InputError(file: r.displayName, line: org.line, field: "parentSourcedId",
                                     message: "unknown parent org \"\(org.parent)\"; it must be listed in orgs.csv")
                }
            }
            var timezone = org.timezone
            if timezone.isEmpty, let districtId, let zone = districtZones[districtId], !zone.isEmpty { timezone = zone }
            if timezone.isEmpty { timezone = config.defaultTimezone }
            try write("school", schoolSQL, [org.id, districtId, org.name, org.identifier, timezone])
            schools[org.id] = districtId
        }
        if mode(of: .orgs) == .bulk {
            let existingSchools = Array(schools.keys)
            for school in existingSchools where seen[school] == nil || !fileIds.contains(school) {
                try delete("school", "DELETE FROM school WHERE sourcedId = ?", [school])
                schools[school] = nil
            }
            for district in Array(districts) where !fileIds.contains(district) {
                try delete("district", "DELETE FROM district WHERE sourcedId = ?", [district])
                districts.remove(district)
            }
        }
    }

    func isKnownOrg(_ id: String) -> Bool {
        schools[id] != nil || districts.contains(id) || otherOrgs.contains(id)
    }

    // MARK: academicSessions.csv

    func importSessions(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), title = try r.requiredColumn("title"), type = try r.requiredColumn("type")
        let start = try r.requiredColumn("startDate"), end = try r.requiredColumn("endDate")
        let statusColumn = r.column("status"), parent = r.column("parentSourcedId"), year = r.column("schoolYear")
        let sql = Self.upsertSQL("term", keys: ["sourcedId"], columns: ["title", "type", "startDate", "endDate", "parentId", "schoolYear"])
        var seen: [String: Int] = [:]
        while try r.next() {
            try r.validateUTF8()
            let termId = try value(r, id)
            try checkDuplicate(&seen, termId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("term", "DELETE FROM term WHERE sourcedId = ?", [termId])
                terms.remove(termId)
                seen[termId] = nil
                continue
            }
            let typeText = try value(r, type)
            let types = ["schoolYear", "semester", "term", "gradingPeriod"]
            guard let canonical = types.first(where: { $0.lowercased() == typeText.lowercased() }) else {
                throw error(r, type, "\"\(typeText)\" is not a session type; expected one of \(types.joined(separator: ", "))")
            }
            let startDate = try date(r, start)!, endDate = try date(r, end)!
            if endDate < startDate {
                throw error(r, end, "the session ends (\(endDate)) before it starts (\(startDate))")
            }
            let parentId = try r.string(parent)
            try write("term", sql, [termId, try value(r, title), canonical, startDate.description, endDate.description,
                                    parentId.isEmpty ? nil : parentId, try r.string(year)])
            terms.insert(termId)
        }
        if mode(of: .academicSessions) == .bulk {
            for term in Array(terms) where seen[term] == nil {
                try delete("term", "DELETE FROM term WHERE sourcedId = ?", [term])
                terms.remove(term)
            }
        }
    }

    // MARK: courses.csv

    func importCourses(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), title = try r.requiredColumn("title")
        let statusColumn = r.column("status"), code = r.column("courseCode"), org = r.column("orgSourcedId")
        let grades = r.column("grades"), subjects = r.column("subjects")
        let sql = Self.upsertSQL("course", keys: ["sourcedId"], columns: ["title", "courseCode", "orgId", "grades", "subjects"])
        var seen: [String: Int] = [:]
        while try r.next() {
            try r.validateUTF8()
            let courseId = try value(r, id)
            try checkDuplicate(&seen, courseId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("course", "DELETE FROM course WHERE sourcedId = ?", [courseId])
                courses.remove(courseId)
                seen[courseId] = nil
                continue
            }
            let orgId = try r.string(org)
            if !orgId.isEmpty, !isKnownOrg(orgId) {
                throw error(r, org, "unknown org \"\(orgId)\"; it must be listed in orgs.csv")
            }
            try write("course", sql, [courseId, try value(r, title), try r.string(code), orgId.isEmpty ? nil : orgId,
                                      try r.string(grades), try r.string(subjects)])
            courses.insert(courseId)
        }
        if mode(of: .courses) == .bulk {
            for course in Array(courses) where seen[course] == nil {
                try delete("course", "DELETE FROM course WHERE sourcedId = ?", [course])
                courses.remove(course)
            }
        }
    }

    // MARK: roles.csv (OneRoster 1.2)

    /// Reads teacher roles (and the roles of other staff) before users.csv; student roles are read past.
    func importRoles(_ r: CSVReader) throws {
        rolesFile = r.displayName
        let user = try r.requiredColumn("userSourcedId"), role = try r.requiredColumn("role")
        let roleType = try r.requiredColumn("roleType"), org = try r.requiredColumn("orgSourcedId")
        let statusColumn = r.column("status")
        while try r.next() {
            if r.field(role, equalsIgnoringCase: "student") { continue }
            try r.validateUTF8()
            if try status(r, statusColumn) == .deleted { continue }
            let userId = try value(r, user)
            let roleName = try value(r, role).lowercased()
            let orgId = try value(r, org)
            guard isKnownOrg(orgId) else { throw error(r, org, "unknown org \"\(orgId)\"; it must be listed in orgs.csv") }
            let typeText = try r.string(at: roleType).lowercased()
            guard typeText == "primary" || typeText == "secondary" else {
                throw error(r, roleType, "\"\(typeText)\" is not a role type; expected primary or secondary")
            }
            if roleName == "teacher" {
                teacherRolesFromRolesFile[userId, default: []].append((orgId, typeText == "primary", r.line))
            } else if nonTeacherRolesFromRolesFile[userId] == nil {
                nonTeacherRolesFromRolesFile[userId] = roleName
            }
        }
    }

    // MARK: users.csv

    func importUsers(_ r: CSVReader) throws {
        usersInThisImport = true
        let id = try r.requiredColumn("sourcedId")
        let usesRolesFile = version == "1.2" || r.column("role") == nil
        if usesRolesFile && rolesFile == nil {
            throw InputError(file: r.displayName, line: 1, field: "role",
                             message: "users.csv has no role column (OneRoster 1.2) but no roles.csv was imported with it")
        }
        let role = usesRolesFile ? nil : try r.requiredColumn("role")
        let orgsColumn = usesRolesFile ? nil : try r.requiredColumn("orgSourcedIds")
        let primaryOrg = r.column("primaryOrgSourcedId")
        let statusColumn = r.column("status")
        let given = r.column("givenName"), family = r.column("familyName"), preferred = r.column("preferredGivenName")
        let email = r.column("email"), username = r.column("username"), identifier = r.column("identifier")
        let teacherSQL = Self.upsertSQL("teacher", keys: ["sourcedId"], columns: ["givenName", "familyName", "preferredGivenName", "email", "username", "identifier"])
        let scratch = try db.cachedStatement(sql: "INSERT INTO temp.importUser (id, role, line) VALUES (?, ?, ?)")
        let firstLine = try db.cachedStatement(sql: "SELECT line FROM temp.importUser WHERE id = ?")
        var seenTeachers: [String: Int] = [:]
        let rolesAreDelta = mode(of: .roles) == .delta
        while try r.next() {
            try r.validateUTF8()
            let userId = try value(r, id)
            // Every user id once per file, whatever its role (students included, checked on disk).
            if let first = try Int.fetchOne(firstLine, arguments: [userId]) {
                throw error(r, id, "duplicate sourcedId \"\(userId)\" (first on line \(first))")
            }
            let deleted = try status(r, statusColumn) == .deleted
            var roleName: String
            if let role {
                roleName = try value(r, role).lowercased()
            } else if teacherRolesFromRolesFile[userId] != nil {
                roleName = "teacher"
            } else if let other = nonTeacherRolesFromRolesFile[userId] {
                roleName = other
            } else if rolesAreDelta && teachers.contains(userId) {
                // A delta roles.csv lists only roles that changed: a known teacher stays one.
                roleName = "teacher"
            } else {
                roleName = "student"
            }
            try scratch.execute(arguments: [userId, deleted ? "deleted" : roleName, r.line])
            if roleName != "teacher" {
                report.usersReadPast += 1
                if !deleted && roleName != "student" { staffRoles[userId] = roleName }
                if teachers.contains(userId) {
                    // A former teacher who now has another role: no longer stored.
                    try delete("teacher", "DELETE FROM teacher WHERE sourcedId = ?", [userId])
                    teachers.remove(userId)
                }
                continue
            }
            if deleted {
                try delete("teacher", "DELETE FROM teacher WHERE sourcedId = ?", [userId])
                teachers.remove(userId)
                continue
            }
            seenTeachers[userId] = r.line
            // The teacher's schools: orgSourcedIds (1.1) or the teacher roles of roles.csv (1.2),
            // primary first; 1.2's primaryOrgSourcedId only breaks a tie between teacher roles.
            var schoolIds: [String] = []
            var primary: String?
            if let orgsColumn {
                for org in list(try r.string(at: orgsColumn)) {
                    guard isKnownOrg(org) else { throw error(r, orgsColumn, "unknown org \"\(org)\"; it must be listed in orgs.csv") }
                    if schools[org] != nil, !schoolIds.contains(org) { schoolIds.append(org) }
                }
                primary = schoolIds.first
            } else if let roles = teacherRolesFromRolesFile[userId] {
                for entry in roles where schools[entry.org] != nil && !schoolIds.contains(entry.org) {
                    schoolIds.append(entry.org)
                    if entry.primary && primary == nil { primary = entry.org }
                }
            } else {
                schoolIds = teacherSchools[userId] ?? [] // unchanged roles (delta)
                primary = schoolIds.first
            }
            let primaryText = try r.string(primaryOrg)
            if !primaryText.isEmpty {
                guard isKnownOrg(primaryText) else { throw error(r, primaryOrg, "unknown org \"\(primaryText)\"; it must be listed in orgs.csv") }
                if primary == nil && schoolIds.contains(primaryText) { primary = primaryText }
            }
            if schoolIds.isEmpty {
                throw error(r, orgsColumn ?? id, "teacher \"\(userId)\" belongs to no school listed in orgs.csv")
            }
            let preferredName = try r.string(preferred)
            try write("teacher", teacherSQL, [userId, try r.string(given), try r.string(family), preferredName,
                                              try r.string(email), try r.string(username), try r.string(identifier)])
            teachers.insert(userId)
            try syncTeacherSchools(userId, schoolIds: schoolIds, primary: primary ?? schoolIds[0])
        }
        // 1.2 delta: teacher roles sent without the user's row still move them between schools.
        if usesRolesFile && rolesAreDelta {
            for (userId, roles) in teacherRolesFromRolesFile.sorted(by: { $0.key < $1.key })
            where seenTeachers[userId] == nil && teachers.contains(userId) {
                let schoolIds = roles.map(\.org).filter { schools[$0] != nil }
                guard !schoolIds.isEmpty else { continue }
                let primary = roles.first { $0.primary && schools[$0.org] != nil }?.org ?? schoolIds[0]
                try syncTeacherSchools(userId, schoolIds: Array(Set(schoolIds)).sorted(), primary: primary)
            }
        }
        if mode(of: .users) == .bulk {
            for teacher in Array(teachers) where seenTeachers[teacher] == nil {
                try delete("teacher", "DELETE FROM teacher WHERE sourcedId = ?", [teacher])
                teachers.remove(teacher)
            }
        }
    }

    func syncTeacherSchools(_ teacherId: String, schoolIds: [String], primary: String) throws {
        let sql = Self.upsertSQL("teacherSchool", keys: ["teacherId", "schoolId"], columns: ["isPrimary"])
        for school in schoolIds {
            try write("teacherSchool", sql, [teacherId, school, school == primary])
        }
        for old in teacherSchools[teacherId] ?? [] where !schoolIds.contains(old) {
            try delete("teacherSchool", "DELETE FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", [teacherId, old])
        }
        teacherSchools[teacherId] = [primary] + schoolIds.filter { $0 != primary }
    }
}
