import Foundation

/// Earlier runs of a baseline's suite, from which a comparison learns how much whole runs
/// move on this machine (the run-to-run spread).
public enum EarlierRuns {
    /// Result files in `directory` measured like `baseline` (same suite, machine and build
    /// configuration) and created before it, oldest first. Files that are not result files
    /// are skipped and returned by name, so a folder of mixed JSON can be pointed at. A
    /// missing directory yields no runs when `required` is false (a baseline without
    /// history yet) and an error otherwise (a mistyped `--history`).
    public static func load(directory: String, before baseline: ResultFile,
                            required: Bool) throws -> (runs: [ResultFile], skipped: [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            if !required { return ([], []) }
            throw BenchError.fileNotFound(path: directory, hint: "pass a folder of earlier result files of the same suite, e.g. baselines/<machine>/history")
        }
        guard let cutoff = baseline.createdAt.flatMap(Timestamps.parse) else { return ([], []) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var runs: [(date: Date, file: ResultFile)] = [], skipped: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            guard let file = try? JSONFiles.readResultFile("\(directory)/\(name)") else {
                skipped.append(name); continue
            }
            guard file.suite == baseline.suite,
                  file.environment?.machine == baseline.environment?.machine,
                  file.environment?.build == baseline.environment?.build,
                  let date = file.createdAt.flatMap(Timestamps.parse), date < cutoff
            else { continue }
            runs.append((date, file))
        }
        return (runs.sorted { $0.date < $1.date }.map(\.file), skipped)
    }
}
