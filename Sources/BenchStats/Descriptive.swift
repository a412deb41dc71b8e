import Foundation

/// The scale that makes the MAD a consistent estimator of the standard deviation for
/// normal data: 1 / Φ⁻¹(3/4) (SciPy's `scale='normal'`).
public let madNormalScale = 1.482602218505602

/// Arithmetic mean. Throws on empty or non-finite input.
public func mean(_ x: [Double]) throws(StatsError) -> Double {
    try validate(x, "mean input")
    return meanUnchecked(x)
}

/// Variance with `ddof` delta degrees of freedom (1 = sample variance, 0 = population),
/// computed in two passes for accuracy. Needs more than `ddof` values.
public func variance(_ x: [Double], ddof: Int = 1) throws(StatsError) -> Double {
    guard ddof >= 0 else {
        throw .invalidParameter(name: "ddof", value: Double(ddof), expected: "0 or more")
    }
    try validate(x, "variance input", needed: ddof + 1)
    return varianceUnchecked(x, ddof: ddof)
}

/// Standard deviation: the square root of `variance(x, ddof:)`.
public func standardDeviation(_ x: [Double], ddof: Int = 1) throws(StatsError) -> Double {
    try variance(x, ddof: ddof).squareRoot()
}

/// The `p`-quantile, Hyndman & Fan type 7 (R's default, numpy's `linear`):
/// with the values sorted as x₀ ≤ … ≤ xₙ₋₁ and h = (n−1)·p, it is
/// x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋). `p` must lie in [0, 1].
public func quantile(_ x: [Double], _ p: Double) throws(StatsError) -> Double {
    try quantiles(x, [p])[0]
}

/// Several type-7 quantiles of `x` at once (sorts once).
public func quantiles(_ x: [Double], _ ps: [Double]) throws(StatsError) -> [Double] {
    try validate(x, "quantile input")
    for p in ps where !(p >= 0 && p <= 1) {
        throw .invalidParameter(name: "p", value: p, expected: "a probability in [0, 1]")
    }
    let sorted = x.sorted()
    return ps.map { quantileSorted(sorted, $0) }
}

/// The median (type-7 quantile at 1/2: the middle value, or the mean of the two middle values).
public func median(_ x: [Double]) throws(StatsError) -> Double {
    try validate(x, "median input")
    return medianUnchecked(x)
}

/// Median absolute deviation from the median. `scaled` multiplies it by
/// `madNormalScale` so that it estimates σ for normal data; raw otherwise.
/// A single value or all-equal values give 0.
public func medianAbsoluteDeviation(_ x: [Double], scaled: Bool = true) throws(StatsError) -> Double {
    try validate(x, "MAD input")
    let m = medianUnchecked(x)
    let raw = medianUnchecked(x.map { abs($0 - m) })
    return scaled ? raw * madNormalScale : raw
}

// MARK: - Unchecked kernels shared by the other files (inputs already validated).

func meanUnchecked(_ x: [Double]) -> Double {
    var s = 0.0
    for v in x { s += v }
    return s / Double(x.count)
}

func varianceUnchecked(_ x: [Double], ddof: Int) -> Double {
    let m = meanUnchecked(x)
    var ss = 0.0
    for v in x { ss += (v - m) * (v - m) }
    return ss / Double(x.count - ddof)
}

func quantileSorted(_ s: [Double], _ p: Double) -> Double {
    let h = Double(s.count - 1) * p
    let lo = Int(h.rounded(.down))
    if lo >= s.count - 1 { return s[s.count - 1] }
    let frac = h - Double(lo)
    return s[lo] + frac * (s[lo + 1] - s[lo])
}

func medianUnchecked(_ x: [Double]) -> Double {
    var copy = x
    return medianInPlace(&copy)
}

/// Median by partial selection; reorders `x`. Linear expected time, which matters inside
/// bootstrap loops.
func medianInPlace(_ x: inout [Double]) -> Double {
    let n = x.count
    let upper = selectInPlace(&x, n / 2)
    if n % 2 == 1 { return upper }
    var lowerMax = -Double.infinity
    for i in 0..<(n / 2) where x[i] > lowerMax { lowerMax = x[i] }
    return (lowerMax + upper) / 2
}

/// Hoare selection: puts the k-th smallest value at index k, smaller ones before it.
func selectInPlace(_ x: inout [Double], _ k: Int) -> Double {
    var lo = 0, hi = x.count - 1
    while lo < hi {
        let mid = lo + (hi - lo) / 2
        // Median of three as pivot keeps sorted and reversed input linear.
        if x[mid] < x[lo] { x.swapAt(mid, lo) }
        if x[hi] < x[lo] { x.swapAt(hi, lo) }
        if x[hi] < x[mid] { x.swapAt(hi, mid) }
        let pivot = x[mid]
        var i = lo, j = hi
        while i <= j {
            while x[i] < pivot { i += 1 }
            while x[j] > pivot { j -= 1 }
            if i <= j { x.swapAt(i, j); i += 1; j -= 1 }
        }
        if k <= j { hi = j } else if k >= i { lo = i } else { return x[k] }
    }
    return x[k]
}
