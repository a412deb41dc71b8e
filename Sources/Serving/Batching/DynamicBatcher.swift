import Foundation
import Synchronization

/// Dynamic batching settings, after Triton's `dynamic_batching`.
public struct BatchingConfiguration: Sendable, Codable, Equatable {
    /// When false, each request runs alone, at once, on the thread that parsed it.
    public var enabled: Bool
    /// Most rows in one batch (a request's rows count in full and are never split).
    public var maxBatchSize: Int
    /// Longest time the oldest queued request waits for a batch to fill, in microseconds.
    public var maxQueueDelayMicroseconds: Int

    public init(enabled: Bool = true, maxBatchSize: Int = 32, maxQueueDelayMicroseconds: Int = 100) {
        self.enabled = enabled
        self.maxBatchSize = maxBatchSize
        self.maxQueueDelayMicroseconds = maxQueueDelayMicroseconds
    }

    public static let disabled = BatchingConfiguration(enabled: false)
}

/// What one executed batch looked like, for metrics and tests.
public struct BatchRecord: Sendable {
    public var rows: Int
    public var requests: Int
    /// How long the oldest request in the batch had waited when the batch was formed (ns).
    public var oldestWaitNanos: UInt64
}

/// Who runs the batches.
public enum BatchDriver: Sendable {
    /// A thread of the batcher's own waits for batches and runs them.
    case ownThread
    /// The owner calls `runDue(now:)` (the HTTP event loops do, after each round of events,
    /// and sleep no longer than the deadline it returns): no thread hand-offs.
    case caller
}

/// Groups queued requests into batches in arrival order and runs them. A batch is run as
/// soon as it is full, or when the oldest request has waited `maxQueueDelayMicroseconds`;
/// it never holds more than `maxBatchSize` rows. Every request gets exactly its own rows of
/// the output, in the order the requests arrived.
public final class DynamicBatcher: @unchecked Sendable {
    /// Runs one batch: `rows` rows of input, row-major, to `rows × outputWidth` values.
    public typealias Execute = @Sendable (_ input: [Float], _ rows: Int) -> [Float]
    public typealias Completion = @Sendable (_ output: ArraySlice<Float>) -> Void

    private struct Job {
        var input: [Float]
        var rows: Int
        var arrival: UInt64
        var completion: Completion
    }

    public let configuration: BatchingConfiguration
    public let driver: BatchDriver
    private let inputWidth: Int
    private let outputWidth: Int
    private let execute: Execute
    private let onBatch: (@Sendable (BatchRecord) -> Void)?
    private let condition = Condition()
    private var queue: [Job] = []
    private var queueHead = 0
    private var queuedRows = 0
    private var running = true
    private let queuedJobs = Atomic<Int>(0)
    private let finished = DispatchGroup()

    public init(configuration: BatchingConfiguration, inputWidth: Int, outputWidth: Int, driver: BatchDriver = .ownThread,
                onBatch: (@Sendable (BatchRecord) -> Void)? = nil, execute: @escaping Execute) {
        self.configuration = configuration
        self.driver = driver
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.execute = execute
        self.onBatch = onBatch
        guard driver == .ownThread else { return }
        finished.enter()
        let thread = Thread { [self] in
            runOwnThread()
            finished.leave()
        }
        thread.name = "batcher"
        thread.start()
    }

    private var maxRows: Int { max(1, configuration.maxBatchSize) }
    private var delayNanos: UInt64 { UInt64(max(0, configuration.maxQueueDelayMicroseconds)) * 1000 }

    /// Queues `rows` rows (`rows ≤ maxBatchSize`); `completion` receives their outputs on the
    /// thread that runs the batch. Returns false when the batcher has stopped.
    @discardableResult
    public func submit(_ input: [Float], rows: Int, completion: @escaping Completion) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard running else { return false }
        let wasEmpty = queueHead == queue.count
        queue.append(Job(input: input, rows: rows, arrival: monotonicNanos(), completion: completion))
        queuedRows += rows
        queuedJobs.add(1, ordering: .relaxed)
        // Wake the own thread only when it has something new to do: a first job to time, or a
        // full batch to run now. Otherwise it sleeps until the oldest job's deadline.
        if driver == .ownThread && (wasEmpty || queuedRows >= maxRows) { condition.signal() }
        return true
    }

    /// Runs, on the calling thread, every batch that is due (full, or its oldest request has
    /// waited the delay, or the batcher is stopping), judged at `now` (monotonic ns, default
    /// the current time). Returns the deadline (monotonic ns) of
    /// the requests still queued, or nil when none are.
    @discardableResult
    public func runDue(now: UInt64? = nil) -> UInt64? {
        if queuedJobs.load(ordering: .relaxed) == 0 { return nil }
        var now = now ?? monotonicNanos()
        while true {
            condition.lock()
            guard queueHead < queue.count else {
                condition.unlock()
                return nil
            }
            let deadline = queue[queueHead].arrival + delayNanos
            if queuedRows < maxRows && running && now < deadline {
                condition.unlock()
                return deadline
            }
            let jobs = takeBatch()
            condition.unlock()
            runBatch(jobs)
            now = monotonicNanos()
        }
    }

    /// Stops taking work and runs what is queued (on the own thread, or here for `.caller`).
    public func stop() {
        condition.withLock {
            running = false
            condition.broadcast()
        }
        if driver == .ownThread { finished.wait() } else { runDue() }
    }

    /// Takes the next batch from the front of the queue (lock held).
    private func takeBatch() -> [Job] {
        var jobs: [Job] = []
        var rows = 0
        while queueHead < queue.count, jobs.isEmpty || rows + queue[queueHead].rows <= maxRows {
            jobs.append(queue[queueHead])
            rows += queue[queueHead].rows
            queueHead += 1
        }
        queuedRows -= rows
        queuedJobs.subtract(jobs.count, ordering: .relaxed)
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeSubrange(0..<queueHead)
            queueHead = 0
        }
        return jobs
    }

    private func runOwnThread() {
        while true {
            condition.lock()
            while queueHead == queue.count && running { condition.wait() }
            let done = queueHead == queue.count
            condition.unlock()
            if done { return }
            guard let deadline = runDue() else { continue }
            condition.lock()
            while queuedRows < maxRows && running && monotonicNanos() < deadline {
                condition.wait(untilMonotonicNanos: deadline)
            }
            condition.unlock()
        }
    }

    private func runBatch(_ jobs: [Job]) {
        let rows = jobs.reduce(0) { $0 + $1.rows }
        onBatch?(BatchRecord(rows: rows, requests: jobs.count, oldestWaitNanos: elapsed(since: jobs[0].arrival)))
        let input: [Float]
        if jobs.count == 1 {
            input = jobs[0].input
        } else {
            var joined: [Float] = []
            joined.reserveCapacity(rows * inputWidth)
            for job in jobs { joined.append(contentsOf: job.input) }
            input = joined
        }
        let output = execute(input, rows)
        var offset = 0
        for job in jobs {
            let count = job.rows * outputWidth
            job.completion(output[offset..<(offset + count)])
            offset += count
        }
    }
}
