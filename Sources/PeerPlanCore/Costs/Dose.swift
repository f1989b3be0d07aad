/// Where a number of scheduled collaboration hours a year falls against the hours of the
/// programmes Yoon et al. (2007) reviewed — 9 studies of workshops and summer institutes for
/// elementary teachers. A comparison of sizes, not a prediction: the hours PeerPlan counts are
/// scheduled, and collaboration is not a workshop.
public enum DoseBand: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable {
    /// Below the 5–14 h band.
    case belowIneffective
    /// 5–14 h: programmes of this size showed no significant effect.
    case ineffective
    /// Between the two bands (e.g. 14–30 h).
    case between
    /// 30–100 h: programmes of this size showed effects.
    case effective
    /// Above 100 h.
    case aboveEffective

    public static func of(_ hours: Double, bands: DoseBands) -> DoseBand {
        if hours < bands.ineffectiveHours.lowerBound { return .belowIneffective }
        if hours <= bands.ineffectiveHours.upperBound { return .ineffective }
        if hours < bands.effectiveHours.lowerBound { return .between }
        if hours <= bands.effectiveHours.upperBound { return .effective }
        return .aboveEffective
    }

    public func describe(_ bands: DoseBands) -> String {
        let e = "\(CostFormat.number(bands.effectiveHours.lowerBound))–\(CostFormat.number(bands.effectiveHours.upperBound)) h"
        let i = "\(CostFormat.number(bands.ineffectiveHours.lowerBound))–\(CostFormat.number(bands.ineffectiveHours.upperBound)) h"
        let programmes = "the programmes Yoon et al. (2007) found effective (9 studies of workshops and summer institutes, elementary teachers)"
        switch self {
        case .belowIneffective: return "below the \(i) of programmes that showed no significant effect (Yoon et al. 2007)"
        case .ineffective: return "comparable to the \(i) of programmes that showed no significant effect (Yoon et al. 2007)"
        case .between: return "between the \(i) of programmes with no significant effect and the \(e) of \(programmes)"
        case .effective: return "comparable to the \(e) of \(programmes)"
        case .aboveEffective: return "above the \(e) of \(programmes)"
        }
    }
}

/// Scheduled hours per participating teacher per year, for a school or the district: collaboration
/// (pair meetings, observations, PLCs) against the research bands, and individual protected PD
/// apart — it is a teacher's own time, not collaboration.
public struct DoseResult: Sendable, Hashable, Codable {
    public var scope: String
    /// Teachers with scheduled collaboration.
    public var participatingTeachers: Int
    /// Mean scheduled collaboration hours per participating teacher per year (protected PD not included).
    public var meanHours: Double
    public var minHours: Double
    public var maxHours: Double
    public var band: DoseBand
    /// How many teachers fall in each band.
    public var teachersByBand: [DoseBand: Int]
    /// Mean hours by kind of session (collaboration kinds over the collaborating teachers).
    public var meanHoursByKind: [CollaborationKind: Double]
    /// Teachers with scheduled protected PD, and their mean hours a year (individual time).
    public var protectedPDTeachers: Int
    public var meanProtectedPDHours: Double
    /// The school year's length in months (weeks × 7 ÷ 30.44), against the 6–12 month span.
    public var spanMonths: Double
    public var spanInEffectiveRange: Bool
    public var sources: [String]
    public var summary: String
    /// Held hours from the session log (nil: nothing logged — unknown, not zero).
    public var logged: LoggedDose? = nil
}

public enum Dose {
    /// Collaboration hours a year of every participating teacher of a school (placed sessions,
    /// sessions held with cover, sessions before/after school).
    public static func hoursByTeacher(_ school: CostInputs.School, weeks: Double) -> [String: [CollaborationKind: Double]] {
        var hours: [String: [CollaborationKind: Double]] = [:]
        for t in school.teachers {
            for kind in CollaborationKind.allCases {
                if let minutes = t.weeklyMinutes[kind], minutes > 0 { hours[t.id, default: [:]][kind, default: 0] += minutes * weeks / 60 }
            }
        }
        for s in school.outsideSessions {
            for m in s.members { hours[m, default: [:]][s.kind, default: 0] += s.minutes * s.perWeek * weeks / 60 }
        }
        return hours
    }

    /// The kinds that are collaboration (protected PD is individual time).
    public static let collaboration: [CollaborationKind] = [.pair, .observation, .plc]

