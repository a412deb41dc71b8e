import BenchKit

/// What `--gate` should do with a comparison.
public enum GateDecision: Sendable, Equatable {
    /// No significant regression (improvements never fail the gate).
    case pass
    /// Regressions, or missing benchmarks when `failOnMissing` is set; the reasons name them.
    case fail(reasons: [String])
    /// The environments differ (or a build was debug) and mismatch was not allowed: the
    /// numbers are not comparable, so the gate refuses to judge.
    case refused(reasons: [String])
}

extension Comparison {
    /// The gate's decision. An environment mismatch refuses unless `allowEnvironmentMismatch`.
    public func gateDecision(allowEnvironmentMismatch: Bool = false) -> GateDecision {
        if !allowEnvironmentMismatch && (environment.isMismatch || environment.debugBuild) {
            var reasons = environment.differences.map { "environment differs: \($0)" }
            if environment.debugBuild { reasons.append("a result comes from a debug build") }
            return .refused(reasons: reasons)
        }
        var reasons = metrics.filter { $0.verdict == .regression }.map { m in
            let limit = m.tolerance.map { "tolerance ±" + formatValue($0, unit: m.unit) }
                ?? "threshold " + formatPercent(m.threshold, signed: false)
            return "\(m.benchmark) \(m.metric): \(formatPercent(m.change)) (\(limit))"
        }
        if options.failOnMissing {
            reasons += onlyInBaseline.map { "missing from the new result: \($0)" }
            reasons += onlyInNew.map { "missing from the baseline: \($0)" }
        }
        return reasons.isEmpty ? .pass : .fail(reasons: reasons)
    }
}
