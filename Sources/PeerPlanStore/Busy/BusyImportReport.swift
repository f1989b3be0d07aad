/// What importing a teacher's own calendar did: the slots that became busy and why, what was read
/// past, and the scheduled sessions that now conflict. Never carries ratings.
package struct BusyImportReport: Sendable, Codable, Hashable {
    /// A (day, period) of a school's week that the teacher's calendar makes busy.
    package struct BusySlot: Sendable, Codable, Hashable {
        package var day: String
        package var period: String
        package var start: String
        package var end: String
        /// Dates of the term with this schedule day on which an occurrence overlaps the period.
        package var datesBusy: Int
        /// Dates of the term with this schedule day.
        package var datesInTerm: Int
        /// The events (SUMMARY) that overlap it, most dates first.
        package var events: [String]
        /// Set when the slot was already busy from another imported calendar (that row is kept).
        package var alreadyBusyFrom: String?

        package init(day: String, period: String, start: String, end: String, datesBusy: Int, datesInTerm: Int,
                    events: [String], alreadyBusyFrom: String? = nil) {
            self.day = day
            self.period = period
            self.start = start
            self.end = end
            self.datesBusy = datesBusy
            self.datesInTerm = datesInTerm
            self.events = events
            self.alreadyBusyFrom = alreadyBusyFrom
        }
    }

    /// An event that overlaps a period on too few dates to block the weekly pattern.
    package struct NotBlocking: Sendable, Codable, Hashable {
        package var event: String
        package var day: String
        package var period: String
        /// The dates it overlaps that period (YYYY-MM-DD).
        package var dates: [String]
        package var datesInTerm: Int

        package init(event: String, day: String, period: String, dates: [String], datesInTerm: Int) {
            self.event = event
            self.day = day
            self.period = period
            self.dates = dates
            self.datesInTerm = datesInTerm
        }
    }

    /// A session of the school's latest weekly pattern that now falls in a busy slot.
    package struct Conflict: Sendable, Codable, Hashable {
        package var meetingId: String
        package var kind: String
        package var title: String
        package var session: Int
        package var day: String
        package var periods: [String]
        /// Its periods that are now busy.
        package var busyPeriods: [String]
        /// The events that made them busy.
        package var events: [String]
    }

    package struct School: Sendable, Codable, Hashable {
        package var id: String
        package var name: String
        package var timeZone: String
        package var busy: [BusySlot]
        /// Slots this calendar made busy before and no longer does (`Day period`).
        package var released: [String]
        package var notBlocking: [NotBlocking]
        /// Events with occurrences in the term that overlap no period of this school.
        package var outsideSchoolHours: [String]
        /// The latest weekly pattern (`scheduleRun`), if any.
        package var scheduleRunId: Int64?
        package var conflicts: [Conflict]

        /// A school as the calendar was read for it; the store fills in what it held before
        /// (`released`), the latest pattern and its conflicts.
        package init(id: String, name: String, timeZone: String, busy: [BusySlot], notBlocking: [NotBlocking], outsideSchoolHours: [String]) {
            self.id = id
            self.name = name
            self.timeZone = timeZone
            self.busy = busy
            self.released = []
            self.notBlocking = notBlocking
            self.outsideSchoolHours = outsideSchoolHours
            self.scheduleRunId = nil
            self.conflicts = []
        }
    }

    package struct Ignored: Sendable, Codable, Hashable {
        package var event: String
        /// `all-day`, `cancelled` or `transparent`.
        package var reason: String

        package init(event: String, reason: String) {
            self.event = event
            self.reason = reason
        }
    }

    package var teacher: String
    package var teacherName: String
    /// The file as the user named it.
    package var file: String
    /// The `externalBusy.source`: the file's name.
    package var source: String
    package var term: String
    package var termTitle: String
    package var termStart: String
    package var termEnd: String
    package var threshold: Double
    package var schools: [School]
    package var ignored: [Ignored]
    /// Rows written and removed in `externalBusy`.
    package var written: Int
    package var removed: Int
    /// False when the store already held exactly these rows (nothing was written).
    package var changed: Bool
    package var runId: Int64?

    /// A report of what the calendar says; the store fills in what it wrote (`written`,
    /// `removed`, `changed`, `runId`).
    package init(teacher: String, teacherName: String, file: String, source: String, term: String, termTitle: String,
                termStart: String, termEnd: String, threshold: Double, schools: [School], ignored: [Ignored]) {
        self.teacher = teacher
        self.teacherName = teacherName
        self.file = file
        self.source = source
        self.term = term
        self.termTitle = termTitle
        self.termStart = termStart
        self.termEnd = termEnd
        self.threshold = threshold
        self.schools = schools
        self.ignored = ignored
        self.written = 0
        self.removed = 0
        self.changed = false
        self.runId = nil
    }
}
