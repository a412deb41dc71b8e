import Foundation

/// Which part of a suite a result file measured: shard `index` of `count` (1-based), so
/// the parts run on CI runners or Kubernetes pods can be merged back into one run
/// (`bench merge`). Absent in the result file of a whole (or merged) run.
public struct ShardInfo: Codable, Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    /// What balanced the shards: "baseline", "result" (the suite's newest whole run on this
    /// machine) or "count" (the number of instances).
    public var balancedBy: String
    /// Digest of the whole assignment (every shard's instance names): the shards of one run
    /// agree on it, so a merge can tell shards cut from different plans apart.
    public var partition: String

    public init(index: Int, count: Int, balancedBy: String, partition: String) {
        self.index = index
        self.count = count
        self.balancedBy = balancedBy
        self.partition = partition
    }

    public var description: String { "\(index)/\(count)" }
}

/// Splits a suite's instances into shards of about equal expected time. Pure and
/// deterministic: every runner computing shard i of N from the same instance names and
/// costs gets the same part, and every instance is in exactly one part.
public enum Shards {
    /// Most shards a suite may be split into.
    public static let maximumCount = 1000

    /// Parses `I/N` (1 ≤ I ≤ N ≤ `maximumCount`), as given to `--shard`.
    public static func parse(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              (1...maximumCount).contains(count), (1...count).contains(index) else {
            throw BenchError.usage("--shard '\(text)': expected I/N with 1 ≤ I ≤ N ≤ \(maximumCount), e.g. --shard 2/3 for the second of three parts")
        }
        return (index, count)
    }

    /// Greedy longest-processing-time assignment: instances in decreasing order of cost
    /// (ties by name) each go to the shard with the smallest total so far (ties: the lower
    /// index). Each shard lists its names in the order of `names` (the suite's order).
    /// An instance missing from `costs` counts 1. The largest and smallest shard totals
    /// differ by at most the largest single cost.
    public static func assign(_ names: [String], costs: [String: Double], count: Int) -> [[String]] {
        precondition(count >= 1, "at least one shard")
        func cost(_ name: String) -> Double { costs[name] ?? 1 }
        let byCost = names.sorted { cost($0) != cost($1) ? cost($0) > cost($1) : $0 < $1 }
        var totals = [Double](repeating: 0, count: count)
        var shardOf: [String: Int] = [:]
        for name in byCost {
            let lightest = totals.indices.min { totals[$0] != totals[$1] ? totals[$0] < totals[$1] : $0 < $1 }!
            totals[lightest] += cost(name)
            shardOf[name] = lightest
        }
        var shards = [[String]](repeating: [], count: count)
        for name in names { shards[shardOf[name]!].append(name) }
        return shards
    }

    /// Expected cost of each instance from an earlier run of the suite: the measured time
    /// of its "time" metric, the sum over processes of (sum of samples × iterations per
    /// sample), in ns. Instances the run did not time cost the mean of those it did. Nil
    /// when it timed none of them: then the shards balance by count.
    public static func expectedCosts(_ names: [String], from earlier: ResultFile) -> [String: Double]? {
        var measured: [String: Double] = [:]
        for benchmark in earlier.benchmarks {
            guard let samples = benchmark.metrics["time"]?.samples else { continue }
            let iterations = benchmark.iterationsPerSample
            let total = samples.enumerated().reduce(0.0) { sum, process in
                let perSample = iterations.flatMap { process.offset < $0.count ? Double($0[process.offset]) : nil } ?? 1
                return sum + process.element.reduce(0, +) * perSample
            }
            if total.isFinite, total > 0 { measured[benchmark.name] = total }
        }
        let known = names.compactMap { measured[$0] }
        guard !known.isEmpty else { return nil }
        let fallback = known.reduce(0, +) / Double(known.count)
        return Dictionary(uniqueKeysWithValues: names.map { ($0, measured[$0] ?? fallback) })
    }

    /// A stable digest of an assignment (FNV-1a over every shard's names, in order).
    public static func digest(_ shards: [[String]]) -> String {
        let text = shards.enumerated().map { index, names in
            "\(index + 1):" + names.joined(separator: "\n")
        }.joined(separator: "\n\n")
        return EnvironmentProbe.stableHash(text)
    }

    /// The earlier run that balances the shards of `suite` on `machine`: the machine's
    /// baseline when there is one (every runner of the machine type reads the same file),
    /// else the newest whole (not sharded) result in `results` measured on this machine.
    /// Unreadable files are passed over: they only cost balance, never correctness.
    public static func earlierRun(suite: String, machine: String?, baselines: String,
                                  results: String) -> (file: ResultFile, source: String)? {
        guard let machine else { return nil }
        if let baseline = try? BaselineStore(directory: baselines).load(suite: suite, machine: machine) {
            return (baseline, "baseline")
        }
        for path in ResultStore(directory: results).paths(suite: suite).reversed() {
            guard let file = try? JSONFiles.readResultFile(path) else { continue }
            if file.shard == nil, file.environment?.machine == machine { return (file, "result") }
        }
        return nil
    }

    /// Shard `index` of `count` of `names` (in their order), with what balanced it.
    public static func select(_ names: [String], index: Int, count: Int,
                              earlier: (file: ResultFile, source: String)?) -> (names: [String], info: ShardInfo) {
        let costs = earlier.flatMap { expectedCosts(names, from: $0.file) }
        let shards = assign(names, costs: costs ?? [:], count: count)
        let info = ShardInfo(index: index, count: count, balancedBy: costs == nil ? "count" : earlier?.source ?? "count",
                             partition: digest(shards))
        return (shards[index - 1], info)
    }

    /// A regular expression matching exactly `names` (for child processes' `--filter`).
    public static func exactPattern(_ names: [String]) -> String {
        "^(" + names.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")$"
    }
}