    /// The dose of one group of teachers (hours a year each, by kind).
    public static func result(scope: String, hours: [String: [CollaborationKind: Double]], weeks: Double, bands: DoseBands) -> DoseResult {
        // Summed in a fixed order (teacher ids, kinds) so the figures are the same on every run.
        func total(_ kinds: [CollaborationKind: Double]) -> Double { collaboration.reduce(0) { $0 + (kinds[$1] ?? 0) } }
        let ids = hours.keys.sorted()
        let totals = ids.map { total(hours[$0]!) }.filter { $0 > 0 }
        let n = totals.count
        let mean = n == 0 ? 0 : totals.reduce(0, +) / Double(n)
        var byBand: [DoseBand: Int] = [:]
        for h in totals { byBand[DoseBand.of(h, bands: bands), default: 0] += 1 }
        var byKind: [CollaborationKind: Double] = [:]
        for id in ids where total(hours[id]!) > 0 {
            for k in collaboration { if let h = hours[id]![k] { byKind[k, default: 0] += h / Double(n) } }
        }
        let pd = ids.compactMap { hours[$0]![.pd] }.filter { $0 > 0 }
        let meanPD = pd.isEmpty ? 0 : pd.reduce(0, +) / Double(pd.count)
        let months = weeks * 7 / 30.44
        let band = DoseBand.of(mean, bands: bands)
        let summary = n == 0
            ? "\(scope): no scheduled collaboration"
            : "\(scope): \(CostFormat.hours(mean)) of scheduled collaboration (pair meetings, observations, PLCs) per participating teacher per year (\(n) teachers, \(CostFormat.number(totals.min()!, decimals: 1))–\(CostFormat.hours(totals.max()!))), \(band.describe(bands))"
                + (pd.isEmpty ? "" : "; and, apart, \(CostFormat.hours(meanPD)) of scheduled individual protected PD (\(pd.count) teachers)")
        return DoseResult(scope: scope, participatingTeachers: n, meanHours: mean, minHours: totals.min() ?? 0, maxHours: totals.max() ?? 0,
                          band: band, teachersByBand: byBand, meanHoursByKind: byKind, protectedPDTeachers: pd.count, meanProtectedPDHours: meanPD, spanMonths: months,
                          spanInEffectiveRange: bands.effectiveSpanMonths.contains(months), sources: bands.sources, summary: summary)
    }
}

/// Held collaboration hours as the session log has them (issue 14 point 7), for a school or the
/// district: teacher-hours of pair meetings, observations and PLCs logged held or missed between
/// the first and the last logged date, beside the hours scheduled on those dates. nil in a report
/// means nothing was logged: held hours are then unknown, not zero.
public struct LoggedDose: Sendable, Hashable, Codable {
    /// The first and last dates of the log.
    public var from: CalendarDate
    public var through: CalendarDate
    /// Teachers with collaboration scheduled, held or missed in those dates.
    public var teachers: Int
    /// Teacher-hours (each session counts once per member).
    public var scheduledHours: Double
    public var heldHours: Double
    public var missedHours: Double

    public init(from: CalendarDate, through: CalendarDate, teachers: Int, scheduledHours: Double, heldHours: Double, missedHours: Double) {
        self.from = from
        self.through = through
        self.teachers = teachers
        self.scheduledHours = scheduledHours
        self.heldHours = heldHours
        self.missedHours = missedHours
    }

    /// Held hours per teacher (0 teachers: 0).
    public var meanHeldHours: Double { teachers == 0 ? 0 : heldHours / Double(teachers) }
    public var meanMissedHours: Double { teachers == 0 ? 0 : missedHours / Double(teachers) }
    public var meanScheduledHours: Double { teachers == 0 ? 0 : scheduledHours / Double(teachers) }
    /// Scheduled on the logged dates but logged neither held nor missed.
    public var notLoggedHours: Double { max(0, scheduledHours - heldHours - missedHours) }

    /// Several schools together (nil when none logged anything): their sums over the widest span.
    public static func combined(_ parts: [LoggedDose]) -> LoggedDose? {
        guard let first = parts.first else { return nil }
        var out = first
        for p in parts.dropFirst() {
            out.from = min(out.from, p.from)
            out.through = max(out.through, p.through)
            out.teachers += p.teachers
            out.scheduledHours += p.scheduledHours
            out.heldHours += p.heldHours
            out.missedHours += p.missedHours
        }
        return out
    }
}
