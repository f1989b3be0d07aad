import GRDB
import PeerPlanCore

extension Rubric {
    /// The rubrics as stored (synchronised from Config at each import), by id: the thresholds that
    /// every stored rating is read against, by pairing and by `status` alike.
    package static func stored(_ db: Database) throws -> [String: Rubric] {
        var rubrics: [String: Rubric] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, name, scaleMin, scaleMax, weakAtMost, strongAtLeast, source, scoreRule, schoolYearStartMonth FROM rubric") {
            let id: String = r[0]
            let indicators = try Row.fetchAll(db, sql: "SELECT id, name, domain FROM indicator WHERE rubricId = ? ORDER BY position", arguments: [id])
                .map { Indicator(id: $0[0], name: $0[1], domain: $0[2]) }
            rubrics[id] = Rubric(id: id, name: r[1], scaleMin: r[2], scaleMax: r[3], weakAtMost: r[4], strongAtLeast: r[5],
                                 indicators: indicators, source: r[6])
            rubrics[id]!.scoring = ScoreCounting(rule: ScoreRule(rawValue: r[7]) ?? .latest, schoolYearStartMonth: r[8])
        }
        return rubrics
    }
}
