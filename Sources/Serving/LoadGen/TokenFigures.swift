/// Service-level objectives of a streamed answer, for goodput (as vLLM's serving benchmark
/// and GenAI-Perf define it); a bound left nil always holds.
public struct TokenSLO: Sendable, Equatable, Codable {
    public var timeToFirstTokenMilliseconds: Double?
    public var timePerOutputTokenMilliseconds: Double?

    public init(timeToFirstTokenMilliseconds: Double? = nil, timePerOutputTokenMilliseconds: Double? = nil) {
        self.timeToFirstTokenMilliseconds = timeToFirstTokenMilliseconds
        self.timePerOutputTokenMilliseconds = timePerOutputTokenMilliseconds
    }

    var timeToFirstTokenNanos: UInt64 { timeToFirstTokenMilliseconds.map { UInt64($0 * 1e6) } ?? .max }
    var timePerOutputTokenNanos: UInt64 { timePerOutputTokenMilliseconds.map { UInt64($0 * 1e6) } ?? .max }
}

/// What streamed answers (OpenAI-compatible completions) measured, after vLLM's serving
/// benchmark and GenAI-Perf: time to first token from the schedule, inter-token latency,
/// time per output token after the first, output tokens per second and goodput.
public struct TokenFigures: Codable, Sendable {
    public var timeToFirstToken: LatencyPercentiles
    public var interTokenLatency: LatencyPercentiles
    public var timePerOutputToken: LatencyPercentiles
    public var outputTokens: Int
    public var outputTokensPerSecond: Double
    public var slo: TokenSLO
    /// Answers per second of window that met both SLOs.
    public var goodput: Double

    init(_ result: EngineResult, seconds: Double, slo: TokenSLO) {
        timeToFirstToken = LatencyPercentiles(result.timeToFirstToken)
        interTokenLatency = LatencyPercentiles(result.interTokenLatency)
        timePerOutputToken = LatencyPercentiles(result.timePerOutputToken)
        outputTokens = result.outputTokens
        outputTokensPerSecond = Double(result.outputTokens) / seconds
        self.slo = slo
        goodput = Double(result.withinTokenSLO) / seconds
    }
}
