/// Result of Welch's unequal-variance t-test of mean(x) − mean(y).
public struct TTestResult: Sendable, Equatable, Codable {
    /// mean(x) − mean(y).
    public var difference: Double
    public var standardError: Double
    public var t: Double
    /// Welch-Satterthwaite degrees of freedom.
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

/// Welch's t-test (SciPy `ttest_ind(x, y, equal_var=False)`). Each sample needs at least
/// two values. If both samples have zero variance the test degenerates: p = 1 when the
/// means are equal, otherwise t = ±∞ and p = 0 for the alternatives the sign supports.
public func welchTTest(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided)
    throws(StatsError) -> TTestResult
{
    try validate(x, "t-test x", needed: 2)
    try validate(y, "t-test y", needed: 2)
    let n1 = Double(x.count), n2 = Double(y.count)
    let v1 = varianceUnchecked(x, ddof: 1) / n1, v2 = varianceUnchecked(y, ddof: 1) / n2
    let difference = meanUnchecked(x) - meanUnchecked(y)
    let se = (v1 + v2).squareRoot()
    let df = se > 0 ? (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1)) : n1 + n2 - 2
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
