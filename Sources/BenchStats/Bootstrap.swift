import Foundation

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

/// How the interval is read off the bootstrap distribution.
public enum BootstrapInterval: String, Sendable, Codable {
    /// The (1 − level)/2 and (1 + level)/2 quantiles of the resampled statistics.
    case percentile
    /// Bias-corrected and accelerated (Efron 1987), as SciPy's `method='BCa'`: the
    /// quantile levels are shifted by the bias z₀ = Φ⁻¹(share of resamples below the
    /// estimate, ties counting ½) and the acceleration from a jackknife that leaves out one
    /// process at a time (one sample at a time for a group with a single process). If all
    /// resamples lie on one side of the estimate, z₀ is infinite and the percentile interval
    /// is returned instead.
    case bca
}

/// Settings of a bootstrap: number of resamples, interval level and kind, and seed (fixed
/// by default, so the same data always gives the same interval).
public struct BootstrapOptions: Sendable, Equatable, Codable {
    public var resamples: Int
    public var level: Double
    public var seed: UInt64
    public var interval: BootstrapInterval

    public init(resamples: Int = 2000, level: Double = 0.95, seed: UInt64 = 0x5EED_BE7C,
                interval: BootstrapInterval = .percentile) {
        self.resamples = resamples; self.level = level; self.seed = seed; self.interval = interval
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
/// resampled ratios (or at BCa-adjusted levels, see `BootstrapInterval.bca`); the estimate
/// is the ratio on the original data.
public func hierarchicalBootstrapRatio(
    baseline: [[Double]], candidate: [[Double]],
    statistic: GroupStatistic = .medianOfProcessMedians,
    options: BootstrapOptions = BootstrapOptions()
) throws(StatsError) -> ConfidenceInterval {
    let ratios = try hierarchicalBootstrapRatios(baseline: baseline, candidate: candidate, statistic: statistic, options: options)
    let estimate = groupStatistic(candidate, statistic) / groupStatistic(baseline, statistic)
    let tail = (1 - options.level) / 2
    var levels = (lower: tail, upper: 1 - tail)
    if options.interval == .bca, let adjusted = bcaLevels(
        ratios: ratios, estimate: estimate, tail: tail,
        jackknife: jackknifeRatios(baseline, candidate, statistic)) {
        levels = adjusted
    }
    return ConfidenceInterval(estimate: estimate, lower: quantileSorted(ratios, levels.lower),
                              upper: quantileSorted(ratios, levels.upper), level: options.level)
}

/// The bootstrap distribution behind `hierarchicalBootstrapRatio`: every resampled
/// statistic(candidate) / statistic(baseline), sorted ascending, drawn in the same order
/// from the same seed (so plotting it shows exactly the distribution the interval is read
/// from).
public func hierarchicalBootstrapRatios(
    baseline: [[Double]], candidate: [[Double]],
    statistic: GroupStatistic = .medianOfProcessMedians,
    options: BootstrapOptions = BootstrapOptions()
) throws(StatsError) -> [Double] {
    try validate(baseline, "baseline")
    try validate(candidate, "candidate")
    try validateOpenUnit(options.level, "level")
    guard options.resamples >= 1 else {
        throw .invalidParameter(name: "resamples", value: Double(options.resamples), expected: "1 or more")
    }
    let base = groupStatistic(baseline, statistic)
    guard base > 0 else { throw .notPositive(what: "the baseline \(statistic.rawValue)", value: base) }

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
    return ratios
}

/// BCa quantile levels (SciPy's `_bca_interval`): z₀ from the share of resamples below the
/// estimate, acceleration â = Σ U³/n³ / (6 (Σ U²/n²)^{3/2}) with U = (n − 1)(θ̄ − θ₍ᵢ₎) summed
/// over the jackknife values of each group. nil when z₀ is infinite.
private func bcaLevels(ratios: [Double], estimate: Double, tail: Double,
                       jackknife: [[Double]]) -> (lower: Double, upper: Double)? {
    let below = ratios.filter { $0 < estimate }.count, atOrBelow = ratios.filter { $0 <= estimate }.count
    let z0 = StandardNormal.quantile(Double(below + atOrBelow) / Double(2 * ratios.count))
    guard z0.isFinite else { return nil }
    var numerator = 0.0, denominator = 0.0
    for values in jackknife where values.count >= 2 {
        let n = Double(values.count), average = meanUnchecked(values)
        for v in values {
            let u = (n - 1) * (average - v)
            numerator += u * u * u / (n * n * n)
            denominator += u * u / (n * n)
        }
    }
    let a = denominator > 0 ? numerator / (6 * pow(denominator, 1.5)) : 0
    func level(_ z: Double) -> Double { StandardNormal.cdf(z0 + (z0 + z) / (1 - a * (z0 + z))) }
    let z = StandardNormal.quantile(tail)
    return (level(z), level(-z))
}

/// Leave-one-out ratios: first leaving out each baseline unit, then each candidate unit.
/// A unit is a process, or a sample when the group has a single process.
private func jackknifeRatios(_ baseline: [[Double]], _ candidate: [[Double]],
                             _ statistic: GroupStatistic) -> [[Double]] {
    func leaveOneOut(_ group: [[Double]]) -> [[[Double]]] {
        if group.count >= 2 {
            return group.indices.map { k in group.enumerated().filter { $0.offset != k }.map(\.element) }
        }
        let only = group[0]
        guard only.count >= 2 else { return [] }
        return only.indices.map { i in [only.enumerated().filter { $0.offset != i }.map(\.element)] }
    }
    let base = groupStatistic(baseline, statistic), cand = groupStatistic(candidate, statistic)
    return [leaveOneOut(baseline).map { cand / groupStatistic($0, statistic) },
            leaveOneOut(candidate).map { groupStatistic($0, statistic) / base }]
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
