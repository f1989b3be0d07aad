import Foundation
import GRDB

/// A change made through the web: who made it, when, and at which school. Store methods that
/// take one check that what they change belongs to that school, and record the audit entry in
/// the change's own transaction, so both are written together or not at all.
package struct WebChange: Sendable, Equatable {
    package var actor: AuditLog.Actor
    package var at: Date
    package var school: String

    package init(actor: AuditLog.Actor, at: Date, school: String) {
        self.actor = actor
        self.at = at
        self.school = school
    }

    /// Each teacher teaches at the school; otherwise `unknownTeacher` (the same answer as a
    /// teacher who does not exist: a principal acts on their own school only).
    package func requireTeachers(_ db: Database, _ teachers: [String]) throws {
        for id in teachers where try Bool.fetchOne(db, sql: "SELECT 1 FROM teacherSchool WHERE teacherId = ? AND schoolId = ?", arguments: [id, school]) != true {
            throw StoreError.unknownTeacher(id)
        }
    }

    /// The PLC team belongs to the school; otherwise `unknownPLCTeam`.
    package func requireTeam(_ db: Database, _ team: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM plc WHERE id = ? AND schoolId = ?", arguments: [team, school]) == true else {
            throw StoreError.unknownPLCTeam(team)
        }
    }

    /// Records the change's audit entry in the caller's transaction.
    package func record(_ db: Database, _ action: AuditLog.Action, _ details: String) throws {
        try AuditLog.record(db, at: at, actor: actor, action: action, school: school, details: details)
    }
}
