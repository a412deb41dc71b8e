import BenchKit
import Foundation

/// After a run: print what was measured, then compare with this machine's baseline
/// when there is one, saying plainly when there is none or it does not match.
enum BaselineComparison {
    static func report(result: ResultFile, resultPath: String, parsed: ParsedArguments, format: String,
                       workspace: Workspace, console: Console,
                       measureAgain: CompareCommand.MeasureAgain? = nil) throws -> Int32 {
        let machine = result.environment?.machine ?? "unknown"
        let suite = result.suite ?? "suite"
        let store = BaselineStore(directory: workspace.baselines)
        let baseline = parsed.has("no-compare") ? nil : try store.load(suite: suite, machine: machine)
        guard var baseline else {
            console.print(RunSummary.render(result, format: format))
            if !parsed.has("no-compare") {
                let others = store.otherMachines(suite: suite, except: machine)
                let elsewhere = others.isEmpty ? "" : " (baselines exist for other machines: \(others.joined(separator: ", ")); they are not used here)"
                console.note("no baseline for suite \"\(suite)\" on this machine (\(machine))\(elsewhere); to store this run as the baseline: bench baseline update --suite \(suite)")
                if parsed.has("gate") {
                    console.note("--gate: nothing to gate against; passing")
                }
            }
            return BenchCLI.ExitCode.success
        }
        if result.shard != nil {
            // A shard gates its own part: the rest of the baseline is measured by the other shards.
            let measured = Set(result.benchmarks.map(\.name))
            baseline.benchmarks.removeAll { !measured.contains($0.name) }
        }
        let history = try EarlierRuns.load(directory: store.historyDirectory(machine: machine), before: baseline,
                                           required: false).runs
        return try CompareCommand.compareAndReport(base: baseline, basePath: store.path(suite: suite, machine: machine),
                                                   new: result, newPath: resultPath, history: history, parsed: parsed,
                                                   format: format, reportOutput: nil, console: console,
                                                   measureAgain: measureAgain)
    }
}
