/// How long and how finely to measure one benchmark in one process.
public struct MeasurementSettings: Sendable, Equatable {
    /// Seconds of timed samples per benchmark per process.
    public var timeBudget: Double
    /// Seconds of untimed warm-up before sampling (at least one call).
    public var warmup: Double
    /// Samples to take even when the budget runs out first.
    public var minSamples: Int
    /// Samples per process the budget is divided into.
    public var targetSamples: Int
    /// Median cost of a clock read, subtracted from each sample and used to size
    /// samples so the timer's cost stays below 0.1%.
    public var timerOverheadNs: Double

    public init(timeBudget: Double = 0.5, warmup: Double = 0.1, minSamples: Int = 3,
                targetSamples: Int = 30, timerOverheadNs: Double = 25) {
        self.timeBudget = timeBudget
        self.warmup = warmup
        self.minSamples = minSamples
        self.targetSamples = targetSamples
        self.timerOverheadNs = timerOverheadNs
    }

    /// Shortest sample that keeps the timer's overhead under 0.1% of it.
    public var minimumSampleNs: Double { max(1000 * timerOverheadNs, 10_000) }
}

/// Per-operation times of one benchmark in one process.
public struct TimedSamples: Sendable, Equatable {
    public var nanosecondsPerOperation: [Double]
    /// The process's CPU time per operation of each sample (read outside the timed window).
    public var cpuNanosecondsPerOperation: [Double]
    public var iterationsPerSample: Int
}

/// The measurement engine: warm-up, calibration of iterations per sample, then
/// samples until the time budget is spent.
public enum Sampler {
    public static func measure(settings: MeasurementSettings, _ body: () -> Void) -> TimedSamples {
        let estimate = warmUp(seconds: settings.warmup, body)
        let iterations = iterationsPerSample(estimatedNsPerOperation: estimate, settings: settings)
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        let budgetNs = settings.timeBudget * 1e9
        let started = MonotonicClock.now()
        while true {
            let cpuStart = ProcessCPUClock.now()
            samples.append(sample(iterations: iterations, timerOverheadNs: settings.timerOverheadNs, body))
            cpuSamples.append(Double(ProcessCPUClock.now() &- cpuStart) / Double(iterations))
            let spent = Double(MonotonicClock.now() &- started)
            if spent >= budgetNs && samples.count >= settings.minSamples { break }
        }
        return TimedSamples(nanosecondsPerOperation: samples, cpuNanosecondsPerOperation: cpuSamples, iterationsPerSample: iterations)
    }

    /// One sample: `iterations` calls timed together, in ns per operation after
    /// subtracting the clock's own cost.
    @inline(__always)
    public static func sample(iterations: Int, timerOverheadNs: Double, _ body: () -> Void) -> Double {
        let start = MonotonicClock.now()
        for _ in 0..<iterations { body() }
        let end = MonotonicClock.now()
        return max(Double(end &- start) - timerOverheadNs, 0) / Double(iterations)
    }

    /// Runs `body` for about `seconds` (at least once, doubling the batch each round)
    /// and returns the estimated ns per operation of the last, largest batch.
    public static func warmUp(seconds: Double, _ body: () -> Void) -> Double {
        let deadline = MonotonicClock.now() &+ UInt64(max(seconds, 0) * 1e9)
        var batch = 1
        var estimate = 0.0
        while true {
            let start = MonotonicClock.now()
            for _ in 0..<batch { body() }
            let end = MonotonicClock.now()
            estimate = Double(end &- start) / Double(batch)
            if end >= deadline { return max(estimate, 0.01) }
            let remaining = Double(deadline &- end)
            // Grow geometrically, but do not overshoot the deadline by much.
            let affordable = estimate > 0 ? Int(min(remaining / estimate, 1e9)) : batch * 10
            batch = max(1, min(batch * 2, max(affordable, 1)))
        }
    }

    /// Iterations per sample so that each sample lasts about budget/targetSamples,
    /// and never less than the timer-overhead floor.
    static func iterationsPerSample(estimatedNsPerOperation: Double, settings: MeasurementSettings) -> Int {
        let perSampleNs = max(settings.timeBudget * 1e9 / Double(max(settings.targetSamples, 1)),
                              settings.minimumSampleNs)
        let iterations = (perSampleNs / max(estimatedNsPerOperation, 0.01)).rounded(.up)
        return Int(min(max(iterations, 1), 1e12))
    }
}
