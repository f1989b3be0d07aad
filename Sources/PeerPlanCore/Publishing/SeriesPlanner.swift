/// Turns a school's weekly pattern into dated series for calendars: which dates each session
/// occurs on over a term, which it skips (closed days, early releases, testing days, cancellations)
/// and which occurrences were moved (overrides). Pure; the calendar module writes the result.
package enum SeriesPlanner {
    /// One session of the weekly pattern.
    package struct Session: Sendable, Hashable {
        package var meeting: String
        package var kind: String
        package var session: Int
        /// The schedule day: a weekday (`Mon`) or a rotation day (`A`).
        package var day: String
        package var start: ClockTime
        package var end: ClockTime
        /// 1: every week; 2: every other week (alternating observations).
        package var everyWeeks: Int
        /// Which of those weeks, counted from the term's first week (0 or 1 for every other week).
        package var weekOffset: Int

        package init(meeting: String, kind: String, session: Int, day: String, start: ClockTime, end: ClockTime,
                    everyWeeks: Int = 1, weekOffset: Int = 0) {
            self.meeting = meeting
            self.kind = kind
            self.session = session
            self.day = day
            self.start = start
            self.end = end
            self.everyWeeks = max(1, everyWeeks)
            self.weekOffset = weekOffset
        }
    }

    /// A recorded change of one occurrence (from `peerplan week`).
    package struct Exception: Sendable, Hashable {
        package var meeting: String
        package var session: Int
        package var date: CalendarDate
        /// nil: cancelled; else where it moved.
        package var movedTo: (date: CalendarDate, start: ClockTime, end: ClockTime)?
        package var reason: String

        package init(meeting: String, session: Int, date: CalendarDate, movedTo: (date: CalendarDate, start: ClockTime, end: ClockTime)?, reason: String) {
            self.meeting = meeting
            self.session = session
            self.date = date
            self.movedTo = movedTo
            self.reason = reason
        }

        package static func == (a: Exception, b: Exception) -> Bool {
            a.meeting == b.meeting && a.session == b.session && a.date == b.date && a.reason == b.reason
                && a.movedTo?.date == b.movedTo?.date && a.movedTo?.start == b.movedTo?.start && a.movedTo?.end == b.movedTo?.end
        }

        package func hash(into hasher: inout Hasher) {
            hasher.combine(meeting)
            hasher.combine(session)
            hasher.combine(date)
        }
    }

    /// How the school calendar's special days affect sessions when no week change says otherwise.
    package struct Rules: Sendable {
        /// Periods ending after this time are dropped on early-release days (nil: none dropped).
        package var earlyReleaseTime: ClockTime?
        /// Observations do not take place on testing days.
        package var cancelObservationsOnTestingDays: Bool

        package init(earlyReleaseTime: ClockTime?, cancelObservationsOnTestingDays: Bool) {
            self.earlyReleaseTime = earlyReleaseTime
            self.cancelObservationsOnTestingDays = cancelObservationsOnTestingDays
        }
    }

    package struct Override: Sendable, Hashable {
        /// The occurrence it replaces (RECURRENCE-ID).
        package var original: CalendarDate
        package var date: CalendarDate
        package var start: ClockTime
        package var end: ClockTime
        package var reason: String
    }

    package struct Skip: Sendable, Hashable {
        package var date: CalendarDate
        package var reason: String
    }

    /// A dated series for one session of the pattern.
    package struct Series: Sendable, Hashable {
        package var session: Session
        /// Every date the pattern puts this session on in the term (before skips and moves).
        package var patternDates: [CalendarDate]
        /// True when the dates follow a weekly rule (a Mon–Fri school): publish as RRULE.
        /// False for rotation days: publish each date as its own event.
        package var isWeekly: Bool
        package var skipped: [Skip]
        package var overrides: [Override]

        /// The dates and times it actually happens on, in order.
        package var occurrences: [(date: CalendarDate, start: ClockTime, end: ClockTime)] {
            let skippedDates = Set(skipped.map(\.date))
            let moved = Dictionary(overrides.map { ($0.original, $0) }, uniquingKeysWith: { a, _ in a })
            var out: [(CalendarDate, ClockTime, ClockTime)] = []
            for date in patternDates where !skippedDates.contains(date) {
                if let o = moved[date] { out.append((o.date, o.start, o.end)) } else { out.append((date, session.start, session.end)) }
            }
            return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
    }

    package static func plan(_ sessions: [Session], calendar: SchoolCalendar, exceptions: [Exception], rules: Rules) -> [Series] {
        let schoolDays = calendar.schoolDays
        let firstMonday = calendar.term.start.adding(days: -(calendar.term.start.weekday.rawValue - 1))
        func week(_ date: CalendarDate) -> Int { (date.dayNumber - firstMonday.dayNumber) / 7 }
        var byKey: [String: [Exception]] = [:]
        for e in exceptions { byKey["\(e.meeting)|\(e.session)", default: []].append(e) }
        return sessions.map { s in
            var dates: [CalendarDate] = []
            var skipped: [Skip] = []
            if calendar.rotates {
                // Every date with this rotation day; every other one for alternating sessions.
                var k = 0
                for (date, day) in schoolDays where day.description == s.day {
                    if k % s.everyWeeks == s.weekOffset % s.everyWeeks { dates.append(date) }
                    k += 1
                }
            } else if let weekday = ScheduleDay(parsing: s.day), case .weekday(let w) = weekday {
                // Every matching weekday of the term (the RRULE's dates); closed ones are skipped.
                var date = firstMonday.adding(days: w.rawValue - 1)
                while date <= calendar.term.end {
                    if date >= calendar.term.start && week(date) % s.everyWeeks == s.weekOffset % s.everyWeeks {
                        dates.append(date)
                        if let kind = calendar.special[date], kind.hasNoSessions {
                            skipped.append(Skip(date: date, reason: kind.rawValue))
                        }
                    }
                    date = date.adding(days: 7)
                }
            }
            let mine = byKey["\(s.meeting)|\(s.session)"] ?? []
            var overrides: [Override] = []
            for date in dates where !skipped.contains(where: { $0.date == date }) {
                if let e = mine.first(where: { $0.date == date }) {
                    if let to = e.movedTo {
                        overrides.append(Override(original: date, date: to.date, start: to.start, end: to.end, reason: e.reason))
                    } else {
                        skipped.append(Skip(date: date, reason: e.reason))
                    }
                    continue
                }
                // The calendar's own rules when no week change was recorded for that date.
                switch calendar.special[date] {
                case .earlyRelease?:
                    if let release = rules.earlyReleaseTime, s.end > release { skipped.append(Skip(date: date, reason: "early release")) }
                case .testing?:
                    if s.kind == "observation" && rules.cancelObservationsOnTestingDays { skipped.append(Skip(date: date, reason: "testing")) }
                default: break
                }
            }
            return Series(session: s, patternDates: dates, isWeekly: !calendar.rotates, skipped: skipped.sorted { $0.date < $1.date }, overrides: overrides)
        }
    }
}

extension SeriesPlanner {
    /// Which week of the term a date falls in, as `plan` counts them for sessions every N weeks
    /// (a session with week offset o happens when this modulo N is o): weeks from the Monday of
    /// the term's first week, or on a rotation, earlier dates with the same rotation day.
    package static func weekIndex(of date: CalendarDate, calendar: SchoolCalendar) -> Int {
        if calendar.rotates {
            guard let day = calendar.scheduleDay(on: date) else { return 0 }
            return calendar.schoolDays.filter { $0.date < date && $0.day == day }.count
        }
        let firstMonday = calendar.term.start.adding(days: -(calendar.term.start.weekday.rawValue - 1))
        return (date.dayNumber - firstMonday.dayNumber) / 7
    }
}
