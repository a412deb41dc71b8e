import BenchKit
import Foundation

/// Criterion-style density of one metric's samples, baseline against new, as a split
/// violin on a shared value axis: the baseline's kernel density to the left, the new one's
/// to the right, each with its median marked. Shows the shape (modes, tails) that quartile
/// boxes hide. All samples of all processes are pooled.
enum ViolinChart {
    static func render(baseline: MetricSummary?, new: MetricSummary?) -> String {
        let width = 520.0, height = 220.0
        let left = 70.0, right = 12.0, top = 14.0, bottom = 30.0
        let sides = [(name: "baseline", summary: baseline, colour: Palette.baseline, direction: -1.0),
                     (name: "new", summary: new, colour: Palette.new, direction: 1.0)]
        let metric = (new ?? baseline)?.metric ?? ""
        let unit = (new ?? baseline)?.unit ?? ""
        var svg = SVG(width: width, height: height, title: "\(metric) density: baseline and new")
        let axis = SampleAxis(values: sides.flatMap { $0.summary?.processSamples.flatMap { $0 } ?? [] }, unit: unit,
                              pixels: (height - bottom, top))
        axis.draw(into: &svg, metric: metric, left: left, right: width - right, top: top, bottom: height - bottom)
        let scale = axis.scale
        let centre = (left + width - right) / 2, halfWidth = (width - right - left) / 2 - 10
        svg.line(centre, top, centre, height - bottom, stroke: Palette.axis)
        let densities = sides.map { side in side.summary.flatMap { KernelDensity($0.processSamples.flatMap { $0 }) } }
        let curves = densities.map { $0?.curve(from: scale.lower, to: scale.upper) ?? [] }
        let peak = curves.flatMap { $0.map(\.density) }.max() ?? 0
        for (index, side) in sides.enumerated() {
            svg.text(centre + side.direction * halfWidth / 2, height - 10, side.name, anchor: .middle, size: 12,
                     fill: side.colour, weight: "bold")
            guard let summary = side.summary, peak > 0, !curves[index].isEmpty else {
                svg.text(centre + side.direction * halfWidth / 2, (top + height - bottom) / 2, "too few samples",
                         anchor: .middle, size: 11, fill: Palette.neutral)
                continue
            }
            let outline = curves[index].map { (centre + side.direction * $0.density / peak * halfWidth, scale($0.x)) }
            svg.polygon([(centre, scale(scale.lower))] + outline + [(centre, scale(scale.upper))], fill: side.colour, opacity: 0.45,
                        tooltip: "\(side.name): \(summary.processSamples.flatMap { $0 }.count) samples, median \(formatValue(summary.center, unit: unit))")
            svg.line(centre, scale(summary.center), centre + side.direction * halfWidth, scale(summary.center),
                     stroke: side.colour, width: 1.5, dash: "5 3")
        }
        return svg.rendered
    }
}
