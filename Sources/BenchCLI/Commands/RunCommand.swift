import BenchCompare
import BenchKit
import Benchmarks
import Foundation

/// `bench --suite S`: runs a suite in fresh processes, writes the result file, and
/// compares it with this machine's baseline (measuring the baseline's kept binary again
/// in lockstep when gating).
enum RunCommand: Command {
    /// What a run counts: time (samples) or instructions under valgrind.
    enum Metric: String, CaseIterable, Sendable { case time, instructions }

    struct Options {
        var suite: String
        var filter: String?
        var timeBudget: Double?
        var processes: Int?
        var shard: ShardPart?
        var output: String?
        var format: ReportFormat
        var colour: Bool
        var gate: GateOptions
        var metric: Metric
        var countIterations: Int
        var compareWithBaseline: Bool
        var confirmRegressions: Bool
        var design: CIPipeline.Design?
        var lockstep: LockstepOptions
        var progress: ProgressOptions
        /// The arguments as given, for a debug build to re-run itself as a release build.
        var arguments: [String]
    }

    static let processes = SuiteOptions.processes(minimum: 1, "process repetitions, each a fresh process (overrides the suite)")
    static let output = OutputOptions.output("write the result file here instead of results/<suite>-<time>.json")
    static let metric = Option.choice("metric", "NAME", among: Metric.allCases,
                                      "what to measure: time, or instructions counted per operation under valgrind (see docs/instruction-counts.md)")
        .defaulting(to: Metric.time)
    static let countIterations = Option.integer("count-iterations", "N", in: 1...1_000_000,
                                                "with --metric instructions: operations per measured region")
        .defaulting(to: 1)
    static let noCompare = Flag("no-compare", "do not compare with the baseline")
    static let noConfirm = Flag("no-confirm", "with --gate, fail on the first comparison instead of measuring regressed benchmarks again")
    static let design = Option.choice("design", "D", among: CIPipeline.Design.allCases,
                                      "with --gate: lockstep (baseline and this build take turns sample by sample on one CPU) or processes (compare with the stored numbers)")
        .defaultDescribed("lockstep when the baseline's binary was kept")

