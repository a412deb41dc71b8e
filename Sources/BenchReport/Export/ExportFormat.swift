import BenchCompare
import BenchKit

/// Formats other tools read, produced by `bench export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// JUnit XML: one test case per benchmark metric; a regression is a failure.
    case junit
    /// github-action-benchmark, tool `customSmallerIsBetter` (lower-is-better metrics).
    case githubBenchmark = "github-benchmark"
    /// github-action-benchmark, tool `customBiggerIsBetter` (higher-is-better metrics).
    case githubBenchmarkBigger = "github-benchmark-bigger"
    /// Google Benchmark's JSON output (`--benchmark_format=json`), for its compare.py.
    case googleBenchmark = "google-benchmark"
    /// Prometheus / OpenMetrics text exposition, for a push gateway.
    case openmetrics
}

/// What is exported: a result file, and the comparison that judged it when there is one.
public struct ExportInput: Sendable {
    public var result: ResultFile
    public var comparison: Comparison?

    public init(result: ResultFile, comparison: Comparison? = nil) {
        self.result = result
        self.comparison = comparison
    }

    /// The comparison's evidence for one metric, if any.
    func evidence(benchmark: String, metric: String) -> MetricComparison? {
        comparison?.metrics.first { $0.benchmark == benchmark && $0.metric == metric }
    }

    public func render(_ format: ExportFormat) throws -> String {
        switch format {
        case .junit: return JUnitExport.render(self)
        case .githubBenchmark: return try GitHubBenchmarkExport.render(self, better: .lower)
        case .githubBenchmarkBigger: return try GitHubBenchmarkExport.render(self, better: .higher)
        case .googleBenchmark: return try GoogleBenchmarkExport.render(self)
        case .openmetrics: return OpenMetricsExport.render(self)
        }
    }
}

extension MetricComparison {
    /// One line of evidence: change, interval, p-value, threshold, verdict.
    var evidenceLine: String {
        var parts = ["\(verdict.rawValue): \(formatPercent(change))"]
        if let lower = changeLower, let upper = changeUpper {
            parts[0] += " [\(formatPercent(lower)), \(formatPercent(upper))]"
        }
        parts.append("baseline \(formatValue(baseline.center, unit: unit)) -> new \(formatValue(new.center, unit: unit))")
        if let p = adjustedPValue { parts.append("p(adj) \(formatPValue(p))") }
        parts.append(tolerance.map { "tolerance ±\(formatValue($0, unit: unit))" }
                     ?? "threshold \(formatPercent(threshold, signed: false))")
        parts.append("\(baseline.processes) vs \(new.processes) processes")
        return parts.joined(separator: ", ")
    }
}
