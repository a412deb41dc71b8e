import BenchKit

/// The outcome of measuring regressed benchmarks a second time, in fresh processes.
///
/// A whole run can land slow on a shared machine (a busy neighbour for the length of the
/// run), and a comparison of two runs cannot tell that from a regression. A second,
/// independent run of just the regressed benchmarks can: a regression is real only if it
/// shows again. Requiring both comparisons to find it is an intersection-union test, so
/// the false-alarm bound of each still holds, and a transient shift must now strike twice.
public struct Confirmation: Sendable, Codable, Equatable {
    /// Sampled metrics ("benchmark: metric") that regressed in the first comparison.
    public var measuredAgain: [String]
    /// Those that regressed again in the second.
    public var confirmed: [String]
}

extension MetricComparison {
    /// "benchmark: metric", how confirmations name a metric.
    var key: String { "\(benchmark): \(metric)" }

    var isSampledRegression: Bool { kind == .samples && verdict == .regression }
}

extension Comparison {
    /// Sampled metrics called a regression, as "benchmark: metric".
    public var sampledRegressions: [String] { metrics.filter(\.isSampledRegression).map(\.key) }

    /// The benchmarks to measure again to confirm `sampledRegressions`, sorted.
    public var benchmarksToMeasureAgain: [String] {
        Array(Set(metrics.filter(\.isSampledRegression).map(\.benchmark))).sorted()
    }

    /// This comparison with each sampled regression kept only if `second` (the same
    /// baseline against a new run of the regressed benchmarks) calls it a regression too;
    /// the others become inconclusive, with a note. Single-value metrics are deterministic
    /// and stand as they are.
    public func confirmed(by second: Comparison) -> Comparison {
        let again = Set(second.sampledRegressions)
        var result = self
        var confirmed: [String] = []
        for index in result.metrics.indices where result.metrics[index].isSampledRegression {
            let key = result.metrics[index].key
            if again.contains(key) {
                confirmed.append(key)
                result.metrics[index].notes.append("confirmed by a second run in fresh processes")
            } else {
                result.metrics[index].verdict = .inconclusive
                let change = second.metrics.first { $0.key == key }
                    .map { " (there: \(formatPercent($0.change)), \($0.verdict.rawValue))" } ?? " (not measured there)"
                result.metrics[index].notes.append("not confirmed by a second run in fresh processes\(change): a whole run that landed slow, not a regression")
            }
        }
        result.summary = ComparisonSummary(metrics: result.metrics, onlyInBaseline: summary.onlyInBaseline,
                                           onlyInNew: summary.onlyInNew)
        result.confirmation = Confirmation(measuredAgain: sampledRegressions, confirmed: confirmed)
        return result
    }
}
