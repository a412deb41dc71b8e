import Foundation

/// Baselines, keyed by machine so a baseline measured on one CPU is never used on
/// another: `baselines/<machine>/<suite>.json`. Replaced baselines are kept under
/// `baselines/<machine>/history/`, never lost.
public struct BaselineStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func path(suite: String, machine: String) -> String {
        "\(directory)/\(machine)/\(suite).json"
    }

    /// This machine's baseline for the suite, or nil when there is none.
    public func load(suite: String, machine: String) throws -> ResultFile? {
        let path = path(suite: suite, machine: machine)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try JSONFiles.readResultFile(path)
    }

    /// Baselines of the suite stored for other machines (to say why none matched).
    public func otherMachines(suite: String, except machine: String) -> [String] {
        let machines = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return machines.filter { $0 != machine && FileManager.default.fileExists(atPath: path(suite: suite, machine: $0)) }.sorted()
    }

    /// Where replaced baselines of this machine are archived.
    public func historyDirectory(machine: String) -> String {
        "\(directory)/\(machine)/history"
    }

    /// Stores `result` as the machine's baseline; an existing baseline is first moved
    /// into `history/` under its creation time. Returns where each went.
    @discardableResult
    public func update(suite: String, machine: String, with result: ResultFile) throws -> (baseline: String, archived: String?) {
        let target = path(suite: suite, machine: machine)
        var archived: String?
        if FileManager.default.fileExists(atPath: target) {
            let old = try? JSONFiles.readResultFile(target)
            let stamp = old?.createdAt.flatMap(Timestamps.parse).map(Timestamps.compact)
                ?? Timestamps.compact(Date())
            var destination = "\(historyDirectory(machine: machine))/\(suite)-\(stamp).json"
            var counter = 2
            while FileManager.default.fileExists(atPath: destination) {
                destination = "\(historyDirectory(machine: machine))/\(suite)-\(stamp)-\(counter).json"
                counter += 1
            }
            guard let data = FileManager.default.contents(atPath: target) else {
                throw BenchError.unreadable(path: target, reason: "cannot read the current baseline to archive it")
            }
            try JSONFiles.writeAtomically(data, to: destination)
            archived = destination
        }
        try JSONFiles.writeAtomically(result, to: target)
        return (target, archived)
    }
}
