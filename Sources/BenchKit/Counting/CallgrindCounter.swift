import Foundation

/// `bench --metric instructions`: runs each benchmark in a fresh child process under
/// callgrind and turns the child's region dumps into per-operation counts. One child
/// per benchmark keeps the dumps unambiguous and a failing benchmark isolated.
public struct CallgrindCounter {
    public let valgrind: Valgrind
    /// Operations in the shorter region (the longer runs twice as many).
    public let iterations: Int
    public let cache: SimulatedCache
    /// The binary to run under valgrind (this one).
    public let executable: String
    public let progress: ProgressReporter

    public init(valgrind: Valgrind, iterations: Int = 1, cache: SimulatedCache = SimulatedCache(),
                executable: String = ProcessRepetitions.currentExecutable(), progress: ProgressReporter) {
        self.valgrind = valgrind
        self.iterations = iterations
        self.cache = cache
        self.executable = executable
        self.progress = progress
    }

    /// What the metrics name as their source, e.g. "callgrind 3.19.0".
    public var source: String { "callgrind \(valgrind.version)" }

    /// Counts every instance. `arguments` makes the child run exactly `instance` with
    /// `--count-iterations` set to `iterations`, writing its partial result to `output`.
    public func count(_ instances: [PlannedBenchmark],
                      arguments: (_ instance: PlannedBenchmark, _ output: String) -> [String]) throws -> [BenchmarkResult] {
        let scratch = NSTemporaryDirectory() + "bench-callgrind-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var results: [BenchmarkResult] = []
        for (index, instance) in instances.enumerated() {
            progress.started("\(instance.name) (callgrind)", position: index + 1, of: instances.count)
            let directory = "\(scratch)/\(index)"
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            results.append(try count(instance, in: directory, arguments: arguments))
        }
        progress.finished()
        return results
    }

    func count(_ instance: PlannedBenchmark, in directory: String,
               arguments: (PlannedBenchmark, String) -> [String]) throws -> BenchmarkResult {
        let output = directory + "/part.json", dumps = directory + "/callgrind.out", log = directory + "/valgrind.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind.executable)
        process.arguments = valgrindOptions(dumps: dumps, log: log) + [executable] + arguments(instance, output)
        var environment = ProcessInfo.processInfo.environment
        // Swift seeds hashing per process; fixed seeds make dictionary-heavy bodies repeatable.
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
        process.environment = environment
        do {
            try process.run()
        } catch {
            throw CountingError.valgrindFailed(benchmark: instance.name, detail: "cannot start \(valgrind.executable): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            throw CountingError.valgrindFailed(benchmark: instance.name,
                                               detail: "killed by signal \(process.terminationStatus); \(lastLine(of: log))")
        }
        guard process.terminationStatus == 0 else { throw ChildExit(status: process.terminationStatus) }
        guard var result = try JSONFiles.readResultFile(output).benchmarks.first else {
            throw CountingError.valgrindFailed(benchmark: instance.name, detail: "the child measured nothing; \(lastLine(of: log))")
        }
        // A self-timed benchmark (a load test) has no body to repeat: nothing to count.
        guard result.iterationsPerSample != nil else { return result }
        let found = (1...).prefix { FileManager.default.fileExists(atPath: "\(dumps).\($0)") }.count
        guard found == MeasuredRegion.regionsPerBenchmark else {
            throw CountingError.missingRegions(benchmark: instance.name, found: found, expected: MeasuredRegion.regionsPerBenchmark)
        }
        let region = { (index: Int) in try CallgrindDump.read("\(dumps).\(index)") }
        let counts = OperationCounts(emptyOnce: try region(1), emptyTwice: try region(2), bodyOnce: try region(3),
                                     bodyTwice: try region(4), iterations: iterations)
        result.metrics.merge(counts.metrics(source: source, cache: cache)) { _, counted in counted }
        return result
    }

    /// Callgrind zeroes its counters entering the begin marker and dumps them entering
    /// the end marker; valgrind's own messages go to `log`, not the user's terminal.
    func valgrindOptions(dumps: String, log: String) -> [String] {
        ["--tool=callgrind", "--callgrind-out-file=\(dumps)", "--log-file=\(log)",
         "--zero-before=\(MeasuredRegion.beginSymbol)", "--dump-before=\(MeasuredRegion.endSymbol)"] + cache.options
    }

    private func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no valgrind log"
    }
}
