import Foundation
import GRDB
import PeerPlanCore

/// orgs, academicSessions, courses, roles and users.
extension ImportSession {
    // MARK: orgs.csv

    private struct Org {
        var id, name, type, parent, identifier, timezone: String
        var line: Int
        var deleted: Bool
    }

    func importOrgs(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), name = try r.requiredColumn("name"), type = try r.requiredColumn("type")
        let statusColumn = r.column("status"), parent = r.column("parentSourcedId")
        let identifier = r.column("identifier")
        let timezoneColumn = r.column("metadata.timezone") ?? r.column("timezone")
        var orgs: [Org] = []
        var seen: [String: Int] = [:]
        var fileIds: Set<String> = []
        try eachRow(r, idColumn: id) {
            let orgId = try value(r, id)
            try checkDuplicate(&seen, orgId, r, id, what: "sourcedId")
            let orgType = try value(r, type).lowercased()
            let known = ["district", "school", "department", "local", "state", "national"]
            guard known.contains(orgType) else {
                throw error(r, type, "\"\(orgType)\" is not an org type; expected one of \(known.joined(separator: ", "))")
            }
            let timezone = try r.string(timezoneColumn)
            if orgType == "school" || orgType == "district", !timezone.isEmpty, TimeZone(identifier: timezone) == nil {
                throw error(r, timezoneColumn, "\"\(timezone)\" is not an IANA time zone (e.g. America/Chicago)")
            }
            let deleted = try status(r, statusColumn) == .deleted
            orgs.append(Org(id: orgId, name: try value(r, name), type: orgType, parent: try r.string(parent),
                            identifier: try r.string(identifier), timezone: timezone, line: r.line, deleted: deleted))
            if deleted { deletedOrgs.insert(orgId) } else { fileIds.insert(orgId) }
        }
        var byId: [String: Org] = [:]
        for org in orgs where !org.deleted { byId[org.id] = org }
        /// The org's ancestors, nearest first, as far as orgs.csv (and the store) know them; and
        /// the first parent id that is listed nowhere, if the chain stops at one.
        func ancestors(of org: Org) -> (chain: [String], missing: String?) {
            var chain: [String] = [], current = org.parent
            var visited: Set<String> = [org.id]
            while !current.isEmpty, !visited.contains(current) {
                visited.insert(current)
                if let next = byId[current] {
                    chain.append(current)
                    current = next.parent
                } else if schools[current] != nil || districts.contains(current) || otherOrgs.contains(current) || orgSchool[current] != nil {
                    chain.append(current)
                    break
                } else {
                    return (chain, deletedOrgs.contains(current) ? nil : current)
                }
            }
            return (chain, nil)
        }
        func isSchool(_ orgId: String) -> Bool {
            if let org = byId[orgId] { return org.type == "school" }
            return schools[orgId] != nil && orgSchool[orgId] == nil
        }
        func isDistrict(_ orgId: String) -> Bool { byId[orgId]?.type == "district" || (byId[orgId] == nil && districts.contains(orgId)) }

        let districtSQL = Self.upsertSQL("district", keys: ["sourcedId"], columns: ["name"])
        let schoolSQL = Self.upsertSQL("school", keys: ["sourcedId"], columns: ["districtId", "name", "identifier", "timezone", "orgType"])
        let subOrgSQL = Self.upsertSQL("subOrg", keys: ["sourcedId"], columns: ["name", "type", "schoolId"])
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
        for org in orgs where !["district", "school", "department"].contains(org.type) && !org.deleted { otherOrgs.insert(org.id) }

