import BenchKit
import Foundation

/// This machine's stored baseline of a run's suite, with the earlier baselines as
/// history; or, when there is none, a plain note saying so and how to store one.
struct StoredBaseline {
    let result: ResultFile
    let path: String
    /// Earlier baselines of this machine (its history/ folder), oldest first.
    let history: [ResultFile]

    /// The baseline to compare `result` with, narrowed to the benchmarks a shard measured;
    /// nil (after a note on stderr) when this machine has none.
    static func load(for result: ResultFile, workspace: Workspace, gating: Bool, console: Console) throws -> StoredBaseline? {
        let machine = result.environment?.machine ?? "unknown"
        let suite = result.suite ?? "suite"
        let store = BaselineStore(directory: workspace.baselines)
        guard var baseline = try store.load(suite: suite, machine: machine) else {
            let others = store.otherMachines(suite: suite, except: machine)
            let elsewhere = others.isEmpty ? "" : " (baselines exist for other machines: \(others.joined(separator: ", ")); they are not used here)"
            console.note("no baseline for suite \"\(suite)\" on this machine (\(machine))\(elsewhere); to store this run as the baseline: bench baseline update --suite \(suite)")
            if gating {
                console.note("--gate: nothing to gate against; passing")
            }
            return nil
        }
        if result.shard != nil {
            // A shard gates its own part: the rest of the baseline is measured by the other shards.
            let measured = Set(result.benchmarks.map(\.name))
            baseline.benchmarks.removeAll { !measured.contains($0.name) }
        }
        let history = try EarlierRuns.load(directory: store.historyDirectory(machine: machine), before: baseline,
                                           required: false).runs
        return StoredBaseline(result: baseline, path: try store.path(suite: suite, machine: machine), history: history)
    }
}
