import BenchCompare
import BenchKit
import Foundation

/// `bench compare BASE NEW`: compares two result files; with --gate, exits 1 on a
/// significant regression.
enum CompareCommand {
    static let options: [OptionSpec] = [
        .value("format", "FORMAT", "text (default), json or markdown"),
        .value("threshold", "FRACTION", "practical threshold, e.g. 0.05 for 5% (overrides the files' per-benchmark thresholds)"),
        .value("output", "PATH", "also write the report (in --format) to PATH"),
        HistoryOption.spec,
        .flag("gate", "exit 1 if any benchmark regressed significantly"),
        .flag("allow-env-mismatch", "gate even when the two environments differ"),
        .flag("fail-on-missing", "treat benchmarks present in only one file as failures"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench compare BASE.json NEW.json [--gate] [--threshold FRACTION] [--history DIR] [--format text|json|markdown]",
        description: """
        Compares two result files benchmark by benchmark: medians, change with its 95%
        interval, p-value adjusted for the number of comparisons, threshold, verdict.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "compare")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.count == 2 else {
            throw UsageError("compare: expected two result files, BASE.json and NEW.json, got \(parsed.positionals.count) (see `bench compare --help`)")
        }
        let format = try parsed.choice("format", ["text", "json", "markdown"]) ?? "text"
        let basePath = parsed.positionals[0], newPath = parsed.positionals[1]
        let base = try JSONFiles.readResultFile(basePath)
        let new = try JSONFiles.readResultFile(newPath)
        let history = try HistoryOption.earlierRuns(parsed, before: base, console: console)
        return try compareAndReport(base: base, basePath: basePath, new: new, newPath: newPath, history: history,
                                    parsed: parsed, format: format, reportOutput: parsed.value("output"),
                                    console: console)
    }

    /// Measures the named benchmarks again in fresh processes; returns the new result and
    /// where it was written.
    typealias MeasureAgain = ([String]) throws -> (result: ResultFile, path: String)

    /// The one comparison used by `compare` and by a run against its baseline: prints
    /// the report, optionally writes it, and with `--gate` turns the verdict into the
    /// exit code. With `measureAgain` (a run that can measure again), a gate that would
    /// fail on sampled regressions first measures those benchmarks again and fails only
    /// on the regressions seen twice (`Comparison.confirmed(by:)`).
    static func compareAndReport(base: ResultFile, basePath: String, new: ResultFile, newPath: String,
                                 history: [ResultFile], parsed: ParsedArguments, format: String,
                                 reportOutput: String?, console: Console,
                                 measureAgain: MeasureAgain? = nil) throws -> Int32 {
        let options = ComparisonOptions(
            threshold: try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)"),
            failOnMissing: parsed.has("fail-on-missing"))
        var comparison = try compare(baseline: base, new: new, history: history, options: options)
        let reportFormat = ReportFormat(rawValue: format) ?? .text
        console.print("baseline: \(basePath)\nnew:      \(newPath)\n")
        console.print(try comparison.render(reportFormat, colour: reportFormat == .text && console.isTerminal))
        if parsed.has("gate"), let measureAgain, !comparison.sampledRegressions.isEmpty,
           case .fail = comparison.gateDecision(allowEnvironmentMismatch: parsed.has("allow-env-mismatch")) {
            let benchmarks = comparison.benchmarksToMeasureAgain
            console.note("gate: \(comparison.sampledRegressions.count) metric(s) regressed; measuring \(benchmarks.count) benchmark(s) again in fresh processes, so a whole run that landed slow is not taken for a regression")
            let again = try measureAgain(benchmarks)
            let second = try compare(baseline: base, new: again.result, history: history, options: options)
            comparison = comparison.confirmed(by: second)
            console.print("\nmeasured again: \(again.path)\n")
            console.print(try comparison.render(reportFormat, colour: reportFormat == .text && console.isTerminal))
        }
        if let output = reportOutput {
            try JSONFiles.writeAtomically(Data(try comparison.render(reportFormat).utf8), to: output)
        }
        if comparison.environment.isMismatch || comparison.environment.debugBuild {
            console.note("WARNING: the two results come from different environments; their timings may not be comparable")
        }
        let runs = comparison.historyRuns ?? 1
        if comparison.design != .lockstep, runs < RunHistory.minimumRuns {
            console.note("note: \(runs) run(s) of this suite known (baseline and history), \(RunHistory.minimumRuns) needed to tell whole-run shifts of this machine from regressions; keep baselines with `bench baseline update` (older ones go to history/) or pass --history DIR")
        }
        guard parsed.has("gate") else { return BenchCLI.ExitCode.success }
        switch comparison.gateDecision(allowEnvironmentMismatch: parsed.has("allow-env-mismatch")) {
        case .pass:
            console.note("gate: passed (no significant regression)")
            return BenchCLI.ExitCode.success
        case .fail(let reasons):
            console.note("gate: FAILED: " + reasons.joined(separator: "; "))
            return BenchCLI.ExitCode.regression
        case .refused(let reasons):
            throw UsageError("gate refused: \(reasons.joined(separator: "; ")); compare results from the same machine and build, or pass --allow-env-mismatch")
        }
    }
}