        func storeSchool(_ org: Org, orgType: String) throws {
            let (chain, _) = ancestors(of: org)
            let districtId = chain.first(where: isDistrict)
            var timezone = org.timezone
            if timezone.isEmpty, let districtId, let zone = districtZones[districtId], !zone.isEmpty { timezone = zone }
            if timezone.isEmpty { timezone = config.defaultTimezone }
            try write("school", schoolSQL, [org.id, districtId, org.name, org.identifier, timezone, orgType])
            schools[org.id] = districtId
            orgSchool[org.id] = nil
        }
        for org in orgs where org.type == "school" {
            if org.deleted {
                try delete("school", "DELETE FROM school WHERE sourcedId = ?", [org.id])
                schools[org.id] = nil
                continue
            }
            if let missing = ancestors(of: org).missing {
                warn(.unknownParentOrg, r, parent, "the parent org \"\(missing)\" of school \(org.id) is not in orgs.csv; the school is kept without a district",
                     line: org.line)
            }
            try storeSchool(org, orgType: "school")
        }
        // Departments (and other orgs below a school) count as the nearest school above them; one
        // with no listed school above it stands in for a school of its own.
        var counted: [String] = []
        for org in orgs where org.type == "department" {
            if org.deleted {
                try delete("subOrg", "DELETE FROM subOrg WHERE sourcedId = ?", [org.id])
                try delete("school", "DELETE FROM school WHERE sourcedId = ?", [org.id])
                orgSchool[org.id] = nil
                schools[org.id] = nil
                continue
            }
            let (chain, missing) = ancestors(of: org)
            if let school = chain.first(where: isSchool) ?? chain.lazy.compactMap({ self.orgSchool[$0] }).first {
                if schools[org.id] != nil {
                    // It stood in for a school before its parent was listed: it is merged into it.
                    try delete("school", "DELETE FROM school WHERE sourcedId = ?", [org.id])
                    schools[org.id] = nil
                }
                try write("subOrg", subOrgSQL, [org.id, org.name, org.type, school])
                orgSchool[org.id] = school
                counted.append("\(org.id) → \(school)")
                continue
            }
            let why = missing.map { "its parent org \"\($0)\" is not in orgs.csv" }
                ?? (org.parent.isEmpty ? "it has no parent org" : "no org above it is a school")
            warn(.departmentStandsInForSchool, r, parent,
                 "department \(org.id) (\(org.name)) belongs to no listed school (\(why)); it stands in for a school, and the teachers, classes and roles that point at it are attached to it",
                 line: org.line)
            try delete("subOrg", "DELETE FROM subOrg WHERE sourcedId = ?", [org.id])
            try storeSchool(org, orgType: "department")
        }
        if !counted.isEmpty {
            note(ImportWarning(kind: .departmentCountsAsSchool, file: r.displayName,
                               message: "\(counted.count) department\(counted.count == 1 ? " counts" : "s count") as the school above \(counted.count == 1 ? "it" : "them"): "
                                   + counted.prefix(10).joined(separator: ", ") + (counted.count > 10 ? ", …" : "")))
        }
        if mode(of: .orgs) == .bulk, !fileBroken(.orgs), errors.isEmpty {
            for school in Array(schools.keys) where !fileIds.contains(school) {
                try delete("school", "DELETE FROM school WHERE sourcedId = ?", [school])
                schools[school] = nil
            }
            for district in Array(districts) where !fileIds.contains(district) {
                try delete("district", "DELETE FROM district WHERE sourcedId = ?", [district])
                districts.remove(district)
            }
            for sub in Array(orgSchool.keys) where !fileIds.contains(sub) {
                try delete("subOrg", "DELETE FROM subOrg WHERE sourcedId = ?", [sub])
                orgSchool[sub] = nil
            }
        }
    }

    func isKnownOrg(_ id: String) -> Bool {
        schools[id] != nil || districts.contains(id) || otherOrgs.contains(id) || orgSchool[id] != nil
    }

    /// The school an org counts as: a school itself, or the school above a department.
    func school(for orgId: String) -> String? {
        if schools[orgId] != nil { return orgId }
        return orgSchool[orgId]
    }

    /// A reference to an org that is not listed: an error, unless the org was marked
    /// `tobedeleted` (then nil: the caller sets the row or value aside with a warning) or had
    /// an error of its own (already reported).
    enum OrgReference { case school(String), otherOrg(String), deleted, alreadyReported }

    func resolveOrg(_ orgId: String, _ r: CSVReader, _ column: Int?) throws -> OrgReference {
        if let school = school(for: orgId) { return .school(school) }
        if isKnownOrg(orgId) { return .otherOrg(orgId) }
        if deletedOrgs.contains(orgId) { return .deleted }
        if isBroken(orgId) || fileBroken(.orgs) { return .alreadyReported }
        throw error(r, column, "unknown org \"\(orgId)\"; it must be listed in orgs.csv")
    }

    // MARK: academicSessions.csv

    func importSessions(_ r: CSVReader) throws {
        let id = try r.requiredColumn("sourcedId"), title = try r.requiredColumn("title"), type = try r.requiredColumn("type")
        let start = try r.requiredColumn("startDate"), end = try r.requiredColumn("endDate")
        let statusColumn = r.column("status"), parent = r.column("parentSourcedId"), year = r.column("schoolYear")
        let sql = Self.upsertSQL("term", keys: ["sourcedId"], columns: ["title", "type", "startDate", "endDate", "parentId", "schoolYear"])
        var seen: [String: Int] = [:]
        try eachRow(r, idColumn: id) {
            let termId = try value(r, id)
            try checkDuplicate(&seen, termId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("term", "DELETE FROM term WHERE sourcedId = ?", [termId])
                terms.remove(termId)
                deletedTerms.insert(termId)
                seen[termId] = nil
                return
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
        if mode(of: .academicSessions) == .bulk, errors.isEmpty {
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
        try eachRow(r, idColumn: id) {
            let courseId = try value(r, id)
            try checkDuplicate(&seen, courseId, r, id, what: "sourcedId")
            if try status(r, statusColumn) == .deleted {
                try delete("course", "DELETE FROM course WHERE sourcedId = ?", [courseId])
                courses.remove(courseId)
                deletedCourses.insert(courseId)
                seen[courseId] = nil
                return
            }
            var orgId = try r.string(org)
            if !orgId.isEmpty, case .deleted = try resolveOrg(orgId, r, org) {
                warn(.refersToDeletedRow, r, org, "org \(orgId) is marked tobedeleted in orgs.csv; course \(courseId) is kept without an org")
                orgId = ""
            }
            try write("course", sql, [courseId, try value(r, title), try r.string(code), orgId.isEmpty ? nil : orgId,
                                      try r.string(grades), try r.string(subjects)])
            courses.insert(courseId)
        }
        if mode(of: .courses) == .bulk, errors.isEmpty {
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
        try eachRow(r) {
            if r.field(role, equalsIgnoringCase: "student") { return }
            if try status(r, statusColumn) == .deleted { return }
            let userId = try value(r, user)
            let roleName = try value(r, role).lowercased()
            let orgId = try value(r, org)
            let typeText = try r.string(at: roleType).lowercased()
            guard typeText == "primary" || typeText == "secondary" else {
                throw error(r, roleType, "\"\(typeText)\" is not a role type; expected primary or secondary")
            }
            let resolved: String
            switch try resolveOrg(orgId, r, org) {
            case .school(let school): resolved = school
            case .otherOrg(let other): resolved = other
            case .deleted:
                warn(.refersToDeletedRow, r, org, "org \(orgId) is marked tobedeleted in orgs.csv; this \(roleName) role of user \(userId) is set aside")
                return
            case .alreadyReported:
                broken.insert(userId)
                return
            }
            if roleName == "teacher" {
                teacherRolesFromRolesFile[userId, default: []].append((resolved, typeText == "primary", r.line))
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
        try eachRow(r, idColumn: id) {
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
            if deleted {
                deletedUsers.insert(userId)
                if let roles = teacherRolesFromRolesFile[userId], let rolesFile {
                    for entry in roles {
                        note(ImportWarning(kind: .refersToDeletedRow, file: rolesFile, line: entry.line, field: "userSourcedId",
                                           message: "user \(userId) is marked tobedeleted in users.csv; their teacher role at \(entry.org) is set aside"))
                    }
                }
            }
            if roleName != "teacher" {
                report.usersReadPast += 1
                if !deleted && roleName != "student" { staffRoles[userId] = roleName }
                if teachers.contains(userId) {
                    // A former teacher who now has another role: no longer stored.
                    try delete("teacher", "DELETE FROM teacher WHERE sourcedId = ?", [userId])
                    teachers.remove(userId)
                }
                return
            }
            if deleted {
                try delete("teacher", "DELETE FROM teacher WHERE sourcedId = ?", [userId])
                teachers.remove(userId)
                return
            }
            seenTeachers[userId] = r.line
            // The teacher's schools: orgSourcedIds (1.1) or the teacher roles of roles.csv (1.2),
            // primary first; 1.2's primaryOrgSourcedId only breaks a tie between teacher roles.
            // A department counts as its school (or stands in for one).
            var schoolIds: [String] = []
            var primary: String?
            var deletedSchools: [String] = []
            if let orgsColumn {
                for org in list(try r.string(at: orgsColumn)) {
                    switch try resolveOrg(org, r, orgsColumn) {
                    case .school(let school): if !schoolIds.contains(school) { schoolIds.append(school) }
                    case .otherOrg: break
                    case .deleted: deletedSchools.append(org)
                    case .alreadyReported:
                        broken.insert(userId)
                        return
                    }
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
                if case .school(let school) = try resolveOrg(primaryText, r, primaryOrg), primary == nil, schoolIds.contains(school) {
                    primary = school
                }
            }
            if schoolIds.isEmpty {
                if !deletedSchools.isEmpty {
                    warn(.refersToDeletedRow, r, orgsColumn,
                         "teacher \(userId)'s only schools (\(deletedSchools.joined(separator: ", "))) are marked tobedeleted in orgs.csv; the teacher is set aside")
                    broken.insert(userId)
                    seenTeachers[userId] = nil
                    return
                }
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
        if mode(of: .users) == .bulk, errors.isEmpty {
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
