import Foundation

/// `bench --metric instructions`: runs each benchmark in a fresh child process under
/// callgrind and turns the child's region dumps into per-operation counts. One child
/// per benchmark keeps the dumps unambiguous and a failing benchmark isolated.
public struct CallgrindCounter: Sendable {
    public let valgrind: Valgrind
    /// Operations in the shorter region (the longer runs twice as many).
    public let iterations: Int
    /// Memory layouts each benchmark is counted under (see `LayoutCounts`).
    public let layouts: Int
    public let cache: SimulatedCache
    /// The binary to run under valgrind (this one).
    public let executable: String
    public let progress: ProgressReporter
    /// Says why a benchmark got no counts (shown even when progress is quiet).
    public let warn: @Sendable (String) -> Void

    public init(valgrind: Valgrind, iterations: Int = 1, layouts: Int = 5, cache: SimulatedCache = SimulatedCache(),
                executable: String = ProcessRepetitions.currentExecutable(), progress: ProgressReporter,
                warn: @escaping @Sendable (String) -> Void) {
        self.valgrind = valgrind
        self.iterations = iterations
        self.layouts = layouts
        self.cache = cache
        self.executable = executable
        self.progress = progress
        self.warn = warn
    }

    /// What the metrics name as their source, e.g. "callgrind 3.19.0".
    public var source: String { "callgrind \(valgrind.version)" }

    /// Counts every instance, as many at a time as there are cores (valgrind runs its
    /// client on one core; counts do not depend on what else runs). `arguments` makes
    /// the child run the one benchmark of the suite file `suite` with
    /// `--count-iterations` and `--count-layouts` set, writing its partial result to
    /// `output`. Results come back in the order of `instances`.
    public func count(_ instances: [PlannedBenchmark],
                      arguments: @Sendable (_ suite: String, _ output: String) -> [String]) throws -> [BenchmarkResult] {
        let outcomes = Outcomes(count: instances.count)
        DispatchQueue.concurrentPerform(iterations: instances.count) { index in
            let instance = instances[index]
            progress.started("\(instance.name) (callgrind)", position: outcomes.start(), of: instances.count)
            outcomes.record(index, Result {
                let directory = try Self.sandbox(for: instance)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                return try count(instance, in: directory, arguments: arguments)
            })
        }
        progress.finished()
        return try outcomes.results()
    }

    /// What the concurrent children produced, filled in from several threads.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var started = 0
        private var outcomes: [Result<BenchmarkResult, any Error>?]

        init(count: Int) { outcomes = Array(repeating: nil, count: count) }

        /// The 1-based position of the benchmark starting now.
        func start() -> Int {
            lock.lock()
            defer { lock.unlock() }
            started += 1
            return started
        }

        func record(_ index: Int, _ outcome: Result<BenchmarkResult, any Error>) {
            lock.lock()
            defer { lock.unlock() }
            outcomes[index] = outcome
        }

        /// The results in order, or the first failure in that order.
        func results() throws -> [BenchmarkResult] {
            try outcomes.compactMap { try $0?.get() }
        }
    }

    /// A fresh directory holding a suite of this one instance, named with a fixed-length
    /// random part. The child runs there with the same input, relative paths, arguments
    /// and a fixed environment on every run: where its heap and stack land, and so how
    /// many instructions alignment-sensitive code (memcpy, packing) executes, then
    /// depends on the instance alone, not on the caller's working directory, variables
    /// or the rest of the suite.
    static func sandbox(for instance: PlannedBenchmark) throws -> String {
        let name = "bench-callgrind-" + String(UInt64.random(in: 0...UInt64.max), radix: 16).leftPadded(to: 16)
        let directory = NSTemporaryDirectory() + name
        let entry = SuiteEntry(benchmark: instance.benchmark.name,
                               parameters: instance.parameters.values.mapValues { ParameterGrid([$0]) })
        let suite = SuiteFile(processes: 1, benchmarks: [entry])
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchError.unwritable(path: directory, reason: "cannot create the counting directory: \(error.localizedDescription)")
        }
        try JSONFiles.writeAtomically(suite, to: directory + "/" + suiteFile)
        return directory
    }

    static let suiteFile = "suite.json"
    static let partialResult = "part.json"
    /// Swift seeds hashing per process; a fixed seed makes dictionary-heavy bodies repeatable.
    /// Valgrind cannot run AVX-512 code but passes the host's /proc/cpuinfo through, so the
    /// kernels are told to stay off it (`KernelISA.disableAVX512Variable`; AVX2 route). The
    /// child also gets this process's pid, at a fixed width (`ParentDeath`), so that it dies
    /// with a killed run; the thread that starts it waits for it, as `ParentDeath` requires.
    public static let childEnvironment = ["SWIFT_DETERMINISTIC_HASHING": "1", "BENCHKIT_KERNELS_NO_AVX512": "1"]

    func count(_ instance: PlannedBenchmark, in directory: String,
               arguments: (String, String) -> [String]) throws -> BenchmarkResult {
        let dumps = directory + "/callgrind.out", log = directory + "/valgrind.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind.executable)
        process.arguments = valgrindOptions(dumps: dumps, log: log) + [executable]
            + arguments(Self.suiteFile, Self.partialResult)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ParentDeath.childEnvironment(Self.childEnvironment) // dies with this process
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
        guard var result = try JSONFiles.readResultFile(directory + "/" + Self.partialResult).benchmarks.first else {
            throw CountingError.valgrindFailed(benchmark: instance.name, detail: "the child measured nothing; \(lastLine(of: log))")
        }
        result.name = instance.name
        result.threshold = instance.threshold
        // A self-timed benchmark (a load test) has no body to repeat: nothing to count.
        guard result.iterationsPerSample != nil else { return result }
        let files = CallgrindFiles(prefix: dumps)
        let threads = files.threadCount()
        guard threads == 1 else {
            warn("\(instance.name): not counted: it ran \(threads) threads, and callgrind cannot attribute other threads' work to a region repeatably; count a single-threaded instance")
            return result
        }
        let expected = MeasuredRegion.regionsPerBenchmark * layouts
        let found = files.regionCount()
        guard found == expected else {
            throw CountingError.missingRegions(benchmark: instance.name, found: found, expected: expected)
        }
        let counts = LayoutCounts(try (0..<layouts).map { layout in
            let first = layout * MeasuredRegion.regionsPerBenchmark
            return OperationCounts(emptyOnce: try files.region(first + 1), emptyTwice: try files.region(first + 2),
                                   bodyOnce: try files.region(first + 3), bodyTwice: try files.region(first + 4),
                                   iterations: iterations)
        })
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
