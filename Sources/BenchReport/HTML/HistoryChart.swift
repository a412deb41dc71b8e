import BenchKit
import Foundation

/// One metric over the suite's runs: the typical value per run (line and dots), the
/// spread of its process medians (vertical bars), and each change point as a dashed
/// line labelled with its size. The y axis turns logarithmic when values span more than
/// a factor of ten.
enum HistoryChart {
    static func render(series: MetricSeries, analysis: SeriesAnalysis?, runs: Int) -> String {
        let width = 520.0, height = 230.0
        let left = 70.0, right = 34.0, top = 22.0, bottom = 50.0
        var svg = SVG(width: width, height: height, title: "History of \(series.benchmark) \(series.metric)")
        let values = series.points.flatMap { [$0.summary.center] + $0.summary.processMedians }
        let y = Scale.fitting(values, pixels: (height - bottom, top))
        let x = Scale(lower: -0.5, upper: Double(max(runs, 1)) - 0.5, from: left, to: width - right, logarithmic: false)
        let display = UnitScale.for(magnitude: max(abs(y.lower), abs(y.upper)), unit: series.unit)
        for tick in y.ticks() {
            svg.line(left, y(tick), width - right, y(tick), stroke: Palette.grid)
            svg.text(left - 6, y(tick) + 4, tickLabel(tick, scale: display), anchor: .end, size: 11)
        }
        let title = "\(series.metric) (\(display.unit.isEmpty ? "value" : display.unit)\(y.logarithmic ? ", log scale" : ""), \(series.better.rawValue) is better)"
        svg.text(16, (top + height - bottom) / 2, title, anchor: .middle, size: 11, fill: Palette.neutral, rotate: -90)
        svg.line(left, height - bottom, width - right, height - bottom, stroke: Palette.axis)
        for change in analysis?.changes ?? [] {
            let position = Double(series.points[change.index].position) - 0.5
            let colour = change.direction == "regression" ? Palette.regression : Palette.improvement
            svg.line(x(position), top, x(position), height - bottom, stroke: colour, width: 1.5, dash: "4 3")
            let anchor: SVG.Anchor = x(position) > width - 90 ? .end : .start
            svg.text(x(position) + (anchor == .end ? -4 : 4), top + 10, "\(formatPercent(change.change)) (p=\(formatPValue(change.pValue)))",
                     anchor: anchor, size: 11, fill: colour, weight: "bold")
        }
        for point in series.points where point.summary.processMedians.count > 1 {
            let px = x(Double(point.position))
            svg.line(px, y(point.summary.processMedians.min()!), px, y(point.summary.processMedians.max()!), stroke: Palette.baseline)
        }
        svg.polyline(series.points.map { (x(Double($0.position)), y($0.summary.center)) }, stroke: Palette.baseline)
        for point in series.points {
            let tip = [point.createdAt.map(Timestamps.iso), point.commit.map { String($0.prefix(10)) },
                       formatValue(point.summary.center, unit: series.unit)].compactMap { $0 }.joined(separator: "  ")
            svg.circle(x(Double(point.position)), y(point.summary.center), r: 3, fill: Palette.baseline, tooltip: tip)
        }
        let intervals = min(4, max(runs - 1, 1))
        let ticks = Set((0...intervals).map { Int((Double($0) * Double(runs - 1) / Double(intervals)).rounded()) })
        for point in series.points where ticks.contains(point.position) {
            let px = x(Double(point.position))
            svg.line(px, height - bottom, px, height - bottom + 4, stroke: Palette.axis)
            svg.text(px, height - bottom + 16, "#\(point.position + 1)", anchor: .middle, size: 10)
            if let date = point.createdAt {
                svg.text(px, height - bottom + 29, shortDate(date), anchor: .middle, size: 10, fill: Palette.neutral)
            }
        }
        svg.text((left + width - right) / 2, height - 6, "run (oldest → newest)", anchor: .middle, size: 11, fill: Palette.neutral)
        return svg.rendered
    }

    static func shortDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
