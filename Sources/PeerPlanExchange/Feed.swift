import Foundation
import GRDB
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

extension Publisher {
    /// One subscription feed's calendar: a teacher's (across every school they work at), a
    /// school's, or a PLC's (by its id). SEQUENCE bookkeeping happens here too, so a feed
    /// fetched after a schedule change carries raised SEQUENCEs.
    public struct Feed: Sendable {
        public var name: String
        public var text: String
        public var lastModified: Date
    }

    public enum FeedSubject: Sendable, Hashable {
        case teacher(String)
        case school(String)
        case plc(Int64)
    }

    /// `stamp` (DTSTAMP) defaults to the time the calendar last changed, so an unchanged feed
    /// is byte-identical from one request to the next (and its ETag stays the same).
    public func feed(_ subject: FeedSubject, stamp: UTCDateTime? = nil, now: Date = Date()) throws -> Feed {
        let pending: [Pending]
        switch subject {
        case .teacher(let id):
            let schools = try store.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT ts.schoolId FROM teacherSchool ts WHERE ts.teacherId = ?
                    AND EXISTS (SELECT 1 FROM scheduleRun r WHERE r.schoolId = ts.schoolId) ORDER BY ts.schoolId
                    """, arguments: [id])
            }
            guard !schools.isEmpty else { throw InputError(file: "feed", message: "no schedule for teacher \(id)") }
            pending = try plan(schools: schools, only: .teacher(id), now: now)
        case .school(let id):
            pending = try plan(schools: [id], only: .school, now: now)
        case .plc(let id):
            guard let row = try store.writer.read({ try Row.fetchOne($0, sql: "SELECT schoolId, name FROM plc WHERE id = ?", arguments: [id]) }) else {
                throw InputError(file: "feed", message: "unknown PLC \(id)")
            }
            pending = try plan(schools: [row[0]], only: .plc(row[1]), now: now)
        }
        guard var merged = pending.first else { throw InputError(file: "feed", message: "nothing published for \(subject)") }
        // A teacher at two schools gets one calendar with both schools' events.
        for more in pending.dropFirst() {
            merged.document.events += more.document.events
            merged.lastModified = max(merged.lastModified, more.lastModified)
        }
        let doc = try merged.render(stamp: stamp ?? Publisher.stamp(merged.lastModified))
        return Feed(name: doc.name, text: doc.text, lastModified: merged.lastModified)
    }
}
