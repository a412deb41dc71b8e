/// Change-point detection in a performance history: E-divisive means (Matteson & James)
/// with a deterministic significance test, as in Hunter / Apache Otava. The randomized
/// permutation test of the original method is replaced by Student's t-test (pooled
/// variance, as Hunter does) between the segments on either side of a candidate, so the
/// same history always gives the same answer. Unlike Hunter, the p-value is corrected
/// (Bonferroni) for the choice of the split among the positions searched: the split that
/// maximises the statistic is not a fixed hypothesis, and without the correction pure
/// noise shows a "significant" step in about one window in ten. Candidates are searched in overlapping windows with a relaxed p-value, then
/// the weakest points are dropped one at a time (their neighbours re-tested) until every
/// remaining point passes `maxPValue` and `minMagnitude`.

/// Settings of `detectChangePoints(_:options:)`; the defaults are Otava's.
public struct ChangePointOptions: Sendable, Equatable, Codable {
    /// A change point is kept only if the t-test between its neighbouring segments gives
    /// a p-value below this.
    public var maxPValue: Double
    /// Smallest relative change of the mean worth reporting (0.05 = 5%); 0 keeps any.
    public var minMagnitude: Double
    /// Length of the sliding search window (points). Longer windows see slower drifts.
    public var window: Int
    /// Fewest points on each side of a change point (at least 2, for the t-test).
    public var minSegment: Int

    public init(maxPValue: Double = 0.001, minMagnitude: Double = 0, window: Int = 50, minSegment: Int = 2) {
        self.maxPValue = maxPValue
        self.minMagnitude = minMagnitude
        self.window = window
        self.minSegment = minSegment
    }
}

/// A detected shift in the mean of a series.
public struct ChangePoint: Sendable, Equatable, Codable {
    /// Index of the first value at the new level.
    public var index: Int
    /// Mean of the segment before (from the previous change point or the start).
    public var meanBefore: Double
    /// Mean of the segment after (up to the next change point or the end).
    public var meanAfter: Double
    /// (meanAfter − meanBefore) / |meanBefore|; infinite when meanBefore is 0.
    public var relativeChange: Double
    /// Two-sided Student t-test (pooled variance) p-value between the two segments,
    /// multiplied by the number of split positions searched (capped at 1).
    public var pValue: Double
}

/// Change points of `series` in increasing index order. Series shorter than two
/// `minSegment`s have none. Throws on non-finite values or invalid options.
public func detectChangePoints(_ series: [Double], options: ChangePointOptions = ChangePointOptions())
    throws(StatsError) -> [ChangePoint]
{
    try validateOpenUnit(options.maxPValue, "maxPValue")
    guard options.minMagnitude >= 0, options.minMagnitude.isFinite else {
        throw .invalidParameter(name: "minMagnitude", value: options.minMagnitude, expected: "a fraction ≥ 0")
    }
    guard options.minSegment >= 2 else {
        throw .invalidParameter(name: "minSegment", value: Double(options.minSegment), expected: "a whole number ≥ 2")
    }
    guard options.window >= 2 * options.minSegment else {
        throw .invalidParameter(name: "window", value: Double(options.window), expected: "at least 2 × minSegment")
    }
    if let bad = series.firstIndex(where: { !$0.isFinite }) {
        throw .nonFinite(what: "series", index: bad)
    }
    guard series.count >= 2 * options.minSegment else { return [] }
    let detector = ChangePointDetector(series: series, minSegment: options.minSegment, window: options.window)
    let weakPValue = options.maxPValue < 0.05 ? options.maxPValue * 10
        : (options.maxPValue < 0.5 ? options.maxPValue * 2 : options.maxPValue)
    let weak = detector.split(maxPValue: weakPValue)
    return detector.merge(weak, maxPValue: options.maxPValue, minMagnitude: options.minMagnitude)
}

/// The two passes of the detector over one series.
private struct ChangePointDetector {
    let series: [Double]
    let minSegment: Int
    let window: Int

    /// First pass: E-divisive in windows of `window` points, advancing by half a window
    /// (or past the last point found), with the relaxed `maxPValue`.
    func split(maxPValue: Double) -> [ChangePoint] {
        var indexes = Set<Int>()
        var start = 0
        let step = max(1, window / 2)
        while start < series.count {
            let end = min(start + window, series.count)
            let found = eDivisive(start..<end, maxPValue: maxPValue)
            indexes.formUnion(found)
            start = max(found.max() ?? 0, start + step)
        }
        let sorted = indexes.sorted()
        let endpoints = [0] + sorted + [series.count]
        return sorted.indices.map { test(endpoints[$0 + 1], from: endpoints[$0], to: endpoints[$0 + 2]) }
    }

