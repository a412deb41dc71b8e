import Foundation

/// Baselines, keyed by machine so a baseline measured on one CPU is never used on
/// another: `baselines/<machine>/<suite>.json`. Replaced baselines are kept under
/// `baselines/<machine>/history/`, never lost, even when updates run concurrently.
/// Suite and machine names are checked (`PathComponent`) before they become paths.
public struct BaselineStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func path(suite: String, machine: String) throws -> String {
        let suite = try PathComponent(suite, role: "suite name", source: directory)
        return "\(try machineDirectory(machine))/\(suite).json"
    }

    /// This machine's baseline for the suite, or nil when there is none.
    public func load(suite: String, machine: String) throws -> ResultFile? {
        let path = try path(suite: suite, machine: machine)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try JSONFiles.readResultFile(path)
    }

    /// Baselines of the suite stored for other machines (to say why none matched).
    public func otherMachines(suite: String, except machine: String) -> [String] {
        let machines = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return machines.filter { other in
            other != machine && (try? path(suite: suite, machine: other)).map(FileManager.default.fileExists) == true
        }.sorted()
    }

    /// Where replaced baselines of this machine are archived.
    public func historyDirectory(machine: String) throws -> String {
        "\(try machineDirectory(machine))/history"
    }

    /// Stores `result` as the machine's baseline; an existing baseline is first kept in
    /// `history/` under its creation time. Concurrent updates (other processes included)
    /// take turns on a lock file, `<machine>/.update.lock`, so each sees the baseline the
    /// previous one stored and archives it: no result is lost. Returns where each went.
    @discardableResult
    public func update(suite: String, machine: String, with result: ResultFile) throws -> (baseline: String, archived: String?) {
        let target = try path(suite: suite, machine: machine)
        let history = try historyDirectory(machine: machine)
        return try FileLock.withExclusiveLock(at: "\(try machineDirectory(machine))/.update.lock") {
            var archived: String?
            if FileManager.default.fileExists(atPath: target) {
                let old = try? JSONFiles.readResultFile(target)
                let stamp = old?.createdAt.flatMap(Timestamps.parse).map(Timestamps.compact)
                    ?? Timestamps.compact(Date())
                archived = try archive(target, to: history, name: "\(suite)-\(stamp)")
            }
            try JSONFiles.writeAtomically(result, to: target)
            return (target, archived)
        }
    }

    /// Hard-links `file` into `folder` as `<name>.json` (or `<name>-2.json`, …), never
    /// replacing an archived file; copies where the file system has no hard links.
    private func archive(_ file: String, to folder: String, name: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BenchError.unwritable(path: folder, reason: "cannot create the history folder")
        }
        var counter = 1
        while true {
            let destination = "\(folder)/\(name)\(counter == 1 ? "" : "-\(counter)").json"
            if link(file, destination) == 0 { return destination }
            switch errno {
            case EEXIST:
                counter += 1
            case EPERM, EXDEV, ENOTSUP:
                guard !FileManager.default.fileExists(atPath: destination) else { counter += 1; continue }
                let data = try JSONFiles.readData(file, missingHint: "the baseline vanished while being archived",
                                                  limit: JSONFiles.resultFileLimit)
                try JSONFiles.writeAtomically(data, to: destination)
                return destination
            default:
                throw BenchError.unwritable(path: destination, reason: "cannot archive the current baseline: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func machineDirectory(_ machine: String) throws -> String {
        "\(directory)/\(try PathComponent(machine, role: "machine", source: directory))"
    }
}
