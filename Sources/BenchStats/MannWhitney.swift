/// How the Mann-Whitney p-value is obtained.
public enum MannWhitneyMethod: String, Sendable, Codable {
    /// `.exact` when min(n₁, n₂)·(n₁ + n₂) ≤ 2000, otherwise `.normalApproximation`.
    case automatic
    /// The exact permutation distribution of the rank sum, conditional on the observed
    /// ranks. Without ties this is the classical exact U distribution (SciPy
    /// `method='exact'`); with ties it uses the mid-ranks, i.e. the exact permutation test
    /// (SciPy `method=PermutationMethod()`), so small tied samples get an exact p-value
    /// instead of a normal approximation.
    case exact
    /// Normal approximation with tie correction and optional continuity correction
    /// (SciPy `method='asymptotic'`).
    case normalApproximation
}

/// Result of a Mann-Whitney U test.
public struct MannWhitneyResult: Sendable, Equatable, Codable {
    /// U for the first sample: the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½.
    public var u: Double
    public var pValue: Double
    /// The method actually used (never `.automatic`).
    public var method: MannWhitneyMethod
    public var hasTies: Bool
}

/// The Mann-Whitney U (Wilcoxon rank-sum) test of x against y. `.greater` tests whether x
/// tends to be larger than y. Both samples need at least one finite value. When every value
/// is tied the test has no information and the p-value is 1.
public func mannWhitneyU(
    _ x: [Double], _ y: [Double],
    alternative: Alternative = .twoSided,
    method: MannWhitneyMethod = .automatic,
    continuityCorrection: Bool = true
) throws(StatsError) -> MannWhitneyResult {
    try validate(x, "Mann-Whitney x")
    try validate(y, "Mann-Whitney y")
    let n1 = x.count, n2 = y.count, n = n1 + n2
    let ranked = midRanks(x + y)
    let r1 = ranked.ranks[0..<n1].reduce(0, +)
    let u1 = r1 - Double(n1 * (n1 + 1)) / 2
    let hasTies = ranked.tieSizes.contains { $0 > 1 }
    var chosen = method
    if chosen == .automatic {
        chosen = min(n1, n2) * n <= 2000 ? .exact : .normalApproximation
    }
    let p: Double
    if chosen == .exact {
        p = exactRankSumPValue(doubledRanks: ranked.ranks.map { Int(($0 * 2).rounded()) },
                               n1: n1, alternative: alternative)
    } else {
        p = normalApproximationPValue(u1: u1, n1: n1, n2: n2, tieSizes: ranked.tieSizes,
                                      alternative: alternative, continuity: continuityCorrection)
    }
    return MannWhitneyResult(u: u1, pValue: min(max(p, 0), 1), method: chosen, hasTies: hasTies)
}

/// Mid-ranks (1-based; tied values share the mean of their ranks) and the size of each tie group.
func midRanks(_ values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var tieSizes: [Int] = []
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        let rank = Double(start + end) / 2 + 1
        for k in start...end { ranks[order[k]] = rank }
        tieSizes.append(end - start + 1)
        start = end + 1
    }
    return (ranks, tieSizes)
}

/// Exact permutation p-value of the rank sum of the first `n1` items. Ranks are doubled so
/// that mid-ranks are integers; a dynamic program counts, for every possible sum, the
/// subsets of size n1 reaching it (Double counts: exact up to 2⁵³, then relative precision
/// 1e-16, ample for p-values).
private func exactRankSumPValue(doubledRanks w: [Int], n1: Int, alternative: Alternative) -> Double {
    let observed = w[0..<n1].reduce(0, +)
    let maxSum = w.sorted(by: >).prefix(n1).reduce(0, +)
    let width = maxSum + 1
    var counts = [Double](repeating: 0, count: (n1 + 1) * width)
    counts[0] = 1
    var reachable = 0  // the largest sum reachable so far
    for (i, weight) in w.enumerated() {
        for k in stride(from: min(i + 1, n1), through: 1, by: -1) {
            let to = k * width, from = (k - 1) * width
            let top = min(reachable, maxSum - weight)
            if top < 0 { continue }
            for s in stride(from: top, through: 0, by: -1) where counts[from + s] != 0 {
                counts[to + s + weight] += counts[from + s]
            }
        }
        reachable = min(reachable + weight, maxSum)
    }
    var total = 0.0, atLeast = 0.0, atMost = 0.0
    for s in 0...maxSum {
        let c = counts[n1 * width + s]
        total += c
        if s >= observed { atLeast += c }
        if s <= observed { atMost += c }
    }
    let greater = atLeast / total, less = atMost / total
    switch alternative {
    case .greater: return greater
    case .less: return less
    case .twoSided: return min(1, 2 * min(greater, less))
    }
}

private func normalApproximationPValue(
    u1: Double, n1: Int, n2: Int, tieSizes: [Int], alternative: Alternative, continuity: Bool
) -> Double {
    let a = Double(n1), b = Double(n2), n = a + b
    let u2 = a * b - u1
    let u: Double
    switch alternative {
    case .greater: u = u1
    case .less: u = u2
    case .twoSided: u = max(u1, u2)
    }
    let tieTerm = tieSizes.reduce(0.0) { $0 + pow3(Double($1)) - Double($1) }
    let variance = a * b / 12 * ((n + 1) - (n > 1 ? tieTerm / (n * (n - 1)) : 0))
    guard variance > 0 else { return 1 }  // every value tied: no evidence either way
    let z = (u - a * b / 2 - (continuity ? 0.5 : 0)) / variance.squareRoot()
    let p = StandardNormal.sf(z)
    return alternative == .twoSided ? 2 * p : p
}

private func pow3(_ v: Double) -> Double { v * v * v }
