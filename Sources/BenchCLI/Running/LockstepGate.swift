import BenchCompare
import BenchKit
import Benchmarks
import Foundation

/// `bench --suite S --gate` when the baseline's binary was kept (`bench baseline update`):
/// instead of comparing a fresh run with numbers from another day, the baseline binary
/// and this one are measured now, in lockstep, and compared pair by pair. The new side is
/// the run's result file; the baseline side goes to results/<suite>-baseline-rerun-<time>.json.
struct LockstepGate {
    let selection: Selection
    let kept: KeptBaseline
    /// The lockstep flags' settings (seed, timer overhead and scratch are set here).
    let options: LockstepOptions
    /// Whether each lockstep pair gets a progress line.
    let showsSteps: Bool

    /// This machine's stored baseline and the binary that measured it.
    struct KeptBaseline {
        let binary: BaselineBinaries.KeptBinary
        let result: ResultFile
    }

    /// Both sides measured and written: the baseline side and where it went, and the new side.
    struct Sides {
        let baseline: ResultFile
        let baselinePath: String
        let new: ResultFile
        let newPath: String
    }

    /// The stored baseline and its kept binary, when there are both. Without them:
    /// an error when lockstep was `required` (--design lockstep), else nil with a note
    /// when only the binary is missing.
    static func keptBaseline(suite: String, machine: String?, required: Bool,
                             context: CommandContext) throws -> KeptBaseline? {
        guard let machine else { return nil }
        let stored = try BaselineStore(directory: context.workspace.baselines).load(suite: suite, machine: machine)
        guard let stored, let binary = BaselineBinaries(root: context.workspace.root).load(suite: suite, machine: machine, baseline: stored) else {
            if required {
                throw UsageError("--design lockstep needs this machine's baseline of \(suite) and its kept binary", option: "--design",
                                 value: "lockstep",
                                 remedy: "run `bench --suite \(suite)` then `bench baseline update --suite \(suite)` with this build")
            }
            if stored != nil {
                context.console.note("note: the baseline's binary was not kept, so the gate compares with stored numbers; `bench baseline update --suite \(suite)` keeps it for lockstep gating")
            }
            return nil
        }
        return KeptBaseline(binary: binary, result: stored)
    }

    /// Measures both binaries in lockstep and writes both sides' result files.
    func measure(destination: ResultDestination, environment: EnvironmentInfo, timerOverheadNs: Double,
                 context: CommandContext) throws -> Sides {
        let console = context.console, workspace = context.workspace
        let createdAt = Date()
        var options = options
        options.filter = selection.filter
        options.timeBudget = selection.timeBudget
        options.seed = UInt64(createdAt.timeIntervalSince1970 * 1000)
        options.timerOverheadNs = timerOverheadNs
        options.scratch = try ScratchDirectory.create()
        defer { try? FileManager.default.removeItem(atPath: options.scratch) }
        console.note("gate: measuring the baseline binary (commit \(kept.binary.commit.map { String($0.prefix(12)) } ?? "unknown")) and this one in lockstep, taking turns sample by sample on one CPU")
        let runner = LockstepRunner(
            base: LockstepSide(name: "baseline", executable: kept.binary.executable, workingDirectory: workspace.root, suitePath: kept.binary.suitePath),
            head: LockstepSide(name: "new", executable: context.executable, workingDirectory: workspace.root,
                               suitePath: selection.plan.path),
            options: options, progress: { [showsSteps] in if showsSteps { console.note("  " + $0) } })
        let outcome = try runner.run()
        console.note(String(format: "lockstep: %d pairs in %.0f s", outcome.pairs, outcome.seconds))
        for (what, names) in [("only in the baseline's suite", outcome.onlyInBase), ("only in this suite", outcome.onlyInHead),
                              ("self-timed, not measured in lockstep", outcome.notLockstep)] where !names.isEmpty {
            console.note("note: \(what): " + names.joined(separator: ", "))
        }
        let suite = selection.plan.suite
        let result = ResultFile(suite: suite, createdAt: Timestamps.iso(createdAt), environment: environment,
                                design: outcome.headDesign, benchmarks: outcome.head)
        let outputPath = try destination.write(result, date: createdAt)
        var baselineEnvironment = environment
        baselineEnvironment.commit = kept.result.environment?.commit
        baselineEnvironment.dirty = kept.result.environment?.dirty
        let rerun = ResultFile(suite: suite, createdAt: Timestamps.iso(createdAt), environment: baselineEnvironment,
                               design: outcome.baseDesign, benchmarks: outcome.base)
        let rerunPath = try ResultDestination.store(ResultStore(directory: workspace.results), suite: suite + "-baseline-rerun")
            .write(rerun, date: createdAt)
        console.note("wrote \(outputPath) (baseline side: \(rerunPath))")
        return Sides(baseline: rerun, baselinePath: rerunPath, new: result, newPath: outputPath)
    }
}
