/// Result of a t-test of mean(x) − mean(y) (Welch, Student, Yuen), or of mean(x) − a given mean (one sample).
public struct TTestResult: Sendable, Equatable, Codable {
    /// mean(x) − mean(y).
    public var difference: Double
    public var standardError: Double
    public var t: Double
    /// Degrees of freedom (Welch-Satterthwaite for Welch and Yuen).
    public var degreesOfFreedom: Double
    public var pValue: Double

    /// Confidence interval for mean(x) − mean(y) at `level` (e.g. 0.95), from the t
    /// distribution with the Welch degrees of freedom.
    public func confidenceInterval(level: Double) throws(StatsError) -> (lower: Double, upper: Double) {
        try validateOpenUnit(level, "level")
        guard standardError > 0 else { return (difference, difference) }
        let half = StudentT.quantile(0.5 + level / 2, df: degreesOfFreedom) * standardError
        return (difference - half, difference + half)
    }
}

/// Welch's t-test (SciPy `ttest_ind(x, y, equal_var=False)`), or with `trim` > 0 Yuen's
/// trimmed-means version (SciPy `ttest_ind(x, y, equal_var=False, trim: trim)`): the
/// ⌊trim·n⌋ smallest and largest values of each sample are dropped from the mean and
/// winsorized in the variance, so a few wild values (a process that ran 60% slow) neither
/// move the estimate nor inflate the standard error, at the price of fewer degrees of
/// freedom. Each sample needs at least two values left after trimming. If both samples have
/// zero (winsorized) variance the test degenerates: p = 1 when the centres are equal,
/// otherwise t = ±∞ and p = 0 for the alternatives the sign supports.
public func welchTTest(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided,
                       trim: Double = 0) throws(StatsError) -> TTestResult {
    guard trim >= 0, trim < 0.5 else {
        throw .invalidParameter(name: "trim", value: trim, expected: "a fraction in [0, 0.5)")
    }
    try validate(x, "t-test x", needed: 2)
    try validate(y, "t-test y", needed: 2)
    let a = trimmedSummary(x, trim), b = trimmedSummary(y, trim)
    guard a.kept >= 2 else { throw .tooFewValues(what: "t-test x after trimming", count: a.kept, needed: 2) }
    guard b.kept >= 2 else { throw .tooFewValues(what: "t-test y after trimming", count: b.kept, needed: 2) }
    return tTest(a, b, pooled: false, alternative: alternative)
}

/// Student's two-sample t-test with pooled variance (SciPy `ttest_ind(x, y)`), for the
/// null hypothesis that both samples come from one normal distribution, e.g. identical
/// code measured twice. Its degrees of freedom, n₁ + n₂ − 2, do not depend on the data,
/// which keeps it valid when one sample is small and happens to look tight, where Welch's
/// estimated degrees of freedom overstate the evidence. Each sample needs at least one
/// value and both together at least three. Zero pooled variance is handled as in
/// `welchTTest`.
public func studentTTest(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided)
    throws(StatsError) -> TTestResult
{
    try validate(x, "t-test x")
    try validate(y, "t-test y")
    guard x.count + y.count >= 3 else {
        throw .tooFewValues(what: "t-test x and y together", count: x.count + y.count, needed: 3)
    }
    return tTest(trimmedSummary(x, 0), trimmedSummary(y, 0), pooled: true, alternative: alternative)
}

/// One-sample t-test of mean(x) against `mean` (SciPy `ttest_1samp(x, mean)`); the
/// result's `difference` is mean(x) − `mean`, with n − 1 degrees of freedom. With `trim` > 0,
/// the one-sample Yuen test: the trimmed mean, the winsorized variance, h − 1 degrees of
/// freedom for the h values kept, so a few wild values neither move the estimate nor
/// inflate its error. Needs two values kept; zero variance is handled as in `welchTTest`.
public func oneSampleTTest(_ x: [Double], mean: Double = 0, alternative: Alternative = .twoSided,
                           trim: Double = 0) throws(StatsError) -> TTestResult
{
    guard trim >= 0, trim < 0.5 else {
        throw .invalidParameter(name: "trim", value: trim, expected: "a fraction in [0, 0.5)")
    }
    try validate(x, "t-test x", needed: 2)
    let sample = trimmedSummary(x, trim)
    guard sample.kept >= 2 else { throw .tooFewValues(what: "t-test x after trimming", count: sample.kept, needed: 2) }
    return tTest(sample, (center: mean, kept: 2, squaredError: 0), pooled: false, alternative: alternative)
}

private func tTest(_ a: (center: Double, kept: Int, squaredError: Double),
                   _ b: (center: Double, kept: Int, squaredError: Double),
                   pooled: Bool, alternative: Alternative) -> TTestResult {
    let difference = a.center - b.center
    let na = Double(a.kept), nb = Double(b.kept)
    let se: Double, df: Double
    if pooled {
        // squaredError = s²/n, so s² = squaredError · n.
        let variance = (a.squaredError * na * (na - 1) + b.squaredError * nb * (nb - 1)) / (na + nb - 2)
        se = (variance * (1 / na + 1 / nb)).squareRoot()
        df = na + nb - 2
    } else {
        let v1 = a.squaredError, v2 = b.squaredError
        se = (v1 + v2).squareRoot()
        df = se > 0 ? (v1 + v2) * (v1 + v2) / (v1 * v1 / (na - 1) + v2 * v2 / (nb - 1)) : na + nb - 2
    }
    let t: Double = se > 0 ? difference / se : (difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity))
    let p: Double
    switch alternative {
    case .greater: p = StudentT.sf(t, df: df)
    case .less: p = StudentT.cdf(t, df: df)
    case .twoSided: p = min(1, 2 * StudentT.sf(abs(t), df: df))
    }
    return TTestResult(difference: difference, standardError: se, t: t, degreesOfFreedom: df,
                       pValue: (se == 0 && difference == 0) ? 1 : p)
}

/// The trimmed mean of `x`: the mean after dropping the ⌊trim·n⌋ smallest and largest
/// values (SciPy `trim_mean`). `trim` = 0 gives the mean.
public func trimmedMean(_ x: [Double], trim: Double) throws(StatsError) -> Double {
    guard trim >= 0, trim < 0.5 else {
        throw .invalidParameter(name: "trim", value: trim, expected: "a fraction in [0, 0.5)")
    }
    try validate(x, "trimmed mean input")
    return trimmedSummary(x, trim).center
}

/// Trimmed mean, number of values kept, and the squared standard error of the trimmed
/// mean, (n − 1)·s²_w / (h·(h − 1)) with s²_w the winsorized variance and h the count kept
/// (Yuen 1974); for trim 0 this is s²/n.
func trimmedSummary(_ x: [Double], _ trim: Double) -> (center: Double, kept: Int, squaredError: Double) {
    let sorted = x.sorted(), n = sorted.count
    let g = Int((trim * Double(n)).rounded(.down)), h = n - 2 * g
    let center = meanUnchecked(Array(sorted[g..<(n - g)]))
    guard h >= 2 else { return (center, h, 0) }  // one value: no spread information
    var winsorized = sorted
    for i in 0..<g { winsorized[i] = sorted[g]; winsorized[n - 1 - i] = sorted[n - 1 - g] }
    let variance = varianceUnchecked(winsorized, ddof: 1)
    return (center, h, Double(n - 1) * variance / Double(h * (h - 1)))
}
