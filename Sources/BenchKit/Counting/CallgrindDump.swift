import Foundation

/// The event totals of one callgrind dump file: its `events:` line names the columns
/// and its `summary:` line holds the totals (trailing zero columns may be omitted).
public struct CallgrindDump: Equatable, Sendable {
    /// Event name (`Ir`, `D1mr`, …) to total; events the dump does not list are absent.
    public let totals: [String: Int]

    public init(totals: [String: Int]) {
        self.totals = totals
    }

    /// The total of `event`, zero when the dump did not count it.
    public subscript(event: String) -> Int { totals[event] ?? 0 }

    /// Parses the text of a dump; `path` is only for the error message.
    public init(text: String, path: String) throws {
        var names: [String]?
        var summary: [Int]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("events:") {
                names = line.dropFirst("events:".count).split(separator: " ").map(String.init)
            } else if line.hasPrefix("summary:") || (summary == nil && line.hasPrefix("totals:")) {
                let fields = line.split(separator: ":", maxSplits: 1)[1].split(separator: " ")
                let values = fields.compactMap { Int($0) }
                guard values.count == fields.count else {
                    throw CountingError.unreadableDump(path: path, detail: "bad totals line '\(line)'")
                }
                summary = values
            }
        }
        guard let names else { throw CountingError.unreadableDump(path: path, detail: "no 'events:' line") }
        guard let summary else { throw CountingError.unreadableDump(path: path, detail: "no 'summary:' line") }
        guard summary.count <= names.count else {
            throw CountingError.unreadableDump(path: path, detail: "\(summary.count) totals for \(names.count) events")
        }
        var totals: [String: Int] = [:]
        for (index, name) in names.enumerated() { totals[name] = index < summary.count ? summary[index] : 0 }
        self.totals = totals
    }

    /// Reads and parses the dump at `path`.
    public static func read(_ path: String) throws -> CallgrindDump {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CountingError.unreadableDump(path: path, detail: "\(error.localizedDescription)")
        }
        return try CallgrindDump(text: text, path: path)
    }
}
