import BenchKit
import BenchCompare
import Foundation

/// The whole comparison on one shared axis: for each metric its change (point) and
/// confidence interval (bar), over a band showing ± its practical threshold, with the
/// no-change line. Colour is the verdict. Intervals beyond the axis end in an arrow.
enum ForestPlot {
    static func render(_ comparison: Comparison) -> String {
        let metrics = comparison.metrics
        let rowHeight = 24.0, top = 34.0, bottom = 40.0
        let labelWidth = 360.0, plotWidth = 480.0, verdictWidth = 220.0
        let width = labelWidth + plotWidth + verdictWidth
        let height = top + bottom + rowHeight * Double(max(metrics.count, 1))
        var svg = SVG(width: width, height: height, title: "Change of every metric with its confidence interval")
        // The axis shows every estimate and threshold; an interval reaching further (wide
        // ones come from few or noisy processes) ends in an arrow. Up to ±1000%.
        let estimates = metrics.flatMap { [abs($0.change), $0.threshold] }.filter(\.isFinite).max() ?? 0.05
        let bounds = metrics.flatMap { [abs($0.changeLower ?? 0), abs($0.changeUpper ?? 0)] }.filter(\.isFinite).max() ?? 0
        let limit = min(max(min(bounds, 1.0), estimates) * 1.1, 10).clamped(atLeast: 0.02)
        let scale = Scale(lower: -limit, upper: limit, from: labelWidth + 10, to: labelWidth + plotWidth - 10, logarithmic: false)
        let level = Int((comparison.options.confidenceLevel * 100).rounded())
        svg.text(labelWidth, 16, "change (new vs baseline), \(level)% interval; shaded: ± threshold", size: 12, fill: Palette.neutral)
        for tick in scale.ticks(count: 6) {
            svg.line(scale(tick), top - 6, scale(tick), height - bottom, stroke: tick == 0 ? Palette.axis : Palette.grid,
                     width: tick == 0 ? 1.5 : 1)
            svg.text(scale(tick), height - bottom + 16, formatPercent(tick, digits: limit < 0.1 ? 1 : 0), anchor: .middle, size: 11)
        }
        svg.text(labelWidth + plotWidth / 2, height - 8, "relative change (+ = larger value)", anchor: .middle, size: 11, fill: Palette.neutral)
        for (row, metric) in metrics.enumerated() {
            let y = top + (Double(row) + 0.5) * rowHeight
            if row % 2 == 0 { svg.rect(0, y - rowHeight / 2, width, rowHeight, fill: "#f6f6f6") }
            let relativeTolerance = metric.tolerance.map { tolerance in
                metric.baseline.center != 0 ? abs(tolerance / metric.baseline.center) : 0
            }
            let band = relativeTolerance ?? metric.threshold
            svg.rect(scale(-band), y - rowHeight / 2 + 3, scale(band) - scale(-band), rowHeight - 6, fill: "#9e9e9e", opacity: 0.22)
            svg.text(labelWidth - 8, y + 4, shorten("\(metric.benchmark)  \(metric.metric)", to: 54), anchor: .end, size: 12)
            let colour = colourOf(metric.verdict)
            if let lower = metric.changeLower, let upper = metric.changeUpper {
                svg.line(scale(lower), y, scale(upper), y, stroke: colour, width: 2.5)
                for (bound, direction) in [(lower, -1.0), (upper, 1.0)] where abs(bound) > limit {
                    let x = scale(bound)
                    svg.polygon([(x + direction * 7, y), (x, y - 5), (x, y + 5)], fill: colour)
                }
            }
            svg.circle(scale(metric.change), y, r: 4.5, fill: colour, tooltip: metric.evidenceLine)
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

    static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : "…" + text.suffix(length - 1)
    }
}

private extension Double {
    func clamped(atLeast lower: Double) -> Double { Swift.max(self, lower) }
}
