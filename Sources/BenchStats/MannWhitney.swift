import Foundation

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
    if chosen == .exact && !hasTies {
        let distribution = mannWhitneyNullDistribution(n1: n1, n2: n2)
        let u = Int(u1.rounded())
        p = exactPValue(atLeast: distribution[u...].reduce(0, +), atMost: distribution[...u].reduce(0, +),
                        alternative: alternative)
    } else if chosen == .exact {
        let counts = rankSumCounts(doubledRanks: ranked.ranks.map { Int(($0 * 2).rounded()) }, n1: n1)
        let observed = ranked.ranks[0..<n1].reduce(0) { $0 + Int(($1 * 2).rounded()) }
        let total = counts.reduce(0, +)
        p = exactPValue(atLeast: counts[observed...].reduce(0, +) / total,
                        atMost: counts[...observed].reduce(0, +) / total, alternative: alternative)
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

/// The exact null distribution of U = U₁ without ties: element u is P(U = u) for
/// u = 0…n1·n2. Computed once per pair of sizes and cached, since a comparison asks for the
/// same sizes for every metric.
public func mannWhitneyNullDistribution(n1: Int, n2: Int) -> [Double] {
    let key = SizePair(n1: max(n1, 0), n2: max(n2, 0))
    if let cached = nullDistributionCache.value(for: key) { return cached }
    let n = key.n1 + key.n2
    let counts = rankSumCounts(doubledRanks: (0..<n).map { 2 * ($0 + 1) }, n1: key.n1)
    let offset = key.n1 * (key.n1 + 1)  // doubled minimum rank sum
    let total = counts.reduce(0, +)
    let distribution = (0...(key.n1 * key.n2)).map { u in
        let s = 2 * u + offset
        return s < counts.count ? counts[s] / total : 0
    }
    nullDistributionCache.store(distribution, for: key)
    return distribution
}

private func exactPValue(atLeast greater: Double, atMost less: Double, alternative: Alternative) -> Double {
    switch alternative {
    case .greater: return greater
    case .less: return less
    case .twoSided: return min(1, 2 * min(greater, less))
    }
}

/// For every possible sum s of n1 of the integer weights `w` (doubled mid-ranks, so that
/// tied ranks stay integers), the number of subsets of size n1 with that sum: the exact
/// permutation distribution of the rank sum. Double counts are exact up to 2⁵³ and keep
/// 1e-16 relative precision beyond, ample for p-values.
private func rankSumCounts(doubledRanks w: [Int], n1: Int) -> [Double] {
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
    return Array(counts[(n1 * width)...])
}

private struct SizePair: Hashable { var n1: Int; var n2: Int }

/// A lock-protected memo of null distributions, shared by all threads.
private final class NullDistributionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [SizePair: [Double]] = [:]

    func value(for key: SizePair) -> [Double]? { lock.lock(); defer { lock.unlock() }; return storage[key] }
    func store(_ value: [Double], for key: SizePair) { lock.lock(); storage[key] = value; lock.unlock() }
}

private let nullDistributionCache = NullDistributionCache()

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
