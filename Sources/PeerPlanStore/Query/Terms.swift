import Foundation
import GRDB
import PeerPlanCore

/// Terms (academicSessions) and a school's calendar over one of them.
package enum Terms {
    /// The term asked for, or else the term (or semester) containing `date`, else the next one to
    /// start, else the last one; a district with only a school year uses the school year.
    package static func resolve(_ db: Database, id: String?, on date: CalendarDate) throws -> SchoolTerm {
        struct Row { var id, title, type: String; var start, end: CalendarDate; var parent: String? }
        let rows: [Row] = try GRDB.Row.fetchAll(db, sql: "SELECT sourcedId, title, type, startDate, endDate, parentId FROM term ORDER BY startDate, sourcedId").compactMap {
            guard let start = CalendarDate(parsing: $0[3]), let end = CalendarDate(parsing: $0[4]) else { return nil }
            return Row(id: $0[0], title: $0[1], type: $0[2], start: start, end: end, parent: $0[5])
        }
        func term(_ r: Row) -> SchoolTerm {
            let year = rows.first { $0.id == r.parent && $0.type == "schoolYear" }
                ?? rows.first { $0.type == "schoolYear" && $0.start <= r.start && r.end <= $0.end }
            return SchoolTerm(id: r.id, title: r.title, start: r.start, end: r.end, yearStart: year?.start)
        }
        if let id {
            guard let r = rows.first(where: { $0.id == id }) else {
                throw StoreError.unknownTerm(id, known: rows.map(\.id))
            }
            return term(r)
        }
        let terms = rows.filter { $0.type == "term" || $0.type == "semester" }
        let pool = terms.isEmpty ? rows.filter { $0.type == "schoolYear" } : terms
        guard !pool.isEmpty else {
            throw StoreError.noTerms
        }
        if let current = pool.first(where: { $0.start <= date && date <= $0.end }) { return term(current) }
        if let next = pool.first(where: { $0.start > date }) { return term(next) }
        return term(pool.last!)
    }

    /// The school's calendar over a term: its schedule days, special days and rotation labels.
    package static func calendar(_ db: Database, school: String, term: SchoolTerm) throws -> SchoolCalendar {
        let schedule = try BellSchedule.load(db, school: school)
        var special: [CalendarDate: CalendarDayKind] = [:]
        var labels: [CalendarDate: String] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT date, kind, rotationDay FROM calendarDay WHERE schoolId = ?", arguments: [school]) {
            guard let date = CalendarDate(parsing: row[0]), let kind = CalendarDayKind(rawValue: row[1]) else { continue }
            special[date] = kind
            let label: String = row[2]
            if !label.isEmpty { labels[date] = label }
        }
        return SchoolCalendar(term: term, days: schedule.days, special: special, explicitRotation: labels)
    }

    /// Today in the given time zone (the default term is the one running there today).
    package static func today(in timeZone: String, at now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
