import BenchStats
import Foundation

/// The child side of lockstep: serves `LockstepCommand`s for the instances its own suite
/// plans, one at a time, in its own heap and stack layout. Started by the hidden
/// `bench lockstep-worker` command.
public struct LockstepWorker {
    public let request: LockstepWorkerRequest
    public let instances: [PlannedBenchmark]

    public init(request: LockstepWorkerRequest, instances: [PlannedBenchmark]) {
        self.request = request
        self.instances = instances
    }

    /// Pins (when asked), says hello, then serves until the parent closes the channel.
    public func serve(_ channel: LineChannel) throws {
        var pinned: Int? = nil, refusal: String? = nil
        let allowed = CPUAffinity.allowed()
        if let cpu = request.cpu {
            refusal = CPUAffinity.pin(to: cpu)
            if refusal == nil { pinned = cpu }
        }
        let offered = instances.map {
            LockstepInstance(name: $0.name, timeBudget: $0.timeBudget, warmup: $0.warmup,
                             threshold: $0.threshold, parameters: $0.parameters.values)
        }
        try channel.send(LockstepReply.hello(protocolVersion: LockstepProtocol.version, instances: offered,
                                             pinnedCPU: pinned, pinning: refusal, nice: Self.raisePriority()))
        var layoutSeeds = SplitMix64(seed: request.seed)
        do {
            while true {
                let command = try channel.receive(LockstepCommand.self)
                guard case .prepare(let name) = command else {
                    try channel.send(LockstepReply.failed(message: "nothing prepared: send prepare first"))
                    continue
                }
                guard let instance = instances.first(where: { $0.name == name }) else {
                    try channel.send(LockstepReply.failed(message: "this revision's suite has no benchmark \(name)"))
                    continue
                }
                // A benchmark of several threads takes its turns on every CPU allowed at start;
                // the sides still never run at once.
                let threads = (try? instance.parameters.int("threads")) ?? 1
                if pinned != nil, threads > 1, !allowed.isEmpty { _ = CPUAffinity.pin(to: allowed) }
                defer { if let pinned, threads > 1 { _ = CPUAffinity.pin(to: pinned) } }
                var layout = LayoutRandomizer(seed: layoutSeeds.next())
                layout.perturbHeap()
                defer { layout.release() }
                try layout.withShiftedStack { try serve(instance, channel) }
            }
        } catch LineChannel.Failure.closed {
            return
        }
    }

    /// Nice value the workers ask for: other jobs of this machine (a build on the same CPU)
    /// then preempt their samples less. Needs the privilege; without it nothing changes.
    static let nice: Int32 = -10

    /// Raises this process's priority to `nice` where permitted; returns the value reached.
    static func raisePriority() -> Int? {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0, current > nice, setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) == 0 else { return nil }
        return Int(nice)
    }

    /// Sets up and verifies `instance`, then serves warm-ups and samples until `release`.
    private func serve(_ instance: PlannedBenchmark, _ channel: LineChannel) throws {
        let workload: Workload
        do {
            workload = try instance.benchmark.setUp(instance.parameters)
            try workload.verify()
        } catch {
            try channel.send(LockstepReply.failed(message: "\(instance.name): \(error)"))
            return
        }
        guard case .timed(let body) = workload.body else {
            try channel.send(LockstepReply.prepared(timed: false, throughputs: [], values: workload.values))
            _ = try channel.receive(LockstepCommand.self)
            try channel.send(LockstepReply.released)
            return
        }
        let throughputs = workload.throughputs.map {
            LockstepThroughput(metric: $0.metric, unit: $0.unit, workPerOperation: $0.workPerOperation)
        }
        try channel.send(LockstepReply.prepared(timed: true, throughputs: throughputs, values: workload.values))
        while true {
            switch try channel.receive(LockstepCommand.self) {
            case .warmUp(let seconds):
                try channel.send(LockstepReply.estimate(nanosecondsPerOperation: Sampler.warmUp(seconds: seconds, body)))
            case .sample(let iterations):
                let cpuStart = ProcessCPUClock.now()
                let ns = Sampler.sample(iterations: max(iterations, 1), timerOverheadNs: request.timerOverheadNs, body)
                let cpu = Double(ProcessCPUClock.now() &- cpuStart) / Double(max(iterations, 1))
                try channel.send(LockstepReply.sample(nanosecondsPerOperation: ns, cpuNanosecondsPerOperation: cpu))
            case .release:
                try channel.send(LockstepReply.released)
                return
            case .prepare:
                try channel.send(LockstepReply.failed(message: "\(instance.name) is still prepared: release it first"))
            }
        }
    }
}
