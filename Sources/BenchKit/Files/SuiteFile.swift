/// A suite file, `suites/<name>.json`: which benchmarks run, over which parameter
/// grids, with which budgets and thresholds. Data, not code.
public struct SuiteFile: Codable, Sendable, Equatable {
    public var suite: String?
    public var description: String?
    /// Process repetitions per run (default 10): processes are the unit of replication.
    public var processes: Int?
    /// Seconds of timed samples per benchmark per process.
    public var timeBudget: Double?
    /// Seconds of warm-up per benchmark per process.
    public var warmup: Double?
    /// Practical threshold for the gate (relative change, 0.05 = 5%).
    public var threshold: Double?
    public var benchmarks: [SuiteEntry]

    static let knownKeys: Set<String> = ["suite", "description", "processes", "timeBudget", "warmup", "threshold", "benchmarks"]
}

/// One line of a suite: a benchmark and its parameter grid (every combination runs).
public struct SuiteEntry: Codable, Sendable, Equatable {
    public var benchmark: String
    /// Each parameter takes one value or a list of values.
    public var parameters: [String: ParameterGrid]?
    public var timeBudget: Double?
    public var warmup: Double?
    public var threshold: Double?

    static let knownKeys: Set<String> = ["benchmark", "parameters", "timeBudget", "warmup", "threshold"]
}

/// A parameter's values in a suite: a single value or a list.
public struct ParameterGrid: Codable, Sendable, Equatable {
    public var values: [ParameterValue]

    public init(_ values: [ParameterValue]) { self.values = values }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([ParameterValue].self) {
            values = list
        } else {
            values = [try container.decode(ParameterValue.self)]
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
