import Foundation

/// Runs the harness again in fresh processes, one per repetition, and merges what
/// they measured. Each child gets its own warm-up, heap layout and benchmark order,
/// so between-process noise is sampled instead of frozen into one run.
public struct ProcessRepetitions {
    /// The executable to re-run (this binary).
    public let executable: String
    /// Arguments for repetition `index` (1-based) writing its partial result to `output`.
    public let arguments: @Sendable (_ index: Int, _ output: String) -> [String]

    public init(executable: String = ProcessRepetitions.currentExecutable(),
                arguments: @escaping @Sendable (_ index: Int, _ output: String) -> [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The path of the running binary.
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }

    /// Runs `count` repetitions one after another and returns their merged results.
    public func run(count: Int) throws -> [BenchmarkResult] {
        var parts: [[BenchmarkResult]] = []
        let scratch = try ScratchDirectory.create()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for index in 1...count {
            let output = "\(scratch)/repetition-\(index).json"
            switch ChildRepetition.run(executable: executable, arguments: arguments(index, output), output: output) {
            case .results(let benchmarks):
                parts.append(benchmarks)
            case .notStarted(let error):
                throw BenchError.childProcessFailed(repetition: index, detail: "cannot start \(executable): \(error)")
            case .signalled(let signal):
                throw BenchError.childProcessFailed(repetition: index, detail: "killed by signal \(signal)")
            case .exited(let status):
                throw ChildExit(status: status)
            case .unreadable(let error):
                throw error
            }
        }
        return ResultMerger.merge(parts)
    }
}

/// One process repetition: a child `bench` that writes a partial result file. Shared by
/// the suite runner and by `bench ci`, which interleave them differently.
public enum ChildRepetition {
    /// How a child ended.
    public enum Outcome {
        case results([BenchmarkResult])
        case notStarted(any Error)
        case signalled(Int32)
        /// A non-zero exit status (the child reported its error on stderr).
        case exited(Int32)
        /// Exited 0 but its partial result could not be read.
        case unreadable(any Error)
    }

    /// Runs `executable` with `arguments` (in `workingDirectory`, stderr to `standardError`
    /// or inherited), waits, and reads the partial result it wrote to `output`. The child
    /// dies with this process (`ParentDeath`), so call this from a thread that outlives it.
    public static func run(executable: String, arguments: [String], output: String,
                           workingDirectory: String? = nil, standardError: FileHandle? = nil) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ParentDeath.childEnvironment()
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        if let standardError {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = standardError
        }
        do {
            try process.run()
        } catch {
            return .notStarted(error)
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return .signalled(process.terminationStatus) }
        if process.terminationStatus != 0 { return .exited(process.terminationStatus) }
        do {
            return .results(try JSONFiles.readResultFile(output).benchmarks)
        } catch {
            return .unreadable(error)
        }
    }
}

/// A child repetition exited with an error it has already reported on stderr; the
/// parent exits with the same status and says nothing more.
public struct ChildExit: Error, Equatable {
    public let status: Int32
}
