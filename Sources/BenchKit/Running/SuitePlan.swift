import Foundation

/// A benchmark instance ready to run: which code, which parameters, how long.
public struct PlannedBenchmark: Sendable {
    public let benchmark: Benchmark
    public let parameters: Parameters
    public let name: String
    public let timeBudget: Double
    public let warmup: Double
    public let threshold: Double?

    /// The same instance with the command line's overrides applied.
    public func overriding(timeBudget: Double?, threshold: Double?) -> PlannedBenchmark {
        PlannedBenchmark(benchmark: benchmark, parameters: parameters, name: name,
                         timeBudget: timeBudget ?? self.timeBudget, warmup: warmup,
                         threshold: threshold ?? self.threshold)
    }
}

/// A suite file resolved against the registry: every instance validated and expanded.
public struct SuitePlan: Sendable {
    public let suite: String
    public let path: String
    public let processes: Int
    public let instances: [PlannedBenchmark]

    /// Most benchmark instances a suite may expand to: checked before the parameter grids
    /// are expanded, so a suite with millions of combinations fails at once, not after
    /// minutes and gigabytes of planning.
    public static let maximumInstances = 10_000

    /// Defaults when a suite file does not say.
    public static let defaultProcesses = 10
    public static let defaultTimeBudget = 0.5
    public static let defaultWarmup = 0.1

    /// Loads `suites/<name>.json` (or a path ending in .json) and checks it against the
    /// registry: unknown benchmarks or parameters, wrong types, misspelt keys, duplicate
    /// instances, too many instances and a suite name that cannot be a file name are
    /// errors that name the file.
    public static func load(suite: String, suitesDirectory: String, registry: Registry) throws -> SuitePlan {
        let path = suite.hasSuffix(".json") ? suite : "\(suitesDirectory)/\(suite).json"
        if !suite.hasSuffix(".json") && !FileManager.default.fileExists(atPath: path) {
            throw BenchError.unknownSuite(name: suite, available: availableSuites(in: suitesDirectory))
        }
        let data = try JSONFiles.readData(path, missingHint: "check the suite path", limit: JSONFiles.smallFileLimit)
        let file = try JSONFiles.decode(SuiteFile.self, from: data, path: path)
        try checkKeys(data, path: path)
        let name = file.suite ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        _ = try PathComponent(name, role: "suite name", source: path)
        return try plan(file, name: name, path: path, registry: registry)
    }

