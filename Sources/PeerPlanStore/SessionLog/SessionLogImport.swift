import Foundation
import GRDB
import PeerPlanCore

/// `peerplan import log FILE.csv`: a file of sessions held or missed (columns schoolSourcedId,
/// meetingId, date, status, note), read whole and written in one transaction. Every bad row is
/// listed with its line, column and field, and then nothing is written.
package struct SessionLogImportReport: Sendable, Codable, Equatable {
    package var file: String
    package var entries: [SessionLogEntry]
    package var added: Int { entries.filter { $0.change == .added }.count }
    package var updated: Int { entries.filter { $0.change == .updated }.count }
    package var unchanged: Int { entries.filter { $0.change == .unchanged }.count }
}

extension Store {
    package func importSessionLog(_ url: URL, displayName: String, config: PeerPlanConfig, encoding: TextEncoding = .utf8) throws -> SessionLogImportReport {
        let reader = try CSVReader(url: url, displayName: displayName, encoding: encoding)
        return try writer.write { db in
            let schoolColumn = try reader.requiredColumn("schoolSourcedId"), meetingColumn = try reader.requiredColumn("meetingId")
            let dateColumn = try reader.requiredColumn("date"), statusColumn = try reader.requiredColumn("status")
            let noteColumn = reader.column("note")
            var errors: [InputError] = []
            func fail(_ column: Int, _ field: String, _ message: String) {
                errors.append(InputError(file: displayName, line: reader.line, column: column + 1, field: field, message: message))
            }
            var sessionsOf: [String: [DatedSession]] = [:]
            var firstLine: [String: Int] = [:]
            var rows: [(SessionLogRequest, DatedSession)] = []
            while try reader.next() {
                let school = try reader.string(at: schoolColumn), meeting = try reader.string(at: meetingColumn)
                let dateText = try reader.string(at: dateColumn), statusText = try reader.string(at: statusColumn)
                let note = try reader.string(noteColumn)
                if sessionsOf[school] == nil {
                    do {
                        try SessionLog.checkSchool(db, school)
                        sessionsOf[school] = try SessionLog.occurrences(db, school: school, config: config)
                    } catch let error as StoreError {
                        fail(schoolColumn, "schoolSourcedId", error.description)
                        continue
                    }
                }
                guard let date = CalendarDate(parsing: dateText) else {
                    fail(dateColumn, "date", "\"\(dateText)\" is not a date (YYYY-MM-DD)")
                    continue
                }
                guard let status = SessionStatus(rawValue: statusText.lowercased()) else {
                    fail(statusColumn, "status", "\"\(statusText)\" is not a status; use held or missed")
                    continue
                }
                let key = "\(school)|\(meeting)|\(date)"
                if let first = firstLine[key] {
                    fail(meetingColumn, "meetingId", "\(meeting) on \(date) at \(school) is logged twice (first on line \(first))")
                    continue
                }
                firstLine[key] = reader.line
                let request = SessionLogRequest(school: school, meeting: meeting, date: date, status: status, note: note)
                do {
                    rows.append((request, try SessionLog.match(request, in: sessionsOf[school] ?? [])))
                } catch let error as SessionLogError {
                    if case .unknownMeeting = error { fail(meetingColumn, "meetingId", error.description) } else { fail(dateColumn, "date", error.description) }
                }
            }
            if !errors.isEmpty {
                throw ImportRefused(errors: Array(errors.prefix(ImportRefused.limit)), total: errors.count)
            }
            let at = SessionLog.now()
            let entries = try rows.map { try SessionLog.write(db, $0.0, session: $0.1, at: at) }
            return SessionLogImportReport(file: displayName, entries: entries)
        }
    }
}
