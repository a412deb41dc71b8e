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
        let scratch = NSTemporaryDirectory() + "bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for index in 1...count {
            let output = "\(scratch)/repetition-\(index).json"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(index, output)
            do {
                try process.run()
            } catch {
                throw BenchError.childProcessFailed(repetition: index, detail: "cannot start \(executable): \(error)")
            }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                throw BenchError.childProcessFailed(repetition: index, detail: "killed by signal \(process.terminationStatus)")
            }
            if process.terminationStatus != 0 {
                throw ChildExit(status: process.terminationStatus)
            }
            parts.append(try JSONFiles.readResultFile(output).benchmarks)
        }
        return ResultMerger.merge(parts)
    }
}

/// A child repetition exited with an error it has already reported on stderr; the
/// parent exits with the same status and says nothing more.
public struct ChildExit: Error, Equatable {
    public let status: Int32
}
