import Synchronization

/// Counters and histograms served at `GET /metrics`, in the Prometheus text format 0.0.4 or
/// OpenMetrics 1.0.0 as the client's `Accept` header asks (`ExpositionFormat`).
public final class ServerMetrics: Sendable {
    /// Upper bounds of the request-duration histogram, in seconds.
    public static let latencyBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Upper bounds of the batch-size histogram, in rows.
    public static let batchBounds: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    private struct Histogram {
        var counts: [UInt64]
        var sum = 0.0
        var count: UInt64 = 0
        init(buckets: Int) { counts = Array(repeating: 0, count: buckets) }
        mutating func record(_ value: Double, bounds: [Double]) {
            if let i = bounds.firstIndex(where: { value <= $0 }) { counts[i] += 1 }
            sum += value
            count += 1
        }
    }

    private struct RequestKey: Hashable, Comparable {
        var endpoint: String
        var code: Int
        static func < (a: RequestKey, b: RequestKey) -> Bool { (a.endpoint, a.code) < (b.endpoint, b.code) }
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var batches: [String: Histogram] = [:]
        var inferences: [String: UInt64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one answered request and its duration.
    public func recordRequest(endpoint: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[RequestKey(endpoint: endpoint, code: status), default: 0] += 1
            s.latency[endpoint, default: Histogram(buckets: Self.latencyBounds.count)].record(seconds, bounds: Self.latencyBounds)
        }
    }

    /// Counts one executed batch of `rows` rows for `model`.
    public func recordBatch(model: String, rows: Int) {
        state.withLock { s in
            s.batches[model, default: Histogram(buckets: Self.batchBounds.count)].record(Double(rows), bounds: Self.batchBounds)
            s.inferences[model, default: 0] += UInt64(rows)
        }
    }

    /// The number of answered requests with this endpoint label and status.
    public func requestCount(endpoint: String, status: Int) -> UInt64 {
        state.withLock { $0.requests[RequestKey(endpoint: endpoint, code: status)] ?? 0 }
    }

    /// The exposition text in `format` (negotiate it with `ExpositionFormat.negotiated`).
    public func render(_ format: ExpositionFormat = .prometheus) -> String {
        let s = state.withLock { $0 }
        var out = ExpositionWriter(format: format)
        out.counter("benchkit_requests", help: "HTTP requests answered, by endpoint and status code.",
                    samples: s.requests.sorted { $0.key < $1.key }.map { ([("endpoint", $0.key.endpoint), ("code", String($0.key.code))], $0.value) })
        var errors: [String: UInt64] = [:]
        for (key, count) in s.requests where key.code >= 400 { errors[key.endpoint, default: 0] += count }
        out.counter("benchkit_request_errors", help: "HTTP requests answered with a 4xx or 5xx status, by endpoint.",
                    samples: errors.sorted { $0.key < $1.key }.map { ([("endpoint", $0.key)], $0.value) })
        out.histogram("benchkit_request_duration_seconds", help: "Time from a parsed request to its answer.",
                      bounds: Self.latencyBounds, series: s.latency.sorted { $0.key < $1.key }.map {
                          ([("endpoint", $0.key)], $0.value.counts, $0.value.sum, $0.value.count) })
        out.histogram("benchkit_batch_size", help: "Rows per executed model batch.",
                      bounds: Self.batchBounds, series: s.batches.sorted { $0.key < $1.key }.map {
                          ([("model", $0.key)], $0.value.counts, $0.value.sum, $0.value.count) })
        out.counter("benchkit_inference_rows", help: "Rows run through each model.",
                    samples: s.inferences.sorted { $0.key < $1.key }.map { ([("model", $0.key)], $0.value) })
        return out.finished
    }
}
