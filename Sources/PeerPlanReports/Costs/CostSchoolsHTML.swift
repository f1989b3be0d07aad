import PeerPlanCore

extension CostHTML {
    /// The cost comparison aggregated by school, as a fragment of a page that has its own `<h1>`
    /// and stylesheet (the district's web page): the same sections as the report file — the
    /// comparison per school and for the district, the charts, sensitivity, dose, notes and the
    /// assumptions with their sources — but not the line-by-line breakdown, which names teachers.
    /// No teacher is named anywhere in it. Headings start at `<h2>`.
    package static func schoolsFragment(report: CostReport, inputs: CostInputs, parameters p: CostParameters,
                                        sensitivity: SensitivityReport?, date: CalendarDate) -> String {
        var doc = Document(report: report, inputs: inputs, p: p, sensitivity: sensitivity, date: date, school: nil)
        doc.add("<p class=\"date\">\(e("Prepared \(date.description) · \(doc.scopeLine)"))</p>")
        doc.add("<p class=\"facts\">\(e(doc.facts))</p>")
        doc.comparison()
        doc.charts()
        doc.sensitivitySection()
        doc.doseSection()
        doc.notes()
        doc.assumptions()
        return doc.out
    }
}
