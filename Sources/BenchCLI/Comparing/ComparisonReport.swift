import BenchCompare
import BenchKit
import Foundation

/// Measures the named benchmarks again in fresh processes; returns the new result and
/// where it was written.
typealias MeasureAgain = ([String]) throws -> (result: ResultFile, path: String)

/// The one comparison of two results, used by `bench compare`, by a run against its
/// baseline and by the lockstep gate: compares, prints the report, optionally writes
/// it, and with `--gate` turns the verdict into the exit code. With `measureAgain` (a
/// run that can measure again), a gate that would fail on sampled regressions first
/// measures those benchmarks again and fails only on the regressions seen twice
/// (`Comparison.confirmed(by:)`). A document format (JSON, markdown) puts only the
/// final report on stdout; which files were compared goes to stderr.
struct ComparisonReport {
    var base: ResultFile
    var basePath: String
    var new: ResultFile
    var newPath: String
    var history: [ResultFile] = []
    var gate: GateOptions
    var format: ReportFormat
    var colour: Bool
    /// Also write the report (in `format`) here.
    var reportOutput: String? = nil
    var measureAgain: MeasureAgain? = nil

    func run(console: Console) throws -> Int32 {
        var comparison = try compare(baseline: base, new: new, history: history, options: gate.comparisonOptions)
        show("baseline: \(basePath)\nnew:      \(newPath)\n", console: console)
        if !format.isDocument { console.print(try comparison.render(format, colour: colour)) }
        if gate.gate, let measureAgain, !comparison.sampledRegressions.isEmpty,
           case .fail = comparison.gateDecision(allowEnvironmentMismatch: gate.allowEnvironmentMismatch) {
            let benchmarks = comparison.benchmarksToMeasureAgain
            console.note("gate: \(comparison.sampledRegressions.count) metric(s) regressed; measuring \(benchmarks.count) benchmark(s) again in fresh processes, so a whole run that landed slow is not taken for a regression")
            let again = try measureAgain(benchmarks)
            let second = try compare(baseline: base, new: again.result, history: history, options: gate.comparisonOptions)
            comparison = comparison.confirmed(by: second)
            show("\nmeasured again: \(again.path)\n", console: console)
            if !format.isDocument { console.print(try comparison.render(format, colour: colour)) }
        }
        if format.isDocument { console.print(try comparison.render(format)) }
        if let reportOutput {
            try JSONFiles.writeAtomically(Data(try comparison.render(format).utf8), to: reportOutput)
        }
        if comparison.environment.isMismatch || comparison.environment.debugBuild {
            console.note("WARNING: the two results come from different environments; their timings may not be comparable")
        }
        let runs = comparison.historyRuns ?? 1
        if comparison.design != .lockstep, runs < RunHistory.minimumRuns {
            console.note("note: \(runs) run(s) of this suite known (baseline and history), \(RunHistory.minimumRuns) needed to tell whole-run shifts of this machine from regressions; keep baselines with `bench baseline update` (older ones go to history/) or pass --history DIR")
        }
        return try GateVerdict.exitCode(of: comparison, gate: gate, console: console, prefix: "gate: ")
    }

    /// Which files are compared: above a text report on stdout, on stderr beside a document.
    private func show(_ text: String, console: Console) {
        if format.isDocument {
            text.split(separator: "\n").forEach { console.note(String($0)) }
        } else {
            console.print(text)
        }
    }
}
