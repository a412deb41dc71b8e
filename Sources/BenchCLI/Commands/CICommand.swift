import BenchCompare
import BenchKit
import BenchReport
import Benchmarks
import Foundation

/// `bench ci --base REV --head REV --suite S`: the CI regression gate as one local command.
/// Builds both revisions in git worktrees, measures them in lockstep (or alternating
/// processes), compares, writes result files and summaries, and with --gate exits 1 on a
/// significant regression.
enum CICommand {
    static let options: [OptionSpec] = [
        .value("base", "REV", "the baseline revision (branch, tag or commit), e.g. origin/main"),
        .value("head", "REV", "the revision under test (default HEAD)"),
        .value("suite", "S", "suite to run: suites/S.json in each revision"),
        .value("design", "D", "lockstep (default: base and head take turns sample by sample on one CPU) or processes (whole processes alternate)"),
        .value("processes", "N", "--design processes: process repetitions per side, interleaved base/head (default: the suite's)"),
        .value("time-budget", "SECONDS", "seconds of samples per benchmark per process or per side per pair (overrides the suite)"),
        .value("filter", "REGEX", "run only benchmarks whose full name matches REGEX"),
        .value("threshold", "FRACTION", "practical threshold, e.g. 0.05 for 5% (overrides the suite)"),
        .value("format", "FORMAT", "what to print: markdown (default), text or json"),
        .value("output-dir", "DIR", "where to write base.json, head.json, comparison.json, summary.md, junit.xml (default .bench-ci/results)"),
        .value("work-dir", "DIR", "worktrees, build logs and partial results (default .bench-ci in the repository; reused)"),
        .flag("gate", "exit 1 if any benchmark regressed significantly"),
        .flag("allow-env-mismatch", "gate even when the two environments differ"),
        .flag("help", "show this help"),
    ] + LockstepFlags.options

    static let help = ArgumentParser.help(
        usage: "bench ci --base REV [--head REV] --suite S [--design lockstep|processes] [--max-time SECONDS] [--gate] [--format markdown] [--output-dir DIR]",
        description: """
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
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "ci")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            throw UsageError("ci: unexpected argument '\(parsed.positionals[0])' (see `bench ci --help`)")
        }
        guard let base = parsed.value("base") else { throw UsageError("ci: which baseline? pass --base REV, e.g. --base origin/main") }
        guard let suite = parsed.value("suite") else { throw UsageError("ci: which suite? pass --suite S (suites/S.json)") }
        let format = try parsed.choice("format", ["markdown", "text", "json"]) ?? "markdown"
        let threshold = try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)")
        var pipelineOptions = CIPipeline.Options(
            base: base, head: parsed.value("head") ?? "HEAD", suite: suite,
            processes: try parsed.int("processes", in: 2...1000),
            timeBudget: try parsed.double("time-budget", in: 0.001...3600, what: "seconds between 0.001 and 3600"),
            filter: parsed.value("filter"),
            workDirectory: parsed.value("work-dir").map { absolute($0, in: workspace) })
        pipelineOptions.design = try parsed.choice("design", CIPipeline.Design.allCases.map(\.rawValue))
            .flatMap(CIPipeline.Design.init(rawValue:)) ?? .lockstep
        pipelineOptions.lockstep = try LockstepFlags.parse(parsed, threshold: threshold)
        let timer = MonotonicClock.characterize()
        let pipeline = CIPipeline(options: pipelineOptions, environment: { tree in
            EnvironmentProbe.capture(build: "release", kernelISA: Catalog.kernelISA, timer: timer, workingDirectory: tree)
        }, timerOverheadNs: timer.overheadNs, log: { console.note("ci: " + $0) })
        let sides = try pipeline.run(from: workspace.root)

        let workDirectory = try pipelineOptions.workDirectory ?? Git.topLevel(of: workspace.root).repository + "/.bench-ci"
        let outputDirectory = parsed.value("output-dir").map { absolute($0, in: workspace) } ?? workDirectory + "/results"
        let comparison = try compare(baseline: sides.base.result, new: sides.head.result,
                                     options: ComparisonOptions(threshold: threshold))
        let summary = markdownSummary(comparison, sides: sides)
        try write(outputDirectory, sides: sides, comparison: comparison, summary: summary)
        console.note("ci: wrote base.json, head.json, comparison.json, summary.md, junit.xml to \(outputDirectory)")

        switch format {
        case "markdown": console.print(summary)
        case "json": console.print(try comparison.renderJSON())
        default: console.print(comparison.renderText(colour: console.isTerminal))
        }
        guard parsed.has("gate") else { return BenchCLI.ExitCode.success }
        switch comparison.gateDecision(allowEnvironmentMismatch: parsed.has("allow-env-mismatch")) {
        case .pass:
            return BenchCLI.ExitCode.success
        case .fail(let reasons):
            console.note("ci: GATE FAILED: " + reasons.joined(separator: "; "))
            return BenchCLI.ExitCode.regression
        case .refused(let reasons):
            throw UsageError("ci: the gate cannot judge: \(reasons.joined(separator: "; ")); pass --allow-env-mismatch to gate anyway")
        }
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

    static func absolute(_ path: String, in workspace: Workspace) -> String {
        path.hasPrefix("/") ? path : workspace.root + "/" + path
    }
}
