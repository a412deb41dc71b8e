import BenchStats

/// Runs a suite's instances in this process: set-up, verification, warm-up,
/// calibrated samples. Produces one inner sample array per metric (this process).
public struct InProcessRunner {
    public let timerOverheadNs: Double
    /// Seeds the per-process layout randomization and the benchmark order.
    public let seed: UInt64
    public let progress: ProgressReporter
    /// When set, `.timed` bodies are not timed: they run in measured regions with this
    /// many operations (`MeasuredRegion.runSteps`) for valgrind to count from outside,
    /// and self-timed bodies do not run. Results carry only the workload's values.
    public var countingIterations: Int? = nil

    public init(timerOverheadNs: Double, seed: UInt64, progress: ProgressReporter) {
        self.timerOverheadNs = timerOverheadNs
        self.seed = seed
        self.progress = progress
    }

    /// Runs every instance (in an order shuffled by `seed`, so that drift within a
    /// process does not always hit the same benchmark) and returns results in plan order.
    public func run(_ instances: [PlannedBenchmark]) throws -> [BenchmarkResult] {
        var generator = SplitMix64(seed: seed)
        let order = Array(instances.indices).shuffled(using: &generator)
        var results = [BenchmarkResult?](repeating: nil, count: instances.count)
        for (position, index) in order.enumerated() {
            let instance = instances[index]
            progress.started(instance.name, position: position + 1, of: instances.count)
            var layout = LayoutRandomizer(seed: generator.next())
            layout.perturbHeap()
            defer { layout.release() }
            results[index] = try layout.withShiftedStack { try measure(instance) }
        }
        progress.finished()
        return results.compactMap { $0 }
    }

    func measure(_ instance: PlannedBenchmark) throws -> BenchmarkResult {
        let workload: Workload
        do {
            workload = try instance.benchmark.setUp(instance.parameters)
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError.setUpFailed(benchmark: instance.name, detail: "\(error)")
        }
        do {
            try workload.verify()
        } catch {
            throw BenchError.verificationFailed(benchmark: instance.name, detail: "\(error)")
        }
        if let countingIterations {
            var counted: [Int]?
            if case .timed(let body) = workload.body {
                MeasuredRegion.runSteps(body, iterations: countingIterations)
                counted = [countingIterations]
            }
            return BenchmarkResult(name: instance.name, parameters: instance.parameters.values, metrics: workload.values,
                                   threshold: instance.threshold, iterationsPerSample: counted)
        }
        var metrics = workload.values
        var iterations: [Int]?
        var cpuTime: [[Double]]?
        switch workload.body {
        case .timed(let body):
            let settings = MeasurementSettings(timeBudget: instance.timeBudget, warmup: instance.warmup,
                                               timerOverheadNs: timerOverheadNs)
            let timed = Sampler.measure(settings: settings, body)
            metrics["time"] = MetricResult(unit: "ns", better: .lower, samples: [timed.nanosecondsPerOperation])
            for throughput in workload.throughputs {
                let rates = timed.nanosecondsPerOperation.map { throughput.workPerOperation / max($0 * 1e-9, 1e-18) }
                var rate = MetricResult(unit: throughput.unit, better: .higher, samples: [rates])
                rate.derivedFrom = "time"
                metrics[throughput.metric] = rate
            }
            iterations = [timed.iterationsPerSample]
            cpuTime = [timed.cpuNanosecondsPerOperation]
            if let counters = HardwareCounters.shared {
                metrics.merge(counters.measure(body, iterations: timed.iterationsPerSample)) { current, _ in current }
            }
        case .selfTimed(let run):
            do {
                for (name, metric) in try run(instance.timeBudget) { metrics[name] = metric }
            } catch let error as BenchError {
                throw error
            } catch {
                throw BenchError.setUpFailed(benchmark: instance.name, detail: "\(error)")
            }
        }
        return BenchmarkResult(name: instance.name, parameters: instance.parameters.values, metrics: metrics,
                               threshold: instance.threshold, iterationsPerSample: iterations, cpuTime: cpuTime)
    }
}
