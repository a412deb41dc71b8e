import BenchCompare
import BenchKit
import BenchStats
import Foundation

/// A run's measurements as a table: per benchmark and metric, the centre (median of the
/// per-process medians, as every report shows it), the spread of the per-process
/// medians, and the sample count.
enum RunSummary {
    /// The table in `format`; for JSON, the result file itself, as every file is written.
    static func render(_ result: ResultFile, format: ReportFormat) throws -> String {
        if format == .json {
            let json = try JSONFiles.encoded(result, for: "the run summary")
            return String(decoding: json.dropLast(), as: UTF8.self) // the printer ends the line
        }
        var table = TextTable(headers: ["benchmark", "metric", "median", "process spread", "samples"],
                              alignments: [.left, .left, .right, .right, .right])
        for benchmark in result.benchmarks {
            for (name, metric) in benchmark.metrics.sorted(by: { order($0.key) < order($1.key) }) {
                if let value = metric.value {
                    table.append([benchmark.name, name, formatValue(value, unit: metric.unit), "", "value"])
                    continue
                }
                guard let samples = metric.samples, !samples.isEmpty else { continue }
                let processMedians = samples.map(medianOf)
                let overall = (try? centre(ofProcesses: samples)) ?? .nan
                let spread = processMedians.count > 1
                    ? String(format: "±%.1f%%", 50 * ((processMedians.max() ?? 0) - (processMedians.min() ?? 0)) / max(abs(overall), 1e-300))
                    : "-"
                table.append([benchmark.name, name, formatValue(overall, unit: metric.unit), spread,
                              "\(samples.count)×\(samples.map(\.count).min() ?? 0)+"])
            }
        }
        return format == .markdown ? table.renderMarkdown() : table.renderText()
    }

    /// Time first, then the other metrics alphabetically.
    private static func order(_ metric: String) -> String {
        metric == "time" ? "" : metric
    }
}

private func medianOf(_ values: [Double]) -> Double {
    (try? median(values)) ?? .nan
}
