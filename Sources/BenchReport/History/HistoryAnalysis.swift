import BenchKit
import BenchStats
import Foundation

/// A change point found in a metric's history, with what a reader needs to act on it.
public struct HistoryChange: Sendable, Codable, Equatable {
    /// Position of the first run at the new level, within the metric's series.
    public var index: Int
    /// Commit and time of that run, when the result file records them.
    public var commit: String?
    public var createdAt: String?
    public var path: String
    public var before: Double
    public var after: Double
    /// Relative change of the mean, after/before − 1.
    public var change: Double
    /// Significance of the step (t-test corrected for the split search); lower is surer.
    public var pValue: Double
    /// "regression" or "improvement", from the metric's `better`.
    public var direction: String
}

/// The change points of one metric.
public struct SeriesAnalysis: Sendable, Codable, Equatable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var better: Direction
    public var runs: Int
    public var latest: Double?
    public var changes: [HistoryChange]
}

/// Change points over a suite's history (`bench history`); Codable so the JSON output is
/// this value encoded (schema `bench-history/1`).
public struct HistoryReport: Sendable, Codable, Equatable {
    public static let currentSchema = "bench-history/1"
    public var schema = HistoryReport.currentSchema
    public var suite: String
    public var files: Int
    public var options: ChangePointOptions
    public var series: [SeriesAnalysis]

    /// Detects change points in each metric's series of per-run typical values.
    /// `options.maxPValue` bounds the false alarms per series (the detector corrects for its search).
    public init(history: ResultHistory, options: ChangePointOptions = ChangePointOptions()) throws {
        suite = history.suite
        files = history.entries.count
        self.options = options
        series = try history.series.map { series in
            let found = try detectChangePoints(series.values, options: options)
            let changes = found.map { point in
                let run = series.points[point.index]
                let worse = series.better == .lower ? point.meanAfter > point.meanBefore : point.meanAfter < point.meanBefore
                return HistoryChange(index: point.index, commit: run.commit, createdAt: run.createdAt.map(Timestamps.iso),
                                     path: run.path, before: point.meanBefore, after: point.meanAfter,
                                     change: point.relativeChange, pValue: point.pValue,
                                     direction: worse ? "regression" : "improvement")
            }
            return SeriesAnalysis(benchmark: series.benchmark, metric: series.metric, unit: series.unit,
                                  better: series.better, runs: series.points.count,
                                  latest: series.values.last, changes: changes)
        }
    }

    /// Plain text: one line per change point, grouped by metric; quiet metrics summarised.
    public func renderText() -> String {
        var out = "history of suite \(suite): \(files) result file\(files == 1 ? "" : "s"), "
        out += "change points by E-divisive means (p < \(options.maxPValue)"
        out += options.minMagnitude > 0 ? ", |change| ≥ \(formatPercent(options.minMagnitude, signed: false)))\n" : ")\n"
        var table = TextTable(headers: ["benchmark", "metric", "run", "commit", "date", "before", "after", "change", "p", "kind"],
                              alignments: [.left, .left, .right, .left, .left, .right, .right, .right, .right, .left])
        for analysis in series {
            for change in analysis.changes {
                table.append([analysis.benchmark, analysis.metric, String(change.index + 1),
                              change.commit.map { String($0.prefix(10)) } ?? "-", change.createdAt ?? "-",
                              formatValue(change.before, unit: analysis.unit), formatValue(change.after, unit: analysis.unit),
                              formatPercent(change.change), formatPValue(change.pValue), change.direction])
            }
        }
        let quiet = series.filter { $0.changes.isEmpty }.count
        if table.rows.isEmpty {
            out += "\nno change points in \(series.count) metric series"
            if let shortest = series.map(\.runs).min(), shortest < 2 * options.minSegment {
                out += " (a step needs at least \(options.minSegment) runs on each side)"
            }
            return out + "\n"
        }
        out += "\n" + table.renderText()
        out += "\n\(table.rows.count) change point\(table.rows.count == 1 ? "" : "s"); \(quiet) of \(series.count) metric series have none\n"
        return out
    }

    public func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
