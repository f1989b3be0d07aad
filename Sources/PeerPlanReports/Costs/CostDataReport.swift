import PeerPlanCore

/// The cost comparison as data: CSV (totals per scope, year and path, or every line) and JSON.
package enum CostDataReport {
    /// `school`: the one school of a school's report (nil: the district). Paths: pairing, the MC
    /// path under each support scenario (`mc-none`, `mc-coaching`, `mc-peer`) and both. Scopes: the district
    /// and its schools, or the school (and its teachers, in a report by teacher).
    /// `hourValue`: the economic-cost view's price of an hour (its column is empty without one).
    package static func csv(_ report: CostReport, school: String?, breakdown: Bool, hourValue: Double? = nil) -> String {
        var out = ""
        if breakdown {
            out += "year,school,teacher,path,scenarios,item,cash,hours,hoursOf,formula,inputs,sources\n"
            for l in report.lines {
                let inputs = l.inputs.sorted { $0.key < $1.key }.map { "\($0.key)=\(CostFormat.number($0.value, decimals: 6))" }.joined(separator: ";")
                out += CSV.row([String(l.year), l.school, l.teacher ?? "", l.path.rawValue, l.supports.map(\.rawValue).joined(separator: ";"), l.item.rawValue, l.cash.map { CostFormat.fixed($0) } ?? "not priced",
                                CostFormat.fixed(l.hours), l.hoursOf.rawValue, l.formula, inputs, l.sources.joined(separator: " | ")]) + "\n"
            }
            return out
        }
        out += "scope,id,name,school,year,path,cash,teacherHours,coordinatorHours,notPriced,economicCost\n"
        for scope in school == nil ? [report.district] + report.schools : report.schools + report.teachers {
            let periods = scope.byYear.enumerated().map { (String($0.offset + 1), $0.element) } + [("all", scope.overall)]
            for (year, totals) in periods {
                let paths = [("pairing", totals.pairing)] + MCSupport.allCases.map { (MCSupportWording.csvPath($0), totals.mc($0)) } + [("both", totals.both)]
                for (path, t) in paths {
                    out += CSV.row([scope.kind.rawValue, scope.id, scope.name, scope.school ?? "", year, path, CostFormat.fixed(t.cash), CostFormat.fixed(t.teacherHours),
                                    CostFormat.fixed(t.coordinatorHours), t.notPriced.map(\.rawValue).joined(separator: ";"),
                                    hourValue.map { CostFormat.fixed(t.economic(hourValue: $0)) } ?? ""]) + "\n"
                }
            }
        }
        return out
    }

    /// The report (its lines only with `breakdown`), the sensitivity analysis and, with
    /// `breakdown` of a report by teacher, the inputs with focus skills and attachments left out (they are counted,
    /// never listed per teacher). Notes are sentences.
    package static func json(_ report: CostReport, sensitivity: SensitivityReport?, inputs: CostInputs, breakdown: Bool) throws -> String {
        struct Report: Encodable {
            var years: Int
            var currency: String
            var lines: [CostLine]
            var district: ScopeTotals
            var schools: [ScopeTotals]
            var teachers: [ScopeTotals]
            var dose: [DoseResult]
            var notPriced: [NotPriced]
            var notes: [String]
        }
        struct Out: Encodable {
            var report: Report
            var sensitivity: SensitivityReport?
            var inputs: CostInputs?
        }
        let shown = Report(years: report.years, currency: report.currency, lines: breakdown ? report.lines : [], district: report.district,
                           schools: report.schools, teachers: report.teachers, dose: report.dose, notPriced: report.notPriced,
                           notes: report.notes.map(CostNoteWording.sentence))
        // The inputs name teachers and sessions: only in one school's breakdown.
        let shownInputs = breakdown && report.detail == .teachers ? withoutSkills(inputs) : nil
        return try ReportJSON.string(Out(report: shown, sensitivity: sensitivity, inputs: shownInputs))
    }

    /// Inputs as shown in a breakdown: focus skills are counted, never listed per teacher.
    static func withoutSkills(_ inputs: CostInputs) -> CostInputs {
        var shown = inputs
        for s in shown.schools.indices {
            for t in shown.schools[s].teachers.indices {
                shown.schools[s].teachers[t].focusSkills = []
                shown.schools[s].teachers[t].credentials = []
            }
        }
        return shown
    }
}
