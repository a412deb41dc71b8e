/// One benchmark's counts under several memory layouts. Code whose path depends on
/// alignment (memcpy, memset, vector loops with a scalar head) executes a few more or
/// fewer instructions depending on where its buffers land, and that placement shifts
/// whenever any earlier allocation changes, e.g. after an unrelated code change. The
/// spread over layouts is that effect; the tolerance covers it, so only a change of
/// the work itself counts as a change.
public struct LayoutCounts: Equatable, Sendable {
    public let layouts: [OperationCounts]

    public init(_ layouts: [OperationCounts]) {
        self.layouts = layouts
    }

    /// Per event, the median over the layouts.
    public var median: OperationCounts {
        OperationCounts(instructions: Self.median(layouts.map(\.instructions)), d1Misses: Self.median(layouts.map(\.d1Misses)),
                        llMisses: Self.median(layouts.map(\.llMisses)))
    }

    /// Per event, the largest minus the smallest count over the layouts.
    public var spread: OperationCounts {
        func range(_ values: [Double]) -> Double { (values.max() ?? 0) - (values.min() ?? 0) }
        return OperationCounts(instructions: range(layouts.map(\.instructions)), d1Misses: range(layouts.map(\.d1Misses)),
                               llMisses: range(layouts.map(\.llMisses)))
    }

    /// The result-file metrics: single deterministic values (the medians) with a small
    /// absolute tolerance in the metric's unit, compared without a significance test.
    /// `source` names the tool and version, since counts differ across versions.
    public func metrics(source: String, cache: SimulatedCache) -> [String: MetricResult] {
        let median = self.median, spread = self.spread
        func metric(_ unit: String, _ value: Double, _ spread: Double, _ relative: Double, _ source: String) -> MetricResult {
            var metric = MetricResult(unit: unit, better: .lower, value: value,
                                      tolerance: max(value * relative, spread, Self.minimumTolerance))
            metric.source = source
            return metric
        }
        let cacheSource = "\(source), simulated \(cache.description)"
        return [
            "instructions": metric("instructions", median.instructions, spread.instructions, Self.instructionTolerance, source),
            "d1_misses": metric("misses", median.d1Misses, spread.d1Misses, Self.missTolerance, cacheSource),
            "ll_misses": metric("misses", median.llMisses, spread.llMisses, Self.missTolerance, cacheSource),
        ]
    }

    /// Instruction counts repeat exactly for the same binary, input and layout; 0.1%
    /// is the floor when the layouts agree.
    public static let instructionTolerance = 0.001
    /// Simulated misses follow addresses more closely than instructions do.
    public static let missTolerance = 0.01
    /// Half an event: a whole extra event per operation is always a change, however
    /// small the body.
    public static let minimumTolerance = 0.5

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension InProcessRunner {
    /// Counting mode (`countingIterations` set): runs each instance `layouts` times in
    /// this process, each after its own heap and stack perturbation and set-up, so the
    /// dumps hold `layouts` groups of regions per instance. The output is verified once
    /// (the other layouts run the same code on the same inputs, elsewhere in memory):
    /// under valgrind a reference check can cost more than everything else. Returns one
    /// result per instance.
    public func runCounting(_ instances: [PlannedBenchmark], layouts: Int) throws -> [BenchmarkResult] {
        let copies = max(layouts, 1)
        let results = try run(instances.flatMap { [$0] + Array(repeating: $0.unverified, count: copies - 1) })
        return stride(from: 0, to: results.count, by: copies).map { results[$0] }
    }
}

extension PlannedBenchmark {
    /// The same instance, its workload without the output check.
    var unverified: PlannedBenchmark {
        let original = benchmark
        let benchmark = Benchmark(original.name, summary: original.summary, parameters: original.parameters) { parameters in
            let workload = try original.setUp(parameters)
            guard case .timed(let body) = workload.body else { return workload }
            return Workload(throughputs: workload.throughputs, values: workload.values, body: body)
        }
        return PlannedBenchmark(benchmark: benchmark, parameters: parameters, name: name, timeBudget: timeBudget,
                                warmup: warmup, threshold: threshold)
    }
}
