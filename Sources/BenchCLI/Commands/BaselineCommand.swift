import BenchKit
import Benchmarks
import Foundation

/// `bench baseline update --suite S`: stores the suite's newest result (or --from
/// PATH) as this machine's baseline; the previous baseline moves to history/.
enum BaselineCommand {
    static let options: [OptionSpec] = [
        .value("suite", "S", "the suite whose newest result becomes the baseline"),
        .value("from", "PATH", "use this result file instead of the newest in results/"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench baseline update --suite S [--from PATH]",
        description: """
        Stores the suite's newest result file as this machine's baseline in
        baselines/<machine>/<suite>.json. The previous baseline is moved to
        baselines/<machine>/history/, never overwritten. Debug-build results are refused.
        When the result was measured by this build (same commit, clean tree), this binary
        and the suite file are kept in .bench-cache/baselines/ so that `bench --suite S
        --gate` can measure the baseline build again in lockstep with a new one.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "baseline")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals == ["update"] else {
            throw UsageError("baseline: expected `bench baseline update --suite S` (see `bench baseline --help`)")
        }
        guard let suite = parsed.value("suite") else {
            throw UsageError("baseline update: which suite? pass --suite S")
        }
        _ = try PathComponent(suite, role: "suite name", source: "--suite")
        let (path, result): (String, ResultFile)
        if let from = parsed.value("from") {
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
        try keepBinary(of: result, suite: suite, machine: machine, workspace: workspace, console: console)
        if let archived = stored.archived {
            console.print("previous baseline kept as \(archived)")
        }
        return BenchCLI.ExitCode.success
    }

    /// Keeps this binary for lockstep gating when it is the build that measured `result`:
    /// same commit as the working tree, neither dirty. Otherwise says why not.
    static func keepBinary(of result: ResultFile, suite: String, machine: String, workspace: Workspace,
                           console: Console) throws {
        let here = EnvironmentProbe.gitState(workingDirectory: workspace.root)
        guard let commit = result.environment?.commit, commit == here.commit, result.environment?.dirty == false,
              here.dirty == false else {
            console.print("baseline binary not kept (the result is not from a clean build of the checked-out commit), so `--gate` compares with the stored numbers")
            return
        }
        let plan = try SuitePlan.load(suite: suite, suitesDirectory: workspace.suites, registry: Catalog.registry)
        try BaselineBinaries(root: workspace.root).store(suite: suite, machine: machine,
                                                         executable: ProcessRepetitions.currentExecutable(),
                                                         suiteFile: plan.path, baseline: result)
        console.print("baseline binary kept for lockstep gating (commit \(commit.prefix(12)))")
    }
}
