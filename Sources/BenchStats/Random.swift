import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator used to expand one 64-bit seed
/// into the state of `Xoshiro256StarStar`, as its authors recommend.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna): fast, statistically strong, and reproducible from
/// a seed, so every bootstrap interval and simulation in BenchKit can be replayed exactly.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// Seeds the four state words with four consecutive SplitMix64 outputs.
    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` by Lemire's multiply-and-reject method (unbiased).
    /// The algorithm is spelled out here, not borrowed from the standard library, so that
    /// reference scripts can reproduce every draw. `bound` must be positive; 0 or less gives 0.
    public mutating func index(below bound: Int) -> Int {
        guard bound > 1 else { _ = next(); return 0 }
        let n = UInt64(bound)
        var product = n.multipliedFullWidth(by: next())
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = n.multipliedFullWidth(by: next()) }
        }
        return Int(product.high)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Draws from common distributions, for reproducible synthetic data (matrices, datasets,
/// initial weights, load schedules).
extension SplitMix64 {
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in (0, 1]: safe to take the logarithm of.
    public mutating func uniformPositive() -> Double { Double((next() >> 11) + 1) * 0x1p-53 }

    /// A uniform Float in [low, high), from 24 random bits.
    public mutating func nextFloat(in low: Float, _ high: Float) -> Float {
        let unit = Float(next() >> 40) * (1.0 / Float(1 << 24))
        return low + (high - low) * unit
    }

    /// A standard normal draw (Box-Muller).
    public mutating func normal() -> Double {
        let u = uniformPositive(), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// An exponential draw with the given rate (mean 1/rate).
    public mutating func exponential(rate: Double) -> Double { -log(uniformPositive()) / rate }
}
