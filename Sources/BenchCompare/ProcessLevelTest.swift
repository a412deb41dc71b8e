import BenchKit
import BenchStats
import Foundation

/// Which test compared the two sets of process medians.
public enum ProcessTest: String, Sendable, Codable {
    /// Exact Mann-Whitney test: valid for any shape of process-to-process variation.
    case mannWhitney = "mann-whitney"
    /// Welch's t-test on log process medians: assumes roughly normal (unimodal)
    /// process-to-process variation.
    case welch
    /// t-test over lockstep pairs of their log changes (`LockstepPairs`).
    case lockstepPairs = "lockstep-paired-t"
}

/// The evidence from one sampled metric, before the multiplicity correction.
///
/// The unit of replication is the process. Each process repetition is summarised by the
/// median of its samples (robust to outlying samples inside it); the analysis works on the
/// logarithms of these process medians, so that differences are ratios. Values ≤ 0 fall
/// back to the raw scale. Two regimes, chosen from the design alone (process counts P and
/// Q, alpha, the number m of metrics tested at once), never from the values:
///
/// - **Enough processes** (the exact rank test's smallest two-sided p-value, 2/C(P+Q, P),
///   is at most alpha/(10·m); for m = 20 and alpha = 1%: 9 or more per run): the exact
///   Mann-Whitney test, distribution-free, so memory-layout modes, heavy tails or slow
///   processes cannot make it cry wolf. The change is the Hodges-Lehmann ratio with its
///   distribution-free (Moses) interval. Beforehand, processes far out from both runs pooled
///   (more than max(3·IQR, log 1.25) beyond the pooled quartiles: a process that landed
///   40-80% slow) are set aside. The rule never looks at which run a process came from, so
///   under "no change" the labels stay exchangeable and the test stays exact, while a slow
///   process no longer hides a real change.
/// - **Few processes**: no distribution-free test can reach the corrected level, so Welch's
///   t-test on the log process medians decides (change: ratio of geometric means, t
///   interval). Its guarantee assumes roughly normal, unimodal process-to-process variation.
///   Nothing is set aside: a slow process inflates the variance and so weakens detection
///   instead of faking a change; the notes then say detection is weak.
struct ProcessLevelTest {
    var baseline: MetricSide
    var new: MetricSide
    var change: Double
    var changeLower: Double?
    var changeUpper: Double?
    var pValue: Double?
    var test: ProcessTest?
    /// Standard error and degrees of freedom of the t-test on the processes kept, used to
    /// estimate what change the data can resolve.
    var standardError: Double?
    var degreesOfFreedom: Double?
    var logScale: Bool
    /// The run-level evidence when earlier runs were given (see `RunLevelEvidence`).
    var runLevel: RunLevelEvidence?
    private var runSpread: RunToRunSpread?
    var notes: [String]

    /// Smallest relative distance beyond the pooled quartiles that sets a process aside.
    static let farOutMargin = 0.25

    init(baseline: [[Double]], new: [[Double]], level: Double, alpha: Double, familySize: Int,
         runSpread: RunToRunSpread? = nil) throws(StatsError) {
        let base = baseline.filter { !$0.isEmpty }, cand = new.filter { !$0.isEmpty }
        let baseMedians = try base.map { (p) throws(StatsError) in try median(p) }
        let newMedians = try cand.map { (p) throws(StatsError) in try median(p) }
        let logScale = (baseMedians + newMedians).allSatisfy { $0 > 0 }
        self.logScale = logScale
        notes = []
        var b = logScale ? baseMedians.map { log($0) } : baseMedians
        var n = logScale ? newMedians.map { log($0) } : newMedians
        // The regime depends only on the design (process counts, alpha, metrics compared),
        // never on the values.
        let useRank = b.count >= 2 && n.count >= 2
            && Self.smallestRankPValue(b.count, n.count) <= alpha / (10 * Double(max(familySize, 1)))
        if useRank {
            let (keptB, keptN) = try Self.setAsideFarOut(b, n, logScale: logScale)
            if keptB.count >= 2 && keptN.count >= 2 && keptB.count + keptN.count < b.count + n.count {
                notes.append("set aside as far out (likely unlucky processes): \(b.count - keptB.count) of \(b.count) baseline, \(n.count - keptN.count) of \(n.count) new processes")
                b = keptB; n = keptN
            }
        }
        let center: ([Double]) throws(StatsError) -> Double = useRank ? { (x) throws(StatsError) in try median(x) } : { (x) throws(StatsError) in try mean(x) }
        let baseCenter = try center(b), newCenter = try center(n)
        self.baseline = MetricSide(center: try centre(ofProcesses: base), processes: baseMedians.count, samples: base.reduce(0) { $0 + $1.count })
        self.new = MetricSide(center: try centre(ofProcesses: cand), processes: newMedians.count, samples: cand.reduce(0) { $0 + $1.count })

        let scale = abs(baseCenter)
        func relative(_ d: Double) -> Double { logScale ? expm1(d) : (scale > 0 ? d / scale : 0) }
        func finiteRelative(_ d: Double) -> Double? { d.isFinite ? relative(d) : nil }
        // Both centres 0 (a counter that stayed at zero) is no change; only a move away from
        // a zero baseline has no relative size.
        let undefined = !logScale && scale == 0 && newCenter != 0
        if undefined { notes.append("baseline is 0: relative change undefined") }
        change = relative(newCenter - baseCenter)

        guard b.count >= 2, n.count >= 2 else {
            notes.append("\(b.count) baseline and \(n.count) new process(es): the test needs at least 2 per side; rerun with more processes")
            return
        }
        let tTest = try welchTTest(n, b)
        standardError = tTest.standardError
        degreesOfFreedom = tTest.degreesOfFreedom
        if useRank {
            test = .mannWhitney
            let shift = try hodgesLehmannShiftInterval(baseline: b, candidate: n, level: level)
            change = relative(shift.estimate)
            changeLower = finiteRelative(shift.lower)
            changeUpper = finiteRelative(shift.upper)
            pValue = undefined ? nil : try mannWhitneyU(n, b).pValue
        } else {
            test = .welch
            let interval = try tTest.confidenceInterval(level: level)
            changeLower = finiteRelative(interval.lower)
            changeUpper = finiteRelative(interval.upper)
            pValue = undefined ? nil : tTest.pValue
        }
        if let runSpread, logScale, !undefined,
           let runP = runSpread.pValue(difference: log(self.new.center) - log(self.baseline.center)) {
            try combine(withRun: runSpread, difference: log(self.new.center) - log(self.baseline.center), runP: runP, level: level)
        }
    }

