import BenchKit

/// The outcome for one metric of one benchmark.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Significantly worse, by more than the practical threshold. Fails the gate.
    case regression
    /// Significantly better, by more than the practical threshold. Never fails the gate.
    case improvement
    /// No change that matters: the interval lies within the threshold, or a significant
    /// change is smaller than the threshold, or a single value moved within its tolerance.
    case unchanged
    /// The data cannot tell: too few processes, or an interval too wide to exclude a
    /// change beyond the threshold without the change being significant.
    case inconclusive
}

/// Where a metric stands in one of the two files.
public struct MetricSide: Sendable, Codable, Equatable {
    /// The typical value. Sampled metrics: the median of the per-process medians
    /// (`centre(ofProcesses:)`, the one centre every table, export and chart shows).
    /// Single-value metrics: the value.
    public var center: Double
    /// Process repetitions (0 for single-value metrics).
    public var processes: Int
    /// Samples over all processes (0 for single-value metrics).
    public var samples: Int
}

/// The evidence and verdict for one metric of one benchmark.
public struct MetricComparison: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case samples, value }

    public var benchmark: String
    public var metric: String
    public var unit: String
    public var better: Direction
    public var kind: Kind
    public var baseline: MetricSide
    public var new: MetricSide
    /// Relative change new/baseline − 1 (0.05 = 5% larger), whatever `better` is.
    public var change: Double
    /// Confidence interval of `change` at `Comparison.options.confidenceLevel`; absent when
    /// it cannot be computed (fewer than two processes on a side, single values).
    public var changeLower: Double?
    public var changeUpper: Double?
    /// Two-sided p-value of the process-level test, before correction.
    public var pValue: Double?
    /// p-value after the correction for all metrics compared at once.
    public var adjustedPValue: Double?
    /// The process-level test that produced `pValue`.
    public var test: ProcessTest?
    /// Practical threshold (relative) the change was held to.
    public var threshold: Double
    /// For single-value metrics: the absolute tolerance used, in `unit`.
    public var tolerance: Double?
    public var verdict: Verdict
    /// Plain-language remarks on the evidence (weak detection, unusual processes, …).
    public var notes: [String]
    /// The metric this one is computed from (GFLOP/s from time): tested with it, counted
    /// once in the multiple-testing correction.
    public var derivedFrom: String?
    /// How the change compares with the spread of whole runs, when earlier runs were given.
    public var runLevel: RunLevelEvidence?
}

/// The run-level side of a sampled metric's evidence, present when earlier runs of the
/// baseline's suite on the same machine were given (`--history`, or the baseline store's
/// history in `bench --suite`). Processes of one run share its conditions, so a whole run
/// can land several percent off; a change counts only if it stands out from that spread
/// as well as from the spread between processes (`pValue` of the metric is the larger
/// of the two p-values).
public struct RunLevelEvidence: Sendable, Codable, Equatable {
    /// Earlier runs (the baseline included) the spread was estimated from.
    public var runs: Int
    /// Relative standard deviation of a whole run's centre (0.03 = 3%).
    public var spread: Double
    /// Relative change of the run centres (median of process medians), new vs baseline.
    public var change: Double
    /// Two-sided p-value of that change against the run-to-run spread.
    public var pValue: Double
    /// The process-level test's own p-value, before combining.
    public var processPValue: Double?
}

/// One field in which the two environments differ, e.g. "build: release vs debug".
public struct EnvironmentComparison: Sendable, Codable, Equatable {
    public var differences: [String]
    /// True when either file says it was measured in a debug build.
    public var debugBuild: Bool

    public var isMismatch: Bool { !differences.isEmpty }
}

/// Counts of verdicts and missing benchmarks.
public struct ComparisonSummary: Sendable, Codable, Equatable {
    public var regressions = 0
    public var improvements = 0
    public var unchanged = 0
    public var inconclusive = 0
    public var onlyInBaseline = 0
    public var onlyInNew = 0

    /// The counts of `metrics`' verdicts.
    init(metrics: [MetricComparison], onlyInBaseline: Int, onlyInNew: Int) {
        for m in metrics {
            switch m.verdict {
            case .regression: regressions += 1
            case .improvement: improvements += 1
            case .unchanged: unchanged += 1
            case .inconclusive: inconclusive += 1
            }
        }
        self.onlyInBaseline = onlyInBaseline
        self.onlyInNew = onlyInNew
    }
}

/// The result of comparing two result files: per-metric evidence and verdicts, what is
/// present in only one file, and how the environments differ. Codable, so the JSON report
/// is just this value encoded.
public struct Comparison: Sendable, Codable, Equatable {
    public static let currentSchema = "bench-comparison/1"

    public var schema: String = Comparison.currentSchema
    public var baselineSuite: String?
    public var newSuite: String?
    public var options: ComparisonOptions
    /// How the two files were measured against each other when that changes the test:
    /// `lockstep` (compared pair by pair); absent for separate runs.
    public var design: MeasurementDesign.Kind?
    /// What the measurement says about itself (e.g. pinning was refused).
    public var designNote: String?
    /// Runs (earlier ones plus the baseline) available for the run-to-run spread; nil
    /// when no history was given, so whole-run shifts were not accounted for.
    public var historyRuns: Int?
    public var metrics: [MetricComparison]
    /// Benchmarks (by name) and metrics ("benchmark: metric") found in only one file.
    public var onlyInBaseline: [String]
    public var onlyInNew: [String]
    public var environment: EnvironmentComparison
    public var summary: ComparisonSummary

    /// True when at least one metric regressed.
    public var hasRegression: Bool { summary.regressions > 0 }
    /// Set when the sampled regressions were measured again (`confirmed(by:)`): how many
    /// were seen again.
    public var confirmation: Confirmation?
}
