import BenchCompare
import BenchKit
import BenchStats
import Foundation

/// The change's bootstrap distribution, as Criterion.rs shows it: a histogram of the
/// relative change new/baseline − 1 over hierarchical bootstrap resamples (processes, then
/// samples within them; statistic: median of process medians), with the ± threshold band,
/// the no-change line, the estimate and the comparison's confidence interval. The
/// comparison's own interval may come from another test (paired lockstep, run-level); it
/// is drawn as it was reported.
enum BootstrapChart {
    static let resamples = 2000

    static func render(metric: MetricComparison, baseline: MetricSummary?, new: MetricSummary?) -> String {
        let width = 520.0, height = 200.0
        let left = 40.0, right = 14.0, top = 16.0, bottom = 40.0
        var svg = SVG(width: width, height: height, title: "Bootstrap distribution of the change of \(metric.metric)")
        guard let baseline, let new,
              let ratios = try? hierarchicalBootstrapRatios(baseline: baseline.processSamples, candidate: new.processSamples,
                                                            options: BootstrapOptions(resamples: resamples)) else {
            svg.text(width / 2, height / 2, "no bootstrap: a side has no positive samples", anchor: .middle, fill: Palette.neutral)
            return svg.rendered
        }
        let changes = ratios.map { $0 - 1 }.filter(\.isFinite)
        guard let tails = try? quantiles(changes, [0.001, 0.999]) else { return svg.rendered }
        let band = ForestAxis.band(metric)
        let shown = tails + [0, -band, band, metric.change]
            + [metric.changeLower, metric.changeUpper].compactMap { $0 }
        let lower = shown.min()!, upper = shown.max()!, pad = max((upper - lower) * 0.05, 1e-4)
        let x = Scale(lower: lower - pad, upper: upper + pad, from: left, to: width - right, logarithmic: false)
        // The bins span the distribution itself (its 0.1% to 99.9% range), wherever it lies on the axis.
        let bins = 40, binWidth = max((tails[1] - tails[0]) / Double(bins), 1e-12)
        var counts = [Int](repeating: 0, count: bins)
        for change in changes where change >= tails[0] && change <= tails[1] {
            counts[min(Int((change - tails[0]) / binWidth), bins - 1)] += 1
        }
        let tallest = Double(counts.max() ?? 1), floor = height - bottom
        svg.rect(x(-band), top, x(band) - x(-band), floor - top, fill: "#9e9e9e", opacity: 0.22)
        let colour = ForestPlot.colourOf(metric.verdict)
        for (index, count) in counts.enumerated() where count > 0 {
            let start = tails[0] + Double(index) * binWidth, barHeight = Double(count) / tallest * (floor - top)
            svg.rect(x(start), floor - barHeight, x(start + binWidth) - x(start), barHeight, fill: colour, opacity: 0.55)
        }
        svg.line(x(0), top, x(0), floor, stroke: Palette.axis, width: 1.5)
        svg.line(x(metric.change), top, x(metric.change), floor, stroke: colour, width: 2)
        for bound in [metric.changeLower, metric.changeUpper].compactMap({ $0 }) {
            svg.line(x(bound), top, x(bound), floor, stroke: colour, width: 1.5, dash: "5 3")
        }
        svg.line(left, floor, width - right, floor, stroke: Palette.axis)
        for tick in x.ticks(count: 5) {
            svg.text(x(tick), floor + 14, formatPercent(tick, digits: x.upper - x.lower < 0.1 ? 1 : 0), anchor: .middle, size: 11)
        }
        svg.text((left + width - right) / 2, height - 8,
                 "change in \(changes.count) bootstrap resamples; solid: estimate, dashed: interval, grey: ± threshold",
                 anchor: .middle, size: 10, fill: Palette.neutral)
        return svg.rendered
    }

}
