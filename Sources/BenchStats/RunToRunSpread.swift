import Foundation

/// How far the centre of a whole run (say, the median of its process medians, on a log
/// scale) moves from one run to the next on the same machine and build.
///
/// Processes inside one run share the run's conditions (a busy neighbour, a thermal state,
/// the page cache), so a test between the processes of two runs cannot tell a whole-run
/// shift from a regression. This spread, estimated from earlier runs, is what such shifts
/// look like; a change that does not stand out from it is not evidence of a regression.
///
/// The estimate is von Neumann's mean squared successive difference of the time-ordered
/// run centres, √(Σ (cᵢ₊₁ − cᵢ)² / (2(n − 1))). Taking differences of neighbours makes it
/// insensitive to slow drift and only mildly sensitive to a real step in the series (one
/// large difference), which inflates the spread and so errs towards fewer alarms.
public struct RunToRunSpread: Sendable, Equatable, Codable {
    /// Standard deviation of one run's centre.
    public var standardDeviation: Double
    /// Effective degrees of freedom of the estimate, 2(n − 1)² / (3n − 4) for n runs (the
    /// chi-square with the same mean and variance as the estimate under normality).
    public var degreesOfFreedom: Double
    /// Runs the estimate came from.
    public var runs: Int

    /// Estimates the spread from run centres in time order (oldest first). Needs at least
    /// three runs (two differences).
    public init(centres: [Double]) throws(StatsError) {
        try validate(centres, "run centres", needed: 3)
        let n = centres.count
        var sum = 0.0
        for i in 1..<n {
            let d = centres[i] - centres[i - 1]
            sum += d * d
        }
        standardDeviation = (sum / (2 * Double(n - 1))).squareRoot()
        degreesOfFreedom = 2 * Double((n - 1) * (n - 1)) / Double(3 * n - 4)
        runs = n
    }

    /// Two-sided p-value of the hypothesis that two runs measure the same thing, given the
    /// difference of their centres: t = difference / (√2 · standardDeviation) with
    /// `degreesOfFreedom`. Nil when the spread is zero (nothing to scale by).
    public func pValue(difference: Double) -> Double? {
        guard standardDeviation > 0, difference.isFinite else { return nil }
        let t = abs(difference) / (2.0.squareRoot() * standardDeviation)
        return min(1, 2 * StudentT.sf(t, df: degreesOfFreedom))
    }

    /// Half-width of the interval for the difference of two run centres at `level`.
    public func halfWidth(level: Double) throws(StatsError) -> Double {
        try validateOpenUnit(level, "level")
        return StudentT.quantile(0.5 + level / 2, df: degreesOfFreedom) * 2.0.squareRoot() * standardDeviation
    }

    /// The smallest difference of run centres detected with 80% power at two-sided level
    /// `alpha`.
    public func detectableDifference(alpha: Double) -> Double {
        (StudentT.quantile(1 - alpha / 2, df: degreesOfFreedom) + StudentT.quantile(0.8, df: degreesOfFreedom))
            * 2.0.squareRoot() * standardDeviation
    }
}
