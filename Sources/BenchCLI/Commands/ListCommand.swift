import BenchKit
import Benchmarks
import Foundation

/// `bench list`: the suites and the benchmark instances each runs, or every
/// benchmark the binary knows with its parameters.
enum ListCommand {
    static let options: [OptionSpec] = [
        .value("suite", "S", "list only this suite's instances"),
        .value("filter", "REGEX", "list only instances whose full name matches"),
        .value("shard", "I/N", "list only part I of N, the instances `bench --shard I/N` runs"),
        .flag("pattern", "print a regular expression matching exactly the listed instances (for `bench ci --filter`)"),
        .flag("benchmarks", "list the benchmarks this binary knows, with their parameters"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench list [--suite S] [--filter REGEX] [--shard I/N] [--pattern] [--benchmarks]",
        description: "Lists each suite in suites/ with its benchmark instances (after --filter).",
        options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "list")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        if parsed.has("benchmarks") {
            for benchmark in Catalog.registry.benchmarks {
                let parameters = benchmark.parameters.map { spec in
                    "\(spec.name): \(spec.kind.rawValue)" + (spec.defaultValue.map { " = \($0)" } ?? "")
                }
                console.print("\(benchmark.name)" + (parameters.isEmpty ? "" : " (\(parameters.joined(separator: ", ")))") + " — \(benchmark.summary)")
            }
            return BenchCLI.ExitCode.success
        }
        let suites = parsed.value("suite").map { [$0] } ?? SuitePlan.availableSuites(in: workspace.suites)
        if suites.isEmpty {
            console.print("no suites in \(workspace.suites)")
        }
        for suite in suites {
            var listing = parsed
            listing.values["suite"] = suite
            let selection: Selection
            do {
                selection = try ShardOption.narrow(Selection(parsed: listing, suite: suite, workspace: workspace),
                                                   parsed: listing, workspace: workspace).selection
            } catch BenchError.noBenchmarksSelected {
                continue
            }
            if parsed.has("pattern") {
                console.print(Shards.exactPattern(selection.instances.map(\.name)))
                continue
            }
            let budget = selection.instances.map(\.timeBudget).reduce(0, +) * Double(selection.processes)
            console.print("\(selection.plan.suite) (\(selection.instances.count) benchmarks, \(selection.processes) processes, ~\(Int(budget.rounded())) s of samples)")
            for instance in selection.instances {
                console.print("  " + instance.name.escapedForTerminal)
            }
        }
        return BenchCLI.ExitCode.success
    }
}
