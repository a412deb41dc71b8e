import BenchStats
import Dispatch
import Foundation

/// Load scenarios after MLPerf Inference LoadGen and perf_analyzer.
public enum Scenario: Sendable, Equatable {
    /// Closed loop, one request outstanding on one connection.
    case singleStream
    /// Open loop: arrivals at `rate` requests/s (Poisson or constant), latency from the scheduled time.
    case server(rate: Double)
    /// Maximum throughput: closed loop on `connections` connections.
    case offline(connections: Int)
    /// A closed-loop run for each concurrency level; the report's headline is the best rate.
    case concurrencySweep([Int])
    /// An open-loop run at each rate; the report's headline is the highest achieved rate.
    case rateSweep([Double])
    /// The highest open-loop rate meeting `constraint` (binary search).
    case maxRateUnderLatency(LatencyConstraint)
    /// The highest closed-loop concurrency in `levels` meeting `constraint` (doubling, then bisection).
    case maxConcurrencyUnderLatency(LatencyConstraint, levels: ClosedRange<Int>)
}

/// A latency bound at a percentile, e.g. p99 ≤ 5 ms.
public struct LatencyConstraint: Sendable, Equatable, Codable {
    /// 0 < percentile < 100.
    public var percentile: Double
    public var milliseconds: Double
    public init(percentile: Double, milliseconds: Double) {
        self.percentile = percentile
        self.milliseconds = milliseconds
    }

    /// The run's latency at the percentile, ms.
    func latency(of histogram: LatencyHistogram) -> Double { Double(histogram.value(atQuantile: percentile / 100)) / 1e6 }
}

/// Settings shared by all scenarios.
public struct LoadConfiguration: Sendable {
    public var target: LoadTarget
    /// Measurement window of each run, seconds.
    public var duration: Double = 10
    /// Time before the window whose requests are sent but not counted, seconds.
    public var warmup: Double = 1
    public var seed: UInt64 = 1
    /// Connections used by the open-loop (server) scenario.
    public var connections: Int = 32
    /// How open-loop arrivals are spaced.
    public var arrival: ArrivalProcess = .poisson
    /// Requests a run must count to be VALID; an open-loop window is lengthened to schedule
    /// at least this many (as MLPerf LoadGen does), a closed-loop run is INVALID below it.
    public var minQueries: Int = 0
    /// Share of failed requests above which a run is INVALID.
    public var maxErrorRate: Double = 0.01
    /// A latency bound each run must meet to be VALID.
    public var latencyConstraint: LatencyConstraint?
    /// Run open-loop engines at real-time priority where permitted (see `EngineScheduling`).
    public var realtimeEngines = true
    /// Measure windows until the last ones agree (perf_analyzer's stability check); nil: one window.
    public var stability: Stability?
    /// Answers are server-sent event streams (OpenAI's `stream: true`): time their tokens,
    /// with goodput under these objectives. nil: plain answers.
    public var tokenSLO: TokenSLO?
    /// Client threads (each with its own epoll loop and share of connections and rate).
    public var threads: Int = 1
    /// Seconds to wait for outstanding answers after the window.
    public var drainTimeout: Double = 5
    /// Binary-search iterations of `maxRateUnderLatency` (bisection steps of `maxConcurrencyUnderLatency`).
    public var searchSteps: Int = 7
    /// The request to send; nil means infer requests built from the model's metadata.
    public var request: LoadRequest?

    public init(target: LoadTarget) { self.target = target }
}

/// Drives load at a KServe v2 server and measures latency without coordinated omission.
public final class LoadGenerator {
    public let configuration: LoadConfiguration
    private var wire: [[UInt8]]? = nil

    public init(configuration: LoadConfiguration) { self.configuration = configuration }

    /// The seed of step `step` of a sweep or search, so each step has its own arrivals.
    static func seed(_ base: UInt64, step: Int) -> UInt64 {
        var rng = SplitMix64(seed: base &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15)
        return rng.next()
    }

