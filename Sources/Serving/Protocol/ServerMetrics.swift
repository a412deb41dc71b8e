import Synchronization

/// Counters and histograms served at `GET /metrics` in the Prometheus text format (0.0.4).
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

    /// The exposition text.
    public func render() -> String {
        let s = state.withLock { $0 }
        var out = ""
        out += "# HELP benchkit_requests_total HTTP requests answered, by endpoint and status code.\n"
        out += "# TYPE benchkit_requests_total counter\n"
        for (key, count) in s.requests.sorted(by: { $0.key < $1.key }) {
            out += "benchkit_requests_total{endpoint=\"\(key.endpoint)\",code=\"\(key.code)\"} \(count)\n"
        }
        out += "# HELP benchkit_request_errors_total HTTP requests answered with a 4xx or 5xx status, by endpoint.\n"
        out += "# TYPE benchkit_request_errors_total counter\n"
        var errors: [String: UInt64] = [:]
        for (key, count) in s.requests where key.code >= 400 { errors[key.endpoint, default: 0] += count }
        for (endpoint, count) in errors.sorted(by: { $0.key < $1.key }) {
            out += "benchkit_request_errors_total{endpoint=\"\(endpoint)\"} \(count)\n"
        }
        out += "# HELP benchkit_request_duration_seconds Time from a parsed request to its answer.\n"
        out += "# TYPE benchkit_request_duration_seconds histogram\n"
        for (endpoint, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            out += histogramLines("benchkit_request_duration_seconds", label: "endpoint=\"\(endpoint)\"", h, Self.latencyBounds)
        }
        out += "# HELP benchkit_batch_size Rows per executed model batch.\n"
        out += "# TYPE benchkit_batch_size histogram\n"
        for (model, h) in s.batches.sorted(by: { $0.key < $1.key }) {
            out += histogramLines("benchkit_batch_size", label: "model=\"\(model)\"", h, Self.batchBounds)
        }
        out += "# HELP benchkit_inference_rows_total Rows run through each model.\n"
        out += "# TYPE benchkit_inference_rows_total counter\n"
        for (model, count) in s.inferences.sorted(by: { $0.key < $1.key }) {
            out += "benchkit_inference_rows_total{model=\"\(model)\"} \(count)\n"
        }
        return out
    }

    private func histogramLines(_ name: String, label: String, _ h: Histogram, _ bounds: [Double]) -> String {
        var out = ""
        var cumulative: UInt64 = 0
        for (bound, count) in zip(bounds, h.counts) {
            cumulative += count
            out += "\(name)_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "\(name)_bucket{\(label),le=\"+Inf\"} \(h.count)\n"
        out += "\(name)_sum{\(label)} \(h.sum)\n"
        out += "\(name)_count{\(label)} \(h.count)\n"
        return out
    }
}
