import BenchKit
import BenchStats
import Foundation

/// One metric of one result file reduced to what reports plot and export: the median of
/// each process, and a typical value. The typical value is the median of the per-process
/// medians (`centre(ofProcesses:)`), the same centre BenchCompare and the run table report,
/// so an export and a comparison of the same file quote the same number.
public struct MetricSummary: Sendable, Equatable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var better: Direction
    /// The typical value (median of process medians; the value of a single-value metric).
    public var center: Double
    /// Median of each process repetition (empty for single-value metrics).
    public var processMedians: [Double]
    /// Samples of each process repetition (empty for single-value metrics).
    public var processSamples: [[Double]]

    /// Summaries of every metric of `file`, benchmarks in file order, metrics by name.
    /// Metrics without usable data (no samples, no value, non-finite) are left out.
    public static func all(in file: ResultFile) -> [MetricSummary] {
        file.benchmarks.flatMap { benchmark in
            benchmark.metrics.keys.sorted().compactMap { name in
                benchmark.metrics[name].flatMap { MetricSummary(benchmark: benchmark.name, metric: name, result: $0) }
            }
        }
    }

    public init?(benchmark: String, metric: String, result: MetricResult) {
        self.benchmark = benchmark
        self.metric = metric
        unit = result.unit
        better = result.better
        let groups = (result.samples ?? []).filter { !$0.isEmpty && $0.allSatisfy(\.isFinite) }
        processSamples = groups
        processMedians = groups.compactMap { try? BenchStats.median($0) }
        if let value = result.value, value.isFinite, groups.isEmpty {
            center = value
        } else if let typical = try? centre(ofProcesses: groups) {
            center = typical
        } else {
            return nil
        }
    }

    /// "benchmark metric", the label used in charts and exports.
    public var label: String { "\(benchmark) \(metric)" }
}
