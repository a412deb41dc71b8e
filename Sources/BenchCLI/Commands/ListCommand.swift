import BenchKit
import Benchmarks
import Foundation

/// `bench list`: the suites and the benchmark instances each runs, or every
/// benchmark the binary knows with its parameters.
enum ListCommand: Command {
    struct Options {
        var suite: String?
        var filter: String?
        var shard: ShardPart?
        var pattern: Bool
        var benchmarks: Bool
    }

    static let suite = Option.text("suite", "S", "list only this suite's instances")
    static let shard = ShardPart.option("list only part I of N, the instances `bench --shard I/N` runs")
    static let pattern = Flag("pattern", "print a regular expression matching exactly the listed instances (for `bench ci --filter`)")
    static let benchmarks = Flag("benchmarks", "list the benchmarks this binary knows, with their parameters")

    static let configuration = CommandConfiguration(
        name: "list",
        abstract: "list suites and their benchmarks",
        usage: ["list [--suite S] [--filter REGEX] [--shard I/N] [--pattern] [--benchmarks]"],
        discussion: "Lists each suite in suites/ with its benchmark instances (after --filter).",
        options: [suite.declaration, SuiteOptions.filter.declaration, shard.declaration, pattern.declaration,
                  benchmarks.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("list: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench list --help`")
        }
        return Options(suite: try arguments.value(suite), filter: try arguments.value(SuiteOptions.filter),
                       shard: try arguments.value(shard), pattern: arguments.isSet(pattern),
                       benchmarks: arguments.isSet(benchmarks))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let console = context.console, workspace = context.workspace
        if options.benchmarks {
            for benchmark in Catalog.registry.benchmarks {
                let parameters = benchmark.parameters.map { spec in
                    "\(spec.name): \(spec.kind.rawValue)" + (spec.defaultValue.map { " = \($0)" } ?? "")
                }
                console.print("\(benchmark.name)" + (parameters.isEmpty ? "" : " (\(parameters.joined(separator: ", ")))") + " — \(benchmark.summary)")
            }
            return ExitCode.success
        }
        let suites = options.suite.map { [$0] } ?? SuitePlan.availableSuites(in: workspace.suites)
        if suites.isEmpty {
            console.print("no suites in \(workspace.suites)")
        }
        for suite in suites {
            let selection: Selection
            do {
                selection = try options.shard.narrow(Selection(suite: suite, filter: options.filter, timeBudget: nil, threshold: nil,
                                                               processes: nil, workspace: workspace),
                                                     workspace: workspace).selection
            } catch BenchError.noBenchmarksSelected {
                continue
            }
            if options.pattern {
                console.print(Shards.exactPattern(selection.instances.map(\.name)))
                continue
            }
            let budget = selection.instances.map(\.timeBudget).reduce(0, +) * Double(selection.processes)
            console.print("\(selection.plan.suite) (\(selection.instances.count) benchmarks, \(selection.processes) processes, ~\(Int(budget.rounded())) s of samples)")
            for instance in selection.instances {
                console.print("  " + instance.name.escapedForTerminal)
            }
        }
        return ExitCode.success
    }
}
