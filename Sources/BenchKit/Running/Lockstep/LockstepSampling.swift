import BenchStats
import Foundation

/// How one pair samples one benchmark: the same iterations per sample on both sides, and
/// an even number of samples per side (whole ABBA blocks) filling the time budget, but
/// never fewer than `minimumBlocks` blocks: the pair's change is a median over blocks, and
/// it takes several blocks for that median to pass over a sample that another job
/// preempted (seen here: 2.7 ms samples taking 17-24 ms on a loaded machine).
struct LockstepSampling: Equatable {
    static let minimumBlocks = 8

    var iterations: Int
    var samplesPerSide: Int

    /// Samples last about budget/25, between 1 and 10 ms: short enough that both sides of
    /// a block see the same machine (speed drifts over 30-300 ms), long enough that the
    /// turn itself (two pipe messages) costs under a few percent of the CPU time.
    init(timeBudget: Double, estimatedNsPerOperation estimate: Double, timerOverheadNs: Double) {
        let sampleNs = max(min(max(timeBudget * 1e9 / 25, 1e6), 1e7), 1000 * timerOverheadNs)
        iterations = Int(min(max((sampleNs / max(estimate, 0.01)).rounded(.up), 1), 1e12))
        let perSample = Double(iterations) * max(estimate, 0.01)
        let fitting = Int((timeBudget * 1e9 / perSample).rounded())
        samplesPerSide = min(max(fitting + fitting % 2, 2 * Self.minimumBlocks), 1000)
    }
}

/// When a benchmark has had enough pairs: its change interval, at the per-benchmark level
/// the multiplicity correction will ask for (alpha / comparisons), is either narrow enough
/// to tell a change at the threshold from none (half-width at most half the threshold) or
/// lies wholly beyond the threshold. The first rule looks only at precision, not at the
/// estimate, so stopping by it does not bias the test; the second ends clear regressions
/// early.
public struct LockstepStopping: Sendable, Equatable {
    public var threshold: Double
    public var alpha: Double
    public var comparisons: Int

    public init(threshold: Double, alpha: Double, comparisons: Int) {
        self.threshold = threshold
        self.alpha = alpha
        self.comparisons = max(comparisons, 1)
    }

    /// Whether the pairs so far (`base[p]`, `head[p]`) resolve the change.
    public func isResolved(base: [[Double]], head: [[Double]]) -> Bool {
        guard base.count >= 2, let test = try? LockstepPairs.test(base: base, head: head),
              let interval = try? test.interval(level: 1 - alpha / Double(comparisons)) else { return false }
        let bound = log1p(threshold)
        if interval.lower > bound || interval.upper < -bound { return true }
        return (interval.upper - interval.lower) / 2 <= bound / 2
    }
}
