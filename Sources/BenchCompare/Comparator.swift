import BenchKit
import BenchStats
import Foundation

/// Compares two result files metric by metric and returns the verdicts with their evidence.
///
/// Decision rule for a sampled metric (see `ProcessLevelTest` for the process-level test,
/// exact Mann-Whitney or Welch, and the far-out process rule):
/// - **regression** / **improvement**: the adjusted p-value is below `alpha` *and* the
///   estimated change is beyond the practical threshold in the worse / better direction
///   (direction from the metric's `better`);
/// - **unchanged**: significant but within the threshold, or not significant with the
///   whole confidence interval inside ±threshold;
/// - **inconclusive**: otherwise (the interval reaches beyond the threshold but the change
///   is not significant, or there are fewer than two processes on a side).
/// p-values of all sampled metrics compared at once are corrected together (Holm by
/// default), so the chance that identical code yields any regression or improvement verdict
/// is at most `alpha` when the test's assumptions hold.
///
/// Single-value metrics are compared against their absolute `tolerance` (or, without one,
/// the relative threshold): worse by more than it is a regression, better by more an
/// improvement, anything else unchanged. No test is involved: the value is deterministic.
///
/// The threshold of a benchmark is, in order: `options.threshold` (the CLI's
/// `--threshold`), the new file's per-benchmark `threshold`, the baseline file's, then
/// `options.defaultThreshold`.
///
/// `history` holds earlier runs of the baseline's suite on the same machine, oldest first
/// (the baseline store's archive). With enough of them for a metric (together with the
/// baseline, `RunHistory.minimumRuns`), its change must also stand out from how much whole
/// runs move (`RunLevelEvidence`); whole-run shifts are then no longer read as regressions.
public func compare(baseline: ResultFile, new: ResultFile, history: [ResultFile] = [],
                    options: ComparisonOptions = ComparisonOptions()) throws(CompareError) -> Comparison {
    let options = try options.validated()
    let paired = MeasurementDesign.arePaired(baseline.design, new.design)
    let runHistory = RunHistory(earlier: paired ? [] : history, baseline: baseline)
    var pending: [PendingMetric] = []
    var onlyInBaseline: [String] = [], onlyInNew: [String] = []
    let baseByName = Dictionary(baseline.benchmarks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let newNames = Set(new.benchmarks.map(\.name))
    let familySize = new.benchmarks.reduce(0) { total, benchmark in
        total + benchmark.metrics.filter { name, metric in
            metric.samples != nil && baseByName[benchmark.name]?.metrics[name]?.samples != nil
                && sourceMetric(of: metric, in: benchmark, baseline: baseByName[benchmark.name]) == nil
        }.count
    }
    onlyInBaseline = baseline.benchmarks.map(\.name).filter { !newNames.contains($0) }

    for benchmark in new.benchmarks {
        guard let old = baseByName[benchmark.name] else { onlyInNew.append(benchmark.name); continue }
        let threshold = options.threshold ?? benchmark.threshold ?? old.threshold ?? options.defaultThreshold
        for name in old.metrics.keys.sorted() where benchmark.metrics[name] == nil {
            onlyInBaseline.append("\(benchmark.name): \(name)")
        }
        for name in benchmark.metrics.keys.sorted() {
            guard let before = old.metrics[name], let after = benchmark.metrics[name] else {
                onlyInNew.append("\(benchmark.name): \(name)"); continue
            }
            var metric = try PendingMetric(benchmark: benchmark.name, metric: name, baseline: before,
                                           new: after, threshold: threshold, options: options,
                                           familySize: familySize, paired: paired,
                                           runSpread: runHistory.spread(benchmark: benchmark.name, metric: name))
            metric.derivedFrom = sourceMetric(of: after, in: benchmark, baseline: old)
            pending.append(metric)
        }
    }

    // A derived metric (GFLOP/s from time) is the same hypothesis as its source: it takes
    // the source's p-value and does not count again in the correction.
    let tested = pending.indices.filter { pending[$0].test?.pValue != nil && pending[$0].derivedFrom == nil }
    let raw = tested.map { pending[$0].test!.pValue! }
    let adjusted: [Double]
    do {
        switch options.correction {
        case .holm: adjusted = try holmAdjusted(raw)
        case .benjaminiHochberg: adjusted = try benjaminiHochbergAdjusted(raw)
        case .none: adjusted = raw
        }
    } catch {
        // p-values come from our own tests and are always in [0, 1].
        adjusted = raw.map { min(max($0, 0), 1) }
    }
    let perTestAlpha = options.correction == .none ? options.alpha : options.alpha / Double(max(raw.count, 1))
    for (k, index) in tested.enumerated() { pending[index].adjustedPValue = adjusted[k] }
    for index in pending.indices {
        guard let source = pending[index].derivedFrom, pending[index].test?.pValue != nil,
              let sourceIndex = pending.firstIndex(where: { $0.benchmark == pending[index].benchmark && $0.metric == source })
        else { continue }
        pending[index].adjustedPValue = pending[sourceIndex].adjustedPValue
    }
    let metrics = pending.map { $0.decide(alpha: options.alpha, perTestAlpha: perTestAlpha) }

    let summary = ComparisonSummary(metrics: metrics, onlyInBaseline: onlyInBaseline.count, onlyInNew: onlyInNew.count)
    return Comparison(baselineSuite: baseline.suite, newSuite: new.suite, options: options,
                      design: paired ? .lockstep : nil, designNote: paired ? new.design?.note : nil,
                      historyRuns: history.isEmpty || paired ? nil : runHistory.runs, metrics: metrics,
                      onlyInBaseline: onlyInBaseline, onlyInNew: onlyInNew,
                      environment: compareEnvironments(baseline.environment, new.environment),
                      summary: summary)
}

/// How the environments of the two files differ (fields from `EnvironmentProbe`, plus the
/// fingerprint when nothing else explains it).
public func compareEnvironments(_ a: EnvironmentInfo?, _ b: EnvironmentInfo?) -> EnvironmentComparison {
    var differences = EnvironmentProbe.differences(a, b)
    if differences.isEmpty, let x = a?.fingerprint, let y = b?.fingerprint, x != y {
        differences.append("fingerprint: \(x) vs \(y)")
    }
    let debug = [a?.build, b?.build].contains { $0?.lowercased() == "debug" }
    return EnvironmentComparison(differences: differences, debugBuild: debug)
}

/// The metric `metric` is derived from, when both files have that source with samples.
private func sourceMetric(of metric: MetricResult, in benchmark: BenchmarkResult, baseline: BenchmarkResult?) -> String? {
    guard let source = metric.derivedFrom, metric.samples != nil,
          benchmark.metrics[source]?.samples != nil, baseline?.metrics[source]?.samples != nil else { return nil }
    return source
}

/// One metric present in both files, analysed but not yet decided (the correction needs
/// every p-value first).
private struct PendingMetric {
    var benchmark: String
    var metric: String
    var unit: String
    var better: Direction
    var threshold: Double
    var test: ProcessLevelTest?
    var value: (baseline: Double, new: Double, tolerance: Double)?
    var notes: [String] = []
    var adjustedPValue: Double?
    /// The source metric when this one is derived from it (tested together).
    var derivedFrom: String?

    init(benchmark: String, metric: String, baseline: MetricResult, new: MetricResult,
         threshold: Double, options: ComparisonOptions, familySize: Int, paired: Bool,
         runSpread: RunToRunSpread?) throws(CompareError) {
        self.benchmark = benchmark; self.metric = metric
        unit = new.unit; better = new.better; self.threshold = threshold
        func invalid(_ file: String, _ problem: String) -> CompareError {
            .invalidMetric(file: file, benchmark: benchmark, metric: metric, problem: problem)
        }
        for (file, m) in [("baseline", baseline), ("new", new)] {
            if m.samples == nil && m.value == nil { throw invalid(file, "neither samples nor value") }
            if let s = m.samples, s.allSatisfy(\.isEmpty) { throw invalid(file, "samples has no values") }
            if let s = m.samples, s.contains(where: { $0.contains { !$0.isFinite } }) {
                throw invalid(file, "samples contain NaN or infinity")
            }
            if let v = m.value, !v.isFinite { throw invalid(file, "value is NaN or infinite") }
        }
        if baseline.unit != new.unit {
            notes.append("unit changed (\(baseline.unit) → \(new.unit)): not compared")
        } else if baseline.better != new.better {
            notes.append("direction changed (better: \(baseline.better.rawValue) → \(new.better.rawValue)): not compared")
        } else if paired, let a = baseline.samples, let b = new.samples, a.count != b.count {
            throw invalid("baseline or new", "lockstep files hold \(a.count) and \(b.count) pairs; both sides of a lockstep run have the same pairs")
        } else if paired, let a = baseline.samples, let b = new.samples {
            do {
                test = try ProcessLevelTest(lockstepBaseline: a, new: b, level: options.confidenceLevel)
            } catch {
                throw invalid("baseline or new", error.description)
            }
        } else if let a = baseline.samples, let b = new.samples {
            do {
                test = try ProcessLevelTest(baseline: a, new: b, level: options.confidenceLevel,
                                             alpha: options.alpha, familySize: familySize,
                                             runSpread: runSpread)
            } catch {
                throw invalid("baseline or new", error.description)
            }
        } else if let a = baseline.value, let b = new.value {
            let tolerance = new.tolerance ?? baseline.tolerance ?? threshold * abs(a)
            value = (a, b, tolerance)
        } else {
            notes.append("one file has samples and the other a single value: not compared")
        }
    }

    func decide(alpha: Double, perTestAlpha: Double) -> MetricComparison {
        if let test {
            var decided = decideSamples(test, alpha: alpha, perTestAlpha: perTestAlpha)
            decided.derivedFrom = derivedFrom
            return decided
        }
        if let value { return decideValue(value) }
        let empty = MetricSide(center: 0, processes: 0, samples: 0)
        return make(.value, empty, empty, change: 0, verdict: .inconclusive, notes: notes)
    }

    private func decideSamples(_ test: ProcessLevelTest, alpha: Double, perTestAlpha: Double) -> MetricComparison {
        var notes = self.notes + test.notes
        let worse = better == .lower ? test.change > threshold : test.change < -threshold
        let betterBeyond = better == .lower ? test.change < -threshold : test.change > threshold
        let verdict: Verdict
        if let p = adjustedPValue, p < alpha {
            if worse { verdict = .regression } else if betterBeyond { verdict = .improvement } else {
                verdict = .unchanged
                notes.append("significant change within the threshold")
            }
        } else if let lower = test.changeLower, let upper = test.changeUpper,
                  lower >= -threshold, upper <= threshold, adjustedPValue != nil {
            verdict = .unchanged
        } else {
            verdict = .inconclusive
        }
        if verdict != .regression && verdict != .improvement,
           let detectable = test.detectableChange(alpha: perTestAlpha), detectable.change > threshold {
            let size = detectable.change < 10 ? "~" + formatPercent(detectable.change, signed: false) : "1000%"
            notes.append(detectable.limitedByRuns
                ? "detection weak: whole runs vary so much that only changes beyond \(size) are reliably caught (more earlier runs help if the spread is overestimated; quieter machines help)"
                : "detection weak: with this between-process spread only changes beyond \(size) are reliably caught (more processes help)")
        }
        var result = make(.samples, test.baseline, test.new, change: test.change, verdict: verdict, notes: notes)
        result.changeLower = test.changeLower
        result.changeUpper = test.changeUpper
        result.pValue = test.pValue
        result.adjustedPValue = adjustedPValue
        result.test = test.test
        result.runLevel = test.runLevel
        return result
    }

    private func decideValue(_ v: (baseline: Double, new: Double, tolerance: Double)) -> MetricComparison {
        let difference = v.new - v.baseline
        let worse = better == .lower ? difference > v.tolerance : -difference > v.tolerance
        let betterBeyond = better == .lower ? -difference > v.tolerance : difference > v.tolerance
        let verdict: Verdict = worse ? .regression : (betterBeyond ? .improvement : .unchanged)
        let change = v.baseline != 0 ? v.new / v.baseline - 1 : 0
        var notes = self.notes
        if v.baseline == 0 && v.new != 0 { notes.append("baseline is 0: relative change undefined") }
        var result = make(.value, MetricSide(center: v.baseline, processes: 0, samples: 0),
                          MetricSide(center: v.new, processes: 0, samples: 0),
                          change: change, verdict: verdict, notes: notes)
        result.tolerance = v.tolerance
        return result
    }

    private func make(_ kind: MetricComparison.Kind, _ a: MetricSide, _ b: MetricSide, change: Double,
                      verdict: Verdict, notes: [String]) -> MetricComparison {
        MetricComparison(benchmark: benchmark, metric: metric, unit: unit, better: better, kind: kind,
                         baseline: a, new: b, change: change, changeLower: nil, changeUpper: nil,
                         pValue: nil, adjustedPValue: nil, test: nil, threshold: threshold, tolerance: nil,
                         verdict: verdict, notes: notes)
    }
}
