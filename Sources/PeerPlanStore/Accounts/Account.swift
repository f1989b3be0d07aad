import Foundation

/// A person who signs in to the web app. What they may open follows from their role:
/// district staff every school (counts only), a principal the schools they hold, a teacher
/// only their own week (DESIGN.md §10).
package struct Account: Sendable, Equatable, Codable {
    package enum Role: String, Sendable, Codable, CaseIterable {
        case district, principal, teacher
    }

    /// A school a principal holds, with its name for menus and titles.
    package struct School: Sendable, Equatable, Codable {
        package var id: String
        package var name: String

        package init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    package var id: Int64
    /// Lowercased and trimmed: emails are compared without regard to case.
    package var email: String
    package var role: Role
    /// A principal's schools, in the order they were given (the first is their home page);
    /// empty for other roles.
    package var schools: [School]
    /// The roster teacher (sourcedId) a teacher account is bound to; nil for other roles.
    package var teacherId: String?
    /// That teacher's name as PeerPlan shows it (preferred given name and family name).
    package var teacherName: String?
    package var createdAt: Date

    package init(id: Int64, email: String, role: Role, schools: [School], teacherId: String?, teacherName: String?, createdAt: Date) {
        self.id = id
        self.email = email
        self.role = role
        self.schools = schools
        self.teacherId = teacherId
        self.teacherName = teacherName
        self.createdAt = createdAt
    }

    /// Whether this account may open the pages of `school`: district staff every school, a
    /// principal only the schools they hold, a teacher none (a teacher has only their own week).
    package func holds(school: String) -> Bool {
        switch role {
        case .district: return true
        case .principal: return schools.contains { $0.id == school }
        case .teacher: return false
        }
    }
}
