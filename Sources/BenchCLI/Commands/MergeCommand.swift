import BenchKit
import Foundation
import Serving

/// `bench merge A.json B.json … -o S.json`: joins the shard results of one run into one
/// result file, which compares, gates and becomes a baseline like a whole run; or the
/// reports of load generators that drove one server together (`bench load --shard I/N`).
enum MergeCommand: Command {
    struct Options {
        var files: [String]
        var output: String?
    }

    static let output = OutputOptions.output("where to write the merged result").defaultDescribed("results/<suite>-<time>.json")

    static let configuration = CommandConfiguration(
        name: "merge",
        abstract: "join the shard results of one run (`--shard I/N`) into one result file",
        usage: ["merge SHARD.json... [-o MERGED.json]", "merge LOAD.json... [-o MERGED.json]"],
        discussion: """
        Joins the results of `bench --suite S --shard I/N` (one per shard, from CI runners
        or Kubernetes pods) into one result file. Refuses, with exit 2, files of different
        suites, machine fingerprints or commits, shards of different plans, a missing or
        repeated shard, and a benchmark in two files. The merged file has every benchmark
        (sorted by name), the earliest start time and the first shard's environment.
        Given `bench load --output` reports of server-scenario generators with distinct
        seeds, it adds up their counts and rates and merges their latency histograms
        bucket by bucket (exact percentiles over every request), and prints the result.
        """,
        options: [output.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard !arguments.positionals.isEmpty else {
            throw UsageError("merge: which results? pass the shard result files",
                             remedy: "e.g. bench merge shard-1.json shard-2.json -o merged.json")
        }
        return Options(files: arguments.positionals.map(context.resolve), output: try arguments.value(output).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let console = context.console
        if try isLoadReport(options.files[0]) {
            return try mergeLoad(options.files, output: options.output, console: console)
        }
        let files = try options.files.map { path in (path: path, file: try JSONFiles.readResultFile(path)) }
        let merged = try ShardMerge.merge(files)
        let destination = options.output.map(ResultDestination.path)
            ?? .store(ResultStore(directory: context.workspace.results), suite: merged.suite ?? "merged")
        try destination.checkWritable()
        let output = try destination.write(merged, date: Date())
        console.note("merged \(files.count) file(s), \(merged.benchmarks.count) benchmark(s): wrote \(output)")
        return ExitCode.success
    }

    /// A `bench load` report (a "scenario", no result-file "schema").
    private static func isLoadReport(_ path: String) throws -> Bool {
        struct Kind: Decodable { let schema: String?; let scenario: String? }
        let kind = try JSONFiles.read(Kind.self, from: path, limit: JSONFiles.resultFileLimit)
        return kind.schema == nil && kind.scenario != nil
    }

    private static func mergeLoad(_ paths: [String], output: String?, console: Console) throws -> Int32 {
        let reports = try paths.map { path in
            (path: path, report: try JSONFiles.read(LoadReport.self, from: path, limit: JSONFiles.resultFileLimit))
        }
        let merged = try MergedLoadReport.merge(reports)
        if let output {
            try JSONFiles.checkWritable(output)
            try JSONFiles.writeAtomically(merged, to: output)
            console.note("merged \(merged.generators) load report(s): wrote \(output)")
        }
        let p = merged.latency
        console.print(String(format: "%d generators: offered %.1f req/s, achieved %.1f req/s, %d requests, %d errors; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (merged histograms)",
                             merged.generators, merged.targetRate, merged.achievedRate, merged.requests, merged.errors,
                             p.p50, p.p90, p.p99, p.p999, p.max))
        return ExitCode.success
    }
}
