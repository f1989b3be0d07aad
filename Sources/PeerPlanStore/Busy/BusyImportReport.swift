/// What importing a teacher's own calendar did: the slots that became busy and why, what was read
/// past, and the scheduled sessions that now conflict. Never carries ratings.
public struct BusyImportReport: Sendable, Codable, Hashable {
    /// A (day, period) of a school's week that the teacher's calendar makes busy.
    public struct BusySlot: Sendable, Codable, Hashable {
        public var day: String
        public var period: String
        public var start: String
        public var end: String
        /// Dates of the term with this schedule day on which an occurrence overlaps the period.
        public var datesBusy: Int
        /// Dates of the term with this schedule day.
        public var datesInTerm: Int
        /// The events (SUMMARY) that overlap it, most dates first.
        public var events: [String]
        /// Set when the slot was already busy from another imported calendar (that row is kept).
        public var alreadyBusyFrom: String?

        public init(day: String, period: String, start: String, end: String, datesBusy: Int, datesInTerm: Int,
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
    public struct NotBlocking: Sendable, Codable, Hashable {
        public var event: String
        public var day: String
        public var period: String
        /// The dates it overlaps that period (YYYY-MM-DD).
        public var dates: [String]
        public var datesInTerm: Int

        public init(event: String, day: String, period: String, dates: [String], datesInTerm: Int) {
            self.event = event
            self.day = day
            self.period = period
            self.dates = dates
            self.datesInTerm = datesInTerm
        }
    }

    /// A session of the school's latest weekly pattern that now falls in a busy slot.
    public struct Conflict: Sendable, Codable, Hashable {
        public var meetingId: String
        public var kind: String
        public var title: String
        public var session: Int
        public var day: String
        public var periods: [String]
        /// Its periods that are now busy.
        public var busyPeriods: [String]
        /// The events that made them busy.
        public var events: [String]
    }

    public struct School: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var timeZone: String
        public var busy: [BusySlot]
        /// Slots this calendar made busy before and no longer does (`Day period`).
        public var released: [String]
        public var notBlocking: [NotBlocking]
        /// Events with occurrences in the term that overlap no period of this school.
        public var outsideSchoolHours: [String]
        /// The latest weekly pattern (`scheduleRun`), if any.
        public var scheduleRunId: Int64?
        public var conflicts: [Conflict]

        /// A school as the calendar was read for it; the store fills in what it held before
        /// (`released`), the latest pattern and its conflicts.
        public init(id: String, name: String, timeZone: String, busy: [BusySlot], notBlocking: [NotBlocking], outsideSchoolHours: [String]) {
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

    public struct Ignored: Sendable, Codable, Hashable {
        public var event: String
        /// `all-day`, `cancelled` or `transparent`.
        public var reason: String

        public init(event: String, reason: String) {
            self.event = event
            self.reason = reason
        }
    }

    public var teacher: String
    public var teacherName: String
    /// The file as the user named it.
    public var file: String
    /// The `externalBusy.source`: the file's name.
    public var source: String
    public var term: String
    public var termTitle: String
    public var termStart: String
    public var termEnd: String
    public var threshold: Double
    public var schools: [School]
    public var ignored: [Ignored]
    /// Rows written and removed in `externalBusy`.
    public var written: Int
    public var removed: Int
    /// False when the store already held exactly these rows (nothing was written).
    public var changed: Bool
    public var runId: Int64?

    /// A report of what the calendar says; the store fills in what it wrote (`written`,
    /// `removed`, `changed`, `runId`).
    public init(teacher: String, teacherName: String, file: String, source: String, term: String, termTitle: String,
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
