import BenchCompare
import BenchKit

/// OpenMetrics text exposition (also valid Prometheus text format 0.0.4), for a push
/// gateway. Gauges labelled by suite, benchmark, metric and unit:
/// - `bench_value`: the typical value (median of process medians);
/// - `bench_process_median`: each process's median (label `process`);
/// and, from a comparison, `bench_change_ratio` (new/baseline − 1), its interval bounds,
/// `bench_adjusted_p_value` and `bench_regression` (1 when the verdict is a regression).
enum OpenMetricsExport {
    static func render(_ input: ExportInput) -> String {
        let suite = input.result.suite ?? ""
        let summaries = MetricSummary.all(in: input.result)
        func labels(_ s: MetricSummary, _ extra: [(String, String)] = []) -> String {
            let pairs = [("suite", suite), ("benchmark", s.benchmark), ("metric", s.metric), ("unit", s.unit),
                         ("better", s.better.rawValue)] + extra
            return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [String]) {
            guard !samples.isEmpty else { return }
            out += "# TYPE \(name) gauge\n# HELP \(name) \(help)\n" + samples.joined()
        }
        family("bench_value", "Typical value of a benchmark metric (median of process medians), in its unit.",
               summaries.map { "bench_value\(labels($0)) \(Format.number($0.center))\n" })
        family("bench_process_median", "Median of one process repetition, in the metric's unit.",
               summaries.flatMap { s in s.processMedians.enumerated().map { index, value in
                   "bench_process_median\(labels(s, [("process", String(index + 1))])) \(Format.number(value))\n" } })
        if input.comparison != nil {
            let judged = summaries.compactMap { s in input.evidence(benchmark: s.benchmark, metric: s.metric).map { (s, $0) } }
            family("bench_change_ratio", "Relative change new/baseline - 1 of a metric.",
                   judged.map { "bench_change_ratio\(labels($0.0)) \(Format.number($0.1.change))\n" })
            family("bench_change_ratio_lower", "Lower bound of the change's confidence interval.",
                   judged.compactMap { s, m in m.changeLower.map { "bench_change_ratio_lower\(labels(s)) \(Format.number($0))\n" } })
            family("bench_change_ratio_upper", "Upper bound of the change's confidence interval.",
                   judged.compactMap { s, m in m.changeUpper.map { "bench_change_ratio_upper\(labels(s)) \(Format.number($0))\n" } })
            family("bench_adjusted_p_value", "p-value of the change after the multiple-testing correction.",
                   judged.compactMap { s, m in m.adjustedPValue.map { "bench_adjusted_p_value\(labels(s)) \(Format.number($0))\n" } })
            family("bench_regression", "1 if the comparison found a significant regression beyond the threshold, else 0.",
                   judged.map { "bench_regression\(labels($0.0)) \($0.1.verdict == .regression ? 1 : 0)\n" })
        }
        return out + "# EOF\n"
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
