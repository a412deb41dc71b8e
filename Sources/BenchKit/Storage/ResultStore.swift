import Foundation

/// The results folder: one file per run, named `<suite>-<UTC timestamp>.json`. Suite
/// names are checked (`PathComponent`) before they become paths.
public struct ResultStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// A new, unused path for a run of `suite` created at `date`.
    public func newPath(suite: String, date: Date) throws -> String {
        let suite = try PathComponent(suite, role: "suite name", source: directory).name
        let stamp = Timestamps.compact(date)
        var path = "\(directory)/\(suite)-\(stamp).json"
        var counter = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(directory)/\(suite)-\(stamp)-\(counter).json"
            counter += 1
        }
        return path
    }

    /// Paths of the suite's result files, oldest first (the timestamped names sort by time).
    public func paths(suite: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { name in
            guard name.hasPrefix(suite + "-"), name.hasSuffix(".json") else { return false }
            let stamp = name.dropFirst(suite.count + 1)
            return stamp.first?.isNumber == true
        }.sorted().map { "\(directory)/\($0)" }
    }

    /// The newest result file of the suite.
    public func newest(suite: String) throws -> (path: String, file: ResultFile) {
        _ = try PathComponent(suite, role: "suite name", source: directory)
        guard let path = paths(suite: suite).last else {
            throw BenchError.noResults(suite: suite, directory: directory)
        }
        return (path, try JSONFiles.readResultFile(path))
    }
}

/// Time stamps as written in result files and their names.
public enum Timestamps {
    /// ISO 8601 in UTC, e.g. "2026-11-22T08:00:00Z".
    public static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The date of an ISO 8601 timestamp as written by `iso`, or nil.
    public static func parse(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    /// File-name form, e.g. "20261122T080000Z".
    public static func compact(_ date: Date) -> String {
        iso(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
