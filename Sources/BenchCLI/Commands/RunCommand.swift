import BenchKit
import Benchmarks
import Foundation

/// `bench --suite S`: runs a suite in fresh processes, writes the result file, and
/// compares it with this machine's baseline.
enum RunCommand {
    static let options: [OptionSpec] = [
        .value("suite", "S", "suite to run: suites/S.json, or a path to a suite file"),
        .value("filter", "REGEX", "run only benchmarks whose full name matches REGEX"),
        .value("time-budget", "SECONDS", "seconds of samples per benchmark per process (overrides the suite)"),
        .value("processes", "N", "process repetitions, each a fresh process (overrides the suite; default 10)"),
        .value("output", "PATH", "write the result file here instead of results/<suite>-<time>.json"),
        .value("format", "FORMAT", "text (default), json or markdown"),
        .value("threshold", "FRACTION", "practical threshold for the gate, e.g. 0.05 for 5% (overrides the suite)"),
        .value("metric", "NAME", "time (default), or instructions: count per operation under valgrind (see docs/instruction-counts.md)"),
        .value("count-iterations", "N", "with --metric instructions: operations per measured region (default 1)"),
        ShardOption.spec,
        .flag("gate", "exit 1 if the comparison with the baseline finds a significant regression"),
        .flag("allow-env-mismatch", "gate even when the baseline's environment differs"),
        .flag("fail-on-missing", "with --gate, fail when a benchmark is only in the baseline or only in the run"),
        .flag("no-compare", "do not compare with the baseline"),
        .flag("no-confirm", "with --gate, fail on the first comparison instead of measuring regressed benchmarks again"),
        .value("design", "D", "with --gate: lockstep (default when the baseline's binary was kept: baseline and this build take turns sample by sample on one CPU) or processes (compare with the stored numbers)"),
        .flag("quiet", "no progress lines"),
        .flag("help", "show this help"),
    ] + LockstepFlags.options

