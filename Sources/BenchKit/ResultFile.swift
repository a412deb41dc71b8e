import Foundation

/// The result file (schema `bench-result/1`): what one run of a suite measured.
/// Other tools read and write these files; the core fields keep their meaning forever,
/// new fields are only ever added (and optional to readers).
public struct ResultFile: Codable, Sendable, Equatable {
    public static let currentSchema = "bench-result/1"

    public var schema: String
    public var suite: String?
    public var createdAt: String?
    public var environment: EnvironmentInfo?
    /// How the samples were taken; absent for separate process repetitions.
    public var design: MeasurementDesign?
    public var benchmarks: [BenchmarkResult]
    /// The part of the suite this run measured (`--shard I/N`); absent for a whole run.
    public var shard: ShardInfo?

    public init(suite: String?, createdAt: String?, environment: EnvironmentInfo?, design: MeasurementDesign? = nil,
                benchmarks: [BenchmarkResult]) {
        self.schema = Self.currentSchema
        self.suite = suite
        self.createdAt = createdAt
        self.environment = environment
        self.design = design
        self.benchmarks = benchmarks
    }

    /// The benchmark with this name, if the file has it.
    public func benchmark(named name: String) -> BenchmarkResult? {
        benchmarks.first { $0.name == name }
    }
}

/// One benchmark's metrics. `name` is unique within a file and identifies the
/// benchmark across files.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    public var name: String
    public var parameters: [String: ParameterValue]?
    public var metrics: [String: MetricResult]
    /// Practical threshold (relative change, 0.05 = 5%) the suite asks the gate to
    /// hold this benchmark to; absent means the comparison's default.
    public var threshold: Double?
    /// Iterations per sample, per process (informational).
    public var iterationsPerSample: [Int]?
    /// The process's CPU time per operation (ns, all threads) of each sample of the "time"
    /// metric, in its shape: one inner array per process. Informational (exports show it;
    /// the comparison does not test it); absent from results of workers built before it was recorded.
    public var cpuTime: [[Double]]?

    public init(name: String, parameters: [String: ParameterValue]? = nil, metrics: [String: MetricResult],
                threshold: Double? = nil, iterationsPerSample: [Int]? = nil, cpuTime: [[Double]]? = nil) {
        self.name = name
        self.parameters = parameters
        self.metrics = metrics
        self.threshold = threshold
        self.iterationsPerSample = iterationsPerSample
        self.cpuTime = cpuTime
    }
}

/// Which direction of change is an improvement.
public enum Direction: String, Codable, Sendable, Equatable {
    case lower, higher
}

/// One metric: either repeated `samples` (one inner array per process repetition,
/// values per operation in `unit`), or a single deterministic `value` compared
/// against `tolerance`.
public struct MetricResult: Codable, Sendable, Equatable {
    public var unit: String
    public var better: Direction
    public var samples: [[Double]]?
    public var value: Double?
    /// For single values: the largest change in the worse direction that is not a
    /// regression, in the metric's unit (absolute).
    public var tolerance: Double?
    /// Where the figure came from when that matters (e.g. "wallclock", "callgrind 3.19.0").
    public var source: String?
    /// The metric of the same benchmark this one is computed from, sample by sample
    /// (GFLOP/s from "time"): the comparison tests the pair once, not twice.
    public var derivedFrom: String?

    public init(unit: String, better: Direction, samples: [[Double]]) {
        self.unit = unit
        self.better = better
        self.samples = samples
    }

    public init(unit: String, better: Direction, value: Double, tolerance: Double?) {
        self.unit = unit
        self.better = better
        self.value = value
        self.tolerance = tolerance
    }

    /// All samples of every process, flattened.
    public var allSamples: [Double] { samples?.flatMap { $0 } ?? [] }
}

/// A benchmark parameter's value, as written in suite and result files.
public enum ParameterValue: Codable, Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.dataCorruptedError(in: container,
                debugDescription: "a parameter value must be a number or a string")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        }
    }
}

/// Where and how a result was measured. Every field is optional to readers.
public struct EnvironmentInfo: Codable, Sendable, Equatable {
    public var cpu: String?
    public var cores: Int?
    public var os: String?
    public var kernel: String?
    public var arch: String?
    public var swift: String?
    public var build: String?
    public var commit: String?
    public var dirty: Bool?
    /// Instruction set the kernels ran on: "avx512vnni" (AVX2 plus the AVX-512 VNNI int8
    /// GEMM), "avx2" (also an avx512vnni build under valgrind or with
    /// `BENCHKIT_KERNELS_NO_AVX512` set) or "baseline".
    public var kernelISA: String?
    /// Median cost of reading the clock once, in ns.
    public var timerOverheadNs: Double?
    /// Smallest observed non-zero clock step, in ns.
    public var timerResolutionNs: Double?
    /// Identifies the machine (CPU model, cores, arch): baselines are keyed by it.
    public var machine: String?
    /// Hash of everything that must match for timings to be comparable
    /// (machine, OS kernel, Swift version, build configuration, kernel ISA).
    public var fingerprint: String?
    public var hostname: String?
    /// Valgrind version that counted instructions (`--metric instructions`); counts
    /// from different versions are not comparable.
    public var valgrind: String?

    public init() {}
}
