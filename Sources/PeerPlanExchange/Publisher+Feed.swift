import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

extension Publisher {
    /// One subscription feed's calendar: a teacher's (across every school they work at), a
    /// school's, or a PLC team's. SEQUENCE bookkeeping happens here too, so a feed fetched after a
    /// schedule change carries raised SEQUENCEs.
    ///
    /// `stamp` (DTSTAMP) defaults to the time the calendar last changed, so an unchanged feed
    /// is byte-identical from one request to the next (and its ETag stays the same).
    package func feed(_ audience: CalendarAudience, stamp: UTCDateTime? = nil, now: Date = Date()) throws -> RenderedCalendar {
        let publishing = PublishingStore(store: store, config: config)
        let pending: [Pending]
        switch audience {
        case .teacher(let id):
            let schools = try publishing.scheduledSchools(ofTeacher: id)
            guard !schools.isEmpty else { throw PublishingError.noScheduleForTeacher(id) }
            pending = try plan(schools: schools, only: audience, now: now)
        case .school(let id):
            pending = try plan(schools: [id], only: audience, now: now)
        case .plc(let id):
            guard let school = try publishing.school(ofPLC: id) else { throw PublishingError.unknownPLC(id) }
            pending = try plan(schools: [school], only: audience, now: now)
        }
        guard var merged = pending.first else { throw PublishingError.nothingPublished(audience) }
        // A teacher at two schools gets one calendar with both schools' events.
        for more in pending.dropFirst() {
            merged.document.events += more.document.events
            merged.lastModified = max(merged.lastModified, more.lastModified)
        }
        merged.audience = audience
        return try merged.render(stamp: stamp ?? Publisher.stamp(merged.lastModified))
    }
}
