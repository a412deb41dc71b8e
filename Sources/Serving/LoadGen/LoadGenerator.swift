import Dispatch
import Foundation

/// Load scenarios after MLPerf Inference LoadGen.
public enum Scenario: Sendable, Equatable {
    /// Closed loop, one request outstanding on one connection.
    case singleStream
    /// Open loop: Poisson arrivals at `rate` requests/s, latency from the scheduled time.
    case server(rate: Double)
    /// Maximum throughput: closed loop on `connections` connections.
    case offline(connections: Int)
    /// A closed-loop run for each concurrency level; the report's headline is the best rate.
    case concurrencySweep([Int])
    /// The highest Poisson rate whose p99 latency stays within `p99Bound` seconds (binary search).
    case maxRateUnderLatency(p99Bound: Double)
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
    /// Client threads (each with its own epoll loop and share of connections and rate).
    public var threads: Int = 1
    /// Seconds to wait for outstanding answers after the window.
    public var drainTimeout: Double = 5
    /// Binary-search iterations of `maxRateUnderLatency`.
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

    /// Runs `scenario` and reports.
    public func run(_ scenario: Scenario) throws -> LoadReport {
        switch scenario {
        case .singleStream:
            return try measure(name: "single-stream", connections: 1, threads: 1, rate: nil)
        case .server(let rate):
            guard rate > 0, rate.isFinite else { throw LoadGeneratorError("the server scenario needs a positive rate, got \(rate)") }
            return try measure(name: "server", connections: configuration.connections, threads: configuration.threads, rate: rate)
        case .offline(let connections):
            guard connections >= 1 else { throw LoadGeneratorError("offline needs at least one connection, got \(connections)") }
            return try measure(name: "offline", connections: connections, threads: configuration.threads, rate: nil)
        case .concurrencySweep(let levels):
            guard !levels.isEmpty, levels.allSatisfy({ $0 >= 1 }) else {
                throw LoadGeneratorError("a concurrency sweep needs levels ≥ 1, got \(levels)")
            }
            let steps = try levels.map { try measure(name: "offline", connections: $0, threads: configuration.threads, rate: nil) }
            var best = steps.max { $0.achievedRate < $1.achievedRate }!
            best.scenario = "concurrency-sweep"
            best.steps = steps
            return best
        case .maxRateUnderLatency(let bound):
            guard bound > 0 else { throw LoadGeneratorError("the p99 bound must be positive, got \(bound) s") }
            return try searchMaxRate(p99Bound: bound)
        }
    }

    /// Binary search between 0 and the offline throughput for the highest rate whose run has
    /// p99 ≤ bound and no errors. A generator that cannot keep up shows as latency, since
    /// latency counts from the schedule.
    private func searchMaxRate(p99Bound: Double) throws -> LoadReport {
        let ceiling = try measure(name: "offline", connections: configuration.connections, threads: configuration.threads, rate: nil)
        var steps = [ceiling]
        var low = 0.0, high = max(1, ceiling.achievedRate * 1.05)
        var best: LoadReport? = nil
        for _ in 0..<max(1, configuration.searchSteps) {
            let rate = (low + high) / 2
            let step = try measure(name: "server", connections: configuration.connections, threads: configuration.threads, rate: rate)
            steps.append(step)
            let passes = step.latency.p99 <= p99Bound * 1000 && step.errors == 0 && step.requests > 0
            if passes {
                low = rate
                best = step
            } else {
                high = rate
            }
        }
        var report = best ?? steps.last!
        report.scenario = "max-rate-under-latency"
        report.steps = steps
        report.p99BoundMilliseconds = p99Bound * 1000
        report.maxRateUnderBound = best?.targetRate ?? 0
        return report
    }

    private func requests() throws -> [[UInt8]] {
        if let wire { return wire }
        let target = configuration.target
        let request = try configuration.request ?? LoadRequest.fromMetadata(target: target, seed: configuration.seed)
        let built = request.wire(host: target.host, port: target.port)
        wire = built
        return built
    }

    /// One run: `threads` engines share the connections (and, open loop, the rate).
    private func measure(name: String, connections: Int, threads: Int, rate: Double?) throws -> LoadReport {
        let requests = try requests()
        let address: sockaddr_in
        do { address = try Socket.resolve(host: configuration.target.host, port: configuration.target.port) } catch {
            throw LoadGeneratorError("\(error)")
        }
        let engines = max(1, min(threads, connections))
        let start = monotonicNanos() + 2_000_000
        let measureFrom = start + UInt64(max(0, configuration.warmup) * 1e9)
        let end = measureFrom + UInt64(max(0.01, configuration.duration) * 1e9)
        let drain = UInt64(max(0, configuration.drainTimeout) * 1e9)
        let results = ResultBox(count: engines)
        let group = DispatchGroup()
        for e in 0..<engines {
            let share = connections / engines + (e < connections % engines ? 1 : 0)
            let plan: EnginePlan = rate.map {
                .open(PoissonSchedule(rate: $0 / Double(engines), seed: configuration.seed &+ UInt64(e) &* 0x9E37_79B9))
            } ?? .closed
            group.enter()
            let thread = Thread {
                let engine = LoadEngine(address: address, requests: requests, connections: share, plan: plan,
                                        start: start, measureFrom: measureFrom, end: end, drainTimeout: drain)
                results.set(e, engine.run())
                group.leave()
            }
            thread.name = "loadgen-\(e)"
            thread.start()
        }
        group.wait()
        var total = EngineResult()
        for r in results.all() { total.merge(r) }
        let seconds = Double(end - measureFrom) / 1e9
        return LoadReport(
            scenario: name, targetRate: rate, connections: connections, durationSeconds: seconds,
            requests: total.succeeded, errors: total.failed + total.timedOut,
            achievedRate: Double(total.succeeded) / seconds,
            latency: LatencyPercentiles(total.latency), serviceLatency: LatencyPercentiles(total.serviceTime),
            sendDelay: LatencyPercentiles(total.sendDelay), histogram: total.latency,
            statusCounts: Dictionary(uniqueKeysWithValues: total.statusCounts.map { (String($0.key), $0.value) }),
            errorSamples: total.errorSamples, steps: nil, p99BoundMilliseconds: nil, maxRateUnderBound: nil)
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
