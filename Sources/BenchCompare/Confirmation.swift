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

extension Comparison {
    /// Sampled metrics called a regression, as "benchmark: metric".
    public var sampledRegressions: [String] {
        metrics.filter { $0.kind == .samples && $0.verdict == .regression }.map { "\($0.benchmark): \($0.metric)" }
    }

    /// This comparison with each sampled regression kept only if `second` (the same
    /// baseline against a new run of the regressed benchmarks) calls it a regression too;
    /// the others become inconclusive, with a note. Single-value metrics are deterministic
    /// and stand as they are.
    public func confirmed(by second: Comparison) -> Comparison {
        let again = Set(second.sampledRegressions)
        var result = self
        var confirmed: [String] = []
        for index in result.metrics.indices where result.metrics[index].kind == .samples && result.metrics[index].verdict == .regression {
            let key = "\(result.metrics[index].benchmark): \(result.metrics[index].metric)"
            if again.contains(key) {
                confirmed.append(key)
                result.metrics[index].notes.append("confirmed by a second run in fresh processes")
            } else {
                result.metrics[index].verdict = .inconclusive
                let change = second.metrics.first { "\($0.benchmark): \($0.metric)" == key }
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