    static let help = ArgumentParser.help(
        usage: "bench --suite S [--filter REGEX] [--processes N] [--time-budget SECONDS] [--gate] [options]",
        description: """
        Runs the suite's benchmarks, each process repetition in a fresh process, writes
        the result file atomically, and compares it with this machine's baseline when
        one exists (baselines/<machine>/<suite>.json). With --gate, when `bench baseline
        update` kept the baseline's binary, the baseline build is measured again in
        lockstep with this one instead (see `bench ci --help`). A debug build
        re-executes itself as a release build first.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "run")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            throw UsageError("run: unexpected argument '\(parsed.positionals[0])' (see `bench run --help`)")
        }
        guard let suite = parsed.value("suite") else {
            throw UsageError("run: which suite? pass --suite S (available: \(SuitePlan.availableSuites(in: workspace.suites).joined(separator: ", ")))")
        }
        let format = try parsed.choice("format", ["text", "json", "markdown"]) ?? "text"
        let (selection, shard) = try ShardOption.narrow(Selection(parsed: parsed, suite: suite, workspace: workspace),
                                                        parsed: parsed, workspace: workspace)
        let counting = try parsed.choice("metric", ["time", "instructions"]) == "instructions"
        // Counts get their own results and baseline (`<suite>-instructions`), apart from timings.
        let resultSuite = counting ? selection.plan.suite + "-instructions" : selection.plan.suite
        let outputPath = try parsed.value("output")
            ?? ResultStore(directory: workspace.results).newPath(suite: resultSuite, date: Date())
        try JSONFiles.checkWritable(outputPath)
        try BuildConfiguration.ensureOptimized(arguments: ["run"] + arguments, console: console)
        try Catalog.checkCPU()
        let countIterations = try parsed.int("count-iterations", in: 1...1_000_000) ?? 1
        let valgrind = counting ? try Valgrind.locate() : nil

        let timer = MonotonicClock.characterize()
        // What the measuring processes run: under valgrind, the children's AVX2 route.
        let kernelISA = counting ? Catalog.kernelISA(environment: CallgrindCounter.childEnvironment) : Catalog.kernelISA
        var environment = EnvironmentProbe.capture(build: BuildConfiguration.current, kernelISA: kernelISA,
                                                   timer: timer, workingDirectory: workspace.root)
        environment.valgrind = valgrind?.version
        let progressStyle: ProgressReporter.Style = parsed.has("quiet") ? .quiet : (isatty(STDERR_FILENO) == 1 ? .terminal : .lines)
        if let lockstep = try lockstepBaseline(parsed, selection: selection, machine: environment.machine,
                                               counting: counting, workspace: workspace, console: console) {
            return try LockstepGate.run(selection: selection, baseline: lockstep.binary, baselineResult: lockstep.result,
                                        outputPath: outputPath, parsed: parsed, format: format, environment: environment,
                                        timerOverheadNs: timer.overheadNs, workspace: workspace, console: console)
        }
        let measurement = Measurement(selection: selection, timerOverheadNs: timer.overheadNs, progressStyle: progressStyle,
                                      valgrind: valgrind, countIterations: countIterations, console: console)
        let createdAt = Date()
        var result = ResultFile(suite: resultSuite, createdAt: Timestamps.iso(createdAt), environment: environment,
                                benchmarks: try measurement.run(selection.instances, filter: selection.filter, seed: createdAt))
        result.shard = shard
        try JSONFiles.writeAtomically(result, to: outputPath)
        console.note("wrote \(outputPath)")
        // A second, independent run of regressed benchmarks (timings only: counts are deterministic).
        let measureAgain: CompareCommand.MeasureAgain? = counting || parsed.has("no-confirm") ? nil : { names in
            let again = Date()
            let chosen = selection.instances.filter { names.contains($0.name) }
            let filter = Shards.exactPattern(names)
            let rerun = ResultFile(suite: resultSuite, createdAt: Timestamps.iso(again), environment: environment,
                                   benchmarks: try measurement.run(chosen, filter: filter, seed: again))
            let path = try ResultStore(directory: workspace.results).newPath(suite: resultSuite + "-again", date: again)
            try JSONFiles.writeAtomically(rerun, to: path)
            return (rerun, path)
        }
        return try BaselineComparison.report(result: result, resultPath: outputPath, parsed: parsed, format: format,
                                             workspace: workspace, console: console, measureAgain: measureAgain)
    }

    /// The stored baseline and its kept binary when this run gates in lockstep: with
    /// --gate (or --design lockstep), timings, a baseline, and the binary kept by
    /// `bench baseline update`. --design lockstep without a kept binary is an error.
    static func lockstepBaseline(_ parsed: ParsedArguments, selection: Selection, machine: String?, counting: Bool,
                                 workspace: Workspace, console: Console)
        throws -> (binary: BaselineBinaries.KeptBinary, result: ResultFile)? {
        let design = try parsed.choice("design", ["lockstep", "processes"])
        guard !counting, design != "processes", parsed.has("gate") || design == "lockstep", !parsed.has("no-compare"),
              let machine else { return nil }
        let suite = selection.plan.suite
        let stored = try BaselineStore(directory: workspace.baselines).load(suite: suite, machine: machine)
        guard let stored, let binary = BaselineBinaries(root: workspace.root).load(suite: suite, machine: machine, baseline: stored) else {
            if design == "lockstep" {
                throw UsageError("--design lockstep needs this machine's baseline of \(suite) and its kept binary; run `bench --suite \(suite)` then `bench baseline update --suite \(suite)` with this build")
            }
            if stored != nil {
                console.note("note: the baseline's binary was not kept, so the gate compares with stored numbers; `bench baseline update --suite \(suite)` keeps it for lockstep gating")
            }
            return nil
        }
        return (binary, stored)
    }
}

/// How a run measures its benchmarks: under valgrind, in this process, or in fresh
/// processes (`--processes`), each with its own seed.
struct Measurement {
    let selection: Selection
    let timerOverheadNs: Double
    let progressStyle: ProgressReporter.Style
    let valgrind: Valgrind?
    let countIterations: Int
    let console: Console

    /// Measures `instances`; `filter` is the regular expression that selects exactly them in
    /// a child process.
    func run(_ instances: [PlannedBenchmark], filter: String?, seed date: Date) throws -> [BenchmarkResult] {
        if let valgrind {
            let counter = CallgrindCounter(valgrind: valgrind, iterations: countIterations,
                                           progress: ProgressReporter(style: progressStyle), warn: console.note)
            return try counter.count(instances) { suite, output in
                RepetitionRequest(suitePath: suite, output: output, seed: 0, timerOverheadNs: 0, quiet: true,
                                  countIterations: countIterations, countLayouts: counter.layouts).arguments
            }
        }
        let baseSeed = UInt64(date.timeIntervalSince1970 * 1000)
        if selection.processes == 1 {
            let runner = InProcessRunner(timerOverheadNs: timerOverheadNs, seed: baseSeed,
                                         progress: ProgressReporter(style: progressStyle))
            return try runner.run(instances)
        }
        let count = selection.processes
        return try ProcessRepetitions { [selection, timerOverheadNs, progressStyle] index, output in
            RepetitionRequest(suitePath: selection.plan.path, output: output, seed: baseSeed &+ UInt64(index) &* 0x9E37_79B9,
                              filter: filter, timeBudget: selection.timeBudget, threshold: selection.threshold,
                              timerOverheadNs: timerOverheadNs, label: "process \(index)/\(count)",
                              quiet: progressStyle == .quiet).arguments
        }.run(count: count)
    }
}
