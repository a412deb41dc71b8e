import Foundation

/// The `bench` binaries that measured this machine's baselines, kept so the gate can
/// measure the baseline build again, in lockstep with the new build, instead of trusting
/// numbers from another day (whole runs on a shared machine move by more than the
/// regressions a gate must see). The stored numbers stay for history and trends.
///
/// Outside version control: `<root>/.bench-cache/baselines/<machine>/<suite>/` holds
/// `bench` (a copy of the binary), `suite.json` (the suite file it planned from) and
/// `binary.json` (the commit and creation time of the baseline it measured).
public struct BaselineBinaries: Sendable {
    public let directory: String

    /// The cache under the project root `root`.
    public init(root: String) {
        directory = root + "/.bench-cache/baselines"
    }

    /// What `binary.json` records of the kept binary.
    struct Record: Codable, Equatable {
        /// The commit the baseline result names (nil when it does not say).
        var commit: String?
        /// The baseline result's `createdAt`.
        var baselineCreatedAt: String?
    }

    /// A kept binary, ready to run.
    public struct KeptBinary: Sendable, Equatable {
        /// The commit the baseline result names (nil when it does not say).
        public var commit: String?
        public var executable: String
        /// The suite file it planned from.
        public var suitePath: String
    }

    /// The folder of one suite on one machine; both names are checked as path components.
    func folder(suite: String, machine: String) throws -> String {
        let machine = try PathComponent(machine, role: "environment.machine", source: directory).name
        return "\(directory)/\(machine)/\(try PathComponent(suite, role: "suite name", source: directory).name)"
    }

    /// Keeps a copy of `executable` and `suiteFile` as the binary of `baseline`, replacing
    /// what was kept for the suite before (the copy is made beside it, then renamed in).
    public func store(suite: String, machine: String, executable: String, suiteFile: String,
                      baseline: ResultFile) throws {
        let target = try folder(suite: suite, machine: machine)
        let staging = target + ".staging-\(getpid())"
        let fileManager = FileManager.default
        do {
            try? fileManager.removeItem(atPath: staging)
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try fileManager.copyItem(atPath: executable, toPath: staging + "/bench")
            try fileManager.copyItem(atPath: suiteFile, toPath: staging + "/suite.json")
            let record = Record(commit: baseline.environment?.commit, baselineCreatedAt: baseline.createdAt)
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: staging + "/binary.json"))
            try? fileManager.removeItem(atPath: target)
            try fileManager.moveItem(atPath: staging, toPath: target)
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw BenchError.unwritable(path: target, reason: "cannot keep the baseline binary: \(error.localizedDescription)")
        }
    }

    /// The kept binary of the suite's baseline on `machine`, when there is one that still
    /// runs and belongs to `baseline` (same creation time).
    public func load(suite: String, machine: String, baseline: ResultFile) -> KeptBinary? {
        guard let folder = try? folder(suite: suite, machine: machine),
              let data = FileManager.default.contents(atPath: folder + "/binary.json"),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.baselineCreatedAt == baseline.createdAt,
              FileManager.default.isExecutableFile(atPath: folder + "/bench") else { return nil }
        return KeptBinary(commit: record.commit, executable: folder + "/bench", suitePath: folder + "/suite.json")
    }
}
