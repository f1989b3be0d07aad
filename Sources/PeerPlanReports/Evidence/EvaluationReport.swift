import Foundation
import PeerPlanCore

/// "Did it work?" as text, CSV, JSON and HTML (`Evaluation.Result`). Ratings are personnel data:
/// these outputs are for principals and district analysts, never for teachers. Teachers and pairs
/// appear as pseudonyms unless the result is named (one school, on request).
package enum EvaluationReport {
    /// Said on every output, in plain words.
    package static let caveat = "This is descriptive, not a causal estimate. Teachers were not put in pairs at random, and a target was chosen "
        + "because a score was low: low scores tend to rise at the next rating anyway (regression to the mean), so the focus change "
        + "is not the effect of pairing. The comparisons — the same targets on indicators that were not their focus, and teachers "
        + "rated low who were not paired — help to read it but do not remove these problems."

    package static let doseNote = "Dose: held collaboration hours (pair meetings, observations, PLCs; protected PD not counted) of each target "
        + "from the cycle's start to the as-of date, from the session log; scheduled hours beside them. Sessions not logged count as not held."

    static let groupNames: [(Evaluation.Group, String)] = [
        (.focus, "focus indicators of paired targets"),
        (.nonFocus, "the same targets, indicators not their focus"),
        (.unpaired, "teachers rated low who were not paired, same indicators"),
    ]

    static func number(_ v: Double?, _ digits: Int = 2) -> String {
        guard let v else { return "" }
        return String(format: "%.\(digits)f", v)
    }

    static func summaryText(_ s: ChangeSummary) -> String {
        guard let mean = s.mean else { return "n = 0" }
        let ci = s.ci95.map { "95% interval \(number($0[0])) to \(number($0[1]))" } ?? "no interval (fewer than 2)"
        return "n = \(s.n), mean change \(number(mean)), \(ci)"
    }

    static func summary(_ s: Evaluation.Summary, _ group: Evaluation.Group) -> ChangeSummary {
        switch group {
        case .focus: return s.focus
        case .nonFocus: return s.nonFocus
        case .unpaired: return s.unpaired
        }
    }

    // MARK: text

    package static func text(_ r: Evaluation.Result, district: Bool) -> String {
        var out = "Did pairing work? Score changes as of \(r.asOf) (\(district ? "district, by school" : "one school"); "
            + "\(r.named ? "teachers named" : "teachers and pairs as pseudonyms")).\n"
        out += "Before: the latest rating on or before the cycle's start; after: the latest rating after it, on or before \(r.asOf).\n\n"
        out += caveat + "\n\n"
        out += district ? "District:\n" : ""
        for (g, name) in groupNames { out += "  \(name): \(summaryText(summary(r.summary, g)))\n" }
        for s in r.schools {
            out += "\n\(s.name) (\(s.school)), cycle \(s.cycle) accepted \(s.cycleStart), \(s.pairs) pair(s):\n"
            for (g, name) in groupNames { out += "  \(name): \(summaryText(summary(s.summary, g)))\n" }
        }
        out += "\n" + doseNote + "\n"
        for d in r.dose {
            out += "  \(d.school) pair \(d.pair): \(number(d.heldHours, 1)) h held of \(number(d.scheduledHours, 1)) h scheduled; "
                + "mean focus change \(d.meanFocusChange.map { number($0) } ?? "not yet rated")\n"
        }
        if !district {
            out += "\nRows (school, pair, teacher, indicator, group, before, after, change):\n"
            for row in r.rows {
                out += "  \(row.school) \(row.pair ?? "-") \(row.teacher) \(row.indicator) \(row.group.rawValue) "
                    + "\(row.before.map { number($0) } ?? "–") → \(row.after.map { number($0) } ?? "–") (\(row.change.map { number($0) } ?? "not yet rated"))\n"
            }
        }
        return out
    }

    // MARK: CSV

    package static func csv(_ r: Evaluation.Result) -> String {
        var out = CSV.row(["school", "pair", "teacher", "indicator", "group", "focus", "before", "after", "change"]) + "\n"
        for row in r.rows {
            out += CSV.row([row.school, row.pair ?? "", row.teacher, row.indicator, row.group.rawValue, row.focus ? "true" : "false",
                            number(row.before), number(row.after), number(row.change)]) + "\n"
        }
        return out
    }

    // MARK: JSON

    struct SummaryJSON: Encodable {
        var s: ChangeSummary
        enum Keys: String, CodingKey { case n, mean, ci95 }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(s.n, forKey: .n)
            try c.encode(s.mean, forKey: .mean)
            try c.encode(s.ci95, forKey: .ci95)
        }
    }

    struct GroupsJSON: Encodable {
        var focus: SummaryJSON, nonFocus: SummaryJSON, unpaired: SummaryJSON
        init(_ s: Evaluation.Summary) { focus = .init(s: s.focus); nonFocus = .init(s: s.nonFocus); unpaired = .init(s: s.unpaired) }
    }

    struct RowJSON: Encodable {
        var row: Evaluation.Row
        enum Keys: String, CodingKey { case school, pair, teacher, indicator, group, focus, before, after, change }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(row.school, forKey: .school)
            try c.encode(row.pair, forKey: .pair)
            try c.encode(row.teacher, forKey: .teacher)
            try c.encode(row.indicator, forKey: .indicator)
            try c.encode(row.group.rawValue, forKey: .group)
            try c.encode(row.focus, forKey: .focus)
            try c.encode(row.before, forKey: .before)
            try c.encode(row.after, forKey: .after)
            try c.encode(row.change, forKey: .change)
        }
    }

    struct SchoolJSON: Encodable {
        var school: String, name: String, cycle: Int64, cycleStart: String, pairs: Int, summary: GroupsJSON
    }

    struct DoseJSON: Encodable {
        var d: Evaluation.DosePoint
        enum Keys: String, CodingKey { case school, pair, heldHours, scheduledHours, meanFocusChange }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(d.school, forKey: .school)
            try c.encode(d.pair, forKey: .pair)
            try c.encode(d.heldHours, forKey: .heldHours)
            try c.encode(d.scheduledHours, forKey: .scheduledHours)
            try c.encode(d.meanFocusChange, forKey: .meanFocusChange)
        }
    }

    struct ReportJSONShape: Encodable {
        var asOf: String, named: Bool, note: String, doseNote: String
        var summary: GroupsJSON
        var schools: [SchoolJSON]
        var dose: [DoseJSON]
        var rows: [RowJSON]
    }

    package static func json(_ r: Evaluation.Result) throws -> String {
        try ReportJSON.string(ReportJSONShape(
            asOf: r.asOf.description, named: r.named, note: caveat, doseNote: doseNote, summary: GroupsJSON(r.summary),
            schools: r.schools.map { SchoolJSON(school: $0.school, name: $0.name, cycle: $0.cycle, cycleStart: $0.cycleStart.description, pairs: $0.pairs, summary: GroupsJSON($0.summary)) },
            dose: r.dose.map { DoseJSON(d: $0) }, rows: r.rows.map { RowJSON(row: $0) }))
    }

    // MARK: HTML

    static func escape(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }

    /// Held hours (x) against the mean focus change (y), one dot per pair with both.
    package static func doseChart(_ points: [Evaluation.DosePoint]) -> String {
        let rated = points.compactMap { p in p.meanFocusChange.map { (p, $0) } }
        let width = 480.0, height = 300.0, left = 50.0, bottom = 40.0, top = 20.0, right = 20.0
        let maxX = max(1, (rated.map { $0.0.heldHours }.max() ?? 1).rounded(.up))
        let lowY = min(-1, (rated.map { $0.1 }.min() ?? -1).rounded(.down)), highY = max(1, (rated.map { $0.1 }.max() ?? 1).rounded(.up))
        func x(_ v: Double) -> Double { left + v / maxX * (width - left - right) }
        func y(_ v: Double) -> Double { top + (highY - v) / (highY - lowY) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-labelledby=\"dose-title\">\n"
        svg += "<title id=\"dose-title\">Held collaboration hours against mean focus change, one dot per pair (\(rated.count) pairs)</title>\n"
        svg += "<line x1=\"\(number(left, 1))\" y1=\"\(number(y(0), 1))\" x2=\"\(number(width - right, 1))\" y2=\"\(number(y(0), 1))\" stroke=\"#888\"/>\n"
        svg += "<line x1=\"\(number(left, 1))\" y1=\"\(number(top, 1))\" x2=\"\(number(left, 1))\" y2=\"\(number(height - bottom, 1))\" stroke=\"#888\"/>\n"
        svg += "<text x=\"\(number(width / 2, 1))\" y=\"\(number(height - 8, 1))\" text-anchor=\"middle\" font-size=\"12\">held hours (0 to \(number(maxX, 0)))</text>\n"
        svg += "<text x=\"12\" y=\"\(number(height / 2, 1))\" transform=\"rotate(-90 12 \(number(height / 2, 1)))\" text-anchor=\"middle\" font-size=\"12\">mean focus change (\(number(lowY, 0)) to \(number(highY, 0)))</text>\n"
        for (p, change) in rated {
            svg += "<circle cx=\"\(number(x(p.heldHours), 1))\" cy=\"\(number(y(change), 1))\" r=\"4\" fill=\"#1f5f99\"><title>\(escape(p.pair)): \(number(p.heldHours, 1)) h, \(number(change))</title></circle>\n"
        }
        return svg + "</svg>\n"
    }

    package static func html(_ r: Evaluation.Result, district: Bool) -> String {
        var out = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Did pairing work? Score changes as of \(r.asOf)</title></head>\n<body>\n<main>\n"
        out += "<h1>Did pairing work? Score changes as of \(r.asOf)</h1>\n"
        out += "<p>Ratings are personnel data: this report is for principals and district analysts. "
            + (r.named ? "Teachers are named." : "Teachers and pairs appear as pseudonyms.") + "</p>\n"
        out += "<p><strong>\(escape(caveat))</strong></p>\n"
        out += "<table>\n<caption>Mean change \(district ? "in the district and " : "")by school (95% interval, t-distribution)</caption>\n"
        out += "<thead><tr><th scope=\"col\">scope</th>" + groupNames.map { "<th scope=\"col\">\(escape($0.1))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        func cells(_ s: Evaluation.Summary) -> String { groupNames.map { "<td>\(escape(summaryText(summary(s, $0.0))))</td>" }.joined() }
        if district { out += "<tr><th scope=\"row\">district</th>\(cells(r.summary))</tr>\n" }
        for s in r.schools { out += "<tr><th scope=\"row\">\(escape(s.name)) (cycle \(s.cycle), \(s.cycleStart))</th>\(cells(s.summary))</tr>\n" }
        out += "</tbody>\n</table>\n"
        out += "<h2>Dose against change</h2>\n<p>\(escape(doseNote))</p>\n" + doseChart(r.dose)
        if !district {
            out += "<table>\n<caption>Every score compared</caption>\n<thead><tr>"
                + ["pair", "teacher", "indicator", "group", "before", "after", "change"].map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in r.rows {
                out += "<tr>" + [row.pair ?? "–", row.teacher, row.indicator, row.group.rawValue, number(row.before), number(row.after), row.change.map { number($0) } ?? "not yet rated"]
                    .map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }
}
