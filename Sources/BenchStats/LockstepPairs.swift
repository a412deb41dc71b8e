import Foundation

/// Statistics of the lockstep design: a base process and a head process, pinned to one
/// CPU, take turns one sample at a time on the same benchmark, in ABBA blocks
/// (first mover, second, second, first). Machine speed drifts over tens to hundreds of
/// milliseconds, so samples taken milliseconds apart on the same CPU see the same machine;
/// their ratio is nearly free of the drift that dominates separate runs.
///
/// Each pair of processes is one replication: its change is the median, over ABBA blocks,
/// of the block's mean log head sample minus mean log base sample (a linear drift inside a
/// block cancels, and who moved first does not matter because each side holds one end and
/// one middle position). Pairs differ by process luck (heap and code placement), so the
/// pairs, not the samples, are the unit the test counts.
public enum LockstepPairs {
    /// The log change of one pair: median over complete ABBA blocks of
    /// ½(log h₁ + log h₂ − log b₁ − log b₂), where block j holds samples 2j and 2j + 1 of
    /// each side. With fewer than two samples on a side, the log ratio of the side medians.
    /// Samples must be positive.
    public static func logChange(base: [Double], head: [Double]) throws(StatsError) -> Double {
        try validate(base, "lockstep base samples")
        try validate(head, "lockstep head samples")
        for (what, values) in [("lockstep base sample", base), ("lockstep head sample", head)] {
            if let bad = values.first(where: { $0 <= 0 }) { throw .notPositive(what: what, value: bad) }
        }
        let blocks = min(base.count, head.count) / 2
        guard blocks >= 1 else { return log(medianUnchecked(head)) - log(medianUnchecked(base)) }
        let changes = (0..<blocks).map { (j: Int) -> Double in
            let headLogs: Double = log(head[2 * j]) + log(head[2 * j + 1])
            let baseLogs: Double = log(base[2 * j]) + log(base[2 * j + 1])
            return 0.5 * (headLogs - baseLogs)
        }
        return medianUnchecked(changes)
    }

    /// Share of pairs trimmed from each end by the test: a pair whose process landed in a
    /// pathological state for its whole life (seen here: 2-4× on an L3-bound kernel while
    /// the machine was loaded) is set aside without looking at which side it favours.
    /// Below 10 pairs nothing is trimmed.
    public static let trim = 0.1

    /// The test over pairs: the one-sample Yuen t-test (10% trimmed mean, winsorized
    /// variance) of the pairs' log changes against 0. Pair changes are medians of many
    /// block ratios, so they are close to normal apart from rare wild pairs, which the
    /// trimming sets aside.
    public static func test(pairLogChanges: [Double]) throws(StatsError) -> PairedChange {
        PairedChange(pairs: pairLogChanges.count, test: try oneSampleTTest(pairLogChanges, trim: trim))
    }

    /// The test over pairs, from each pair's samples (`base[p]`, `head[p]`).
    public static func test(base: [[Double]], head: [[Double]]) throws(StatsError) -> PairedChange {
        guard base.count == head.count else {
            throw .invalidParameter(name: "pairs", value: Double(head.count),
                                    expected: "as many head as base processes (\(base.count)): lockstep pairs come in twos")
        }
        var changes: [Double] = []
        for (b, h) in zip(base, head) where !b.isEmpty && !h.isEmpty {
            changes.append(try logChange(base: b, head: h))
        }
        return try test(pairLogChanges: changes)
    }
}

/// The change between the two sides of a lockstep comparison, with its evidence.
public struct PairedChange: Sendable, Equatable, Codable {
    /// Pairs of processes (the unit of replication).
    public var pairs: Int
    /// The test over pairs; its `difference` is the trimmed mean of the pair log changes.
    public var test: TTestResult

    /// log(head / base): the trimmed mean over pairs of the pair log changes.
    public var logChange: Double { test.difference }
    public var standardError: Double { test.standardError }
    /// Pairs kept by the trimming − 1.
    public var degreesOfFreedom: Double { test.degreesOfFreedom }
    /// Two-sided p-value of "no change".
    public var pValue: Double { test.pValue }

    /// The interval of the log change at `level` (Student's t, `degreesOfFreedom`).
    public func interval(level: Double) throws(StatsError) -> (lower: Double, upper: Double) {
        try test.confidenceInterval(level: level)
    }

    /// The smallest log change detected with 80% power at two-sided level `alpha`.
    public func detectableLogChange(alpha: Double) -> Double {
        (StudentT.quantile(1 - alpha / 2, df: degreesOfFreedom) + StudentT.quantile(0.8, df: degreesOfFreedom)) * standardError
    }
}
