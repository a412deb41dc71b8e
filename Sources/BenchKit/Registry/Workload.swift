/// What a benchmark's set-up returns: the code to measure and how to check it.
/// Lives in one process; never shared across threads by the engine.
public final class Workload {
    public enum Body {
        /// The engine times this closure, calling it many times per sample.
        case timed(() -> Void)
        /// The benchmark measures itself (e.g. a load test) and returns its metrics;
        /// the engine gives it the time budget.
        case selfTimed((_ budgetSeconds: Double) throws -> [String: MetricResult])
    }

    public let body: Body
    /// Runs before anything is timed; throws if the output is wrong, so a wrong
    /// kernel never gets a number.
    public let verify: () throws -> Void
    /// Rates derived from the time per operation (e.g. GFLOP/s).
    public let throughputs: [Throughput]
    /// Deterministic single-value metrics (accuracy, error, sparsity).
    public let values: [String: MetricResult]

    public init(verify: @escaping () throws -> Void = {}, throughputs: [Throughput] = [],
                values: [String: MetricResult] = [:], body: @escaping () -> Void) {
        self.body = .timed(body)
        self.verify = verify
        self.throughputs = throughputs
        self.values = values
    }

    public init(verify: @escaping () throws -> Void = {}, values: [String: MetricResult] = [:],
                selfTimed run: @escaping (_ budgetSeconds: Double) throws -> [String: MetricResult]) {
        self.body = .selfTimed(run)
        self.verify = verify
        self.throughputs = []
        self.values = values
    }
}

/// A rate derived from each time sample: `workPerOperation / seconds per operation`.
public struct Throughput: Sendable {
    public let metric: String
    public let unit: String
    public let workPerOperation: Double

    /// E.g. `Throughput("gflops", unit: "GFLOP/s", workPerOperation: 2 * m * n * k / 1e9)`.
    public init(_ metric: String, unit: String, workPerOperation: Double) {
        self.metric = metric
        self.unit = unit
        self.workPerOperation = workPerOperation
    }
}

/// A failed output check, with the evidence.
public struct VerificationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
