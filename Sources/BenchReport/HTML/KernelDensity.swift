import BenchStats
import Foundation

/// A Gaussian kernel density estimate of samples, with Silverman's rule-of-thumb bandwidth
/// 0.9 · min(sd, IQR / 1.34) · n^(−1/5) (the rule Criterion.rs's plots use too).
struct KernelDensity {
    let samples: [Double]
    let bandwidth: Double

    /// nil for fewer than two finite samples or samples that are all equal.
    init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard finite.count >= 2, let sd = try? standardDeviation(finite), sd > 0,
              let q = try? quantiles(finite, [0.25, 0.75]) else { return nil }
        let spread = q[1] > q[0] ? min(sd, (q[1] - q[0]) / 1.34) : sd
        samples = finite
        bandwidth = 0.9 * spread * pow(Double(finite.count), -0.2)
    }

    func density(at x: Double) -> Double {
        let norm = 1 / (Double(samples.count) * bandwidth * (2 * Double.pi).squareRoot())
        return samples.reduce(0) { sum, sample in
            let z = (x - sample) / bandwidth
            return sum + exp(-0.5 * z * z)
        } * norm
    }

    /// The density at `count` evenly spaced points from `low` to `high`.
    func curve(from low: Double, to high: Double, count: Int = 64) -> [(x: Double, density: Double)] {
        (0..<count).map { i in
            let x = low + (high - low) * Double(i) / Double(count - 1)
            return (x, density(at: x))
        }
    }
}
