import BenchKit
import Foundation
import Serving

/// `--shard I/N`: part I of N. A run narrows its selection to one balanced part of the
/// suite (`Shards`) and says which part the result file holds, so `bench merge` can join
/// the parts run on other runners; `bench load` becomes generator I of N.
struct ShardPart: Sendable {
    /// As typed, for messages.
    let text: String
    let index: Int
    let count: Int

    /// `--shard I/N`; `help` says what the part does in the command.
    static func option(_ help: String) -> Option<ShardPart> {
        Option(OptionDeclaration(name: "shard", valueName: "I/N", help: help), describe: \.text) { text in
            let (index, count) = try Shards.parse(text)
            return ShardPart(text: text, index: index, count: count)
        }
    }

    /// `--shard` of a run or a listing.
    static let suiteOption = option(
        "run only part I of N of the selected instances (1-based), balanced by expected time; join the parts' results with `bench merge`")

    /// `--shard` of `bench load`.
    static let loadOption = option(
        "be generator I of N driving one server (server scenario): offer rate/N with seed S+I-1; join the reports with `bench merge`")

    /// `selection` narrowed to this part, and the part's record for the result file.
    func narrow(_ selection: Selection, workspace: Workspace) throws -> (selection: Selection, shard: ShardInfo) {
        let names = selection.instances.map(\.name)
        guard count <= names.count else {
            throw UsageError("--shard \(text): suite \"\(selection.plan.suite)\" has \(names.count) selected instance(s), too few for \(count) shards",
                             option: "--shard", value: text, remedy: "use at most \(names.count)")
        }
        let machine = EnvironmentProbe.capture(build: BuildConfiguration.current, kernelISA: nil, timer: (0, 0),
                                               workingDirectory: workspace.root).machine
        let earlier = Shards.earlierRun(suite: selection.plan.suite, machine: machine,
                                        baselines: workspace.baselines, results: workspace.results)
        let part = Shards.select(names, index: index, count: count, earlier: earlier)
        return (Selection(narrowing: selection, to: Set(part.names)), part.info)
    }

    /// `bench load --shard I/N`: generator I of N offers the open-loop rate / N with seed
    /// `seed + I - 1`, so N generators together offer the rate, each with its own schedule.
    func splitLoad(_ scenario: Scenario, seed: UInt64) throws -> (Scenario, UInt64) {
        guard case .server(let rate) = scenario else {
            throw UsageError("load: --shard \(text) splits the open-loop rate of --scenario server with one --rate; sweeps and closed loops do not add up",
                             option: "--shard", value: text)
        }
        return (.server(rate: rate / Double(count)), seed &+ UInt64(index - 1))
    }
}

/// `narrow` for an optional part: the selection unchanged and no record without `--shard`.
extension Optional where Wrapped == ShardPart {
    func narrow(_ selection: Selection, workspace: Workspace) throws -> (selection: Selection, shard: ShardInfo?) {
        guard let part = self else { return (selection, nil) }
        let narrowed = try part.narrow(selection, workspace: workspace)
        return (narrowed.selection, narrowed.shard)
    }
}
