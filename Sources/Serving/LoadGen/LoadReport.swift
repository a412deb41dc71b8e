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
    public static let valid = "VALID"
    public static let invalid = "INVALID"

    /// `single-stream`, `server`, `offline`, `concurrency-sweep`, `rate-sweep`, `max-rate-under-latency` or `max-concurrency-under-latency`.
    public var scenario: String
    /// The offered rate (open loop), requests/s.
    public var targetRate: Double?
    /// How open-loop arrivals were spaced.
    public var arrival: ArrivalProcess?
    /// The seed of this run's arrival schedule (each step of a sweep has its own).
    public var seed: UInt64
    public var connections: Int
    /// Length of the measurement window, seconds.
    public var durationSeconds: Double
    /// Successful (2xx) answers to requests scheduled in the window.
    public var requests: Int
    /// Non-2xx answers, connection failures and unanswered requests.
    public var errors: Int
    /// Successful answers per second of window.
    public var achievedRate: Double
    /// Requests scheduled (open loop: arrivals drawn; closed loop: sent) per second of
    /// window: the rate the schedule realized, which a Poisson draw puts near the target.
    public var scheduledRate: Double
    /// Latency from each request's scheduled send time (no coordinated omission).
    public var latency: LatencyPercentiles
    /// Latency from the actual send time (what a closed-loop tool such as wrk reports).
    public var serviceLatency: LatencyPercentiles
    /// How late requests that found an idle connection went out relative to the schedule:
    /// the generator's own lag.
    public var sendDelay: LatencyPercentiles
    /// How late requests that found every connection busy went out: the wait for an answer
    /// to free a connection (more connections shorten it).
    public var connectionWait: LatencyPercentiles
    /// How many requests found every connection busy.
    public var connectionWaits: Int
    /// How the open-loop engine threads were scheduled (nil for closed loop).
    public var engineScheduling: EngineScheduling?
    public var histogram: LatencyHistogram
    /// Non-2xx answers by HTTP status.
    public var statusCounts: [String: Int]
    /// Requests lost to connection failures (refused, reset, closed mid-answer).
    public var transportErrors: Int
    /// Requests still unanswered when the drain timeout expired.
    public var timeouts: Int
    public var errorSamples: [String]
    /// VALID when the run met its minimum query count, error budget and latency bound.
    public var verdict: String = LoadReport.valid
    public var verdictReasons: [String] = []
    /// Token timing of streamed answers (OpenAI-compatible completions).
    public var tokens: TokenFigures?
    /// With a stability check: the windows measured (the report merges the last ones).
    public var windows: Int?
    /// The runs of a sweep or search, in the order they were made.
    public var steps: [LoadReport]?
    /// For `max-rate-under-latency` and `max-concurrency-under-latency`: the bound searched against.
    public var latencyConstraint: LatencyConstraint?
    /// For `max-rate-under-latency`: the highest rate meeting the bound.
    public var maxRateUnderBound: Double?
    /// For `max-concurrency-under-latency`: the highest concurrency meeting the bound (0: none did).
    public var maxConcurrencyUnderBound: Int?

    /// A search step passes: VALID (minimum queries, error budget, latency bound) with
    /// at least one answered request.
    var meetsItsBounds: Bool { verdict == Self.valid && requests > 0 }

    /// Failed requests as a share of all requests counted.
    public var errorRate: Double { requests + errors == 0 ? 0 : Double(errors) / Double(requests + errors) }

    /// Sets the verdict: INVALID below `minQueries`, above `maxErrorRate` or over `constraint`.
    mutating func judge(minQueries: Int, maxErrorRate: Double, constraint: LatencyConstraint?) {
        var reasons: [String] = []
        if requests + errors < minQueries { reasons.append("\(requests + errors) queries, fewer than the minimum \(minQueries)") }
        if errorRate > maxErrorRate {
            reasons.append(String(format: "error rate %.2f%% above the budget of %.2f%%", errorRate * 100, maxErrorRate * 100))
        }
        if let constraint {
            let observed = constraint.latency(of: histogram)
            if observed > constraint.milliseconds || requests == 0 {
                reasons.append(String(format: "p%g latency %.3f ms above the bound of %.3f ms", constraint.percentile, observed, constraint.milliseconds))
            }
        }
        verdict = reasons.isEmpty ? Self.valid : Self.invalid
        verdictReasons = reasons
    }
}
