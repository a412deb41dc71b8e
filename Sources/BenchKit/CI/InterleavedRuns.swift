import Foundation

/// One side of a CI comparison: a `bench` executable and how to ask it for one process
/// repetition of the suite.
public struct RunSide: Sendable {
    public var name: String
    public var executable: String
    public var workingDirectory: String
    /// Arguments for repetition `index` (1-based) writing its partial result to `output`.
    public var arguments: @Sendable (_ index: Int, _ output: String) -> [String]

    public init(name: String, executable: String, workingDirectory: String,
                arguments: @escaping @Sendable (_ index: Int, _ output: String) -> [String]) {
        self.name = name
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.arguments = arguments
    }
}

/// Runs several sides' process repetitions interleaved (A1 B1 A2 B2 …), each in a fresh
/// process, so that drift of a shared machine (other jobs, thermal state, frequency)
/// falls on every side alike instead of on whichever ran second. Each side's partial
/// results are merged with `ResultMerger`, one inner sample array per process.
public struct InterleavedRuns: Sendable {
    public var sides: [RunSide]
    public var rounds: Int
    /// Where partial results and each process's stderr go.
    public var scratch: String
    /// Called before each process starts ("base 2/5").
    public var progress: @Sendable (String) -> Void

    public init(sides: [RunSide], rounds: Int, scratch: String, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.sides = sides
        self.rounds = rounds
        self.scratch = scratch
        self.progress = progress
    }

    /// The merged benchmarks of each side, in the order of `sides`.
    public func run() throws -> [[BenchmarkResult]] {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var parts = Array(repeating: [[BenchmarkResult]](), count: sides.count)
        for round in 1...rounds {
            for (position, side) in sides.enumerated() {
                progress("\(side.name) \(round)/\(rounds)")
                let output = "\(scratch)/\(side.name)-\(round).json"
                try? FileManager.default.removeItem(atPath: output)
                parts[position].append(try runOne(side, index: round, output: output))
            }
        }
        return parts.map(ResultMerger.merge)
    }

    private func runOne(_ side: RunSide, index: Int, output: String) throws -> [BenchmarkResult] {
        let log = "\(scratch)/\(side.name)-\(index).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let errors = FileHandle(forWritingAtPath: log)
        defer { try? errors?.close() }
        let outcome = ChildRepetition.run(executable: side.executable, arguments: side.arguments(index, output), output: output,
                                          workingDirectory: side.workingDirectory, standardError: errors ?? FileHandle.nullDevice)
        func failed(_ detail: String, log: String?) -> CIError {
            .repetitionFailed(side: side.name, index: index, detail: detail, log: log)
        }
        switch outcome {
        case .results(let benchmarks):
            return benchmarks
        case .notStarted(let error):
            throw failed("cannot start \(side.executable): \(error)", log: nil)
        case .signalled(let signal):
            throw failed("killed by signal \(signal)", log: log)
        case .exited(let status):
            let last = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").last.map(String.init)
            throw failed("exit \(status)" + (last.map { ": \($0)" } ?? ""), log: log)
        case .unreadable(let error):
            throw failed("no readable partial result: \(error)", log: nil)
        }
    }
}
