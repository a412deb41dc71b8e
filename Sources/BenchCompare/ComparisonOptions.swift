/// How p-values of the metrics compared at once are corrected for multiplicity.
public enum Correction: String, Sendable, Codable, CaseIterable {
    /// Holm-Bonferroni: family-wise error rate ≤ alpha under any dependence (default).
    case holm
    /// Benjamini-Hochberg: false discovery rate ≤ alpha; more power, weaker promise.
    case benjaminiHochberg = "bh"
    /// No correction: each metric is tested at alpha on its own.
    case none
}

/// Settings of a comparison. The defaults are the gate's defaults; the simulation test
/// (Tests/BenchCompareTests/SimulationTests.swift) measures what they deliver.
public struct ComparisonOptions: Sendable, Codable, Equatable {
    /// Practical threshold overriding every per-benchmark threshold (the CLI's
    /// `--threshold`), as a relative change: 0.05 = 5%.
    public var threshold: Double?
    /// Threshold used when neither `threshold` nor the result files set one.
    public var defaultThreshold: Double
    /// Family-wise significance level after correction. 0.01 keeps the chance that a
    /// comparison of identical code reports any change at or below 1%.
    public var alpha: Double
    public var correction: Correction
    /// Coverage of the change interval shown in reports.
    public var confidenceLevel: Double
    /// Whether benchmarks (or metrics) present in only one file fail the gate.
    public var failOnMissing: Bool

    public static let standardThreshold = 0.03
    public static let standardAlpha = 0.01

    public init(threshold: Double? = nil, defaultThreshold: Double = standardThreshold,
                alpha: Double = standardAlpha, correction: Correction = .holm,
                confidenceLevel: Double = 0.95, failOnMissing: Bool = false) {
        self.threshold = threshold
        self.defaultThreshold = defaultThreshold
        self.alpha = alpha
        self.correction = correction
        self.confidenceLevel = confidenceLevel
        self.failOnMissing = failOnMissing
    }

    func validated() throws(CompareError) -> ComparisonOptions {
        func check(_ value: Double, _ name: String, _ range: ClosedRange<Double>, _ expected: String) throws(CompareError) {
            guard value.isFinite, range.contains(value) else {
                throw .invalidOption(name: name, value: value, expected: expected)
            }
        }
        if let threshold { try check(threshold, "threshold", 0...10, "a fraction in [0, 10], e.g. 0.05 for 5%") }
        try check(defaultThreshold, "defaultThreshold", 0...10, "a fraction in [0, 10], e.g. 0.03 for 3%")
        try check(alpha, "alpha", 1e-12...0.5, "a significance level in (0, 0.5], e.g. 0.01")
        try check(confidenceLevel, "confidenceLevel", 0.5...0.9999, "a coverage in [0.5, 0.9999], e.g. 0.95")
        return self
    }
}
