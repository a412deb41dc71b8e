import BenchCompare
import BenchKit
import Foundation

/// JUnit XML (the Ant/Surefire dialect CI systems read): one `testsuite` for the suite,
/// one `testcase` per benchmark metric (classname = benchmark, name = metric).
/// - `time` is the metric's typical value in seconds when the metric is a time (ns, µs,
///   ms, s): the time one operation took, so a CI system's test-duration trend plots the
///   benchmark's speed. Other metrics (GFLOP/s, error) are not durations: `time="0"`. The
///   suite's `time` is the sum of its cases'.
/// - A regression is a `failure` whose message carries the evidence.
/// - An inconclusive verdict is `skipped`, with the reason (the evidence and notes): the
///   data could not tell, which is neither a pass nor a failure.
/// - A benchmark or metric found only in the baseline is listed: a `failure` (type
///   `missing`) when the comparison fails on missing benchmarks (`failOnMissing`, as the
///   gate does), otherwise `skipped` with "missing from the new result", so it stays
///   visible without failing a build the gate passes.
/// The measured values go to `system-out`. Without a comparison every case passes and
/// reports its value.
enum JUnitExport {
    static func render(_ input: ExportInput) -> String {
        let cases = MetricSummary.all(in: input.result).map { testCase($0, input: input) } + missingCases(input.comparison)
        let failures = cases.filter(\.outcome.isFailure).count
        let skipped = cases.filter(\.outcome.isSkipped).count
        let seconds = JUnitTime.text(cases.map(\.seconds).reduce(0, +))
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds)\""
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"bench\" \(counts)>\n"
        text += "  <testsuite name=\"\(Markup.escape(input.result.suite ?? "bench"))\" \(counts)"
        if let createdAt = input.result.createdAt { text += " timestamp=\"\(Markup.escape(createdAt))\"" }
        text += ">\n" + cases.map(\.rendered).joined() + "  </testsuite>\n</testsuites>\n"
        return text
    }

    static func testCase(_ summary: MetricSummary, input: ExportInput) -> JUnitTestCase {
        let evidence = input.evidence(benchmark: summary.benchmark, metric: summary.metric)
        var outcome = JUnitTestCase.Outcome.passed
        if let evidence {
            let details = ([evidence.evidenceLine] + evidence.notes).joined(separator: "\n")
            switch evidence.verdict {
            case .regression: outcome = .failed(type: "regression", message: evidence.evidenceLine, details: details)
            case .inconclusive: outcome = .skipped(message: details)
            case .improvement, .unchanged: break
            }
        }
        var out = "value \(formatValue(summary.center, unit: summary.unit)) (\(summary.better.rawValue) is better)"
        if !summary.processMedians.isEmpty {
            out += "; process medians: " + summary.processMedians.map { formatValue($0, unit: summary.unit) }.joined(separator: ", ")
        }
        if let evidence { out += "\n" + evidence.evidenceLine }
        let seconds = TimeUnit(metricUnit: summary.unit).map { summary.center * $0.seconds } ?? 0
        return JUnitTestCase(classname: summary.benchmark, name: summary.metric, seconds: seconds, outcome: outcome, output: out)
    }

    /// Cases for what only the baseline has: "benchmark" (the whole benchmark) or
    /// "benchmark: metric" entries of `Comparison.onlyInBaseline`.
    static func missingCases(_ comparison: Comparison?) -> [JUnitTestCase] {
        guard let comparison else { return [] }
        return comparison.onlyInBaseline.map { entry in
            let parts = entry.range(of: ": ", options: .backwards).map { (String(entry[..<$0.lowerBound]), String(entry[$0.upperBound...])) }
            let message = "missing from the new result: \(entry) is in the baseline only"
            let outcome: JUnitTestCase.Outcome = comparison.options.failOnMissing
                ? .failed(type: "missing", message: message, details: message) : .skipped(message: message)
            return JUnitTestCase(classname: parts?.0 ?? entry, name: parts?.1 ?? "all metrics", seconds: 0, outcome: outcome, output: nil)
        }
    }
}