    static let configuration = CommandConfiguration(
        name: "run",
        abstract: "run a suite (the default: `bench --suite S`)",
        usage: ["--suite S [--filter REGEX] [--processes N] [--time-budget SECONDS] [--gate] [options]",
                "run --suite S [options]"],
        discussion: """
        Runs the suite's benchmarks, each process repetition in a fresh process, writes
        the result file atomically, and compares it with this machine's baseline when
        one exists (baselines/<machine>/<suite>.json). With --gate, when `bench baseline
        update` kept the baseline's binary, the baseline build is measured again in
        lockstep with this one instead (see `bench ci --help`). A debug build
        re-executes itself as a release build first. Progress goes to stderr: a
        self-updating line on a terminal, otherwise one line per benchmark.
        """,
        options: [SuiteOptions.suite.declaration, SuiteOptions.filter.declaration, SuiteOptions.timeBudget.declaration,
                  processes.declaration, output.declaration, OutputOptions.reportFormat.declaration,
                  ColorChoice.option.declaration, metric.declaration, countIterations.declaration,
                  ShardPart.suiteOption.declaration]
            + GateOptions.declarations
            + [noCompare.declaration, noConfirm.declaration, design.declaration]
            + ProgressOptions.declarations + LockstepFlags.declarations)

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("run: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench run --help`")
        }
        guard let suite = try arguments.value(SuiteOptions.suite) else {
            let available = SuitePlan.availableSuites(in: context.workspace.suites).joined(separator: ", ")
            throw UsageError("run: which suite? pass --suite S (available: \(available))", option: "--suite")
        }
        let gate = try GateOptions.parse(arguments)
        return Options(
            suite: suite, filter: try arguments.value(SuiteOptions.filter), timeBudget: try arguments.value(SuiteOptions.timeBudget),
            processes: try arguments.value(processes), shard: try arguments.value(ShardPart.suiteOption),
            output: try arguments.value(output).map(context.resolve), format: try arguments.value(OutputOptions.reportFormat),
            colour: try arguments.value(ColorChoice.option).isEnabled(for: context.console.output, environment: context.environment),
            gate: gate, metric: try arguments.value(metric), countIterations: try arguments.value(countIterations),
            compareWithBaseline: !arguments.isSet(noCompare), confirmRegressions: !arguments.isSet(noConfirm),
            design: try arguments.value(design), lockstep: try LockstepFlags.parse(arguments, threshold: gate.threshold),
            progress: try ProgressOptions.parse(arguments), arguments: arguments.original)
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let workspace = context.workspace, console = context.console
        let (selection, shard) = try options.shard.narrow(
            Selection(suite: options.suite, filter: options.filter, timeBudget: options.timeBudget, threshold: options.gate.threshold,
                      processes: options.processes, workspace: workspace),
            workspace: workspace)
        let counting = options.metric == .instructions
        // Counts get their own results and baseline (`<suite>-instructions`), apart from timings.
        let resultSuite = counting ? selection.plan.suite + "-instructions" : selection.plan.suite
        let destination = options.output.map(ResultDestination.path)
            ?? .store(ResultStore(directory: workspace.results), suite: resultSuite)
        try destination.checkWritable()
        try BuildConfiguration.ensureOptimized(arguments: ["run"] + options.arguments, environment: context.environment,
                                               console: console)
        try Catalog.checkCPU()
        let valgrind = counting ? try Valgrind.locate() : nil

        let timer = MonotonicClock.characterize()
        // What the measuring processes run: under valgrind, the children's AVX2 route.
        let kernelISA = counting ? Catalog.kernelISA(environment: CallgrindCounter.childEnvironment) : Catalog.kernelISA
        var environment = EnvironmentProbe.capture(build: BuildConfiguration.current, kernelISA: kernelISA,
                                                   timer: timer, workingDirectory: workspace.root)
        environment.valgrind = valgrind?.version
        let wantsLockstep = !counting && options.compareWithBaseline && options.design != .processes
            && (options.gate.gate || options.design == .lockstep)
        if wantsLockstep, let kept = try LockstepGate.keptBaseline(suite: selection.plan.suite, machine: environment.machine,
                                                                   required: options.design == .lockstep, context: context) {
            let gate = LockstepGate(selection: selection, kept: kept, options: options.lockstep,
                                    showsSteps: options.progress.showsSteps(on: console))
            let sides = try gate.measure(destination: destination, environment: environment, timerOverheadNs: timer.overheadNs,
                                         context: context)
            return try ComparisonReport(base: sides.baseline, basePath: sides.baselinePath, new: sides.new, newPath: sides.newPath,
                                        gate: options.gate, format: options.format, colour: options.colour)
                .run(console: console)
        }
        let measurement = Measurement(selection: selection, timerOverheadNs: timer.overheadNs,
                                      progressStyle: console.progressStyle(quiet: options.progress.quiet), valgrind: valgrind,
                                      countIterations: options.countIterations, executable: context.executable, console: console)
        let createdAt = Date()
        var result = ResultFile(suite: resultSuite, createdAt: Timestamps.iso(createdAt), environment: environment,
                                benchmarks: try measurement.run(selection.instances, filter: selection.filter, seed: createdAt))
        result.shard = shard
        let outputPath = try destination.write(result, date: createdAt)
        console.note("wrote \(outputPath)")
        guard options.compareWithBaseline,
              let baseline = try StoredBaseline.load(for: result, workspace: workspace, gating: options.gate.gate, console: console)
        else {
            console.print(try RunSummary.render(result, format: options.format))
            return ExitCode.success
        }
        // A second, independent run of regressed benchmarks (timings only: counts are deterministic).
        let measureAgain: MeasureAgain? = counting || !options.confirmRegressions ? nil : { names in
            try measurement.again(names, of: selection, suite: resultSuite, environment: environment, workspace: workspace)
        }
        return try ComparisonReport(base: baseline.result, basePath: baseline.path, new: result, newPath: outputPath,
                                    history: baseline.history, gate: options.gate, format: options.format,
                                    colour: options.colour, measureAgain: measureAgain)
            .run(console: console)
    }
}
