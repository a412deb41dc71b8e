import Foundation

/// The contract between the lockstep parent and its worker processes, in one place. A
/// worker is `bench lockstep-worker --request <JSON of LockstepWorkerRequest>`; it answers
/// with a `LockstepReply.hello` line on stdout, then serves one `LockstepCommand` per line
/// on stdin with one `LockstepReply` per line, until stdin closes (the parent is gone or
/// done). Timing happens inside the worker, so pipe latency is never measured.
public enum LockstepProtocol {
    /// Raised when the contract changes incompatibly; a worker of another version refuses.
    public static let version = 1
    /// The hidden command that starts a worker.
    public static let workerCommand = "lockstep-worker"
}

/// What a worker is started with.
public struct LockstepWorkerRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    /// The suite file the worker plans from (its own revision's).
    public var suitePath: String
    public var filter: String?
    /// Overrides the suite's per-benchmark time budget (seconds of samples per side per pair).
    public var timeBudget: Double?
    public var threshold: Double?
    /// The CPU to pin to; nil leaves the worker unpinned.
    public var cpu: Int?
    /// Seeds this process's heap and stack layout randomization.
    public var seed: UInt64
    public var timerOverheadNs: Double

    public init(suitePath: String, filter: String?, timeBudget: Double?, threshold: Double?, cpu: Int?,
                seed: UInt64, timerOverheadNs: Double) {
        protocolVersion = LockstepProtocol.version
        self.suitePath = suitePath
        self.filter = filter
        self.timeBudget = timeBudget
        self.threshold = threshold
        self.cpu = cpu
        self.seed = seed
        self.timerOverheadNs = timerOverheadNs
    }

    /// The worker's command line.
    public func arguments() throws -> [String] {
        [LockstepProtocol.workerCommand, "--request", String(decoding: try JSONEncoder().encode(self), as: UTF8.self)]
    }
}

/// One instance a worker can run, as its suite plans it.
public struct LockstepInstance: Codable, Sendable, Equatable {
    public var name: String
    public var timeBudget: Double
    public var warmup: Double
    public var threshold: Double?
    public var parameters: [String: ParameterValue]?
}

/// A parent's instruction to a worker.
public enum LockstepCommand: Codable, Sendable, Equatable {
    /// Set up, verify and lay out the named instance.
    case prepare(name: String)
    /// Run the prepared instance untimed for about `seconds`; reply with the ns/op estimate.
    case warmUp(seconds: Double)
    /// Time `iterations` calls of the prepared instance; reply with ns per operation.
    case sample(iterations: Int)
    /// Drop the prepared instance.
    case release
}

/// A worker's answer.
public enum LockstepReply: Codable, Sendable, Equatable {
    /// First line after start: what the worker can run, whether it is pinned (or why not),
    /// and the nice value it raised itself to (nil when not permitted).
    case hello(protocolVersion: Int, instances: [LockstepInstance], pinnedCPU: Int?, pinning: String?, nice: Int?)
    /// The instance is ready. `timed` is false for self-timed benchmarks (a load test),
    /// which cannot take turns sample by sample.
    case prepared(timed: Bool, throughputs: [LockstepThroughput], values: [String: MetricResult])
    case estimate(nanosecondsPerOperation: Double)
    /// One timed sample, and the worker process's CPU time per operation around it (nil
    /// from workers built before they reported it: the parent then records none).
    case sample(nanosecondsPerOperation: Double, cpuNanosecondsPerOperation: Double?)
    case released
    /// The command failed; the worker stays usable unless it says otherwise.
    case failed(message: String)
}

/// A throughput the parent derives from the time samples (the worker's `Throughput`).
public struct LockstepThroughput: Codable, Sendable, Equatable {
    public var metric: String
    public var unit: String
    public var workPerOperation: Double
}
