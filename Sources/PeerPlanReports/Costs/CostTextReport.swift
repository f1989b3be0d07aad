import Foundation
import PeerPlanCore

/// The cost comparison as plain text: totals year by year, per school, or per teacher in one
/// school's breakdown (`CostReport.Detail.teachers`), the dose of collaboration, the sensitivity analysis, notes and, with
/// `breakdown`, every line with its formula and sources.
package enum CostTextReport {
    /// `school`: the one school of a school's report (nil: the district).
    package static func render(_ report: CostReport, sensitivity: SensitivityReport?, inputs: CostInputs, parameters p: CostParameters,
                              school: String?, breakdown: Bool) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        let weeks = inputs.schools.map { $0.schoolYearWeeks ?? p.schoolYearWeeks.value ?? 36 }
        let title = school.map { id in "\(inputs.schools.first?.name ?? id) (\(id))" } ?? "\(inputs.district) (\(inputs.schools.count) scheduled school\(inputs.schools.count == 1 ? "" : "s"))"
        line("Costs for \(title): \(report.years) school year\(report.years == 1 ? "" : "s") of \(CostFormat.number(weeks.first ?? 36)) weeks, \(report.currency)")
        let pairs = inputs.schools.reduce(0) { $0 + $1.pairs }, plcs = inputs.schools.reduce(0) { $0 + $1.plcs }
        let teachers = inputs.schools.reduce(0) { $0 + $1.teachers.count }
        let mcs = inputs.schools.reduce(0) { $0 + $1.mcCount(scope: inputs.mcScope, perTeacher: p.mcsPerTeacherPerYear.value ?? 0) }
        let rule = MicroCredentialRuleWording.forSummary(attachedAt: inputs.schools.filter(\.usesAttachedCredentials).map(\.id))
        let covers = inputs.schools.reduce(0) { $0 + $1.covers.count }, outside = inputs.schools.reduce(0) { $0 + $1.outsideSessions.count }
        line("  \(teachers) participating teachers, \(pairs) pairs, \(plcs) PLCs; \(covers) weekly session(s) need a substitute, \(outside) meet before/after school; MC path: \(mcs) MCs (\(rule))")
        line()
        // Totals table.
        let header = (1...report.years).map { "year \($0)" } + (report.years > 1 ? ["total"] : [])
        func row(_ label: String, _ values: [String]) {
            line(label.padding(toLength: 40, withPad: " ", startingAt: 0) + values.map { String(repeating: " ", count: max(0, 14 - $0.count)) + $0 }.joined())
        }
        row("", header)
        let d = report.district
        let periods = d.byYear + (report.years > 1 ? [d.overall] : [])
        let paths: [(String, (PathTotals) -> CostTotals)] = [("(a) pairing", { $0.pairing })]
            + MCSupport.allCases.map { s in ("(b) MCs, \(MCSupportWording.label(s))", { $0.mc(s) }) }
            + [("(c) both (MCs with peer support)", { $0.both })]
        for (label, path) in paths {
            row(label + " cash", periods.map { CostFormat.money(path($0).cash) })
            row("    teacher hours", periods.map { CostFormat.hours(path($0).teacherHours) })
        }
        row("coordinator hours", periods.map { CostFormat.hours($0.pairing.coordinatorHours) })
        if let value = p.teacherHourValue.value {
            line()
            line("Economic cost (cash + teacher and coordinator hours × \(CostFormat.money(value))/h, rates.teacherHourValue; never added to the cash above):")
            for (label, path) in paths { row(label, periods.map { CostFormat.money(path($0).economic(hourValue: value)) }) }
        }
        if !report.notPriced.isEmpty {
            line()
            line("Not priced (no public figure; left out of the cash totals):")
            for n in report.notPriced { line("  \(n.item.label): \(n.parameter) — \(n.source)") }
        }
        // Per school or per teacher.
        line()
        let rows = report.detail == .teachers ? report.teachers : report.schools
        line(report.detail == .teachers ? "Per teacher, \(report.years)-year totals:" : "Per school, \(report.years)-year totals:")
        for s in rows {
            let o = s.overall
            let mcs = MCSupport.allCases.map { "\(CostFormat.money(o.mc($0).cash)) \(MCSupportWording.label($0))" }.joined(separator: " / ")
            let notPriced = MCSupport.allCases.contains { !o.mc($0).notPriced.isEmpty } || !o.pairing.notPriced.isEmpty
            line("  \((s.name.isEmpty ? s.id : "\(s.name) (\(s.id))").padding(toLength: 34, withPad: " ", startingAt: 0)) pairing \(CostFormat.money(o.pairing.cash)), \(CostFormat.hours(o.pairing.teacherHours)); MCs \(mcs), \(CostFormat.hours(o.mc(.coaching).teacherHours)) supported, \(CostFormat.hours(o.mc(.none).teacherHours)) unsupported\(notPriced ? " (+ not priced)" : "")")
        }
        line()
        line("Scheduled collaboration dose (pair meetings, observations and PLCs per participating teacher per year, as scheduled; held hours only where the session log has them; individual protected PD apart), compared with the \(CostFormat.number(p.dose.effectiveHours.lowerBound))–\(CostFormat.number(p.dose.effectiveHours.upperBound)) hours of the programmes Yoon et al. (2007) found effective — 9 studies of workshops and summer institutes for elementary teachers — and the \(CostFormat.number(p.dose.ineffectiveHours.lowerBound))–\(CostFormat.number(p.dose.ineffectiveHours.upperBound)) h of those with no significant effect:")
        for dose in report.dose {
            line("  \(dose.summary)")
            let bands = DoseBand.allCases.compactMap { b in dose.teachersByBand[b].map { "\($0) \(b.rawValue)" } }
            if !bands.isEmpty { line("    teachers by band: \(bands.joined(separator: ", "))") }
            line("    \(LoggedDoseWording.sentence(dose.logged))")
        }
        if let sensitivity { out += sensitivityText(sensitivity) }
        if !report.notes.isEmpty {
            line()
            line("Notes:")
            for n in report.notes { line("  - \(CostNoteWording.sentence(n))") }
            if let mapping = IndicatorMappingWording.note(p.indicatorMapping) { line("  - \(mapping)") }
        }
        if breakdown {
            line()
            line(report.detail == .teachers ? "Breakdown (every line, its formula and the sources of its figures):"
                 : "Breakdown by school (each item's lines summed; a school's own breakdown has a line per teacher):")
            for l in report.lines {
                let who = (l.teacher.map { " \($0)" } ?? "") + (l.supports.isEmpty ? "" : " (\(l.supports.map(MCSupportWording.label).joined(separator: ", ")))")
                let amount = l.cash.map { CostFormat.money($0) } ?? "not priced"
                line("  year \(l.year) \(l.school)\(who) [\(l.path.rawValue)] \(l.item.label): \(amount)\(l.hours > 0 ? ", \(CostFormat.hours(l.hours))\(l.hoursOf == .coordinator ? " (coordinator)" : "")" : "")")
                line("      = \(l.formula)")
                for s in l.sources { line("      · \(s)") }
            }
        }
        return out
    }

    /// The sensitivity analysis: each figure's range, the MC − pairing difference at its ends and
    /// where the two cost the same. Starts with an empty line.
    package static func sensitivityText(_ sensitivity: SensitivityReport) -> String {
        var out = "\n"
        let sign = sensitivity.baseDifference >= 0 ? "MCs cost \(CostFormat.money(sensitivity.baseDifference)) more" : "pairing costs \(CostFormat.money(-sensitivity.baseDifference)) more"
        out += "Sensitivity of MC (\(MCSupportWording.label(sensitivity.support))) − pairing cash over \(sensitivity.years) year\(sensitivity.years == 1 ? "" : "s") (\(sign) at the figures above), largest swing first:\n"
        for e in sensitivity.entries {
            var line = "  \(e.parameter) \(CostFormat.number(e.low))–\(CostFormat.number(e.high)): \(CostFormat.money(e.differenceAtLow)) to \(CostFormat.money(e.differenceAtHigh)) (swing \(CostFormat.money(e.swing))\(e.economicSwing.map { "; economic swing \(CostFormat.money($0))" } ?? ""))"
            if let x = e.breakEven {
                line += "; break-even at \(CostFormat.number(x))\(e.breakEvenInRange ? " — inside its range: the answer can flip" : " (outside its range)")"
            } else {
                line += "; \(e.breakEvenNote)"
            }
            out += line + "\n"
        }
        if !sensitivity.notPriced.isEmpty {
            out += "  (items not priced are left out of both sides: \(sensitivity.notPriced.map(\.label).joined(separator: ", ")))\n"
        }
        return out
    }
}
