import BenchKit
import Foundation

/// `--shard I/N` of a run: narrows the selection to one balanced part of the suite
/// (`Shards`) and says which part the result file holds, so `bench merge` can join the
/// parts run on other runners.
enum ShardOption {
    static let spec = OptionSpec.value("shard", "I/N",
        "run only part I of N of the selected instances (1-based), balanced by expected time; join the parts' results with `bench merge`")

    /// The selection narrowed to the shard, and the shard's record; the selection
    /// unchanged and nil without `--shard`.
    static func narrow(_ selection: Selection, parsed: ParsedArguments,
                       workspace: Workspace) throws -> (selection: Selection, shard: ShardInfo?) {
        guard let text = parsed.value("shard") else { return (selection, nil) }
        let (index, count) = try Shards.parse(text)
        let names = selection.instances.map(\.name)
        guard count <= names.count else {
            throw UsageError("--shard \(text): suite \"\(selection.plan.suite)\" has \(names.count) selected instance(s), too few for \(count) shards; use at most \(names.count)")
        }
        let machine = EnvironmentProbe.capture(build: BuildConfiguration.current, kernelISA: nil, timer: (0, 0),
                                               workingDirectory: workspace.root).machine
        let earlier = Shards.earlierRun(suite: selection.plan.suite, machine: machine,
                                        baselines: workspace.baselines, results: workspace.results)
        let part = Shards.select(names, index: index, count: count, earlier: earlier)
        return (Selection(narrowing: selection, to: Set(part.names)), part.info)
    }
}

extension Selection {
    /// The same selection with only the instances named; child processes select them by
    /// their exact names.
    init(narrowing other: Selection, to names: Set<String>) {
        plan = other.plan
        instances = other.instances.filter { names.contains($0.name) }
        processes = other.processes
        filter = Shards.exactPattern(instances.map(\.name))
        timeBudget = other.timeBudget
        threshold = other.threshold
    }
}
