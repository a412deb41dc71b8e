import BenchStats

/// How arrivals of an open-loop run are spaced.
public enum ArrivalProcess: String, Sendable, Codable, CaseIterable {
    /// Exponential gaps with mean 1/rate (MLPerf LoadGen's Server scenario).
    case poisson
    /// Equal gaps of 1/rate (wrk2, perf_analyzer's `--request-distribution constant`).
    case constant
}

/// Arrival times of an open-loop run, from a seed. The open-loop (server) scenario sends
/// each request at its scheduled time whatever happened to earlier ones, and measures
/// latency from that time (no coordinated omission).
public struct ArrivalSchedule: Sendable {
    public let rate: Double
    public let process: ArrivalProcess
    private var rng: SplitMix64
    private var elapsed: Double = 0

    /// - Parameter rate: arrivals per second (> 0).
    public init(rate: Double, process: ArrivalProcess = .poisson, seed: UInt64) {
        self.rate = rate
        self.process = process
        rng = SplitMix64(seed: seed)
        // Constant arrivals of several engines start at random phases, so that together
        // they do not arrive in bursts.
        if process == .constant { elapsed = rng.uniformPositive() / rate }
    }

    /// Seconds from the start to the next arrival.
    public mutating func next() -> Double {
        switch process {
        case .poisson: elapsed += rng.exponential(rate: rate)
        case .constant: elapsed += 1 / rate
        }
        return elapsed
    }
}
