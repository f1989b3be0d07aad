import GRDB

extension Store {
    /// A school's teachers as pages name them: id and display name, ordered by name.
    package func schoolTeacherNames(school: String) throws -> [(id: String, name: String)] {
        try writer.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE sourcedId = ?", arguments: [school]) == true else {
                throw StoreError.unknownSchool(school, known: [])
            }
            let names = try schoolTeachers(db, school: school).names
            return names.map { (id: $0.key, name: $0.value) }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        }
    }
}
