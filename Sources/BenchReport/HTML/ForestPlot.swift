import BenchKit
import BenchCompare
import Foundation

/// The whole comparison on one shared axis: for each metric its change (point) and
/// confidence interval (bar), over a band showing ± its practical threshold, with the
/// no-change line. Colour is the verdict. The axis is fitted to the typical changes
/// (`ForestAxis`): an interval reaching beyond it ends in an arrow, and a change beyond it
/// (an outlier) is a diamond at the edge labelled with its true value. Long names wrap.
enum ForestPlot {
    static let labelWidth = 360.0, plotWidth = 480.0, verdictWidth = 220.0
    static let labelCharacters = 52

    static func render(_ comparison: Comparison) -> String {
        let metrics = comparison.metrics
        let labels = metrics.map { LabelLines.wrap("\($0.benchmark)  \($0.metric)", width: labelCharacters) }
        let heights = labels.map { max(24, Double($0.count) * 14 + 10) }
        let top = 34.0, bottom = 40.0
        let width = labelWidth + plotWidth + verdictWidth
        let height = top + bottom + max(heights.reduce(0, +), 24)
        var svg = SVG(width: width, height: height, title: "Change of every metric with its confidence interval")
        let limit = ForestAxis.limit(metrics)
        let scale = Scale(lower: -limit, upper: limit, from: labelWidth + 10, to: labelWidth + plotWidth - 10, logarithmic: false)
        let level = Int((comparison.options.confidenceLevel * 100).rounded())
        svg.text(labelWidth, 16, "change (new vs baseline), \(level)% interval; shaded: ± threshold; ◆ at the edge: beyond the axis",
                 size: 12, fill: Palette.neutral)
        for tick in scale.ticks(count: 6) {
            svg.line(scale(tick), top - 6, scale(tick), height - bottom, stroke: tick == 0 ? Palette.axis : Palette.grid,
                     width: tick == 0 ? 1.5 : 1)
            svg.text(scale(tick), height - bottom + 16, formatPercent(tick, digits: limit < 0.1 ? 1 : 0), anchor: .middle, size: 11)
        }
        svg.text(labelWidth + plotWidth / 2, height - 8, "relative change (+ = larger value)", anchor: .middle, size: 11, fill: Palette.neutral)
        var rowTop = top
        for (row, metric) in metrics.enumerated() {
            let rowHeight = heights[row], y = rowTop + heights[row] / 2
            defer { rowTop += rowHeight }
            if row % 2 == 0 { svg.rect(0, rowTop, width, rowHeight, fill: "#f6f6f6") }
            let band = ForestAxis.band(metric)
            svg.rect(scale(-band), rowTop + 3, scale(band) - scale(-band), rowHeight - 6, fill: "#9e9e9e", opacity: 0.22)
            svg.lines(labelWidth - 8, y + 4 - Double(labels[row].count - 1) * 7, labels[row], anchor: .end)
            let colour = colourOf(metric.verdict)
            if let lower = metric.changeLower, let upper = metric.changeUpper {
                svg.line(scale(lower), y, scale(upper), y, stroke: colour, width: 2.5)
                for (bound, direction) in [(lower, -1.0), (upper, 1.0)] where abs(bound) > limit {
                    let x = scale(bound)
                    svg.polygon([(x + direction * 7, y), (x, y - 5), (x, y + 5)], fill: colour)
                }
            }
            if abs(metric.change) > limit {
                let side = metric.change > 0 ? 1.0 : -1.0, x = scale(metric.change) - side * 6
                svg.polygon([(x - 6, y), (x, y - 6), (x + 6, y), (x, y + 6)], fill: colour, tooltip: "outlier: " + metric.evidenceLine)
                svg.text(x - side * 10, y - 6, formatPercent(metric.change, digits: abs(metric.change) >= 10 ? 0 : 1), anchor: side > 0 ? .end : .start, size: 11,
                         fill: colour, weight: "bold")
            } else {
                svg.circle(scale(metric.change), y, r: 4.5, fill: colour, tooltip: metric.evidenceLine)
            }
            var verdict = "\(formatPercent(metric.change))  \(metric.verdict.rawValue)"
            if let p = metric.adjustedPValue { verdict += "  p=\(formatPValue(p))" }
            svg.text(labelWidth + plotWidth + 8, y + 4, verdict, size: 12, fill: colour,
                     weight: metric.verdict == .regression ? "bold" : nil)
        }
        if metrics.isEmpty { svg.text(width / 2, top + 16, "no metric in common", anchor: .middle, fill: Palette.neutral) }
        return svg.rendered
    }

    static func colourOf(_ verdict: Verdict) -> String {
        switch verdict {
        case .regression: return Palette.regression
        case .improvement: return Palette.improvement
        case .inconclusive: return Palette.inconclusive
        case .unchanged: return Palette.neutral
        }
    }
}
