/// A detected shift in a series of results (e.g. one benchmark's median over commits).
public struct ChangePoint: Sendable, Equatable, Codable {
    /// Index of the first value after the change.
    public var index: Int
    /// Two-sided Welch t-test p-value of the segment before against the segment after
    /// (segments bounded by the neighbouring change points).
    public var pValue: Double
    public var meanBefore: Double
    public var meanAfter: Double
    /// meanAfter / meanBefore − 1 (0 when meanBefore is 0).
    public var relativeChange: Double
}

/// Settings of `detectChangePoints`; the defaults follow Hunter/Otava (p ≤ 0.001).
public struct ChangePointOptions: Sendable, Equatable, Codable {
    /// A candidate is kept only if its t-test p-value is at most this.
    public var maxPValue: Double
    /// Candidates whose |relativeChange| is below this are dropped (0 keeps all).
    public var minMagnitude: Double
    /// Fewest points on each side of a change.
    public var minSegment: Int

    public init(maxPValue: Double = 0.001, minMagnitude: Double = 0, minSegment: Int = 3) {
        self.maxPValue = maxPValue; self.minMagnitude = minMagnitude; self.minSegment = minSegment
    }
}

/// Change points of a series by E-divisive means (Matteson & James 2014, exponent α = 1)
/// with a deterministic significance test, as in Hunter (Fleming et al., ICPE 2023) and
/// Apache Otava: instead of a permutation test, a candidate is accepted when Welch's
/// t-test between the two segments it separates gives p ≤ `maxPValue`, so the same series
/// always yields the same change points.
///
/// Binary segmentation: in a segment, the split τ maximising
/// Q(τ) = m·n/(m+n) · (2/(mn)·Σ|xᵢ−yⱼ| − Σ|xᵢ−xₖ|/C(m,2) − Σ|yⱼ−yₖ|/C(n,2))
/// (x the m values before τ, y the n values from τ) is the candidate; if significant the
/// two halves are searched in turn. O(n²) per segment. Afterwards, change points below
/// `minMagnitude` are dropped and the p-values and means recomputed against the
/// neighbouring change points, weakest first, until all remaining ones pass (Otava's merge
/// step). Returned in index order; fewer than 2·minSegment values give none.
public func detectChangePoints(_ series: [Double], options: ChangePointOptions = ChangePointOptions())
    throws(StatsError) -> [ChangePoint]
{
    try validate(series, "change-point series", needed: 0)
    guard options.maxPValue > 0, options.maxPValue <= 1 else {
        throw .invalidParameter(name: "maxPValue", value: options.maxPValue, expected: "a probability in (0, 1]")
    }
    guard options.minSegment >= 2 else {
        throw .invalidParameter(name: "minSegment", value: Double(options.minSegment), expected: "2 or more")
    }
    guard options.minMagnitude >= 0 else {
        throw .invalidParameter(name: "minMagnitude", value: options.minMagnitude, expected: "0 or more")
    }
    var found: [Int] = []
    var pending = [(0, series.count)]
    while let (start, end) = pending.popLast() {
        guard let tau = bestSplit(series, start, end, minSegment: options.minSegment),
              segmentTest(series, start, tau, end).pValue <= options.maxPValue else { continue }
        found.append(tau)
        pending.append((tau, end))
        pending.append((start, tau))
    }
    found.sort()
    // Merge: drop the weakest failing point, re-evaluate its neighbours, repeat.
    while true {
        let points = describe(series, found)
        let failing = points.indices.filter {
            points[$0].pValue > options.maxPValue || abs(points[$0].relativeChange) < options.minMagnitude
        }
        guard let weakest = failing.max(by: { weakness(points[$0]) < weakness(points[$1]) }) else { return points }
        found.remove(at: weakest)
    }
}

/// Orders failing points: highest p-value first, then smallest magnitude.
private func weakness(_ p: ChangePoint) -> (Double, Double) { (p.pValue, -abs(p.relativeChange)) }

private func describe(_ x: [Double], _ points: [Int]) -> [ChangePoint] {
    points.indices.map { k in
        let start = k == 0 ? 0 : points[k - 1]
        let end = k == points.count - 1 ? x.count : points[k + 1]
        let test = segmentTest(x, start, points[k], end)
        return ChangePoint(index: points[k], pValue: test.pValue, meanBefore: test.before, meanAfter: test.after,
                           relativeChange: test.before != 0 ? test.after / test.before - 1 : 0)
    }
}

private func segmentTest(_ x: [Double], _ start: Int, _ tau: Int, _ end: Int) -> (pValue: Double, before: Double, after: Double) {
    let left = Array(x[start..<tau]), right = Array(x[tau..<end])
    let before = meanUnchecked(left), after = meanUnchecked(right)
    guard left.count >= 2, right.count >= 2, let t = try? welchTTest(right, left) else { return (1, before, after) }
    return (t.pValue, before, after)
}

/// The split of x[start..<end] maximising the E-divisive statistic, or nil if the segment
/// is too short.
private func bestSplit(_ x: [Double], _ start: Int, _ end: Int, minSegment: Int) -> Int? {
    let n = end - start
    guard n >= 2 * minSegment else { return nil }
    // leftSums[t] = Σ_{i<t} |x_i − x_t|, rightSums[t] = Σ_{k>t} |x_t − x_k| (segment-relative).
    var leftSums = [Double](repeating: 0, count: n), rightSums = [Double](repeating: 0, count: n)
    for i in 0..<n {
        for k in (i + 1)..<max(i + 1, n) {
            let d = abs(x[start + i] - x[start + k])
            rightSums[i] += d
            leftSums[k] += d
        }
    }
    var within = [Double](repeating: 0, count: n + 1)  // Σ over pairs inside [0, t)
    for t in 1...n { within[t] = within[t - 1] + leftSums[t - 1] }
    var withinRight = [Double](repeating: 0, count: n + 1)  // Σ over pairs inside [t, n)
    for t in stride(from: n - 1, through: 0, by: -1) { withinRight[t] = withinRight[t + 1] + rightSums[t] }
    var between = 0.0  // Σ_{i<t≤j} |x_i − x_j|, updated as t moves right
    var best: (tau: Int, q: Double)?
    for t in 1..<n {
        between += rightSums[t - 1] - leftSums[t - 1]
        guard t >= minSegment, n - t >= minSegment else { continue }
        let m = Double(t), r = Double(n - t)
        let e = 2 * between / (m * r) - within[t] / (m * (m - 1) / 2) - withinRight[t] / (r * (r - 1) / 2)
        let q = m * r / (m + r) * e
        if best == nil || q > best!.q { best = (start + t, q) }
    }
    return best?.tau
}
