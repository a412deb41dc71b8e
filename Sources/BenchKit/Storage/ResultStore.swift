import Foundation

/// The results folder: one file per run, named `<suite>-<UTC timestamp>.json`. Suite
/// names are checked (`PathComponent`) before they become paths.
public struct ResultStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Writes `data` as a new result file of `suite` created at `date` and returns its path:
    /// `<suite>-<stamp>.json`, or `-2`, `-3`, … when another run took that name first (even
    /// one finishing in the same instant). Never replaces a file.
    public func publish(_ data: Data, suite: String, date: Date) throws -> String {
        let suite = try PathComponent(suite, role: "suite name", source: directory).name
        let stamp = Timestamps.compact(date)
        for counter in 1...10_000 {
            let path = "\(directory)/\(suite)-\(stamp)\(counter == 1 ? "" : "-\(counter)").json"
            if try JSONFiles.writeNew(data, to: path) { return path }
        }
        throw BenchError.unwritable(path: "\(directory)/\(suite)-\(stamp).json", reason: "10,000 result files of this suite share this second")
    }

    /// A path for a run of `suite` created at `date` that is unused now (another run may
    /// take it before this one writes: `publish` is the safe way to write there).
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

    /// Fails early, before long work, unless the folder takes new result files.
    public func checkWritable(suite: String) throws {
        try JSONFiles.checkWritable(try newPath(suite: suite, date: Date()))
    }

    /// Paths of the suite's result files, oldest first: by time stamp, then by the counter
    /// `publish` adds to a name taken in the same second (`-2` after none).
    public func paths(suite: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let named: [(name: String, stamp: Substring, counter: Int)] = files.compactMap { name in
            guard name.hasPrefix(suite + "-"), name.hasSuffix(".json") else { return nil }
            let stem = name.dropFirst(suite.count + 1).dropLast(".json".count)
            guard stem.first?.isNumber == true else { return nil }
            let parts = stem.split(separator: "-", maxSplits: 1)
            let counter = parts.count == 2 ? Int(parts[1]) : 1
            return (name, parts[0], counter ?? 1)
        }
        return named.sorted { ($0.stamp, $0.counter, $0.name) < ($1.stamp, $1.counter, $1.name) }.map { "\(directory)/\($0.name)" }
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
