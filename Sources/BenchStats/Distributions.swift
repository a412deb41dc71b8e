import Foundation

/// The standard normal distribution: CDF, survival function and quantile.
public enum StandardNormal {
    /// P(Z ≤ z).
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(Z > z), accurate far into the upper tail.
    public static func sf(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step,
    /// giving close to full double precision. Returns ∓∞ at 0 and 1, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Halley refinement on the tail that keeps relative precision.
        let e = p < 0.5 ? cdf(x) - p : (1 - p) - sf(x)
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// Student's t distribution with `df` > 0 degrees of freedom (real-valued df, as Welch's
/// test needs).
public enum StudentT {
    /// P(T ≤ t).
    public static func cdf(_ t: Double, df: Double) -> Double {
        t >= 0 ? 1 - sf(t, df: df) : sf(-t, df: df)
    }

    /// P(T > t), computed from the regularized incomplete beta function so that tiny
    /// tail probabilities keep their relative precision.
    public static func sf(_ t: Double, df: Double) -> Double {
        if t.isNaN || df.isNaN || df <= 0 { return .nan }
        if t == .infinity { return 0 }
        if t == -.infinity { return 1 }
        if df.isInfinite { return StandardNormal.sf(t) }
        let x = df / (df + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
        return t >= 0 ? tail : 1 - tail
    }

    /// The p-quantile (inverse CDF) for p in (0, 1), by safeguarded Newton iteration.
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard p > 0, p < 1, df > 0 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, df: df) }
        // Upper half: solve sf(t) = 1 − p for t > 0. The tail mass 1 − p is exact for p ≥ 1/2.
        let target = 1 - p
        var lo = 0.0, hi = max(1.0, StandardNormal.quantile(p))
        while sf(hi, df: df) > target { lo = hi; hi *= 2 }
        var t = (lo + hi) / 2
        for _ in 0..<200 {
            let f = sf(t, df: df) - target
            if f > 0 { lo = t } else { hi = t }
            let newton = t + f / density(t, df: df)
            let next = (newton > lo && newton < hi) ? newton : (lo + hi) / 2
            if abs(next - t) <= 1e-15 * max(1, abs(t)) { return next }
            t = next
        }
        return t
    }

    /// The probability density at t.
    public static func density(_ t: Double, df: Double) -> Double {
        let logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi)
        return exp(logC - (df + 1) / 2 * log1p(t * t / df))
    }
}

/// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction
/// (Numerical Recipes §6.4), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the
/// fraction converges faster.
func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
        return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
    }
    return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
}

private func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300, eps = 1e-16
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
        let md = Double(m)
        let even = md * (b - md) * x / ((a + 2 * md - 1) * (a + 2 * md))
        d = 1 + even * d; if abs(d) < tiny { d = tiny }
        c = 1 + even / c; if abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        let odd = -(a + md) * (a + b + md) * x / ((a + 2 * md) * (a + 2 * md + 1))
        d = 1 + odd * d; if abs(d) < tiny { d = tiny }
        c = 1 + odd / c; if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < eps { break }
    }
    return h
}
