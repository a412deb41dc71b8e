import BenchKit
import Foundation
import Serving

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

extension ShardOption {
    static let loadSpec = OptionSpec.value("shard", "I/N",
        "be generator I of N driving one server (server scenario): offer rate/N with seed S+I-1; join the reports with `bench merge`")

    /// `bench load --shard I/N`: generator I of N offers the open-loop rate / N with seed
    /// `seed + I - 1`, so N generators together offer the rate, each with its own schedule.
    static func splitLoad(_ scenario: Scenario, seed: UInt64, parsed: ParsedArguments) throws -> (Scenario, UInt64) {
        guard let text = parsed.value("shard") else { return (scenario, seed) }
        let (index, count) = try Shards.parse(text)
        guard case .server(let rate) = scenario else {
            throw UsageError("load: --shard \(text) splits the open-loop rate of --scenario server with one --rate; sweeps and closed loops do not add up")
        }
        return (.server(rate: rate / Double(count)), seed &+ UInt64(index - 1))
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
