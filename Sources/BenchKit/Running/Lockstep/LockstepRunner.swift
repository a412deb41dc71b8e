import BenchStats
import Foundation

/// One side of a lockstep comparison: a `bench` binary and the suite file it plans from.
public struct LockstepSide: Sendable {
    public var name: String
    public var executable: String
    public var workingDirectory: String?
    public var suitePath: String

    public init(name: String, executable: String, workingDirectory: String?, suitePath: String) {
        self.name = name
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.suitePath = suitePath
    }
}

/// How long and how finely a lockstep comparison measures.
public struct LockstepOptions: Sendable {
    public var filter: String?
    /// Seconds of samples per side per benchmark per pair (overrides the suites).
    public var timeBudget: Double?
    /// Practical threshold the stopping rule aims to resolve (overrides the suites).
    public var threshold: Double?
    /// Threshold when neither the options nor the suite set one.
    public var defaultThreshold = 0.03
    /// Family-wise alpha the stopping rule is sized for (the comparison's).
    public var alpha = 0.01
    /// Fresh process pairs every benchmark gets; then 2 more at a time while undecided.
    public var minimumPairs = 6
    public var maximumPairs = 40
    /// Wall-clock seconds after which no new pair starts (once every benchmark has the
    /// minimum).
    public var maximumSeconds = 120.0
    /// Pin both workers to one CPU (`CPUAffinity.lockstepCPU()` unless `cpu` says).
    public var pin = true
    public var cpu: Int?
    /// Seeds benchmark order and layout randomization.
    public var seed: UInt64
    public var timerOverheadNs: Double
    /// Folder for the workers' stderr logs.
    public var scratch: String

    public init(seed: UInt64, timerOverheadNs: Double, scratch: String) {
        self.seed = seed
        self.timerOverheadNs = timerOverheadNs
        self.scratch = scratch
    }
}

/// What a lockstep comparison measured: each side's benchmarks (one inner sample array per
/// pair, in the order taken) and how the pairs were run.
public struct LockstepOutcome: Sendable {
    public var base: [BenchmarkResult]
    public var head: [BenchmarkResult]
    /// Written into both result files: `bench compare` of the two pairs them up again.
    public var baseDesign: MeasurementDesign
    public var headDesign: MeasurementDesign
    /// Pairs run in all, and seconds spent.
    public var pairs: Int
    public var seconds: Double
    /// Benchmarks only one side's suite has, and self-timed ones lockstep cannot take turns on.
    public var onlyInBase: [String]
    public var onlyInHead: [String]
    public var notLockstep: [String]
}

/// The lockstep design (issue: separate runs differ by whole-process and whole-run luck
/// far larger than the regressions a gate must see). For each pair, a fresh base worker
/// and a fresh head worker are pinned to the same CPU and take turns, one sample at a time
/// in ABBA blocks, on the same benchmark, after agreeing on warm-up and iterations per
/// sample. Pairs alternate which side moves first. Benchmarks whose change is resolved
/// (`LockstepStopping`) stop early; the others get more pairs up to the limits.
public struct LockstepRunner {
    public var base: LockstepSide
    public var head: LockstepSide
    public var options: LockstepOptions
    /// Called before each pair with a short line ("pair 3/6+, head first, 8 benchmarks").
    public var progress: @Sendable (String) -> Void

    public init(base: LockstepSide, head: LockstepSide, options: LockstepOptions,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.base = base
        self.head = head
        self.options = options
        self.progress = progress
    }

    /// Samples of one benchmark, per pair.
    struct Recorded {
        var instance: LockstepInstance
        var base: [[Double]] = []
        var head: [[Double]] = []
        var iterations: [Int] = []
        /// CPU time per operation beside each sample, per pair (nil where a worker built
        /// before it was reported sent none).
        var cpu: (base: [[Double?]], head: [[Double?]]) = ([], [])
        var throughputs: (base: [LockstepThroughput], head: [LockstepThroughput]) = ([], [])
        var values: (base: [String: MetricResult], head: [String: MetricResult]) = ([:], [:])
    }

