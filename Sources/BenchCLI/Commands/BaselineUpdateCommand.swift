import BenchKit
import Benchmarks
import Foundation

/// `bench baseline update --suite S`: stores the suite's newest result (or --from
/// PATH) as this machine's baseline; the previous baseline moves to history/.
enum BaselineUpdateCommand: Command {
    struct Options {
        var suite: String
        var from: String?
    }

    static let suite = Option.text("suite", "S", "the suite whose newest result becomes the baseline")
    static let from = Option.text("from", "PATH", "use this result file instead of the newest in results/")

    static let configuration = CommandConfiguration(
        name: "update",
        abstract: "store the suite's newest result (or --from PATH) as this machine's baseline",
        usage: ["baseline update --suite S [--from PATH]"],
        discussion: """
        Stores the suite's newest result file as this machine's baseline in
        baselines/<machine>/<suite>.json. The previous baseline is moved to
        baselines/<machine>/history/, never overwritten. Debug-build results are refused.
        When the result was measured by this build (same commit, clean tree), this binary
        and the suite file are kept in .bench-cache/baselines/ so that `bench --suite S
        --gate` can measure the baseline build again in lockstep with a new one.
        """,
        options: [suite.declaration, from.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("baseline update: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench baseline update --help`")
        }
        guard let name = try arguments.value(suite) else {
            throw UsageError("baseline update: which suite? pass --suite S", option: "--suite")
        }
        _ = try PathComponent(name, role: "suite name", source: "--suite")
        return Options(suite: name, from: try arguments.value(from).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let suite = options.suite, workspace = context.workspace, console = context.console
        let (path, result): (String, ResultFile)
        if let from = options.from {
            (path, result) = (from, try JSONFiles.readResultFile(from))
        } else {
            (path, result) = try ResultStore(directory: workspace.results).newest(suite: suite)
        }
        guard result.environment?.build != "debug" else {
            throw BenchError.invalidContent(path: path, detail: "comes from a debug build; baselines take release results only (run `swift run -c release bench --suite \(suite)`)")
        }
        guard let machine = result.environment?.machine else {
            throw BenchError.invalidContent(path: path, detail: "has no environment.machine, so it cannot be keyed to a machine; use a result written by `bench`")
        }
        _ = try PathComponent(machine, role: "environment.machine", source: path)
        if let fileSuite = result.suite, fileSuite != suite {
            throw BenchError.invalidContent(path: path, detail: "is a result of suite \"\(fileSuite)\", not \"\(suite)\"")
        }
        let stored = try BaselineStore(directory: workspace.baselines).update(suite: suite, machine: machine, with: result)
        console.print("baseline for \(suite) on \(machine): \(stored.baseline) (from \(path))")
        try keepBinary(of: result, suite: suite, machine: machine, context: context)
        if let archived = stored.archived {
            console.print("previous baseline kept as \(archived)")
        }
        return ExitCode.success
    }

    /// Keeps this binary for lockstep gating when it is the build that measured `result`:
    /// same commit as the working tree, neither dirty. Otherwise says why not.
    static func keepBinary(of result: ResultFile, suite: String, machine: String, context: CommandContext) throws {
        let workspace = context.workspace
        let here = EnvironmentProbe.gitState(workingDirectory: workspace.root)
        guard let commit = result.environment?.commit, commit == here.commit, result.environment?.dirty == false,
              here.dirty == false else {
            context.console.print("baseline binary not kept (the result is not from a clean build of the checked-out commit), so `--gate` compares with the stored numbers")
            return
        }
        let plan = try SuitePlan.load(suite: suite, suitesDirectory: workspace.suites, registry: Catalog.registry)
        try BaselineBinaries(root: workspace.root).store(suite: suite, machine: machine, executable: context.executable,
                                                         suiteFile: plan.path, baseline: result)
        context.console.print("baseline binary kept for lockstep gating (commit \(commit.prefix(12)))")
    }
}
