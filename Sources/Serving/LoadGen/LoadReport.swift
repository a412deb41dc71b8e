import Foundation

/// Latency percentiles in milliseconds.
public struct LatencyPercentiles: Codable, Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var mean: Double
    public var max: Double

    public init(_ h: LatencyHistogram) {
        func ms(_ ns: UInt64) -> Double { Double(ns) / 1e6 }
        p50 = ms(h.value(atQuantile: 0.5))
        p90 = ms(h.value(atQuantile: 0.9))
        p99 = ms(h.value(atQuantile: 0.99))
        p999 = ms(h.value(atQuantile: 0.999))
        mean = h.mean / 1e6
        max = ms(h.maximum)
    }
}

/// The outcome of one load-generator run (Codable, for result files).
public struct LoadReport: Codable, Sendable {
    /// `single-stream`, `server`, `offline`, `concurrency-sweep` or `max-rate-under-latency`.
    public var scenario: String
    /// The offered Poisson rate (server scenario), requests/s.
    public var targetRate: Double?
    public var connections: Int
    /// Length of the measurement window, seconds.
    public var durationSeconds: Double
    /// Successful (2xx) answers to requests scheduled in the window.
    public var requests: Int
    /// Non-2xx answers, connection failures and unanswered requests.
    public var errors: Int
    /// Successful answers per second of window.
    public var achievedRate: Double
    /// Latency from each request's scheduled send time (no coordinated omission).
    public var latency: LatencyPercentiles
    /// Latency from the actual send time (what a closed-loop tool such as wrk reports).
    public var serviceLatency: LatencyPercentiles
    /// How late requests went out relative to the schedule (the generator's own lag).
    public var sendDelay: LatencyPercentiles
    public var histogram: LatencyHistogram
    public var statusCounts: [String: Int]
    public var errorSamples: [String]
    /// The runs of a sweep or search, in the order they were made.
    public var steps: [LoadReport]?
    /// For `max-rate-under-latency`: the p99 bound (ms) and the highest passing rate.
    public var p99BoundMilliseconds: Double?
    public var maxRateUnderBound: Double?
}

extension LoadReport {
    /// One line for a terminal: scenario, rate, errors and latency percentiles.
    public var summary: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var line = "\(scenario): \(String(format: "%.0f", achievedRate)) req/s"
        if let targetRate { line += " (offered \(String(format: "%.0f", targetRate)))" }
        line += ", \(connections) connections, \(requests) ok, \(errors) errors; latency ms p50 \(f(latency.p50))"
        line += " p90 \(f(latency.p90)) p99 \(f(latency.p99)) p99.9 \(f(latency.p999)) max \(f(latency.max))"
        if let bound = p99BoundMilliseconds, let rate = maxRateUnderBound {
            line += "; highest rate with p99 ≤ \(f(bound)) ms: \(String(format: "%.0f", rate)) req/s"
        }
        return line
    }
}
