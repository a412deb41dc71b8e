import BenchCompare
import BenchKit

/// JUnit XML (the Ant/Surefire dialect CI systems read): one `testsuite` for the suite,
/// one `testcase` per benchmark metric (classname = benchmark, name = metric). A
/// regression is a `failure` whose message carries the evidence; the measured values go
/// to `system-out`. Without a comparison every case passes and just reports its value.
enum JUnitExport {
    static func render(_ input: ExportInput) -> String {
        let suite = input.result.suite ?? "bench"
        var cases: [String] = []
        var failures = 0
        for summary in MetricSummary.all(in: input.result) {
            let evidence = input.evidence(benchmark: summary.benchmark, metric: summary.metric)
            var body = ""
            if let evidence, evidence.verdict == .regression {
                failures += 1
                body += "      <failure type=\"regression\" message=\"\(xml(evidence.evidenceLine))\">"
                body += xml(([evidence.evidenceLine] + evidence.notes).joined(separator: "\n")) + "</failure>\n"
            }
            var out = "value \(formatValue(summary.center, unit: summary.unit)) (\(summary.better.rawValue) is better)"
            if !summary.processMedians.isEmpty {
                out += "; process medians: " + summary.processMedians.map { formatValue($0, unit: summary.unit) }.joined(separator: ", ")
            }
            if let evidence { out += "\n" + evidence.evidenceLine }
            body += "      <system-out>\(xml(out))</system-out>\n"
            cases.append("    <testcase classname=\"\(xml(summary.benchmark))\" name=\"\(xml(summary.metric))\" time=\"0\">\n\(body)    </testcase>\n")
        }
        var missing: [String] = []
        if let comparison = input.comparison, comparison.options.failOnMissing {
            for name in comparison.onlyInBaseline {
                failures += 1
                missing.append("    <testcase classname=\"\(xml(name))\" name=\"present\" time=\"0\">\n"
                    + "      <failure type=\"missing\" message=\"missing from the new result\"/>\n    </testcase>\n")
            }
        }
        let total = cases.count + missing.count
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"bench\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">\n"
        text += "  <testsuite name=\"\(xml(suite))\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\""
        if let createdAt = input.result.createdAt { text += " timestamp=\"\(xml(createdAt))\"" }
        text += ">\n"
        text += cases.joined() + missing.joined()
        text += "  </testsuite>\n</testsuites>\n"
        return text
    }

    static func xml(_ text: String) -> String { Markup.escape(text) }
}
