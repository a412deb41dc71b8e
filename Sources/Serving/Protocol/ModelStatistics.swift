import Foundation
import Synchronization

/// One model's counters behind `GET /v2/models/{name}/stats`, in the shape of Triton's
/// statistics extension (which perf_analyzer reads to split latency into queue and compute).
final class ModelStatistics: Sendable {
    /// A count and the nanoseconds they took together.
    struct Duration: Sendable {
        var count: UInt64 = 0
        var ns: UInt64 = 0
        mutating func add(_ nanos: UInt64, count n: UInt64 = 1) {
            count += n
            ns += nanos
        }
    }

    struct Snapshot: Sendable {
        var success = Duration()
        var fail = Duration()
        var queue = Duration()
        var computeInfer = Duration()
        /// Rows inferred.
        var inferenceCount: UInt64 = 0
        /// Batches executed.
        var executionCount: UInt64 = 0
        /// Milliseconds since 1970 of the last answered inference, 0 before the first.
        var lastInferenceMillis: UInt64 = 0
        /// Executions and their compute time, by batch size in rows.
        var batches: [Int: Duration] = [:]
    }

    private let state = Mutex(Snapshot())
    /// The compute time of the batch each thread ran last: a batch's completions run on
    /// the thread that executed it, right after it, so they read their batch's time here.
    private let lastExecution = Mutex([UInt: UInt64]())

    /// Runs `body` as one batch of `rows` rows and counts its compute time.
    func execute(rows: Int, _ body: () -> [Float]) -> [Float] {
        let start = monotonicNanos()
        let output = body()
        let nanos = elapsed(since: start)
        state.withLock { s in
            s.executionCount += 1
            s.inferenceCount += UInt64(rows)
            s.batches[rows, default: Duration()].add(nanos)
        }
        lastExecution.withLock { $0[UInt(pthread_self())] = nanos }
        return output
    }

    /// Counts an answered inference that took `totalNanos` from its arrival; its compute
    /// share is the batch this thread ran last, the rest was queueing.
    func recordSuccess(totalNanos: UInt64) {
        let compute = min(totalNanos, lastExecution.withLock { $0[UInt(pthread_self())] ?? 0 })
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        state.withLock { s in
            s.success.add(totalNanos)
            s.computeInfer.add(compute)
            s.queue.add(totalNanos - compute)
            s.lastInferenceMillis = millis
        }
    }

    /// Counts an inference request refused or failed after `totalNanos`.
    func recordFailure(totalNanos: UInt64) {
        state.withLock { $0.fail.add(totalNanos) }
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    /// Triton's JSON for one model version (an element of `model_stats`).
    func json(model: String, version: String) -> JSONValue {
        let s = snapshot
        func duration(_ d: Duration) -> JSONValue {
            .object([JSONMember("count", .integer(Int64(d.count))), JSONMember("ns", .integer(Int64(d.ns)))])
        }
        let zero = duration(Duration())
        // Input and output copies are part of the compute time here; they are counted as
        // often as the compute itself (perf_analyzer requires equal counts) with 0 ns.
        func untimed(_ d: Duration) -> JSONValue { duration(Duration(count: d.count, ns: 0)) }
        let batches = s.batches.sorted { $0.key < $1.key }.map { size, d -> JSONValue in
            .object([JSONMember("batch_size", .integer(Int64(size))), JSONMember("compute_input", untimed(d)),
                     JSONMember("compute_infer", duration(d)), JSONMember("compute_output", untimed(d))])
        }
        return .object([
            JSONMember("name", .string(model)),
            JSONMember("version", .string(version)),
            JSONMember("last_inference", .integer(Int64(s.lastInferenceMillis))),
            JSONMember("inference_count", .integer(Int64(s.inferenceCount))),
            JSONMember("execution_count", .integer(Int64(s.executionCount))),
            JSONMember("inference_stats", .object([
                JSONMember("success", duration(s.success)), JSONMember("fail", duration(s.fail)),
                JSONMember("queue", duration(s.queue)), JSONMember("compute_input", untimed(s.computeInfer)),
                JSONMember("compute_infer", duration(s.computeInfer)), JSONMember("compute_output", untimed(s.computeInfer)),
                JSONMember("cache_hit", zero), JSONMember("cache_miss", zero),
            ])),
            JSONMember("batch_stats", .array(batches)),
            JSONMember("memory_usage", .array([])),
        ])
    }
}
