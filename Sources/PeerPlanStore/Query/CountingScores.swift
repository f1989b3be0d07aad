import GRDB
import PeerPlanCore

/// The scores that count (issue 14 point 6): per teacher and indicator, the rating chosen by its
/// rubric's `scoreRule` (`ScoreCounting.score`). Pairing, `status`, the overviews and `evaluate`
/// all read ratings through this one rule.
enum CountingScores {
    /// Teacher → indicator → score. `school`: only that school's teachers (all when nil). `asOf`:
    /// the reference day of `previousYearMean` (today, UTC, when nil); `latest` counts everything
    /// recorded, as it always has.
    static func load(_ db: Database, rubrics: [String: Rubric], school: String? = nil,
                     asOf: CalendarDate? = nil) throws -> [String: [IndicatorRef: Double]] {
        var scores: [String: [IndicatorRef: Double]] = [:]
        let schoolFilter = school == nil ? "" : " JOIN teacherSchool ts ON ts.teacherId = r.teacherId AND ts.schoolId = ?"
        let arguments: StatementArguments = school.map { [$0] } ?? []
        // `latest` through the view (the latest rating per indicator, as `ScoreCounting.score`
        // with no day picks it); other rules from the history.
        let latestRubrics = Set(rubrics.values.filter { $0.scoring.rule == .latest }.map(\.id))
        for row in try Row.fetchAll(db, sql: "SELECT r.teacherId, r.rubricId, r.indicatorId, r.score FROM latestRating r" + schoolFilter,
                                    arguments: arguments) {
            let rubric: String = row[1]
            guard latestRubrics.contains(rubric) || rubrics[rubric] == nil else { continue }
            scores[row[0], default: [:]][IndicatorRef(rubric: rubric, indicator: row[2])] = row[3]
        }
        let others = rubrics.values.filter { $0.scoring.rule != .latest }
        guard !others.isEmpty else { return scores }
        let day = asOf ?? Terms.today(in: "UTC")
        var history: [String: [IndicatorRef: [Evaluation.Score]]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT r.teacherId, r.rubricId, r.indicatorId, r.observedOn, r.score FROM rating r\(schoolFilter)
            WHERE r.rubricId IN (\(others.map { _ in "?" }.joined(separator: ",")))
            """, arguments: arguments + StatementArguments(others.map(\.id))) {
            guard let date = CalendarDate(parsing: row[3]) else { continue }
            history[row[0], default: [:]][IndicatorRef(rubric: row[1], indicator: row[2]), default: []]
                .append(Evaluation.Score(date: date, score: row[4]))
        }
        for (teacher, byIndicator) in history {
            for (ref, list) in byIndicator {
                guard let rubric = rubrics[ref.rubric], let score = rubric.scoring.score(list, asOf: day) else { continue }
                scores[teacher, default: [:]][ref] = score
            }
        }
        return scores
    }

    /// The same, grouped as `CandidateRules.classify` reads it: teacher → rubric → indicator id → score.
    static func byRubric(_ scores: [String: [IndicatorRef: Double]]) -> [String: [String: [String: Double]]] {
        scores.mapValues { byRef in
            var out: [String: [String: Double]] = [:]
            for (ref, score) in byRef { out[ref.rubric, default: [:]][ref.indicator] = score }
            return out
        }
    }
}
