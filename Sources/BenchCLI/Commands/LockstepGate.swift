import BenchCompare
import BenchKit
import Benchmarks
import Foundation

/// `bench --suite S --gate` when the baseline's binary was kept (`bench baseline update`):
/// instead of comparing a fresh run with numbers from another day, the baseline binary
/// and this one are measured now, in lockstep, and compared pair by pair. The new side is
/// the run's result file; the baseline side goes to results/<suite>-baseline-rerun-<time>.json.
enum LockstepGate {
    static func run(selection: Selection, baseline stored: BaselineBinaries.KeptBinary, baselineResult: ResultFile,
                    outputPath: String, parsed: ParsedArguments, format: String, environment: EnvironmentInfo,
                    timerOverheadNs: Double, workspace: Workspace, console: Console) throws -> Int32 {
        var options = try LockstepFlags.parse(parsed, threshold: selection.threshold)
        let createdAt = Date()
        options.filter = selection.filter
        options.timeBudget = selection.timeBudget
        options.seed = UInt64(createdAt.timeIntervalSince1970 * 1000)
        options.timerOverheadNs = timerOverheadNs
        options.scratch = try ScratchDirectory.create()
        defer { try? FileManager.default.removeItem(atPath: options.scratch) }
        console.note("gate: measuring the baseline binary (commit \(stored.commit.map { String($0.prefix(12)) } ?? "unknown")) and this one in lockstep, taking turns sample by sample on one CPU")
        let quiet = parsed.has("quiet")
        let runner = LockstepRunner(
            base: LockstepSide(name: "baseline", executable: stored.executable, workingDirectory: workspace.root, suitePath: stored.suitePath),
            head: LockstepSide(name: "new", executable: ProcessRepetitions.currentExecutable(), workingDirectory: workspace.root,
                               suitePath: selection.plan.path),
            options: options, progress: { if !quiet { console.note("  " + $0) } })
        let outcome = try runner.run()
        console.note(String(format: "lockstep: %d pairs in %.0f s", outcome.pairs, outcome.seconds))
        for (what, names) in [("only in the baseline's suite", outcome.onlyInBase), ("only in this suite", outcome.onlyInHead),
                              ("self-timed, not measured in lockstep", outcome.notLockstep)] where !names.isEmpty {
            console.note("note: \(what): " + names.joined(separator: ", "))
        }
        let suite = selection.plan.suite
        let result = ResultFile(suite: suite, createdAt: Timestamps.iso(createdAt), environment: environment,
                                design: outcome.headDesign, benchmarks: outcome.head)
        try JSONFiles.writeAtomically(result, to: outputPath)
        var baselineEnvironment = environment
        baselineEnvironment.commit = baselineResult.environment?.commit
        baselineEnvironment.dirty = baselineResult.environment?.dirty
        let rerun = ResultFile(suite: suite, createdAt: Timestamps.iso(createdAt), environment: baselineEnvironment,
                               design: outcome.baseDesign, benchmarks: outcome.base)
        let rerunPath = try ResultStore(directory: workspace.results).newPath(suite: suite + "-baseline-rerun", date: createdAt)
        try JSONFiles.writeAtomically(rerun, to: rerunPath)
        console.note("wrote \(outputPath) (baseline side: \(rerunPath))")
        return try CompareCommand.compareAndReport(base: rerun, basePath: rerunPath, new: result, newPath: outputPath, history: [],
                                                   parsed: parsed, format: format, reportOutput: nil, console: console)
    }
}
