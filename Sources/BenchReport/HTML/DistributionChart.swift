import BenchKit
import BenchCompare
import BenchStats
import Foundation

/// Baseline and new samples of one metric side by side, one box per process (quartiles,
/// whiskers to the extremes, median line, every sample as a dot), with each side's
/// typical value as a dashed line. Processes are the unit of replication, so the reader
/// sees at once whether a change is larger than the process-to-process spread.
enum DistributionChart {
    static func render(baseline: MetricSummary?, new: MetricSummary?) -> String {
        let sides = [(name: "baseline", summary: baseline, colour: Palette.baseline),
                     (name: "new", summary: new, colour: Palette.new)]
        let unit = (new ?? baseline)?.unit ?? ""
        let metric = (new ?? baseline)?.metric ?? ""
        let width = 520.0, height = 240.0
        let left = 70.0, right = 12.0, top = 14.0, bottom = 46.0
        var svg = SVG(width: width, height: height, title: "\(metric) per process: baseline and new")
        let axis = SampleAxis(values: sides.flatMap { $0.summary?.processSamples.flatMap { $0 } ?? [] }, unit: unit,
                              pixels: (height - bottom, top))
        axis.draw(into: &svg, metric: metric, left: left, right: width - right, top: top, bottom: height - bottom)
        let scale = axis.scale
        svg.line(left, top, left, height - bottom, stroke: Palette.axis)

        let counts = sides.map { max($0.summary?.processSamples.count ?? 0, 1) }
        let gap = 1.0
        let slots = Double(counts.reduce(0, +)) + gap
        let slot = (width - left - right) / slots
        var x0 = left
        for (index, side) in sides.enumerated() {
            let groupWidth = Double(counts[index]) * slot
            defer { x0 += groupWidth + gap * slot }
            svg.text(x0 + groupWidth / 2, height - 12, side.name, anchor: .middle, size: 12, fill: side.colour, weight: "bold")
            guard let summary = side.summary, !summary.processSamples.isEmpty else {
                svg.text(x0 + groupWidth / 2, (top + height - bottom) / 2, "no samples", anchor: .middle, size: 11, fill: Palette.neutral)
                continue
            }
            svg.line(x0, scale(summary.center), x0 + groupWidth, scale(summary.center), stroke: side.colour, width: 1.5, dash: "5 3")
            for (process, samples) in summary.processSamples.enumerated() {
                let centre = x0 + (Double(process) + 0.5) * slot
                let boxWidth = min(slot * 0.55, 36)
                let q = (try? quantiles(samples, [0, 0.25, 0.5, 0.75, 1])) ?? [samples[0], samples[0], samples[0], samples[0], samples[0]]
                svg.line(centre, scale(q[0]), centre, scale(q[4]), stroke: side.colour)
                svg.rect(centre - boxWidth / 2, scale(q[3]), boxWidth, scale(q[1]) - scale(q[3]), fill: side.colour,
                         stroke: side.colour, opacity: 0.25)
                svg.line(centre - boxWidth / 2, scale(q[2]), centre + boxWidth / 2, scale(q[2]), stroke: side.colour, width: 2)
                let shown = samples.count > 60 ? stride(from: 0, to: samples.count, by: samples.count / 60 + 1).map { samples[$0] } : samples
                for (k, sample) in shown.enumerated() {
                    let jitter = (Double(k % 7) - 3) / 7 * boxWidth * 0.35
                    svg.circle(centre + jitter, scale(sample), r: 1.4, fill: side.colour)
                }
                if counts[index] <= 12 {
                    svg.text(centre, height - bottom + 14, "p\(process + 1)", anchor: .middle, size: 10, fill: Palette.neutral)
                }
            }
        }
        return svg.rendered
    }
}