    public func run() throws -> LockstepOutcome {
        try FileManager.default.createDirectory(atPath: options.scratch, withIntermediateDirectories: true)
        let started = MonotonicClock.now()
        let session = UUID().uuidString.lowercased()
        let cpu = options.pin ? (options.cpu ?? CPUAffinity.lockstepCPU()) : nil
        var seeds = SplitMix64(seed: options.seed)
        var recorded: [String: Recorded] = [:]
        var active: [String] = []
        var onlyInBase: [String] = [], onlyInHead: [String] = [], notLockstep: [String] = []
        var pinning: (cpu: Int?, note: String?) = (cpu, nil)
        var nice: Int?
        var pair = 0, comparisons = 1
        while !active.isEmpty || pair == 0 {
            let elapsed = Double(MonotonicClock.now() &- started) / 1e9
            if pair >= options.maximumPairs || (pair >= options.minimumPairs && elapsed >= options.maximumSeconds) { break }
            let headFirst = pair % 2 == 1
            let workers = try startPair(pair, cpu: cpu, seeds: &seeds)
            defer { workers.base.stop(); workers.head.stop() }
            if pair == 0 {
                let baseNames = workers.base.hello.instances.map(\.name), headNames = workers.head.hello.instances.map(\.name)
                let common = Set(baseNames).intersection(headNames)
                onlyInBase = baseNames.filter { !common.contains($0) }
                onlyInHead = headNames.filter { !common.contains($0) }
                for instance in workers.head.hello.instances where common.contains(instance.name) {
                    recorded[instance.name] = Recorded(instance: instance)
                    active.append(instance.name)
                }
                guard !active.isEmpty else { throw LockstepError.nothingInCommon(base: baseNames, head: headNames) }
                comparisons = active.count
                pinning = Self.pinning(requested: cpu, base: workers.base.hello, head: workers.head.hello)
                nice = workers.base.hello.nice == workers.head.hello.nice ? workers.head.hello.nice : nil
            }
            progress("pair \(pair + 1) (\(headFirst ? "head" : "base") first): \(active.count) benchmark(s)")
            var order = active
            order.shuffle(using: &seeds)
            let (first, second) = headFirst ? (workers.head, workers.base) : (workers.base, workers.head)
            for name in order {
                guard var record = recorded[name] else { continue }
                let timed = try measure(&record, first: first, second: second, headFirst: headFirst)
                recorded[name] = record
                if !timed {
                    notLockstep.append(name)
                    active.removeAll { $0 == name }
                }
            }
            pair += 1
            if pair >= options.minimumPairs && pair % 2 == 0 {
                active.removeAll { name in
                    guard let record = recorded[name] else { return true }
                    return stopping(for: record, comparisons: comparisons).isResolved(base: record.base, head: record.head)
                }
            }
        }
        let names = recorded.keys.sorted()
        let seconds = Double(MonotonicClock.now() &- started) / 1e9
        func design(_ role: String) -> MeasurementDesign {
            var design = MeasurementDesign(kind: .lockstep, session: session, role: role, pinnedCPU: pinning.cpu, note: pinning.note)
            design.workerNice = nice
            return design
        }
        return LockstepOutcome(base: names.compactMap { recorded[$0].map { Self.result($0, side: .base) } },
                               head: names.compactMap { recorded[$0].map { Self.result($0, side: .head) } },
                               baseDesign: design("base"), headDesign: design("head"), pairs: pair, seconds: seconds,
                               onlyInBase: onlyInBase, onlyInHead: onlyInHead, notLockstep: notLockstep)
    }

    private func startPair(_ pair: Int, cpu: Int?, seeds: inout SplitMix64) throws -> (base: WorkerProcess, head: WorkerProcess) {
        func start(_ side: LockstepSide) throws -> WorkerProcess {
            let request = LockstepWorkerRequest(suitePath: side.suitePath, filter: options.filter, timeBudget: options.timeBudget,
                                                threshold: options.threshold, cpu: cpu, seed: seeds.next(),
                                                timerOverheadNs: options.timerOverheadNs)
            return try WorkerProcess(side: side.name, executable: side.executable, workingDirectory: side.workingDirectory,
                                     request: request, log: "\(options.scratch)/\(side.name)-pair\(pair + 1).log")
        }
        let baseWorker = try start(base)
        do {
            return (baseWorker, try start(head))
        } catch {
            baseWorker.stop()
            throw error
        }
    }

