import Foundation

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

/// Groups queued requests into batches in arrival order and runs them on its own thread.
/// A batch is sent as soon as it is full, or when the oldest request has waited
/// `maxQueueDelayMicroseconds`; it never holds more than `maxBatchSize` rows. Every request
/// gets exactly its own rows of the output, in the order the requests arrived.
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
    private let inputWidth: Int
    private let outputWidth: Int
    private let execute: Execute
    private let onBatch: (@Sendable (BatchRecord) -> Void)?
    private let condition = Condition()
    private var queue: [Job] = []
    private var queueHead = 0
    private var queuedRows = 0
    private var running = true
    private let finished = DispatchGroup()

    public init(configuration: BatchingConfiguration, inputWidth: Int, outputWidth: Int,
                onBatch: (@Sendable (BatchRecord) -> Void)? = nil, execute: @escaping Execute) {
        self.configuration = configuration
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.execute = execute
        self.onBatch = onBatch
        finished.enter()
        let thread = Thread { [self] in
            run()
            finished.leave()
        }
        thread.name = "batcher"
        thread.start()
    }

    /// Queues `rows` rows (`rows ≤ maxBatchSize`); `completion` receives their outputs on the batcher thread.
    /// Returns false when the batcher has stopped.
    @discardableResult
    public func submit(_ input: [Float], rows: Int, completion: @escaping Completion) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard running else { return false }
        let wasEmpty = queueHead == queue.count
        queue.append(Job(input: input, rows: rows, arrival: monotonicNanos(), completion: completion))
        queuedRows += rows
        // Wake the batcher only when it has something new to do: a first job to time, or a
        // full batch to send now. Otherwise it sleeps until the oldest job's deadline.
        if wasEmpty || queuedRows >= configuration.maxBatchSize { condition.signal() }
        return true
    }

    /// Runs what is queued, then ends the thread and waits for it.
    public func stop() {
        condition.withLock {
            running = false
            condition.broadcast()
        }
        finished.wait()
    }

    private func run() {
        let maxRows = max(1, configuration.maxBatchSize)
        let delay = UInt64(max(0, configuration.maxQueueDelayMicroseconds)) * 1000
        while true {
            condition.lock()
            while queueHead == queue.count && running { condition.wait() }
            if queueHead == queue.count {
                condition.unlock()
                return
            }
            let deadline = queue[queueHead].arrival + delay
            while queuedRows < maxRows && running && monotonicNanos() < deadline {
                condition.wait(untilMonotonicNanos: deadline)
            }
            var jobs: [Job] = []
            var rows = 0
            while queueHead < queue.count, jobs.isEmpty || rows + queue[queueHead].rows <= maxRows {
                let job = queue[queueHead]
                jobs.append(job)
                rows += job.rows
                queueHead += 1
            }
            queuedRows -= rows
            if queueHead > 1024 && queueHead * 2 > queue.count {
                queue.removeSubrange(0..<queueHead)
                queueHead = 0
            }
            condition.unlock()
            runBatch(jobs, rows: rows)
        }
    }

    private func runBatch(_ jobs: [Job], rows: Int) {
        let formed = monotonicNanos()
        onBatch?(BatchRecord(rows: rows, requests: jobs.count, oldestWaitNanos: formed - jobs[0].arrival))
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
