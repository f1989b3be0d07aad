import GRDB

/// How a teacher is named everywhere PeerPlan shows them: preferred given name (else the given
/// name) and family name, from a row's given, preferred and family name columns.
package func teacherDisplayName(_ row: Row, given: Int, preferred: Int, family: Int) -> String {
    let preferredName: String = row[preferred]
    let first: String = preferredName.isEmpty ? row[given] : preferredName
    return [first, row[family] as String].filter { !$0.isEmpty }.joined(separator: " ")
}

/// Every teacher of a school: display name and whether they take part in peer collaboration.
func schoolTeachers(_ db: Database, school: String) throws -> (names: [String: String], participating: [String: Bool]) {
    var names: [String: String] = [:]
    var participating: [String: Bool] = [:]
    for row in try Row.fetchAll(db, sql: """
        SELECT t.sourcedId, t.givenName, t.preferredGivenName, t.familyName, t.participating FROM teacher t
        JOIN teacherSchool ts ON ts.teacherId = t.sourcedId WHERE ts.schoolId = ? ORDER BY t.sourcedId
        """, arguments: [school]) {
        names[row[0]] = teacherDisplayName(row, given: 1, preferred: 2, family: 3)
        participating[row[0]] = row[4]
    }
    return (names, participating)
}
