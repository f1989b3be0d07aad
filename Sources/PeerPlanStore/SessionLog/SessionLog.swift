import Foundation
import GRDB
import PeerPlanCore

/// Whether a scheduled session took place. A logged session must be one the school's latest
/// weekly pattern has on that date, as its calendars have it (`SeriesPlanner`: closed days,
/// early releases, testing days and week changes applied; a moved session is logged on the date
/// it moved to). Logging the same session and date again replaces the entry.
package enum SessionStatus: String, Sendable, Codable, CaseIterable {
    case held, missed
}

/// One dated occurrence of a school's weekly pattern.
package struct DatedSession: Sendable, Equatable {
    package var school: String
    package var meeting: String
    /// `pair`, `observation`, `plc` or `pd`.
    package var kind: String
    package var members: [String]
    package var date: CalendarDate
    package var minutes: Int
}

/// A session that was logged, and what the log did with it.
package struct SessionLogEntry: Sendable, Codable, Equatable {
    package enum Change: String, Sendable, Codable { case added, updated, unchanged }
    package var school: String
    package var meeting: String
    package var kind: String
    package var date: String
    package var status: SessionStatus
    package var note: String
    package var minutes: Int
    package var change: Change
}

/// A request to log one session (from the command line or a row of a log file).
package struct SessionLogRequest: Sendable, Equatable {
    package var school: String
    package var meeting: String
    package var date: CalendarDate
    package var status: SessionStatus
    package var note: String

    package init(school: String, meeting: String, date: CalendarDate, status: SessionStatus, note: String = "") {
        self.school = school
        self.meeting = meeting
        self.date = date
        self.status = status
        self.note = note
    }
}

/// Why a session could not be logged, in domain words.
public enum SessionLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The school's latest weekly pattern has no such meeting.
    case unknownMeeting(meeting: String, school: String)
    /// The meeting exists but does not take place on that date; `dates` are its nearest dates.
    case notScheduledOn(meeting: String, school: String, date: CalendarDate, nearest: [CalendarDate])

    public var description: String {
        switch self {
        case .unknownMeeting(let meeting, let school):
            return "the latest weekly pattern of \(school) has no session \"\(meeting)\""
        case .notScheduledOn(let meeting, let school, let date, let nearest):
            let near = nearest.isEmpty ? "it has no date in the term" : "its nearest dates are " + nearest.map(\.description).joined(separator: ", ")
            return "\(meeting) of \(school) is not scheduled on \(date) (\(near))"
        }
    }
}

package enum SessionLog {
    /// Every dated session of a school's latest weekly pattern over its term.
    static func occurrences(_ db: Database, school: String, config: PeerPlanConfig) throws -> [DatedSession] {
        let book = try SchoolBook.load(db, school: school, config: config)
        var out: [DatedSession] = []
        for series in SeriesPlanner.plan(book.sessions, calendar: book.calendar, exceptions: book.exceptions, rules: book.rules) {
            let members = book.meetings[series.session.meeting]?.members ?? []
            for o in series.occurrences {
                out.append(DatedSession(school: school, meeting: series.session.meeting, kind: series.session.kind, members: members,
                                        date: o.date, minutes: o.end.minutes - o.start.minutes))
            }
        }
        return out.sorted { ($0.date, $0.meeting) < ($1.date, $1.meeting) }
    }

    /// Checks that the school exists and has a weekly pattern.
    static func checkSchool(_ db: Database, _ school: String) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM school WHERE sourcedId = ?", arguments: [school]) == true else {
            throw StoreError.unknownSchool(school, known: try String.fetchAll(db, sql: "SELECT sourcedId FROM school ORDER BY sourcedId"))
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scheduleRun WHERE schoolId = ?", arguments: [school]) == true else {
            throw StoreError.noSchedule(school: school, purpose: .viewing)
        }
    }

    /// The session of `request`, or why it is not one the school's pattern has on that date.
    static func match(_ request: SessionLogRequest, in sessions: [DatedSession]) throws -> DatedSession {
        let mine = sessions.filter { $0.meeting == request.meeting }
        guard !mine.isEmpty else { throw SessionLogError.unknownMeeting(meeting: request.meeting, school: request.school) }
        let onDate = mine.filter { $0.date == request.date }
        guard var session = onDate.first else {
            let nearest = mine.map(\.date).sorted { (abs($0.dayNumber - request.date.dayNumber), $0) < (abs($1.dayNumber - request.date.dayNumber), $1) }
            throw SessionLogError.notScheduledOn(meeting: request.meeting, school: request.school, date: request.date,
                                                 nearest: Array(Set(nearest.prefix(2))).sorted())
        }
        // A meeting twice on one date (a block school's double session) is logged as one.
        session.minutes = onDate.reduce(0) { $0 + $1.minutes }
        return session
    }

    /// Writes one entry in the caller's transaction.
    static func write(_ db: Database, _ request: SessionLogRequest, session: DatedSession, at: String) throws -> SessionLogEntry {
        let members = session.members.joined(separator: ",")
        let existing = try Row.fetchOne(db, sql: "SELECT status, note, kind, minutes, members FROM sessionLog WHERE schoolId = ? AND meetingId = ? AND date = ?",
                                        arguments: [request.school, request.meeting, request.date.description])
        var change = SessionLogEntry.Change.added
        if let existing {
            let same = (existing[0] as String) == request.status.rawValue && (existing[1] as String) == request.note
                && (existing[2] as String) == session.kind && (existing[3] as Int) == session.minutes && (existing[4] as String) == members
            change = same ? .unchanged : .updated
        }
        if change != .unchanged {
            try db.execute(sql: """
                INSERT INTO sessionLog (schoolId, meetingId, date, status, note, kind, minutes, members, loggedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (schoolId, meetingId, date) DO UPDATE SET status = excluded.status, note = excluded.note, kind = excluded.kind,
                    minutes = excluded.minutes, members = excluded.members, loggedAt = excluded.loggedAt
                """, arguments: [request.school, request.meeting, request.date.description, request.status.rawValue, request.note,
                                 session.kind, session.minutes, members, at])
        }
        return SessionLogEntry(school: request.school, meeting: request.meeting, kind: session.kind, date: request.date.description,
                               status: request.status, note: request.note, minutes: session.minutes, change: change)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

extension Store {
    /// Logs one session as held or missed, in one transaction.
    package func logSession(_ request: SessionLogRequest, config: PeerPlanConfig) throws -> SessionLogEntry {
        try writer.write { db in
            try SessionLog.checkSchool(db, request.school)
            let session = try SessionLog.match(request, in: try SessionLog.occurrences(db, school: request.school, config: config))
            return try SessionLog.write(db, request, session: session, at: SessionLog.now())
        }
    }

    /// Every dated session of a school's latest weekly pattern over its term (what can be logged).
    package func datedSessions(school: String, config: PeerPlanConfig) throws -> [DatedSession] {
        try writer.read { db in
            try SessionLog.checkSchool(db, school)
            return try SessionLog.occurrences(db, school: school, config: config)
        }
    }
}
