import BenchStats
import Foundation

/// The evidence from one sampled metric, before the multiplicity correction.
///
/// The unit of replication is the process: each process repetition is summarised by the
/// median of its samples (robust to outlying samples inside the process), and the two
/// sets of process medians are compared with Welch's t-test on the log scale. Within a
/// process, samples share that process's luck (memory placement, frequency, neighbours),
/// so testing samples would mistake one unlucky process for a change; testing process
/// medians puts the between-process spread where it belongs, into the standard error.
/// The log scale turns the ratio new/baseline into a difference, so the test, the estimate
/// and its interval all speak of relative change. Values ≤ 0 fall back to the raw scale.
struct ProcessLevelTest {
    var baseline: MetricSide
    var new: MetricSide
    var change: Double
    var changeLower: Double?
    var changeUpper: Double?
    var pValue: Double?
    /// Standard error and degrees of freedom of the difference on the analysis scale.
    var standardError: Double?
    var degreesOfFreedom: Double?
    var logScale: Bool
    var notes: [String]

    /// A process whose median differs from its run's median process by more than this
    /// factor is called out in the notes.
    static let unusualProcessFactor = 1.25
    /// Fewest processes per run for which the trimmed test is used.
    static let minimumProcessesForTrimming = 8

    init(baseline: [[Double]], new: [[Double]], level: Double, trim: Double) throws(StatsError) {
        let base = baseline.filter { !$0.isEmpty }, cand = new.filter { !$0.isEmpty }
        let baseMedians = try base.map { (p) throws(StatsError) in try median(p) }
        let newMedians = try cand.map { (p) throws(StatsError) in try median(p) }
        logScale = (baseMedians + newMedians).allSatisfy { $0 > 0 }
        let toScale: (Double) -> Double = logScale ? { log($0) } : { $0 }
        let b = baseMedians.map(toScale), n = newMedians.map(toScale)
        let baseUnusual = Self.unusualProcesses(b, logScale: logScale)
        let newUnusual = Self.unusualProcesses(n, logScale: logScale)
        // Trim only when a process strayed and there are enough processes for the trimmed
        // test to keep its degrees of freedom; otherwise Welch's test (trim 0).
        let robust = trim > 0 && baseUnusual + newUnusual > 0
            && min(b.count, n.count) >= Self.minimumProcessesForTrimming
        let usedTrim = robust ? trim : 0
        let baseCenter = try trimmedMean(b, trim: usedTrim), newCenter = try trimmedMean(n, trim: usedTrim)
        let fromScale: (Double) -> Double = logScale ? { exp($0) } : { $0 }
        self.baseline = MetricSide(center: fromScale(baseCenter), processes: b.count, samples: base.reduce(0) { $0 + $1.count })
        self.new = MetricSide(center: fromScale(newCenter), processes: n.count, samples: cand.reduce(0) { $0 + $1.count })
        notes = []

        let scale = abs(baseCenter)
        let logScale = self.logScale
        func relative(_ d: Double) -> Double { logScale ? expm1(d) : (scale > 0 ? d / scale : 0) }
        if !logScale && scale == 0 {
            notes.append("baseline is 0: relative change undefined")
        }
        change = relative(newCenter - baseCenter)

        guard b.count >= 2, n.count >= 2 else {
            notes.append("\(b.count) baseline and \(n.count) new process(es): the test needs at least 2 per side; rerun with more processes")
            return
        }
        let test = try welchTTest(n, b, trim: usedTrim)
        let interval = try test.confidenceInterval(level: level)
        changeLower = relative(interval.lower)
        changeUpper = relative(interval.upper)
        pValue = (!logScale && scale == 0) ? nil : test.pValue
        standardError = test.standardError
        degreesOfFreedom = test.degreesOfFreedom
        if baseUnusual + newUnusual > 0 {
            let spread = ((try variance(b)) * Double(b.count - 1) + (try variance(n)) * Double(n.count - 1))
                / Double(b.count + n.count - 2)
            let spreadText = formatPercent(logScale ? expm1(spread.squareRoot()) : (scale > 0 ? spread.squareRoot() / scale : 0), signed: false)
            let method = robust
                ? "trimmed test (Yuen, \(formatPercent(trim, signed: false)) per end) used"
                : "Welch test used (trimming needs \(Self.minimumProcessesForTrimming)+ processes per run)"
            notes.append("processes straying >25% from their run's median process: \(baseUnusual) of \(b.count) baseline, \(newUnusual) of \(n.count) new; between-process spread \(spreadText); \(method)")
        }
    }

    /// The smallest relative change this test would detect with 80% power at two-sided
    /// level `alpha` (used to warn when the threshold is below what the data can resolve).
    func detectableChange(alpha: Double) -> Double? {
        guard let se = standardError, let df = degreesOfFreedom, se > 0 else { return nil }
        let d = (StudentT.quantile(1 - alpha / 2, df: df) + StudentT.quantile(0.8, df: df)) * se
        return logScale ? expm1(d) : (baseline.center != 0 ? d / abs(baseline.center) : nil)
    }

    /// Processes whose median strays from the run's median process by more than
    /// `unusualProcessFactor` (relative). Depends only on the run's own shape, not on the
    /// difference between runs, so using it to choose the test does not bias the test.
    private static func unusualProcesses(_ values: [Double], logScale: Bool) -> Int {
        guard values.count >= 3, let mid = try? median(values) else { return 0 }
        let limit = logScale ? log(unusualProcessFactor) : (unusualProcessFactor - 1) * abs(mid)
        return values.filter { abs($0 - mid) > limit }.count
    }
}
