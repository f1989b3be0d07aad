import Foundation
import PeerPlanCalendar
import PeerPlanCore
import PeerPlanStore

/// Laying out a school's calendars from its book: one event (or one per date on rotation days)
/// per session of the pattern, with stable UIDs, shared by every audience that sees it.
extension SchoolBook {
    /// Stable identity of a session: what the meeting is, never a run or a time.
    func uid(_ s: SeriesPlanner.Session) -> String {
        let m = meetings[s.meeting]
        let identity: String
        switch s.kind {
        case "pair": identity = "pair|" + (m?.members.sorted().joined(separator: ",") ?? s.meeting)
        case "observation":
            let host = m?.host ?? ""
            identity = "observation|\(m?.members.first { $0 != host } ?? "")|\(host)"
        case "plc": identity = "plc|" + (plcNames[s.meeting] ?? s.meeting)
        default: identity = "\(s.kind)|" + (m?.members.joined(separator: ",") ?? s.meeting)
        }
        let digest = SHA256.hex("\(school)|\(identity)")
        return "\(s.kind)-\(digest.prefix(24))-\(s.session)@peerplan"
    }

    /// Lays out the calendars (pure: no database), raising SEQUENCE where an event's fingerprint
    /// differs from what was published; returns the calendars of `only` (every audience when nil)
    /// and the SEQUENCE changes for the store to record.
    func layout(only: CalendarAudience?, now: Date) throws -> (output: [Publisher.Pending], changes: [PublishedEvent.Change]) {
        let series = SeriesPlanner.plan(sessions, calendar: calendar, exceptions: exceptions, rules: rules)
        var ledger = SequenceLedger(published: published, now: now)
        let organizer = self.organizer
        var perUID: [(uid: String, series: SeriesPlanner.Series, members: [String], make: (CalendarAudience) throws -> [CalendarEvent])] = []
        for series in series where !series.patternDates.isEmpty {
            let s = series.session
            let base = uid(s)
            // The same for every audience and date of this series: computed once.
            let about = description(series), people = attendees(s), tags = categories(s.kind)
            var summaries: [CalendarAudience: (String, String?)] = [:]
            let schoolAudience = CalendarAudience.school(school)
            func summaryFor(_ audience: CalendarAudience) -> (String, String?) {
                // Only a teacher's view depends on who is looking.
                let key: CalendarAudience = { if case .teacher = audience { return audience } else { return schoolAudience } }()
                if let known = summaries[key] { return known }
                let made = self.summary(s, for: audience)
                summaries[key] = made
                return made
            }
            let members = (meetings[s.meeting]?.members ?? []).sorted()
            let zone = timeZone
            if series.isWeekly {
                let first = series.patternDates.first!, last = series.patternDates.last!
                var fingerprintText = "weekly|\(s.day)|\(s.start)|\(s.end)|\(s.everyWeeks)|\(first)|\(last)|\(members.joined(separator: ","))"
                fingerprintText += "|x:" + series.skipped.map(\.date.description).joined(separator: ",")
                fingerprintText += "|o:" + series.overrides.map { "\($0.original)>\($0.date) \($0.start)-\($0.end)" }.joined(separator: ",")
                let shape = EventShape(form: .weekly, first: first, start: s.start, end: s.end, everyWeeks: s.everyWeeks, last: last, kind: s.kind,
                                       plcMeeting: s.kind == "plc" ? s.meeting : nil, members: members, summary: summaryFor(schoolAudience).0)
                let seq = ledger.sequence(base, fingerprint: SHA256.hex(fingerprintText), shape: shape)
                let until = try LibicalRuntime.utc(for: LocalDateTime(date: last, time: s.start), timeZoneID: zone)
                perUID.append((base, series, members, { audience in
                    let (summary, location) = summaryFor(audience)
                    var events = [CalendarEvent(
                        uid: base, summary: summary, description: about, location: location,
                        time: .timed(start: LocalDateTime(date: first, time: s.start), end: LocalDateTime(date: first, time: s.end), timeZoneID: zone),
                        recurrence: WeeklyRecurrence(interval: s.everyWeeks, until: until),
                        excludedDates: series.skipped.map(\.date), sequence: seq, categories: tags,
                        status: .confirmed, organizer: organizer, attendees: people)]
                    for o in series.overrides {
                        events.append(CalendarEvent(
                            uid: base, summary: summary, description: about + "\nMoved this week: \(self.publicReason(o.reason)).", location: location,
                            time: .timed(start: LocalDateTime(date: o.date, time: o.start), end: LocalDateTime(date: o.date, time: o.end), timeZoneID: zone),
                            sequence: seq, categories: tags, recurrenceID: LocalDateTime(date: o.original, time: s.start),
                            status: .confirmed, organizer: organizer, attendees: people))
                    }
                    return events
                }))
            } else {
                // Rotation days follow no weekly rule: one event per date, cancelled ones kept as CANCELLED.
                let skipped = Dictionary(series.skipped.map { ($0.date, $0.reason) }, uniquingKeysWith: { a, _ in a })
                let moved = Dictionary(series.overrides.map { ($0.original, $0) }, uniquingKeysWith: { a, _ in a })
                for date in series.patternDates {
                    let dated = base.replacingOccurrences(of: "@peerplan", with: "-\(date.description.replacingOccurrences(of: "-", with: ""))@peerplan")
                    let o = moved[date]
                    let when = (o?.date ?? date, o?.start ?? s.start, o?.end ?? s.end)
                    let cancelled = skipped[date] != nil
                    let shape = EventShape(form: .dated, first: when.0, start: when.1, end: when.2, everyWeeks: 1, last: when.0, kind: s.kind,
                                           plcMeeting: s.kind == "plc" ? s.meeting : nil, members: members, summary: summaryFor(schoolAudience).0)
                    let seq = ledger.sequence(dated, fingerprint: SHA256.hex("dated|\(when.0)|\(when.1)|\(when.2)|\(members.joined(separator: ","))|\(cancelled)"),
                                              shape: shape)
                    perUID.append((dated, series, members, { audience in
                        let (summary, location) = summaryFor(audience)
                        var text = about
                        if let o { text += "\nMoved this week: \(self.publicReason(o.reason))." }
                        if let why = skipped[date] { text += "\nCancelled: \(self.publicReason(why))." }
                        return [CalendarEvent(
                            uid: dated, summary: summary, description: text, location: location,
                            time: .timed(start: LocalDateTime(date: when.0, time: when.1), end: LocalDateTime(date: when.0, time: when.2), timeZoneID: zone),
                            sequence: seq, categories: tags, status: cancelled ? .cancelled : .confirmed,
                            organizer: organizer, attendees: people)]
                    }))
                }
            }
        }
        // Micro-credential checkpoints, for their teacher only.
        var checkpointEvents: [String: [CalendarEvent]] = [:]
        for a in credentials {
            let base = "mc-" + SHA256.hex("\(school)|mc|\(a.teacher)|\(a.credential)|\(a.term)").prefix(24)
            for c in a.checkpoints {
                let uid = "\(base)-\(c.sequence)@peerplan"
                let cancelled = a.cancelled.contains(c.sequence)
                let (summary, about) = checkpointWording(a, c)
                let shape = EventShape(form: .allDay, first: c.date, start: ClockTime(minutes: 0), end: ClockTime(minutes: 0), everyWeeks: 1, last: c.date,
                                       kind: "mc", plcMeeting: nil, members: [a.teacher], summary: summary)
                let seq = ledger.sequence(uid, fingerprint: SHA256.hex("mc|\(c.date)|\(c.kind.rawValue)|\(cancelled)"), shape: shape)
                checkpointEvents[a.teacher, default: []].append(CalendarEvent(
                    uid: uid, summary: summary, description: about,
                    time: .allDay(on: c.date), sequence: seq, categories: ["Micro-credential"],
                    status: cancelled ? .cancelled : .confirmed, organizer: organizer,
                    attendees: people[a.teacher].map { [CalendarPerson(name: $0.name, email: $0.email)] } ?? []))
            }
        }
        // Events published before that this schedule no longer has: published as cancelled (same
        // UID, higher SEQUENCE) in the calendars that carried them until their last date has
        // passed, so subscribed calendars and re-imported files drop them.
        let today = Terms.today(in: timeZone, at: now)
        var removed: [(members: [String], plcMeeting: String?, event: CalendarEvent)] = []
        for (uid, before) in published.sorted(by: { $0.key < $1.key }) where !ledger.isLaidOut(uid) {
            guard let text = before.shape, let shape = EventShape(text: text), shape.last >= today else { continue }
            let seq = ledger.sequence(uid, fingerprint: SequenceLedger.removedFingerprint(before), shape: shape)
            let invited = shape.members.compactMap { people[$0] }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
                .map { CalendarPerson(name: $0.name, email: $0.email) }
            removed.append((shape.members, shape.plcMeeting,
                            try shape.cancelledEvent(uid: uid, sequence: seq, timeZoneID: timeZone, organizer: organizer, attendees: invited,
                                                     categories: shape.kind == "mc" ? ["Micro-credential"] : categories(shape.kind))))
        }
        // The audiences.
        var audiences: [(CalendarAudience, String, String, [Int])] = [] // audience, name, path, indices into perUID
        let all = Array(perUID.indices)
        let teachers = Set(perUID.flatMap(\.members)).union(checkpointEvents.keys)
            .union(removed.flatMap(\.members).filter { people[$0] != nil }).sorted()
        let plcs = Set(perUID.compactMap { $0.series.session.kind == "plc" ? $0.series.session.meeting : nil })
            .union(removed.compactMap(\.plcMeeting).filter { plcNames[$0] != nil }).sorted()
        func wanted(_ a: CalendarAudience) -> Bool { only == nil || only == a }
        if wanted(.school(school)) { audiences.append((.school(school), "PeerPlan — \(schoolName)", "\(school)/school.ics", all)) }
        for t in teachers where wanted(.teacher(t)) {
            audiences.append((.teacher(t), "PeerPlan — \(name(t))", "\(school)/teachers/\(t).ics", all.filter { perUID[$0].members.contains(t) }))
        }
        for p in plcs {
            let team = plcNames[p] ?? p
            // A team is known in calendars by its name: asking for one team's id gets every
            // scheduled team of that name.
            if let only {
                guard case .plc(let asked) = only, plcNames["plc:\(asked)"] == team else { continue }
            }
            guard let id = Self.plcID(meeting: p) else { continue }  // PLC meeting ids are `plc:<id>`
            audiences.append((.plc(id), "PeerPlan — PLC: \(team)", "\(school)/plcs/\(slug(team)).ics", all.filter { perUID[$0].series.session.meeting == p }))
        }
        if case .teacher(let t)? = only, !teachers.contains(t) {
            guard people[t] != nil else { throw PublishingError.teacherNotAtSchool(teacher: t, school: school) }
            audiences.append((.teacher(t), "PeerPlan — \(name(t))", "\(school)/teachers/\(t).ics", []))
        }
        let pending = try audiences.map { audience, title, path, indices in
            var events: [CalendarEvent] = []
            for k in indices { events += try perUID[k].make(audience) }
            if case .teacher(let t) = audience { events += checkpointEvents[t] ?? [] }
            switch audience {
            case .school: events += removed.map(\.event)
            case .teacher(let t): events += removed.filter { $0.members.contains(t) }.map(\.event)
            case .plc(let id): events += removed.filter { $0.plcMeeting == "plc:\(id)" }.map(\.event)
            }
            events.sort { ($0.uid, $0.recurrenceID?.description ?? "") < ($1.uid, $1.recurrenceID?.description ?? "") }
            let changed = events.compactMap { ledger.lastChanged($0.uid) }.max() ?? now
            return Publisher.Pending(audience: audience, school: school, path: path,
                                     document: CalendarDocument(name: title, timeZoneID: timeZone, events: events), lastModified: changed)
        }
        return (pending, ledger.changes)
    }

    /// A team name as a file name: lowercase letters and digits, runs of anything else as one `-`.
    func slug(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
    }
}