    /// Intersection-union with the run-level test: the change must stand out both from the
    /// spread between processes and from the spread between whole runs, so the p-value is
    /// the larger of the two and the interval covers both.
    private mutating func combine(withRun spread: RunToRunSpread, difference: Double, runP: Double,
                                  level: Double) throws(StatsError) {
        let half = try spread.halfWidth(level: level)
        let lower = expm1(difference - half), upper = expm1(difference + half)
        runSpread = spread
        runLevel = RunLevelEvidence(runs: spread.runs, spread: expm1(spread.standardDeviation),
                                    change: expm1(difference), pValue: runP, processPValue: pValue)
        pValue = max(pValue ?? 0, runP)
        changeLower = min(changeLower ?? lower, lower)
        changeUpper = max(changeUpper ?? upper, upper)
        notes.append("whole runs vary by ±\(formatPercent(expm1(spread.standardDeviation), signed: false)) (SD, \(spread.runs) earlier runs); run-level p = \(formatPValue(runP))")
    }

    /// The centre of a whole run for the run-level test: the log of the metric's one
    /// centre (`centre(ofProcesses:)`). Nil when it is not positive or there is none.
    static func runCentre(_ samples: [[Double]]) -> Double? {
        guard let value = try? centre(ofProcesses: samples), value > 0 else { return nil }
        return log(value)
    }

    /// The smallest relative change detected with 80% power at two-sided level `alpha`
    /// (a guide for the "detection weak" note, whichever test decided), and whether the
    /// spread of whole runs rather than of processes limits it.
    func detectableChange(alpha: Double) -> (change: Double, limitedByRuns: Bool)? {
        guard let se = standardError, let df = degreesOfFreedom, se > 0 else { return nil }
        let d = (StudentT.quantile(1 - alpha / 2, df: df) + StudentT.quantile(0.8, df: df)) * se
        guard logScale else { return baseline.center != 0 ? (d / abs(baseline.center), false) : nil }
        let runs = runSpread?.detectableDifference(alpha: alpha) ?? 0
        return (expm1(max(d, runs)), runs > d)
    }

    /// 2 / C(p + q, p): the smallest two-sided p-value the exact rank test can give.
    static func smallestRankPValue(_ p: Int, _ q: Int) -> Double {
        2 * exp(lgamma(Double(p + 1)) + lgamma(Double(q + 1)) - lgamma(Double(p + q + 1)))
    }

    /// Both runs' processes without those far beyond the pooled quartiles (see the type's
    /// documentation). Looks only at the pooled values, never at which run they came from.
    static func setAsideFarOut(_ b: [Double], _ n: [Double], logScale: Bool) throws(StatsError) -> ([Double], [Double]) {
        let pooled = b + n
        guard pooled.count >= 4 else { return (b, n) }
        let q = try quantiles(pooled, [0.25, 0.5, 0.75])
        let minimum = logScale ? log1p(farOutMargin) : farOutMargin * abs(q[1])
        let margin = max(3 * (q[2] - q[0]), minimum)
        let keep: (Double) -> Bool = { $0 >= q[0] - margin && $0 <= q[2] + margin }
        return (b.filter(keep), n.filter(keep))
    }
}
