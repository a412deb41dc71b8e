import BenchKit
import Foundation

/// `bench merge A.json B.json … -o S.json`: joins the shard results of one run into one
/// result file, which compares, gates and becomes a baseline like a whole run.
enum MergeCommand {
    static let options: [OptionSpec] = [
        .value("output", "PATH", "where to write the merged result (-o; default results/<suite>-<time>.json)"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench merge SHARD.json... [-o MERGED.json]",
        description: """
        Joins the results of `bench --suite S --shard I/N` (one per shard, from CI runners
        or Kubernetes pods) into one result file. Refuses, with exit 2, files of different
        suites, machine fingerprints or commits, shards of different plans, a missing or
        repeated shard, and a benchmark in two files. The merged file has every benchmark
        (sorted by name), the earliest start time and the first shard's environment.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments.map { $0 == "-o" ? "--output" : $0 }, options: options, command: "merge")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard !parsed.positionals.isEmpty else {
            throw UsageError("merge: which results? pass the shard result files, e.g. bench merge shard-1.json shard-2.json -o merged.json")
        }
        let files = try parsed.positionals.map { path in (path: path, file: try JSONFiles.readResultFile(path)) }
        let merged = try ShardMerge.merge(files)
        let output = try parsed.value("output")
            ?? ResultStore(directory: workspace.results).newPath(suite: merged.suite ?? "merged", date: Date())
        try JSONFiles.checkWritable(output)
        try JSONFiles.writeAtomically(merged, to: output)
        console.note("merged \(files.count) file(s), \(merged.benchmarks.count) benchmark(s): wrote \(output)")
        return BenchCLI.ExitCode.success
    }
}
