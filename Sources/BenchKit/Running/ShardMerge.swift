import Foundation

/// Why result files cannot be joined into one run. Each names the file, what differs and
/// what to do; the command line prints it as one line and exits 2.
public enum MergeError: Error, Equatable, CustomStringConvertible {
    case noFiles
    /// `field` (suite, machine fingerprint, commit, …) of `path` is not the first file's.
    case differs(path: String, field: String, found: String, expected: String, firstPath: String)
    case duplicateBenchmark(name: String, path: String, firstPath: String)
    /// Some files are shards (`--shard I/N`) and others whole runs.
    case mixedShards(wholePath: String, shardPath: String)
    case repeatedShard(shard: String, path: String, firstPath: String)
    case missingShards(missing: [Int], count: Int)

    public var description: String {
        switch self {
        case .noFiles:
            return "merge: no result files given; pass the shard results, e.g. bench merge shard-1.json shard-2.json -o merged.json"
        case .differs(let path, let field, let found, let expected, let firstPath):
            return "\(path): \(field) \(found) differs from \(expected) in \(firstPath); merge only the shards of one run (same suite, machine fingerprint and commit)"
        case .duplicateBenchmark(let name, let path, let firstPath):
            return "\(path): benchmark \"\(name)\" is also in \(firstPath); each benchmark must come from exactly one shard"
        case .mixedShards(let wholePath, let shardPath):
            return "\(wholePath): a whole run, but \(shardPath) is a shard; merge only the shards of one run (results of `bench --shard I/N`)"
        case .repeatedShard(let shard, let path, let firstPath):
            return "\(path): shard \(shard) is also \(firstPath); pass each shard once"
        case .missingShards(let missing, let count):
            return "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing; pass every shard's result, or the merged run would silently lack their benchmarks"
        }
    }
}

/// Joins the shard results of one run (`bench --suite S --shard I/N` on several runners)
/// into one result file, as if one runner had measured the whole suite: the comparison
/// then tests all its metrics as one family.
public enum ShardMerge {
    /// Checks that the files are one run's shards (same suite, machine fingerprint, commit
    /// and dirtiness; for shards: the same plan, each shard once, none missing; no
    /// benchmark twice) and joins them: benchmarks sorted by name, the earliest start time,
    /// the first shard's environment, no shard field.
    public static func merge(_ files: [(path: String, file: ResultFile)]) throws -> ResultFile {
        guard let first = files.first else { throw MergeError.noFiles }
        try checkSameRun(files)
        let ordered = try checkShards(files)
        var owner: [String: String] = [:]
        for (path, file) in ordered {
            for benchmark in file.benchmarks {
                if let firstPath = owner.updateValue(path, forKey: benchmark.name) {
                    throw MergeError.duplicateBenchmark(name: benchmark.name, path: path, firstPath: firstPath)
                }
            }
        }
        let benchmarks = ordered.flatMap(\.file.benchmarks).sorted { $0.name < $1.name }
        let createdAt = files.compactMap(\.file.createdAt).min()
        return ResultFile(suite: first.file.suite, createdAt: createdAt,
                          environment: ordered[0].file.environment, benchmarks: benchmarks)
    }

    private static func checkSameRun(_ files: [(path: String, file: ResultFile)]) throws {
        let first = files[0]
        let fields: [(String, (ResultFile) -> String?)] = [
            ("suite", \.suite),
            ("machine fingerprint", \.environment?.fingerprint),
            ("commit", \.environment?.commit),
            ("dirty", { $0.environment?.dirty.map(String.init) }),
        ]
        for (path, file) in files.dropFirst() {
            for (field, value) in fields where value(file) != value(first.file) {
                throw MergeError.differs(path: path, field: field, found: quoted(value(file)),
                                         expected: quoted(value(first.file)), firstPath: first.path)
            }
        }
    }

    /// The files in shard order, after checking they are one plan's shards, each once.
    private static func checkShards(_ files: [(path: String, file: ResultFile)]) throws -> [(path: String, file: ResultFile)] {
        let first = files[0]
        guard let plan = first.file.shard else {
            if let shard = files.first(where: { $0.file.shard != nil }) {
                throw MergeError.mixedShards(wholePath: first.path, shardPath: shard.path)
            }
            return files
        }
        var seen: [Int: String] = [:]
        for (path, file) in files {
            guard let shard = file.shard else { throw MergeError.mixedShards(wholePath: path, shardPath: first.path) }
            if shard.count != plan.count {
                throw MergeError.differs(path: path, field: "shard count", found: String(shard.count),
                                         expected: String(plan.count), firstPath: first.path)
            }
            if shard.partition != plan.partition {
                throw MergeError.differs(path: path, field: "shard partition", found: "\(shard.partition) (balanced by \(shard.balancedBy))",
                                         expected: "\(plan.partition) (balanced by \(plan.balancedBy))", firstPath: first.path)
            }
            if let firstPath = seen.updateValue(path, forKey: shard.index) {
                throw MergeError.repeatedShard(shard: shard.description, path: path, firstPath: firstPath)
            }
        }
        let missing = (1...plan.count).filter { seen[$0] == nil }
        guard missing.isEmpty else { throw MergeError.missingShards(missing: missing, count: plan.count) }
        return files.sorted { $0.file.shard!.index < $1.file.shard!.index }
    }

    private static func quoted(_ value: String?) -> String {
        value.map { "\"\($0)\"" } ?? "(none)"
    }
}
