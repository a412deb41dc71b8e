import BenchStats
/// Arrival times of a Poisson process: exponential gaps with mean 1/rate, from a seed.
/// The open-loop scenario sends each request at its scheduled time whatever happened to
/// earlier ones, and measures latency from that time (no coordinated omission).
public struct PoissonSchedule: Sendable {
    public let rate: Double
    private var rng: SplitMix64
    private var elapsed: Double = 0

    /// - Parameter rate: arrivals per second (> 0).
    public init(rate: Double, seed: UInt64) {
        self.rate = rate
        rng = SplitMix64(seed: seed)
    }

    /// Seconds from the start to the next arrival.
    public mutating func next() -> Double {
        elapsed += rng.exponential(rate: rate)
        return elapsed
    }
}