    /// Suite names found in `directory`.
    public static func availableSuites(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func plan(_ file: SuiteFile, name: String, path: String, registry: Registry) throws -> SuitePlan {
        let processes = file.processes ?? defaultProcesses
        guard (1...1000).contains(processes) else {
            throw BenchError.invalidContent(path: path, detail: "\"processes\" must be between 1 and 1000, found \(processes)")
        }
        try checkPositive(file.timeBudget, "timeBudget", path: path)
        try checkPositive(file.warmup, "warmup", path: path, allowZero: true)
        try checkThreshold(file.threshold, path: path)
        if file.benchmarks.isEmpty {
            throw BenchError.invalidContent(path: path, detail: "\"benchmarks\" is empty; list at least one benchmark")
        }
        let count = file.benchmarks.reduce(0.0) { total, entry in
            total + (entry.parameters ?? [:]).values.reduce(1.0) { $0 * Double($1.values.count) }
        }
        guard count <= Double(maximumInstances) else {
            throw BenchError.tooManyInstances(suite: name, path: path, count: count, limit: maximumInstances)
        }
        var instances: [PlannedBenchmark] = []
        var seen = Set<String>()
        for (index, entry) in file.benchmarks.enumerated() {
            guard let benchmark = registry.benchmark(named: entry.benchmark) else {
                throw BenchError.unknownBenchmark(name: entry.benchmark, path: path, available: registry.names)
            }
            try checkPositive(entry.timeBudget, "benchmarks[\(index)].timeBudget", path: path)
            try checkPositive(entry.warmup, "benchmarks[\(index)].warmup", path: path, allowZero: true)
            try checkThreshold(entry.threshold, path: path)
            for combination in try expand(entry, benchmark: benchmark, path: path) {
                let parameters = Parameters(combination, benchmark: benchmark.name)
                let instanceName = benchmark.instanceName(parameters)
                guard seen.insert(instanceName).inserted else {
                    throw BenchError.invalidContent(path: path, detail: "benchmark \"\(instanceName)\" is listed twice; each instance must be unique")
                }
                instances.append(PlannedBenchmark(
                    benchmark: benchmark, parameters: parameters, name: instanceName,
                    timeBudget: entry.timeBudget ?? file.timeBudget ?? defaultTimeBudget,
                    warmup: entry.warmup ?? file.warmup ?? defaultWarmup,
                    threshold: entry.threshold ?? file.threshold))
            }
        }
        return SuitePlan(suite: name, path: path, processes: processes, instances: instances)
    }

    /// The cartesian product of an entry's parameter grid, with defaults filled in.
    static func expand(_ entry: SuiteEntry, benchmark: Benchmark, path: String) throws -> [[String: ParameterValue]] {
        let grid = entry.parameters ?? [:]
        for (key, values) in grid {
            guard let spec = benchmark.parameters.first(where: { $0.name == key }) else {
                throw BenchError.unknownParameter(benchmark: benchmark.name, parameter: key, path: path,
                                                  accepted: benchmark.parameters.map(\.name))
            }
            if values.values.isEmpty {
                throw BenchError.invalidContent(path: path, detail: "benchmark \"\(benchmark.name)\": parameter \"\(key)\" has an empty list of values")
            }
            for value in values.values {
                if let problem = spec.problem(with: value) {
                    throw BenchError.invalidContent(path: path, detail: "benchmark \"\(benchmark.name)\": parameter \"\(key)\" \(problem)")
                }
            }
        }
        var combinations: [[String: ParameterValue]] = [[:]]
        for spec in benchmark.parameters {
            let values: [ParameterValue]
            if let given = grid[spec.name] {
                values = given.values
            } else if let fallback = spec.defaultValue {
                values = [fallback]
            } else {
                throw BenchError.invalidContent(path: path, detail: "benchmark \"\(benchmark.name)\" needs parameter \"\(spec.name)\" (\(spec.kind.rawValue)); add it under \"parameters\"")
            }
            combinations = combinations.flatMap { partial in
                values.map { value in partial.merging([spec.name: value]) { $1 } }
            }
        }
        return combinations
    }

    /// Rejects misspelt keys, which the decoder would otherwise silently ignore.
    static func checkKeys(_ data: Data, path: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        if let unknown = Set(object.keys).subtracting(SuiteFile.knownKeys).sorted().first {
            throw BenchError.invalidContent(path: path, detail: "unknown key \"\(unknown)\"; known keys: \(SuiteFile.knownKeys.sorted().joined(separator: ", "))")
        }
        for (index, entry) in ((object["benchmarks"] as? [[String: Any]]) ?? []).enumerated() {
            if let unknown = Set(entry.keys).subtracting(SuiteEntry.knownKeys).sorted().first {
                throw BenchError.invalidContent(path: path, detail: "at benchmarks[\(index)]: unknown key \"\(unknown)\"; known keys: \(SuiteEntry.knownKeys.sorted().joined(separator: ", "))")
            }
        }
    }

    private static func checkPositive(_ value: Double?, _ key: String, path: String, allowZero: Bool = false) throws {
        guard let value else { return }
        if !value.isFinite || value < 0 || (!allowZero && value == 0) || value > 3600 {
            throw BenchError.invalidContent(path: path, detail: "\"\(key)\" must be a number of seconds \(allowZero ? "≥ 0" : "> 0") and ≤ 3600, found \(value)")
        }
    }

    private static func checkThreshold(_ value: Double?, path: String) throws {
        guard let value else { return }
        if !value.isFinite || value < 0 || value > 10 {
            throw BenchError.invalidContent(path: path, detail: "\"threshold\" is a relative change (0.05 = 5%) between 0 and 10, found \(value)")
        }
    }
}
