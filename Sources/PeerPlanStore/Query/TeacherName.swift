import GRDB

/// How a teacher is named everywhere PeerPlan shows them: preferred given name (else the given
/// name) and family name, from a row's given, preferred and family name columns.
package func teacherDisplayName(_ row: Row, given: Int, preferred: Int, family: Int) -> String {
    let preferredName: String = row[preferred]
    let first: String = preferredName.isEmpty ? row[given] : preferredName
    return [first, row[family] as String].filter { !$0.isEmpty }.joined(separator: " ")
}
