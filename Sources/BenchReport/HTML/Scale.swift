import BenchKit
import Foundation

/// Maps data values to pixels along one axis, linearly or logarithmically, and proposes
/// round tick values.
struct Scale {
    let lower: Double
    let upper: Double
    let from: Double
    let to: Double
    let logarithmic: Bool

    /// A scale over `values` (padded by 5%), logarithmic when they are all positive and
    /// span more than a factor of `logAbove`.
    static func fitting(_ values: [Double], pixels: (Double, Double), logAbove: Double = 10, includeZero: Bool = false) -> Scale {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low > 0, high / low > logAbove {
            return Scale(lower: low / 1.15, upper: high * 1.15, from: pixels.0, to: pixels.1, logarithmic: true)
        }
        if high == low {
            let pad = high == 0 ? 1 : abs(high) * 0.05
            low -= pad; high += pad
        }
        let pad = (high - low) * 0.05
        return Scale(lower: low - (includeZero && low == 0 ? 0 : pad), upper: high + pad, from: pixels.0, to: pixels.1, logarithmic: false)
    }

    func callAsFunction(_ value: Double) -> Double {
        let clamped = min(max(value, lower), upper)
        let fraction = logarithmic ? (log(clamped) - log(lower)) / (log(upper) - log(lower)) : (clamped - lower) / (upper - lower)
        return from + fraction * (to - from)
    }

    /// Round values inside the domain: 1-2-5 steps (linear) or 1-2-5 × powers of ten (log).
    func ticks(count: Int = 5) -> [Double] {
        if logarithmic {
            var ticks: [Double] = []
            for exponent in Int(floor(log10(lower)))...Int(ceil(log10(upper))) {
                for mantissa in [1.0, 2, 5] {
                    let value = mantissa * pow(10, Double(exponent))
                    if value >= lower && value <= upper { ticks.append(value) }
                }
            }
            let decades = ticks.filter { abs(log10($0).rounded() - log10($0)) < 1e-9 }
            return ticks.count > 8 && decades.count >= 2 ? decades : ticks
        }
        let raw = (upper - lower) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude
        // Integer multiples, divided (not multiplied) by a fractional step, so 23 × 0.1 is 2.3.
        let inverse = step < 1 ? (1 / step).rounded() : nil
        var ticks: [Double] = []
        var k = ceil(lower / step)
        while k * step <= upper + step * 1e-9 {
            let value = inverse.map { k / $0 } ?? k * step
            ticks.append(value == 0 ? 0 : value)
            k += 1
        }
        return ticks
    }
}

/// A tick label with a fixed display unit: up to 4 significant digits, no trailing zeros.
func tickLabel(_ value: Double, scale: UnitScale) -> String {
    let scaled = value / scale.divisor
    return String(format: "%.4g", scaled)
}
