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
    /// Says why a benchmark got no counts (shown even when progress is quiet).
    public let warn: (String) -> Void

    public init(valgrind: Valgrind, iterations: Int = 1, cache: SimulatedCache = SimulatedCache(),
                executable: String = ProcessRepetitions.currentExecutable(), progress: ProgressReporter,
                warn: @escaping (String) -> Void) {
        self.valgrind = valgrind
        self.iterations = iterations
        self.cache = cache
        self.executable = executable
        self.progress = progress
        self.warn = warn
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
        let files = CallgrindFiles(prefix: dumps)
        let threads = files.threadCount()
        guard threads == 1 else {
            warn("\(instance.name): not counted: it ran \(threads) threads, and callgrind cannot attribute other threads' work to a region repeatably; count a single-threaded instance")
            return result
        }
        let found = files.regionCount()
        guard found == MeasuredRegion.regionsPerBenchmark else {
            throw CountingError.missingRegions(benchmark: instance.name, found: found, expected: MeasuredRegion.regionsPerBenchmark)
        }
        let counts = OperationCounts(emptyOnce: try files.region(1), emptyTwice: try files.region(2),
                                     bodyOnce: try files.region(3), bodyTwice: try files.region(4), iterations: iterations)
        result.metrics.merge(counts.metrics(source: source, cache: cache)) { _, counted in counted }
        return result
    }

    /// Callgrind zeroes its counters entering the begin marker and dumps them entering
    /// the end marker, one file per thread (which reveals multi-threaded bodies);
    /// valgrind's own messages go to `log`, not the user's terminal.
    func valgrindOptions(dumps: String, log: String) -> [String] {
        ["--tool=callgrind", "--callgrind-out-file=\(dumps)", "--log-file=\(log)", "--separate-threads=yes",
         "--zero-before=\(MeasuredRegion.beginSymbol)", "--dump-before=\(MeasuredRegion.endSymbol)"] + cache.options
    }

    private func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no valgrind log"
    }
}

/// The files one callgrind run writes with `--separate-threads=yes`: `<prefix>.<dump>-<thread>`
/// for each region dump and `<prefix>-<thread>` at exit, threads numbered from 01.
struct CallgrindFiles {
    let prefix: String

    /// The dump of region `index` (1-based) of the thread that ran the markers.
    func region(_ index: Int) throws -> CallgrindDump {
        try CallgrindDump.read("\(prefix).\(index)-01")
    }

    /// Regions dumped, counting 1, 2, … until a dump is missing.
    func regionCount() -> Int {
        (1...).prefix { FileManager.default.fileExists(atPath: "\(prefix).\($0)-01") }.count
    }

    /// Threads that wrote any file: more than one means the body (or its set-up) ran threads.
    func threadCount() -> Int {
        let directory = URL(fileURLWithPath: prefix).deletingLastPathComponent().path
        let base = URL(fileURLWithPath: prefix).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let threads = names.filter { $0.hasPrefix(base) }.compactMap { name -> Substring? in
            guard let dash = name.lastIndex(of: "-") else { return nil }
            let thread = name[name.index(after: dash)...]
            return thread.allSatisfy(\.isNumber) && !thread.isEmpty ? thread : nil
        }
        return max(Set(threads).count, 1)
    }
}