    /// Runs `scenario` and reports.
    public func run(_ scenario: Scenario) throws -> LoadReport {
        switch scenario {
        case .singleStream:
            return try measure(name: "single-stream", connections: 1, threads: 1, rate: nil, step: 0)
        case .server(let rate):
            guard rate > 0, rate.isFinite else { throw LoadGeneratorError("the server scenario needs a positive rate, got \(rate)") }
            return try measure(name: "server", connections: configuration.connections, threads: configuration.threads, rate: rate, step: 0)
        case .offline(let connections):
            guard connections >= 1 else { throw LoadGeneratorError("offline needs at least one connection, got \(connections)") }
            return try measure(name: "offline", connections: connections, threads: configuration.threads, rate: nil, step: 0)
        case .concurrencySweep(let levels):
            guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else {
                throw LoadGeneratorError("a concurrency sweep needs levels ≥ 1, got \(levels)")
            }
            let steps = try levels.enumerated().map {
                try measure(name: "offline", connections: $1, threads: configuration.threads, rate: nil, step: $0)
            }
            return headline(of: steps, scenario: "concurrency-sweep")
        case .rateSweep(let rates):
            guard !rates.isEmpty, rates.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw LoadGeneratorError("a rate sweep needs positive rates, got \(rates)")
            }
            let steps = try rates.enumerated().map {
                try measure(name: "server", connections: configuration.connections, threads: configuration.threads, rate: $1, step: $0)
            }
            return headline(of: steps, scenario: "rate-sweep")
        case .maxRateUnderLatency(let constraint):
            try Self.check(constraint)
            return try searchMaxRate(constraint)
        case .maxConcurrencyUnderLatency(let constraint, let levels):
            try Self.check(constraint)
            guard levels.lowerBound >= 1 else { throw LoadGeneratorError("concurrency levels start at 1, got \(levels.lowerBound)") }
            return try searchMaxConcurrency(constraint, levels: levels)
        }
    }

    private static func check(_ constraint: LatencyConstraint) throws {
        guard constraint.milliseconds > 0, constraint.percentile > 0, constraint.percentile < 100 else {
            throw LoadGeneratorError("the latency bound needs a percentile in (0, 100) and a positive bound, got p\(constraint.percentile) ≤ \(constraint.milliseconds) ms")
        }
    }

    /// The step with the highest achieved rate, carrying all steps; VALID only if every step is.
    private func headline(of steps: [LoadReport], scenario: String) -> LoadReport {
        var best = steps.max { $0.achievedRate < $1.achievedRate }!
        best.scenario = scenario
        best.steps = steps
        if let invalid = steps.firstIndex(where: { $0.verdict != LoadReport.valid }) {
            best.verdict = LoadReport.invalid
            best.verdictReasons = ["step \(invalid + 1): " + steps[invalid].verdictReasons.joined(separator: "; ")]
        }
        return best
    }

    /// Binary search between 0 and the offline throughput for the highest rate whose run is
    /// VALID under `constraint` (and the error budget). A generator that cannot keep up shows
    /// as latency, since latency counts from the schedule.
    private func searchMaxRate(_ constraint: LatencyConstraint) throws -> LoadReport {
        let search = searcher(judgingBy: constraint)
        let ceiling = try search.measure(name: "offline", connections: configuration.connections, threads: configuration.threads,
                                         rate: nil, step: 0)
        var steps = [ceiling]
        var low = 0.0, high = max(1, ceiling.achievedRate * 1.05)
        var best: LoadReport? = nil
        for index in 0..<max(1, configuration.searchSteps) {
            let rate = (low + high) / 2
            let step = try search.measure(name: "server", connections: configuration.connections, threads: configuration.threads,
                                          rate: rate, step: index + 1)
            steps.append(step)
            if step.meetsItsBounds {
                low = rate
                best = step
            } else {
                high = rate
            }
        }
        var report = Self.searchHeadline(best ?? steps.last!, steps: steps, scenario: "max-rate-under-latency", constraint: constraint)
        report.maxRateUnderBound = best?.targetRate ?? 0
        return report
    }

    /// Closed-loop runs at the levels `ConcurrencySearch` picks; the headline is the highest
    /// level whose run is VALID under `constraint` (and the error budget), or the lowest level's
    /// run when none is.
    private func searchMaxConcurrency(_ constraint: LatencyConstraint, levels: ClosedRange<Int>) throws -> LoadReport {
        let search = searcher(judgingBy: constraint)
        var steps: [LoadReport] = []
        let found = try ConcurrencySearch(levels: levels, bisectionSteps: max(1, configuration.searchSteps)).run { level in
            let step = try search.measure(name: "offline", connections: level, threads: configuration.threads, rate: nil, step: steps.count)
            steps.append(step)
            return step.meetsItsBounds
        }
        let best = found.flatMap { level in steps.last { $0.connections == level } }
        var report = Self.searchHeadline(best ?? steps[0], steps: steps, scenario: "max-concurrency-under-latency", constraint: constraint)
        report.maxConcurrencyUnderBound = found ?? 0
        return report
    }

    /// A generator for a search's runs: each judged against `constraint`, sending the same requests.
    private func searcher(judgingBy constraint: LatencyConstraint) -> LoadGenerator {
        var configuration = self.configuration
        configuration.latencyConstraint = constraint
        let search = LoadGenerator(configuration: configuration)
        search.wire = wire
        return search
    }

    /// A search's headline run, carrying every step and the bound searched against.
    private static func searchHeadline(_ headline: LoadReport, steps: [LoadReport], scenario: String,
                                       constraint: LatencyConstraint) -> LoadReport {
        var report = headline
        report.scenario = scenario
        report.steps = steps
        report.latencyConstraint = constraint
        return report
    }

    private func requests() throws -> [[UInt8]] {
        if let wire { return wire }
        let target = configuration.target
        let request = try configuration.request ?? LoadRequest.infer(target: target, inputs: target.inputSpecs(), seed: configuration.seed)
        let built = request.wire(host: target.host, port: target.port)
        wire = built
        return built
    }

    /// One run: a measurement window, or with `stability` windows until the last ones agree.
    private func measure(name: String, connections: Int, threads: Int, rate: Double?, step: Int) throws -> LoadReport {
        let requests = try requests()
        let address: sockaddr_in
        do { address = try Socket.resolve(host: configuration.target.host, port: configuration.target.port) } catch {
            throw LoadGeneratorError("\(error)")
        }
        if let rate, Double(configuration.minQueries) / rate > 7 * 86400 {
            throw LoadGeneratorError("\(configuration.minQueries) queries at \(rate) req/s would take more than a week; raise the rate or lower the minimum")
        }
        let seed = Self.seed(configuration.seed, step: step)
        var windows: [Window] = []
        repeat {
            let windowSeed = windows.isEmpty ? seed : Self.seed(seed, step: 1_000_000 + windows.count)
            windows.append(runWindow(requests: requests, address: address, connections: connections, threads: threads,
                                     rate: rate, seed: windowSeed))
        } while configuration.stability.map({ !$0.holds(for: windows) && windows.count < $0.maxWindows }) ?? false
        let counted = windows.suffix(configuration.stability?.windows ?? 1)
        var total = EngineResult()
        for window in counted { total.merge(window.result) }
        let seconds = counted.reduce(0) { $0 + $1.seconds }
        var report = LoadReport(
            scenario: name, targetRate: rate, arrival: rate == nil ? nil : configuration.arrival, seed: seed,
            connections: connections, durationSeconds: seconds,
            requests: total.succeeded, errors: total.failed + total.timedOut,
            achievedRate: Double(total.succeeded) / seconds, scheduledRate: Double(total.scheduled) / seconds,
            latency: LatencyPercentiles(total.latency), serviceLatency: LatencyPercentiles(total.serviceTime),
            sendDelay: LatencyPercentiles(total.sendDelay), connectionWait: LatencyPercentiles(total.connectionWait),
            connectionWaits: Int(total.connectionWait.count), engineScheduling: windows[0].scheduling, histogram: total.latency,
            statusCounts: Dictionary(uniqueKeysWithValues: total.statusCounts.map { (String($0.key), $0.value) }),
            transportErrors: total.failed - total.statusCounts.values.reduce(0, +), timeouts: total.timedOut,
            errorSamples: total.errorSamples)
        report.tokens = configuration.tokenSLO.map { TokenFigures(total, seconds: seconds, slo: $0) }
        report.judge(minQueries: configuration.minQueries, maxErrorRate: configuration.maxErrorRate,
                     constraint: configuration.latencyConstraint)
        if let stability = configuration.stability {
            report.windows = windows.count
            if !stability.holds(for: windows) {
                report.verdict = LoadReport.invalid
                report.verdictReasons.append(String(format: "not stable: the last %d of %d windows differ by more than ±%g%% in rate or mean latency",
                                                    stability.windows, windows.count, stability.percent))
            }
        }
        return report
    }

    /// What one measurement window gave.
    struct Window {
        var result: EngineResult
        var seconds: Double
        /// How the open-loop engines were scheduled (nil for closed loop).
        var scheduling: EngineScheduling?
    }

    /// One window: `threads` engines share the connections (and, open loop, the rate).
    private func runWindow(requests: [[UInt8]], address: sockaddr_in, connections: Int, threads: Int, rate: Double?,
                           seed: UInt64) -> Window {
        let engines = max(1, min(threads, connections))
        let start = monotonicNanos() + 2_000_000
        let warmup = max(0, configuration.warmup)
        let measureFrom = start + UInt64(warmup * 1e9)
        let schedules = rate.map { rate in
            (0..<engines).map { ArrivalSchedule(rate: rate / Double(engines), process: configuration.arrival, seed: Self.seed(seed, step: $0)) }
        }
        var window = max(0.01, configuration.duration)
        if let schedules, configuration.minQueries > 0 {
            // Lengthen the window until each engine's schedule holds its share of the
            // minimum, as MLPerf LoadGen generates at least the minimum query count.
            let share = (configuration.minQueries + engines - 1) / engines
            for var schedule in schedules {
                var inWindow = 0, t = 0.0
                while inWindow < share {
                    t = schedule.next()
                    if t >= warmup { inWindow += 1 }
                }
                window = max(window, t - warmup + 1e-6)
            }
        }
        let end = measureFrom + UInt64(window * 1e9)
        let drain = UInt64(max(0, configuration.drainTimeout) * 1e9)
        let results = ResultBox(count: engines)
        let group = DispatchGroup()
        for e in 0..<engines {
            let share = connections / engines + (e < connections % engines ? 1 : 0)
            let plan: EnginePlan = schedules.map { .open($0[e]) } ?? .closed
            group.enter()
            let realtime = rate != nil && configuration.realtimeEngines
            let tokenSLO = configuration.tokenSLO
            let thread = Thread {
                let scheduling = realtime ? EngineScheduling.raiseCallingThread() : .normal
                let engine = LoadEngine(address: address, requests: requests, connections: share, plan: plan,
                                        start: start, measureFrom: measureFrom, end: end, drainTimeout: drain, tokenSLO: tokenSLO)
                var result = engine.run()
                result.scheduling = scheduling
                results.set(e, result)
                group.leave()
            }
            thread.name = "loadgen-\(e)"
            thread.start()
        }
        group.wait()
        var total = EngineResult()
        for r in results.all() { total.merge(r) }
        let scheduling: EngineScheduling? = rate == nil ? nil
            : results.all().allSatisfy { $0.scheduling == .realtime } ? .realtime : .normal
        return Window(result: total, seconds: Double(end - measureFrom) / 1e9, scheduling: scheduling)
    }
}

/// Collects engine results from their threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [EngineResult?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: EngineResult) { lock.withLock { results[i] = r } }
    func all() -> [EngineResult] { lock.withLock { results.compactMap { $0 } } }
}
