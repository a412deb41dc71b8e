import Foundation

/// Every error a user can cause, with the context needed to fix it. The command line
/// turns these into one line on stderr and exit code 2; nothing else does.
public enum BenchError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(path: String, hint: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case invalidJSON(path: String, detail: String)
    case wrongSchema(path: String, found: String?)
    case invalidContent(path: String, detail: String)
    case unknownSuite(name: String, available: [String])
    case unknownBenchmark(name: String, path: String, available: [String])
    case unknownParameter(benchmark: String, parameter: String, path: String, accepted: [String])
    case invalidParameter(benchmark: String, parameter: String, detail: String)
    case unwritable(path: String, reason: String)
    case usage(String)
    case verificationFailed(benchmark: String, detail: String)
    case setUpFailed(benchmark: String, detail: String)
    case noBenchmarksSelected(suite: String, filter: String?)
    case childProcessFailed(repetition: Int, detail: String)
    case noBaseline(suite: String, machine: String)
    case noResults(suite: String, directory: String)
    /// A name that would become part of a file path but could escape its folder or is not
    /// a plain file name (`PathComponent`). `source` says where the name came from.
    case unsafeName(name: String, role: String, source: String, problem: String)
    case fileTooLarge(path: String, size: Int, limit: Int)
    /// A suite whose parameter grids expand to more instances than `SuitePlan.maximumInstances`.
    case tooManyInstances(suite: String, path: String, count: Double, limit: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path, let hint):
            return "\(path): no such file; \(hint)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)); check the path and its permissions"
        case .emptyFile(let path):
            return "\(path): the file is empty; expected JSON, re-create or re-run to regenerate it"
        case .invalidJSON(let path, let detail):
            return "\(path): not valid JSON (\(detail)); the file may be truncated, re-create it"
        case .wrongSchema(let path, let found):
            let what = found.map { "schema \"\($0)\"" } ?? "no \"schema\" field"
            return "\(path): has \(what), expected \"\(ResultFile.currentSchema)\"; pass a BenchKit result file"
        case .invalidContent(let path, let detail):
            return "\(path): \(detail)"
        case .unknownSuite(let name, let available):
            return "unknown suite \"\(name)\"; available: \(available.joined(separator: ", ")) (see `bench list`)"
        case .unknownBenchmark(let name, let path, let available):
            return "\(path): unknown benchmark \"\(name)\"; known: \(available.joined(separator: ", "))"
        case .unknownParameter(let benchmark, let parameter, let path, let accepted):
            return "\(path): benchmark \"\(benchmark)\" has no parameter \"\(parameter)\"; it accepts: \(accepted.joined(separator: ", "))"
        case .invalidParameter(let benchmark, let parameter, let detail):
            return "benchmark \"\(benchmark)\": parameter \"\(parameter)\" \(detail)"
        case .unwritable(let path, let reason):
            return "\(path): cannot write (\(reason)); choose a writable location with --output or fix the permissions"
        case .usage(let message):
            return message
        case .verificationFailed(let benchmark, let detail):
            return "\(benchmark): wrong output, not timed (\(detail)); fix the kernel before benchmarking it"
        case .setUpFailed(let benchmark, let detail):
            return "\(benchmark): set-up failed (\(detail))"
        case .noBenchmarksSelected(let suite, let filter):
            return "suite \"\(suite)\": no benchmark matches" + (filter.map { " --filter '\($0)'" } ?? "") + "; see `bench list`"
        case .childProcessFailed(let repetition, let detail):
            return "process repetition \(repetition) failed: \(detail)"
        case .noBaseline(let suite, let machine):
            return "no baseline for suite \"\(suite)\" on this machine (\(machine)); run `bench baseline update --suite \(suite)` after a run"
        case .noResults(let suite, let directory):
            return "no result files for suite \"\(suite)\" in \(directory); run `bench --suite \(suite)` first"
        case .unsafeName(let name, let role, let source, let problem):
            return "\(source): \(role) \"\(name.escapedForTerminal)\" cannot be used as a file name (\(problem)); \(PathComponent.rule)"
        case .fileTooLarge(let path, let size, let limit):
            return "\(path): \(size) bytes, more than the \(limit >> 20) MiB this file may have; pass the right file, or split it"
        case .tooManyInstances(let suite, let path, let count, let limit):
            let shown = count < 1e15 ? String(format: "%.0f", count) : String(format: "%.2g", count)
            return "\(path): suite \"\(suite)\" expands to \(shown) benchmark instances (every combination of each entry's parameter lists), more than the limit of \(limit); shorten the parameter lists or split the suite"
        }
    }
}
