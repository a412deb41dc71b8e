import BenchCompare
import BenchKit
import BenchReport
import Benchmarks
import Foundation

/// `bench ci --base REV --head REV --suite S`: the CI regression gate as one local command.
/// Builds both revisions in git worktrees, measures them in lockstep (or alternating
/// processes), compares, writes result files and summaries, and with --gate exits 1 on a
/// significant regression.
enum CICommand: Command {
    struct Options {
        var pipeline: CIPipeline.Options
        var gate: GateOptions
        var format: ReportFormat
        var colour: Bool
        var outputDirectory: String?
        var progress: ProgressOptions
    }

    static let base = Option.text("base", "REV", "the baseline revision (branch, tag or commit), e.g. origin/main")
    static let head = Option.text("head", "REV", "the revision under test").defaulting(to: "HEAD")
    static let suite = Option.text("suite", "S", "suite to run: suites/S.json in each revision")
    static let design = Option.choice("design", "D", among: CIPipeline.Design.allCases,
                                      "lockstep: base and head take turns sample by sample on one CPU; processes: whole processes alternate")
        .defaulting(to: CIPipeline.Design.lockstep)
    static let processes = SuiteOptions.processes(minimum: 2, "--design processes: process repetitions per side, interleaved base/head")
    static let format = OutputOptions.format(among: [ReportFormat.markdown, .text, .json], default: .markdown)
    static let outputDirectory = Option.text("output-dir", "DIR", "where to write base.json, head.json, comparison.json, summary.md, junit.xml")
        .defaultDescribed(".bench-ci/results")
    static let workDirectory = Option.text("work-dir", "DIR", "worktrees, build logs and partial results (reused)")
        .defaultDescribed(".bench-ci in the repository")

    static let configuration = CommandConfiguration(
        name: "ci",
        abstract: "build two git revisions, run a suite for both interleaved, compare and gate",
        usage: ["ci --base REV [--head REV] --suite S [--design lockstep|processes] [--max-time SECONDS] [--gate] [--format markdown] [--output-dir DIR]"],
        discussion: """
        Compares two revisions of this repository the way a CI job does, on one machine:
        checks each out in a git worktree (under .bench-ci/, reused so rebuilds are
        incremental), builds `bench` in release and measures both. In lockstep (the
        default) a fresh base and head process, pinned to one CPU, take turns sample by
        sample on each benchmark, in several pairs with alternating first mover; each
        benchmark gets pairs until its change is resolved or --max-time is reached. With
        --design processes, whole processes alternate base, head, base, head. Then it
        compares (pair by pair in lockstep) and writes the results and summaries.
        Exit codes: 0 no significant regression, 1 regression (with --gate), 2 bad
        revision, failed build, not a git repository, or bad usage.
        """,
        options: [base.declaration, head.declaration, suite.declaration, design.declaration, processes.declaration,
                  SuiteOptions.timeBudget.declaration, SuiteOptions.filter.declaration, format.declaration,
                  ColorChoice.option.declaration, outputDirectory.declaration, workDirectory.declaration]
            + GateOptions.declarations + LockstepFlags.declarations + ProgressOptions.declarations)

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("ci: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench ci --help`")
        }
        guard let baseRevision = try arguments.value(base) else {
            throw UsageError("ci: which baseline? pass --base REV, e.g. --base origin/main", option: "--base")
        }
        guard let suiteName = try arguments.value(suite) else {
            throw UsageError("ci: which suite? pass --suite S (suites/S.json)", option: "--suite")
        }
        let gate = try GateOptions.parse(arguments)
        var pipeline = CIPipeline.Options(
            base: baseRevision, head: try arguments.value(head), suite: suiteName, processes: try arguments.value(processes),
            timeBudget: try arguments.value(SuiteOptions.timeBudget), filter: try arguments.value(SuiteOptions.filter),
            workDirectory: try arguments.value(workDirectory).map(context.workspace.absolute))
        pipeline.design = try arguments.value(design)
        pipeline.lockstep = try LockstepFlags.parse(arguments, threshold: gate.threshold)
        return Options(pipeline: pipeline, gate: gate, format: try arguments.value(format),
                       colour: try arguments.value(ColorChoice.option).isEnabled(for: context.console.output,
                                                                                environment: context.environment),
                       outputDirectory: try arguments.value(outputDirectory).map(context.workspace.absolute),
                       progress: try ProgressOptions.parse(arguments))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let console = context.console, workspace = context.workspace
        let timer = MonotonicClock.characterize()
        let pipeline = CIPipeline(options: options.pipeline, environment: { tree in
            EnvironmentProbe.capture(build: "release", kernelISA: Catalog.kernelISA, timer: timer, workingDirectory: tree)
        }, timerOverheadNs: timer.overheadNs, log: { [quiet = options.progress.quiet] in if !quiet { console.note("ci: " + $0) } },
           stepProgress: { [steps = options.progress.showsSteps(on: console)] in if steps { console.note("ci: " + $0) } })
        let sides = try pipeline.run(from: workspace.root)

        let workDirectory = try options.pipeline.workDirectory ?? Git.topLevel(of: workspace.root).repository + "/.bench-ci"
        let outputDirectory = options.outputDirectory ?? workDirectory + "/results"
        let comparison = try compare(baseline: sides.base.result, new: sides.head.result, options: options.gate.comparisonOptions)
        let summary = markdownSummary(comparison, sides: sides)
        try write(outputDirectory, sides: sides, comparison: comparison, summary: summary)
        console.note("ci: wrote base.json, head.json, comparison.json, summary.md, junit.xml to \(outputDirectory)")

        switch options.format {
        case .markdown: console.print(summary)
        case .json: console.print(try comparison.renderJSON())
        case .text: console.print(comparison.renderText(colour: options.colour))
        }
        return try GateVerdict.exitCode(of: comparison, gate: options.gate, console: console, prefix: "ci: gate ")
    }

    /// The pull-request summary: which revisions, how they were measured, the comparison.
    static func markdownSummary(_ comparison: Comparison, sides: CIPipeline.Outcome) -> String {
        let verdict = comparison.hasRegression ? "❌ significant regression" : "✅ no significant regression"
        var text = "## BenchKit `\(sides.head.result.suite ?? "")`: \(verdict)\n\n"
        text += "Base `\(sides.base.revision)` (\(sides.base.commit.prefix(10))) vs head `\(sides.head.revision)` "
        switch sides.design {
        case .lockstep:
            text += "(\(sides.head.commit.prefix(10))): measured in lockstep, \(sides.rounds) process pairs taking turns sample by sample on one CPU.\n\n"
        case .processes:
            text += "(\(sides.head.commit.prefix(10))): \(sides.rounds) processes per side, run interleaved on one machine.\n\n"
        }
        for note in sides.notes { text += "> note: \(note)\n\n" }
        return text + comparison.renderMarkdown()
    }

    static func write(_ directory: String, sides: CIPipeline.Outcome,
                      comparison: Comparison, summary: String) throws {
        try JSONFiles.checkWritable(directory + "/summary.md")
        try JSONFiles.writeAtomically(sides.base.result, to: directory + "/base.json")
        try JSONFiles.writeAtomically(sides.head.result, to: directory + "/head.json")
        try JSONFiles.writeAtomically(Data(try comparison.renderJSON().utf8), to: directory + "/comparison.json")
        try JSONFiles.writeAtomically(Data(summary.utf8), to: directory + "/summary.md")
        let junit = try ExportInput(result: sides.head.result, comparison: comparison).render(.junit)
        try JSONFiles.writeAtomically(Data(junit.utf8), to: directory + "/junit.xml")
    }
}