    /// Second pass: drops the weakest point (highest p-value above `maxPValue`, else the
    /// smallest change below `minMagnitude`) and re-tests its neighbours, until all pass.
    func merge(_ points: [ChangePoint], maxPValue: Double, minMagnitude: Double) -> [ChangePoint] {
        var points = points
        while let weakestByP = points.indices.max(by: { points[$0].pValue < points[$1].pValue }) {
            var weakest = weakestByP
            if points[weakest].pValue < maxPValue {
                guard let smallest = points.indices.min(by: { abs(points[$0].relativeChange) < abs(points[$1].relativeChange) }),
                      abs(points[smallest].relativeChange) < minMagnitude
                else { return points }
                weakest = smallest
            }
            points.remove(at: weakest)
            let endpoints = [0] + points.map(\.index) + [series.count]
            for neighbour in [weakest - 1, weakest] where points.indices.contains(neighbour) {
                points[neighbour] = test(points[neighbour].index, from: endpoints[neighbour], to: endpoints[neighbour + 2])
            }
        }
        return points
    }

    /// E-divisive within `range`: repeatedly splits the segment whose best split has the
    /// largest energy statistic, while that split is significant. Returns absolute indexes.
    func eDivisive(_ range: Range<Int>, maxPValue: Double) -> [Int] {
        var found: [Int] = []
        while true {
            let endpoints = [range.lowerBound] + found.sorted() + [range.upperBound]
            var best: (q: Double, index: Int, from: Int, to: Int)?
            for (from, to) in zip(endpoints, endpoints.dropFirst()) {
                guard let split = bestSplit(from..<to), split.q > (best?.q ?? -.infinity) else { continue }
                best = (split.q, split.index, from, to)
            }
            guard let best, test(best.index, from: best.from, to: best.to).pValue < maxPValue else { return found }
            found.append(best.index)
        }
    }

    /// The split of `range` maximising the energy statistic Q (Matteson & James, α = 1):
    /// Q = mn/(m+n) · [2/(mn) Σ|xᵢ−yⱼ| − Σ|xᵢ−xₖ|/C(m,2) − Σ|yⱼ−yₖ|/C(n,2)]. O(length²).
    func bestSplit(_ range: Range<Int>) -> (index: Int, q: Double)? {
        let x = Array(series[range])
        let n = x.count
        guard n >= 2 * minSegment else { return nil }
        // within[τ]: Σ|xᵢ−xₖ| over i<k<τ; withinRight[τ]: over τ≤i<k.
        var withinLeft = [Double](repeating: 0, count: n + 1)
        var withinRight = [Double](repeating: 0, count: n + 1)
        for t in 1..<n {
            var added = 0.0
            for i in 0..<t { added += abs(x[i] - x[t]) }
            withinLeft[t + 1] = withinLeft[t] + added
        }
        for t in stride(from: n - 2, through: 0, by: -1) {
            var added = 0.0
            for k in (t + 1)..<n { added += abs(x[t] - x[k]) }
            withinRight[t] = withinRight[t + 1] + added
        }
        let total = withinLeft[n]
        var best: (index: Int, q: Double)?
        for tau in minSegment...(n - minSegment) {
            let m = Double(tau), k = Double(n - tau)
            let between = total - withinLeft[tau] - withinRight[tau]
            let energy = 2 * between / (m * k) - withinLeft[tau] / (m * (m - 1) / 2) - withinRight[tau] / (k * (k - 1) / 2)
            let q = m * k / (m + k) * energy
            if q > (best?.q ?? -.infinity) { best = (range.lowerBound + tau, q) }
        }
        return best
    }

    /// Student's t-test with pooled variance between `from..<index` and `index..<to`,
    /// Bonferroni-corrected for the split positions a window of that segment offers.
    /// Pooling matters here: a two-point segment's own variance is often tiny by chance,
    /// which would make Welch's test see steps in pure noise.
    func test(_ index: Int, from: Int, to: Int) -> ChangePoint {
        let before = series[from..<index], after = series[index..<to]
        let n1 = Double(before.count), n2 = Double(after.count)
        let meanBefore = before.reduce(0, +) / n1
        let meanAfter = after.reduce(0, +) / n2
        let squares = before.reduce(0) { $0 + ($1 - meanBefore) * ($1 - meanBefore) }
            + after.reduce(0) { $0 + ($1 - meanAfter) * ($1 - meanAfter) }
        let df = n1 + n2 - 2
        let standardError = (squares / df * (1 / n1 + 1 / n2)).squareRoot()
        let difference = meanAfter - meanBefore
        let positions = Double(max(1, min(to - from, window) - 2 * minSegment + 1))
        let pValue: Double = standardError > 0
            ? min(1, positions * 2 * StudentT.sf(abs(difference) / standardError, df: df))
            : (difference == 0 ? 1 : 0)
        let relative = meanBefore == 0 ? (meanAfter == 0 ? 0 : .infinity) : (meanAfter - meanBefore) / abs(meanBefore)
        return ChangePoint(index: index, meanBefore: meanBefore, meanAfter: meanAfter,
                           relativeChange: relative, pValue: pValue)
    }
}
