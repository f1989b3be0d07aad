import PeerPlanCore

/// SVG charts for the HTML cost report, drawn by our own code: pure string building with fixed
/// decimals (no locale, no Foundation), so the same figures always give the same bytes. Every
/// mark that stands for a number carries it in `data-value`, so its size can be checked against it.
/// Charts use a `viewBox` and scale to the width of the page (screen or print).
package enum CostCharts {
    /// One bar series (pairing, MC): its name in the legend, a CSS class and a fill colour.
    package struct Series: Sendable, Hashable {
        package var name: String
        package var cssClass: String
        package var fill: String

        package init(name: String, cssClass: String, fill: String) {
            self.name = name
            self.cssClass = cssClass
            self.fill = fill
        }

        package static let pairing = Series(name: "Pairing", cssClass: "pairing", fill: "#2b6cb0")
        package static let mc = Series(name: "Micro-credentials", cssClass: "mc", fill: "#dd6b20")
        /// The MC path under one support scenario (shades of the MC colour).
        package static func mc(_ support: MCSupport) -> Series {
            switch support {
            case .none: Series(name: "MCs, no support", cssClass: "mc mc-none", fill: "#f6ad55")
            case .coaching: Series(name: "MCs, paid coaching", cssClass: "mc mc-coaching", fill: "#dd6b20")
            case .peer: Series(name: "MCs, peer support", cssClass: "mc mc-peer", fill: "#9c4221")
            }
        }
        /// Pairing and the MC path under each support scenario, in the order the tables use.
        package static var paths: [Series] { [.pairing] + MCSupport.allCases.map(mc) }
    }

    /// A group of bars (a school): one value per series.
    package struct Group: Sendable, Hashable {
        package var label: String
        package var values: [Double]

        package init(label: String, values: [Double]) {
            self.label = label
            self.values = values
        }
    }

    /// A coordinate with one decimal.
    static func n(_ v: Double) -> String { CostFormat.fixed(v, decimals: 1) }

    /// A value as `data-value` carries it (two decimals).
    static func dv(_ v: Double) -> String { CostFormat.fixed(v, decimals: 2) }

    static func esc(_ s: String) -> String { CostHTML.escape(s) }

    /// `s`, cut to `limit` characters with an ellipsis.
    static func clip(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(max(1, limit - 1))) + "…"
    }

    /// The smallest 1, 2, 2.5 or 5 × 10^k at or above `v` (1 when `v` ≤ 0): the end of an axis.
    package static func niceMax(_ v: Double) -> Double {
        guard v > 0, v.isFinite else { return 1 }
        var p = 1.0
        while p * 10 <= v { p *= 10 }
        while p > v { p /= 10 }
        for m in [1.0, 2, 2.5, 5] where m * p >= v { return m * p }
        return 10 * p
    }

    static func open(_ id: String, width: Double, height: Double, title: String, description: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(esc(id))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(esc(id))-title \(esc(id))-desc\">"
            + "<title id=\"\(esc(id))-title\">\(esc(title))</title><desc id=\"\(esc(id))-desc\">\(esc(description))</desc>"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 11, cssClass: String = "label") -> String {
        "<text class=\"\(cssClass)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">\(esc(content))</text>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String, stroke: String = "#999999", dash: Bool = false) -> String {
        "<line class=\"\(cssClass)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>"
    }

    static func legend(_ series: [Series], x: Double, y: Double) -> String {
        var out = ""
        var at = x
        for s in series {
            out += "<rect class=\"key \(s.cssClass)\" x=\"\(n(at))\" y=\"\(n(y - 9))\" width=\"10\" height=\"10\" fill=\"\(s.fill)\"/>"
            out += text(at + 14, y, s.name)
            at += 24 + Double(s.name.count) * 6.5
        }
        return out
    }

    // MARK: (a) vertical grouped bars

    package static let barsWidth = 720.0, barsHeight = 310.0
    package static let barsPlotTop = 44.0, barsPlotBottom = 276.0

    /// Vertical bars, one group per school, one bar per series; the value axis starts at 0 and ends
    /// at `niceMax` of the largest value, so a bar's height is value ÷ axis end × plot height.
    package static func groupedBars(id: String, title: String, description: String, groups: [Group], series: [Series],
                                   format: (Double) -> String) -> String {
        let width = barsWidth, height = barsHeight
        let left = 84.0, right = 16.0, top = barsPlotTop, bottom = barsPlotBottom
        let plotW = width - left - right, plotH = bottom - top
        let axis = niceMax(groups.flatMap(\.values).max() ?? 0)
        var out = open(id, width: width, height: height, title: title, description: description)
        out += legend(series, x: left, y: 18)
        for k in 0...4 {
            let v = axis * Double(k) / 4
            let y = bottom - v / axis * plotH
            out += line(left, y, left + plotW, y, cssClass: k == 0 ? "axis" : "grid", stroke: k == 0 ? "#333333" : "#dddddd")
            out += text(left - 6, y + 4, format(v), anchor: "end", size: 10, cssClass: "tick")
        }
        let groupW = plotW / Double(max(1, groups.count))
        let barW = min(56, groupW * 0.8 / Double(max(1, series.count)))
        for (gi, g) in groups.enumerated() {
            let start = left + groupW * Double(gi) + (groupW - barW * Double(series.count)) / 2
            for (si, s) in series.enumerated() where si < g.values.count {
                let v = g.values[si]
                let h = max(0, v) / axis * plotH
                let x = start + barW * Double(si)
                out += "<rect class=\"bar \(s.cssClass)\" x=\"\(n(x))\" y=\"\(n(bottom - h))\" width=\"\(n(barW - 2))\" height=\"\(n(h))\" fill=\"\(s.fill)\" data-value=\"\(dv(v))\">"
                out += "<title>\(esc("\(g.label) — \(s.name): \(format(v))"))</title></rect>"
                out += text(x + (barW - 2) / 2, bottom - h - 4, format(v), anchor: "middle", size: 9, cssClass: "value")
            }
            let limit = max(6, Int(groupW / 6.5))
            out += text(left + groupW * (Double(gi) + 0.5), bottom + 18, clip(g.label, limit), anchor: "middle")
        }
        return out + "</svg>"
    }

    // MARK: (b) horizontal bars in panels

    /// One panel of horizontal bars: a group per school, a bar per series, the axis from 0.
    package struct Panel: Sendable {
        package var title: String
        package var groups: [Group]
        package var format: @Sendable (Double) -> String

        package init(title: String, groups: [Group], format: @escaping @Sendable (Double) -> String) {
            self.title = title
            self.groups = groups
            self.format = format
        }
    }

    package static let panelsWidth = 720.0, panelsLabelWidth = 170.0, panelsPlotWidth = 440.0

    /// Panels stacked one above the other (cash above, teacher hours below), each with its own
    /// axis: a bar's width is value ÷ that panel's axis end × plot width.
    package static func panels(id: String, title: String, description: String, panels: [Panel], series: [Series]) -> String {
        let rowH = 18.0, groupGap = 10.0
        let left = panelsLabelWidth, plotW = panelsPlotWidth
        var heights: [Double] = []
        for p in panels { heights.append(34 + Double(p.groups.count) * (rowH * Double(series.count) + groupGap) + 24) }
        let height = 30 + heights.reduce(0, +)
        var out = open(id, width: panelsWidth, height: height, title: title, description: description)
        out += legend(series, x: left, y: 18)
        var y0 = 30.0
        for (pi, p) in panels.enumerated() {
            let axis = niceMax(p.groups.flatMap(\.values).max() ?? 0)
            out += "<g class=\"panel\" data-axis=\"\(dv(axis))\">"
            out += text(8, y0 + 18, p.title, size: 12, cssClass: "panel-title")
            let plotTop = y0 + 28
            let plotBottom = y0 + heights[pi] - 24
            for k in 0...4 {
                let v = axis * Double(k) / 4
                let x = left + v / axis * plotW
                out += line(x, plotTop, x, plotBottom, cssClass: k == 0 ? "axis" : "grid", stroke: k == 0 ? "#333333" : "#dddddd")
                out += text(x, plotBottom + 14, p.format(v), anchor: "middle", size: 10, cssClass: "tick")
            }
            var y = plotTop + groupGap / 2
            for g in p.groups {
                out += text(left - 8, y + rowH * Double(series.count) / 2 + 4, clip(g.label, 26), anchor: "end")
                for (si, s) in series.enumerated() where si < g.values.count {
                    let v = g.values[si]
                    let w = max(0, v) / axis * plotW
                    out += "<rect class=\"bar \(s.cssClass)\" x=\"\(n(left))\" y=\"\(n(y + 1))\" width=\"\(n(w))\" height=\"\(n(rowH - 3))\" fill=\"\(s.fill)\" data-value=\"\(dv(v))\">"
                    out += "<title>\(esc("\(g.label) — \(s.name): \(p.format(v))"))</title></rect>"
                    out += text(left + w + 4, y + rowH - 5, p.format(v), size: 9, cssClass: "value")
                    y += rowH
                }
                y += groupGap
            }
            out += "</g>"
            y0 += heights[pi]
        }
        return out + "</svg>"
    }

    // MARK: (c) tornado

    package static let tornadoWidth = 760.0, tornadoPlotLeft = 300.0, tornadoPlotWidth = 360.0

    /// The axis of a tornado chart: from the smallest to the largest of 0, the base difference and
    /// every difference at a range end.
    package static func tornadoDomain(_ entries: [SensitivityEntry], base: Double) -> ClosedRange<Double> {
        var values: [Double] = [0, base]
        for e in entries { values += [e.differenceAtLow, e.differenceAtHigh] }
        let lo = values.min()!, hi = values.max()!
        return hi > lo ? lo...hi : lo...(lo + 1)
    }

    /// One row per parameter that moves the answer, largest swing first: a bar from the base
    /// difference to the difference at the parameter's low end (light) and one to its high end
    /// (dark); a bar's width is |difference − base| ÷ (axis span) × plot width. The dashed line is
    /// MC = pairing (a difference of 0).
    package static func tornado(id: String, title: String, description: String, entries: [SensitivityEntry], base: Double,
                               format: (Double) -> String) -> String {
        let shown = entries.filter { $0.swing > 0 }
        let rowH = 24.0, top = 52.0
        let left = tornadoPlotLeft, plotW = tornadoPlotWidth
        let height = top + Double(max(1, shown.count)) * rowH + 40
        let domain = tornadoDomain(shown, base: base)
        func x(_ v: Double) -> Double { left + (v - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * plotW }
        var out = open(id, width: tornadoWidth, height: height, title: title, description: description)
        let low = Series(name: "at the low end of its range", cssClass: "low", fill: "#90cdf4")
        let high = Series(name: "at the high end", cssClass: "high", fill: "#2c5282")
        out += legend([low, high], x: left, y: 16)
        let bottom = top + Double(max(1, shown.count)) * rowH
        out += line(x(0), top - 8, x(0), bottom, cssClass: "zero", stroke: "#c53030", dash: true)
        out += text(x(0), top - 12, "MC = pairing", anchor: "middle", size: 10, cssClass: "zero-label")
        out += line(x(base), top - 4, x(base), bottom, cssClass: "base", stroke: "#333333")
        out += text(x(base), bottom + 14, "at the figures used: \(format(base))", anchor: "middle", size: 10, cssClass: "base-label")
        out += text(x(domain.lowerBound), bottom + 30, format(domain.lowerBound), anchor: "start", size: 10, cssClass: "tick")
        out += text(x(domain.upperBound), bottom + 30, format(domain.upperBound), anchor: "end", size: 10, cssClass: "tick")
        if shown.isEmpty { out += text(left, top + 16, "No figure with a range moves the difference.") }
        for (k, e) in shown.enumerated() {
            let y = top + Double(k) * rowH
            out += text(left - 8, y + rowH / 2 + 4, clip(e.parameter, 48), anchor: "end", size: 10)
            for (value, s, end) in [(e.differenceAtLow, low, e.low), (e.differenceAtHigh, high, e.high)] {
                let a = x(min(base, value)), b = x(max(base, value))
                out += "<rect class=\"bar \(s.cssClass)\" x=\"\(n(a))\" y=\"\(n(y + 4))\" width=\"\(n(b - a))\" height=\"\(n(rowH - 8))\" fill=\"\(s.fill)\" data-value=\"\(dv(value))\">"
                out += "<title>\(esc("\(e.parameter) = \(CostFormat.number(end)): MC − pairing \(format(value))"))</title></rect>"
            }
            out += text(left + plotW + 8, y + rowH / 2 + 4, "swing \(format(e.swing))", size: 10, cssClass: "value")
        }
        return out + "</svg>"
    }

    // MARK: dose

    package static let doseWidth = 720.0, dosePlotLeft = 170.0, dosePlotWidth = 460.0

    /// The hours axis of the dose chart: past the effective band and past every teacher.
    package static func doseAxis(_ rows: [(label: String, dose: DoseResult)], bands: DoseBands) -> Double {
        niceMax(max(bands.effectiveHours.upperBound * 1.1, rows.map(\.dose.maxHours).max() ?? 0))
    }

    /// Hours per participating teacher per year for each school against the research bands: the
    /// band that showed no effect and the band that showed effects shaded, each school's range of
    /// teachers (min–max) as a line and its mean as a dot (x = hours ÷ axis end × plot width).
    package static func dose(id: String, title: String, description: String, rows: [(label: String, dose: DoseResult)], bands: DoseBands) -> String {
        let rowH = 28.0, top = 58.0
        let left = dosePlotLeft, plotW = dosePlotWidth
        let axis = doseAxis(rows, bands: bands)
        func x(_ h: Double) -> Double { left + min(max(0, h), axis) / axis * plotW }
        let bottom = top + Double(max(1, rows.count)) * rowH
        let height = bottom + 36
        var out = open(id, width: doseWidth, height: height, title: title, description: description)
        let none = bands.ineffectiveHours, effective = bands.effectiveHours
        out += "<rect class=\"band none\" x=\"\(n(x(none.lowerBound)))\" y=\"\(n(top - 6))\" width=\"\(n(x(none.upperBound) - x(none.lowerBound)))\" height=\"\(n(bottom - top + 6))\" fill=\"#e2e2e2\"/>"
        out += "<rect class=\"band effective\" x=\"\(n(x(effective.lowerBound)))\" y=\"\(n(top - 6))\" width=\"\(n(x(effective.upperBound) - x(effective.lowerBound)))\" height=\"\(n(bottom - top + 6))\" fill=\"#c6f6d5\"/>"
        out += text(x(none.lowerBound), top - 26, "\(CostFormat.number(none.lowerBound))–\(CostFormat.number(none.upperBound)) h: no effect", size: 10, cssClass: "band-label")
        out += text((x(effective.lowerBound) + x(effective.upperBound)) / 2, top - 11, "\(CostFormat.number(effective.lowerBound))–\(CostFormat.number(effective.upperBound)) h: effects", anchor: "middle", size: 10, cssClass: "band-label")
        for k in 0...4 {
            let h = axis * Double(k) / 4
            out += line(x(h), bottom, x(h), bottom + 4, cssClass: "tick", stroke: "#333333")
            out += text(x(h), bottom + 16, CostFormat.number(h) + " h", anchor: "middle", size: 10, cssClass: "tick")
        }
        out += line(left, bottom, left + plotW, bottom, cssClass: "axis", stroke: "#333333")
        for (k, row) in rows.enumerated() {
            let y = top + Double(k) * rowH + rowH / 2
            let d = row.dose
            out += text(left - 8, y + 4, clip(row.label, 26), anchor: "end")
            guard d.participatingTeachers > 0 else {
                out += text(left + 4, y + 4, "no participating teachers", size: 10, cssClass: "value")
                continue
            }
            out += "<line class=\"range\" x1=\"\(n(x(d.minHours)))\" y1=\"\(n(y))\" x2=\"\(n(x(d.maxHours)))\" y2=\"\(n(y))\" stroke=\"#4a5568\" stroke-width=\"3\" data-min=\"\(dv(d.minHours))\" data-max=\"\(dv(d.maxHours))\"/>"
            out += "<circle class=\"mean\" cx=\"\(n(x(d.meanHours)))\" cy=\"\(n(y))\" r=\"5\" fill=\"#1a202c\" data-value=\"\(dv(d.meanHours))\">"
            out += "<title>\(esc("\(row.label): mean \(CostFormat.hours(d.meanHours)), \(CostFormat.number(d.minHours, decimals: 1))–\(CostFormat.hours(d.maxHours)), \(d.participatingTeachers) teachers"))</title></circle>"
            out += text(left + plotW + 8, y + 4, "mean " + CostFormat.hours(d.meanHours), size: 10, cssClass: "value")
        }
        return out + "</svg>"
    }
}
