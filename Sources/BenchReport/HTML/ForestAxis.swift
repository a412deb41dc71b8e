import BenchCompare
import BenchStats

/// The forest plot's half-width (relative change) chosen so that one wild change cannot
/// squeeze the others into a line: it covers every threshold and every change up to ten
/// times the typical size (the larger of the largest threshold and the median absolute
/// change), plus the interval bounds within that reach. Changes beyond it are outliers,
/// drawn at the edge with their true value written out. Between ±2% and ±1000%.
enum ForestAxis {
    static func limit(_ metrics: [MetricComparison]) -> Double {
        let changes = metrics.map { abs($0.change) }.filter(\.isFinite)
        let thresholds = metrics.map(band).filter(\.isFinite)
        let typical = max(thresholds.max() ?? 0.05, (try? median(changes)) ?? 0)
        let reach = typical * 10
        let bounds = metrics.flatMap { [$0.changeLower, $0.changeUpper].compactMap { $0.map(abs) } }
        let shown = (changes + bounds).filter { $0.isFinite && $0 <= reach }
        return min(max((shown + [typical]).max()! * 1.1, 0.02), 10)
    }

    /// The ± band a metric is held to, relative: its threshold, or its absolute tolerance
    /// over the baseline value.
    static func band(_ metric: MetricComparison) -> Double {
        guard let tolerance = metric.tolerance else { return metric.threshold }
        return metric.baseline.center != 0 ? abs(tolerance / metric.baseline.center) : 0
    }
}
