/// Which of an indicator's ratings counts (issue 14 point 6), for pairing, `status`, the
/// overviews and `evaluate` alike: a rubric's `scoreRule`.
public enum ScoreRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The most recent rating of the indicator (PeerPlan's default).
    case latest
    /// The mean of the indicator's ratings dated in the school year before the reference day:
    /// the Tennessee IPI formed pairs from the previous year's indicator scores, which TEAM
    /// reports as averages of the year's observations (Papay et al. 2020).
    case previousYearMean
}

/// A rubric's rule with the school-year boundary it needs: a school year runs from the first day
/// of `schoolYearStartMonth` to the day before that date a year later (July 1 – June 30 by default).
public struct ScoreCounting: Sendable, Hashable, Codable {
    public var rule: ScoreRule
    public var schoolYearStartMonth: Int

    public init(rule: ScoreRule = .latest, schoolYearStartMonth: Int = 7) {
        self.rule = rule
        self.schoolYearStartMonth = schoolYearStartMonth
    }

    /// The first day of the school year that contains `day`.
    public func schoolYearStart(containing day: CalendarDate) -> CalendarDate {
        let year = day.month >= schoolYearStartMonth ? day.year : day.year - 1
        return CalendarDate(year: year, month: schoolYearStartMonth, day: 1)!
    }

    /// The previous school year of `day`: its first day and the first day of `day`'s school year
    /// (exclusive).
    public func previousSchoolYear(of day: CalendarDate) -> (from: CalendarDate, before: CalendarDate) {
        let start = schoolYearStart(containing: day)
        return (CalendarDate(year: start.year - 1, month: schoolYearStartMonth, day: 1)!, start)
    }

    /// The score that counts on `day`; nil when no rating qualifies. Under `latest`, a nil day
    /// means everything recorded; `previousYearMean` needs the day (nil: nothing counts).
    public func score(_ history: [Evaluation.Score], asOf day: CalendarDate?) -> Double? {
        switch rule {
        case .latest:
            let seen = day.map { d in history.filter { $0.date <= d } } ?? history
            return seen.max { $0.date < $1.date }?.score
        case .previousYearMean:
            guard let day else { return nil }
            let year = previousSchoolYear(of: day)
            return Self.mean(history.filter { $0.date >= year.from && $0.date < year.before })
        }
    }

    /// The score after a cycle that began on `start`, up to `end`: the latest rating dated in
    /// (start, end] under `latest`, their mean under `previousYearMean`.
    public func scoreAfter(_ history: [Evaluation.Score], start: CalendarDate, through end: CalendarDate) -> Double? {
        let window = history.filter { $0.date > start && $0.date <= end }
        switch rule {
        case .latest: return window.max { $0.date < $1.date }?.score
        case .previousYearMean: return Self.mean(window)
        }
    }

    static func mean(_ scores: [Evaluation.Score]) -> Double? {
        scores.isEmpty ? nil : scores.map(\.score).reduce(0, +) / Double(scores.count)
    }
}
