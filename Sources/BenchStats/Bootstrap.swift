/// A point estimate with a two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    /// Coverage, e.g. 0.95.
    public var level: Double

    public init(estimate: Double, lower: Double, upper: Double, level: Double) {
        self.estimate = estimate; self.lower = lower; self.upper = upper; self.level = level
    }
}

/// What summarises one group of process repetitions inside the bootstrap.
public enum GroupStatistic: String, Sendable, Codable {
    /// The median of all samples of the group pooled together.
    case pooledMedian
    /// The median of the per-process medians: every process counts once, whatever its
    /// number of samples, and one unlucky process cannot move it far.
    case medianOfProcessMedians
}

/// Settings of a bootstrap: number of resamples, interval level and seed (fixed by default,
/// so the same data always gives the same interval).
public struct BootstrapOptions: Sendable, Equatable, Codable {
    public var resamples: Int
    public var level: Double
    public var seed: UInt64

    public init(resamples: Int = 2000, level: Double = 0.95, seed: UInt64 = 0x5EED_BE7C) {
        self.resamples = resamples; self.level = level; self.seed = seed
    }
}

/// Hierarchical bootstrap percentile interval for statistic(candidate) / statistic(baseline).
///
/// Each group is `[[Double]]`, one inner array per process repetition, as in the result
/// file. One resample of a group draws as many processes as it has, with replacement
/// (outer level), then, inside each drawn process, as many samples as it has, with
/// replacement (inner level). Resampling processes puts between-process noise (a process
/// that landed on unlucky memory placement or a slow core) into the interval; resampling
/// only the pooled samples would hide it and make the interval far too narrow.
///
/// Draw order, for reproduction by the reference script: per resample, the baseline group
/// then the candidate group; per group, for each process slot one process index, then that
/// process's sample indices; indices come from `Xoshiro256StarStar.index(below:)`.
/// The interval is the type-7 quantiles at (1 − level)/2 and (1 + level)/2 of the
/// resampled ratios; the estimate is the ratio on the original data.
public func hierarchicalBootstrapRatio(
    baseline: [[Double]], candidate: [[Double]],
    statistic: GroupStatistic = .medianOfProcessMedians,
    options: BootstrapOptions = BootstrapOptions()
) throws(StatsError) -> ConfidenceInterval {
    try validate(baseline, "baseline")
    try validate(candidate, "candidate")
    try validateOpenUnit(options.level, "level")
    guard options.resamples >= 1 else {
        throw .invalidParameter(name: "resamples", value: Double(options.resamples), expected: "1 or more")
    }
    let base = groupStatistic(baseline, statistic)
    guard base > 0 else { throw .notPositive(what: "the baseline \(statistic.rawValue)", value: base) }
    let estimate = groupStatistic(candidate, statistic) / base

    var rng = Xoshiro256StarStar(seed: options.seed)
    var scratch = ResampleScratch()
    var ratios = [Double](repeating: 0, count: options.resamples)
    for r in 0..<options.resamples {
        let b = scratch.resample(baseline, statistic, &rng)
        let c = scratch.resample(candidate, statistic, &rng)
        // A resampled baseline statistic of 0 (possible only with zero-valued samples)
        // makes the ratio infinite; it then lands in the upper tail, which is honest.
        ratios[r] = c / b
    }
    ratios.sort()
    let tail = (1 - options.level) / 2
    return ConfidenceInterval(estimate: estimate, lower: quantileSorted(ratios, tail),
                              upper: quantileSorted(ratios, 1 - tail), level: options.level)
}

/// Plain (one-level) bootstrap percentile interval for median(candidate) / median(baseline):
/// the hierarchical bootstrap with each sample treated as a single process. Use it only when
/// samples are independent; for process repetitions use `hierarchicalBootstrapRatio`.
public func bootstrapRatioOfMedians(
    baseline: [Double], candidate: [Double], options: BootstrapOptions = BootstrapOptions()
) throws(StatsError) -> ConfidenceInterval {
    try hierarchicalBootstrapRatio(baseline: [baseline], candidate: [candidate],
                                   statistic: .pooledMedian, options: options)
}

func groupStatistic(_ group: [[Double]], _ statistic: GroupStatistic) -> Double {
    switch statistic {
    case .pooledMedian: return medianUnchecked(group.flatMap { $0 })
    case .medianOfProcessMedians: return medianUnchecked(group.map(medianUnchecked))
    }
}

/// Buffers reused across resamples so the bootstrap loop does not allocate.
private struct ResampleScratch {
    var pooled: [Double] = []
    var process: [Double] = []
    var processMedians: [Double] = []

    mutating func resample(_ group: [[Double]], _ statistic: GroupStatistic,
                           _ rng: inout Xoshiro256StarStar) -> Double {
        pooled.removeAll(keepingCapacity: true)
        processMedians.removeAll(keepingCapacity: true)
        for _ in 0..<group.count {
            let chosen = group[rng.index(below: group.count)]
            switch statistic {
            case .pooledMedian:
                for _ in 0..<chosen.count { pooled.append(chosen[rng.index(below: chosen.count)]) }
            case .medianOfProcessMedians:
                process.removeAll(keepingCapacity: true)
                for _ in 0..<chosen.count { process.append(chosen[rng.index(below: chosen.count)]) }
                processMedians.append(medianInPlace(&process))
            }
        }
        return statistic == .pooledMedian ? medianInPlace(&pooled) : medianInPlace(&processMedians)
    }
}