    /// One pair's turn-taking on one benchmark. Returns false when the benchmark is
    /// self-timed on either side (it cannot take turns sample by sample).
    private func measure(_ record: inout Recorded, first: WorkerProcess, second: WorkerProcess,
                         headFirst: Bool) throws -> Bool {
        let name = record.instance.name
        func prepare(_ worker: WorkerProcess) throws -> (timed: Bool, throughputs: [LockstepThroughput], values: [String: MetricResult]) {
            try worker.expect(.prepare(name: name), benchmark: name) {
                if case .prepared(let timed, let throughputs, let values) = $0 { (timed, throughputs, values) } else { nil }
            }
        }
        let preparedFirst = try prepare(first), preparedSecond = try prepare(second)
        defer {
            _ = try? first.ask(.release, benchmark: name)
            _ = try? second.ask(.release, benchmark: name)
        }
        let (b, h) = headFirst ? (preparedSecond, preparedFirst) : (preparedFirst, preparedSecond)
        record.throughputs = (b.throughputs, h.throughputs)
        record.values = (b.values, h.values)
        guard b.timed && h.timed else { return false }
        // Both warm up; iterations per sample are agreed from both estimates.
        let estimates = try [first, second].map { worker in
            try worker.expect(.warmUp(seconds: record.instance.warmup), benchmark: name) {
                if case .estimate(let ns) = $0 { max(ns, 0.01) } else { nil }
            }
        }
        let estimate = (estimates[0] * estimates[1]).squareRoot()
        let plan = LockstepSampling(timeBudget: record.instance.timeBudget, estimatedNsPerOperation: estimate,
                                    timerOverheadNs: options.timerOverheadNs)
        var firstSamples: [Double] = [], secondSamples: [Double] = []
        var firstCPU: [Double?] = [], secondCPU: [Double?] = []
        func take(_ worker: WorkerProcess, into samples: inout [Double], cpu: inout [Double?]) throws {
            let (ns, cpuNs) = try worker.expect(.sample(iterations: plan.iterations), benchmark: name) {
                if case .sample(let ns, let cpu) = $0 { (max(ns, 1e-3), cpu) } else { nil }
            }
            samples.append(ns)
            cpu.append(cpuNs)
        }
        for _ in 0..<(plan.samplesPerSide / 2) {
            try take(first, into: &firstSamples, cpu: &firstCPU)
            try take(second, into: &secondSamples, cpu: &secondCPU)
            try take(second, into: &secondSamples, cpu: &secondCPU)
            try take(first, into: &firstSamples, cpu: &firstCPU)
        }
        record.base.append(headFirst ? secondSamples : firstSamples)
        record.head.append(headFirst ? firstSamples : secondSamples)
        record.cpu.base.append(headFirst ? secondCPU : firstCPU)
        record.cpu.head.append(headFirst ? firstCPU : secondCPU)
        record.iterations.append(plan.iterations)
        return true
    }

    private func stopping(for record: Recorded, comparisons: Int) -> LockstepStopping {
        LockstepStopping(threshold: options.threshold ?? record.instance.threshold ?? options.defaultThreshold,
                         alpha: options.alpha, comparisons: comparisons)
    }

    typealias Hello = (instances: [LockstepInstance], pinnedCPU: Int?, pinning: String?, nice: Int?)

    static func pinning(requested cpu: Int?, base: Hello, head: Hello) -> (cpu: Int?, note: String?) {
        guard let cpu else {
            return (nil, "not pinned: this process may not choose a CPU; base and head took turns unpinned")
        }
        if base.pinnedCPU == cpu && head.pinnedCPU == cpu { return (cpu, nil) }
        let reason = base.pinning ?? head.pinning ?? "a worker did not pin"
        return (nil, "pinning refused (\(reason)); base and head took turns unpinned, so pairs may share less of the machine's state")
    }

    enum Side { case base, head }

    /// A side's result for one benchmark: time per pair, derived rates, single values.
    static func result(_ record: Recorded, side: Side) -> BenchmarkResult {
        let samples = side == .base ? record.base : record.head
        var metrics = side == .base ? record.values.base : record.values.head
        if !samples.isEmpty {
            metrics["time"] = MetricResult(unit: "ns", better: .lower, samples: samples)
            for throughput in side == .base ? record.throughputs.base : record.throughputs.head {
                var rate = MetricResult(unit: throughput.unit, better: .higher,
                                        samples: samples.map { $0.map { throughput.workPerOperation / max($0 * 1e-9, 1e-18) } })
                rate.derivedFrom = "time"
                metrics[throughput.metric] = rate
            }
        }
        // CPU times only when every sample has one (a worker built before they were reported sends none).
        let cpu = (side == .base ? record.cpu.base : record.cpu.head).map { $0.compactMap { $0 } }
        let cpuComplete = !samples.isEmpty && cpu.map(\.count) == samples.map(\.count)
        return BenchmarkResult(name: record.instance.name, parameters: record.instance.parameters, metrics: metrics,
                               threshold: record.instance.threshold, iterationsPerSample: samples.isEmpty ? nil : record.iterations,
                               cpuTime: cpuComplete ? cpu : nil)
    }
}
