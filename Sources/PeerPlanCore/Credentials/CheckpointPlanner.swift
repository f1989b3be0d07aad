/// When a teacher working toward a micro-credential submits evidence: every few weeks across
/// the pairing cycle, then a final submission, then the issuer's review. Dates always fall on
/// school days of the calendar (moved forward past weekends and closed days).
public enum CheckpointPlanner {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case evidence
        case finalSubmission = "final-submission"
        case review
        /// Added after a "resubmission" verdict: a second final submission and review.
        case resubmission
    }

    public struct Checkpoint: Sendable, Hashable, Codable {
        public var sequence: Int
        public var kind: Kind
        public var date: CalendarDate
        public var label: String

        public init(sequence: Int, kind: Kind, date: CalendarDate, label: String) {
            self.sequence = sequence
            self.kind = kind
            self.date = date
            self.label = label
        }
    }

    public struct Rules: Sendable, Hashable {
        public var evidenceEveryWeeks: Int
        /// The final submission is this many days before the cycle ends (so it is reviewed in term).
        public var finalSubmissionDaysBeforeEnd: Int
        public var reviewAfterDays: Int

        public init(evidenceEveryWeeks: Int = 3, finalSubmissionDaysBeforeEnd: Int = 7, reviewAfterDays: Int = 14) {
            self.evidenceEveryWeeks = evidenceEveryWeeks
            self.finalSubmissionDaysBeforeEnd = finalSubmissionDaysBeforeEnd
            self.reviewAfterDays = reviewAfterDays
        }

        public func validationProblems() -> [String] {
            var out: [String] = []
            if evidenceEveryWeeks < 1 { out.append("evidenceEveryWeeks must be at least 1") }
            if finalSubmissionDaysBeforeEnd < 0 { out.append("finalSubmissionDaysBeforeEnd must not be negative") }
            if reviewAfterDays < 1 { out.append("reviewAfterDays must be at least 1") }
            return out
        }
    }

    /// The first school day on or after `date` (within 60 days; else `date` itself).
    public static func schoolDay(onOrAfter date: CalendarDate, in calendar: SchoolCalendar) -> CalendarDate {
        var d = date
        for _ in 0..<60 {
            if calendar.scheduleDay(on: d) != nil { return d }
            d = d.adding(days: 1)
        }
        return date
    }

    /// Checkpoints for a cycle running from `start` to the end of the calendar's term.
    public static func plan(start: CalendarDate, calendar: SchoolCalendar, rules: Rules) -> [Checkpoint] {
        let end = calendar.term.end
        let finalTarget = end.adding(days: -rules.finalSubmissionDaysBeforeEnd)
        var out: [Checkpoint] = []
        var k = 1
        var next = start.adding(days: 7 * rules.evidenceEveryWeeks)
        while next.adding(days: 7) <= finalTarget {
            let day = schoolDay(onOrAfter: next, in: calendar)
            if day < finalTarget {
                out.append(Checkpoint(sequence: out.count, kind: .evidence, date: day, label: "evidence submission \(k)"))
                k += 1
            }
            next = next.adding(days: 7 * rules.evidenceEveryWeeks)
        }
        // The final submission: the last school day on or before the target.
        var final = max(start, finalTarget)
        for _ in 0..<60 where calendar.scheduleDay(on: final) == nil && final > start { final = final.adding(days: -1) }
        out.append(Checkpoint(sequence: out.count, kind: .finalSubmission, date: final, label: "final submission"))
        out.append(Checkpoint(sequence: out.count, kind: .review, date: final.adding(days: rules.reviewAfterDays), label: "review of the submission"))
        return out
    }

    /// After a "resubmission" verdict on `date`: a new final submission `evidenceEveryWeeks`
    /// later and its review, numbered after the existing checkpoints.
    public static func resubmission(after date: CalendarDate, existing: [Checkpoint], calendar: SchoolCalendar, rules: Rules) -> [Checkpoint] {
        let submit = schoolDay(onOrAfter: date.adding(days: 7 * rules.evidenceEveryWeeks), in: calendar)
        let n = (existing.map(\.sequence).max() ?? -1) + 1
        return [Checkpoint(sequence: n, kind: .resubmission, date: submit, label: "resubmission"),
                Checkpoint(sequence: n + 1, kind: .review, date: submit.adding(days: rules.reviewAfterDays), label: "review of the resubmission")]
    }
}
