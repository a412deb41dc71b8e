import BenchKit
import Foundation

/// One result file as a point in time.
public struct HistoryEntry: Sendable {
    public var path: String
    public var createdAt: Date?
    public var commit: String?
    public var file: ResultFile
}

/// A suite's result files in time order, and each metric's series across them.
public struct ResultHistory: Sendable {
    public var suite: String
    public var entries: [HistoryEntry]

    /// Reads every result file of `suite` in `directory` (`<suite>-<timestamp>.json`) and
    /// orders them by `createdAt` (files without one keep their name order, first).
    /// Unreadable files are an error naming the file: a history with silent gaps misleads.
    public static func load(suite: String, directory: String) throws -> ResultHistory {
        let paths = ResultStore(directory: directory).paths(suite: suite)
        guard !paths.isEmpty else { throw BenchError.noResults(suite: suite, directory: directory) }
        let formatter = ISO8601DateFormatter()
        let entries = try paths.map { path in
            let file = try JSONFiles.readResultFile(path)
            return HistoryEntry(path: path, createdAt: file.createdAt.flatMap { formatter.date(from: $0) },
                                commit: file.environment?.commit, file: file)
        }
        return ResultHistory(suite: suite, entries: order(entries))
    }

    /// Stable order by creation time; entries without a time come first in input order.
    static func order(_ entries: [HistoryEntry]) -> [HistoryEntry] {
        entries.enumerated().sorted { a, b in
            switch (a.element.createdAt, b.element.createdAt) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Every (benchmark, metric) seen in any file, in first-seen order, with one point per
    /// file that has it.
    public var series: [MetricSeries] {
        var order: [String] = []
        var byKey: [String: MetricSeries] = [:]
        for (position, entry) in entries.enumerated() {
            for summary in MetricSummary.all(in: entry.file) {
                let key = summary.benchmark + "\u{0}" + summary.metric
                if byKey[key] == nil {
                    order.append(key)
                    byKey[key] = MetricSeries(benchmark: summary.benchmark, metric: summary.metric,
                                              unit: summary.unit, better: summary.better, points: [])
                }
                byKey[key]?.points.append(SeriesPoint(position: position, createdAt: entry.createdAt,
                                                      commit: entry.commit, path: entry.path, summary: summary))
            }
        }
        return order.compactMap { byKey[$0] }
    }
}

/// One metric across the history.
public struct MetricSeries: Sendable {
    public var benchmark: String
    public var metric: String
    public var unit: String
    public var better: Direction
    public var points: [SeriesPoint]

    public var values: [Double] { points.map(\.summary.center) }
}

/// One run's value of a metric.
public struct SeriesPoint: Sendable {
    /// Index of the file in the history (shared by all series, for a common x axis).
    public var position: Int
    public var createdAt: Date?
    public var commit: String?
    public var path: String
    public var summary: MetricSummary
}
