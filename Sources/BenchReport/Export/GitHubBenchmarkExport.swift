import BenchKit
import Foundation

/// The JSON that github-action-benchmark reads with `tool: customSmallerIsBetter` or
/// `customBiggerIsBetter`: an array of `{name, unit, value, range?, extra?}`. The action
/// takes one direction per file, so each direction is its own export.
enum GitHubBenchmarkExport {
    struct Entry: Codable, Equatable {
        var name: String
        var unit: String
        var value: Double
        var range: String?
        var extra: String?
    }

    static func entries(_ input: ExportInput, better: Direction) -> [Entry] {
        MetricSummary.all(in: input.result).filter { $0.better == better }.map { summary in
            var range: String?
            if let low = summary.processMedians.min(), let high = summary.processMedians.max(), summary.processMedians.count > 1 {
                range = "± " + String(format: "%.4g", (high - low) / 2)
            }
            var extra = summary.processMedians.isEmpty ? "single value"
                : "\(summary.processMedians.count) processes, \(summary.processSamples.map(\.count).reduce(0, +)) samples"
            if let evidence = input.evidence(benchmark: summary.benchmark, metric: summary.metric) {
                extra += "\n" + evidence.evidenceLine
            }
            return Entry(name: summary.label, unit: summary.unit, value: summary.center, range: range, extra: extra)
        }
    }

    static func render(_ input: ExportInput, better: Direction) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries(input, better: better)), as: UTF8.self) + "\n"
    }
}
