import BenchKit

/// The vertical value axis of the per-benchmark sample charts (per-process boxes and the
/// violin): a scale fitted to every sample of both sides (logarithmic when they span a
/// wide range), grid lines with tick labels in one display unit, and the metric's title.
struct SampleAxis {
    let scale: Scale
    let display: UnitScale

    /// Fits the axis to `values` between the plot's bottom and top pixels.
    init(values: [Double], unit: String, pixels: (bottom: Double, top: Double)) {
        scale = Scale.fitting(values, pixels: pixels, logAbove: 20)
        display = UnitScale.for(magnitude: max(abs(scale.lower), abs(scale.upper)), unit: unit)
    }

    /// Draws the grid lines and tick labels from `left` to `right` and the rotated title.
    func draw(into svg: inout SVG, metric: String, left: Double, right: Double, top: Double, bottom: Double) {
        for tick in scale.ticks() {
            svg.line(left, scale(tick), right, scale(tick), stroke: Palette.grid)
            svg.text(left - 6, scale(tick) + 4, tickLabel(tick, scale: display), anchor: .end, size: 11)
        }
        let title = "\(metric) (\(display.unit.isEmpty ? "value" : display.unit)\(scale.logarithmic ? ", log scale" : ""))"
        svg.text(16, (top + bottom) / 2, title, anchor: .middle, size: 11, fill: Palette.neutral, rotate: -90)
    }
}
