import BenchCompare
import BenchKit
import Foundation

/// The `bench` command line. Each subcommand parses its options, calls the libraries
/// and prints. Every user-caused error becomes one line on stderr and exit code 2.
public enum BenchCLI {
    /// Exit codes, as the command-line contract fixes them.
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let regression: Int32 = 1
        public static let badInput: Int32 = 2
    }

    /// Runs `bench` with `arguments` (without the program name) and returns the exit code.
    /// A `bench` started as a child of another (`run-repetition`, lockstep workers) first
    /// binds itself to die with its parent (`ParentDeath`).
    public static func main(_ arguments: [String], workspace: Workspace = .current, console: Console = .standard) -> Int32 {
        ParentDeath.bindToParentIfRequested()
        do {
            return try dispatch(arguments, workspace: workspace, console: console)
        } catch let error as UsageError {
            console.error(error.message)
        } catch let error as BenchError {
            console.error(error.description)
        } catch let error as CompareError {
            console.error(error.description)
        } catch let exit as ChildExit {
            return exit.status
        } catch {
            console.error("\(error)")
        }
        return ExitCode.badInput
    }

    static let commands: [(name: String, summary: String)] = [
        ("run", "run a suite (the default: `bench --suite S`)"),
        ("list", "list suites and their benchmarks"),
        ("compare", "compare two result files"),
        ("baseline", "store the newest result as this machine's baseline (`baseline update --suite S`)"),
        ("serve", "run the reference model server (KServe v2 REST)"),
        ("load", "drive load at a KServe v2 server: latency percentiles, achieved rate"),
        ("ci", "build two git revisions, run a suite for both interleaved, compare and gate"),
        ("export", "write a result or comparison as JUnit, benchmark-action JSON, Google Benchmark JSON or OpenMetrics"),
        ("report", "write a self-contained HTML report with plots of a comparison and the suite's history"),
        ("history", "list change points in the suite's result history"),
        ("merge", "join the shard results of one run (`--shard I/N`) into one result file"),
    ]

    static func dispatch(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        guard let first = arguments.first else {
            console.print(topLevelHelp)
            return ExitCode.badInput
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h", "help":
            console.print(topLevelHelp)
            return ExitCode.success
        case "run": return try RunCommand.run(rest, workspace: workspace, console: console)
        case "list": return try ListCommand.run(rest, workspace: workspace, console: console)
        case "compare": return try CompareCommand.run(rest, workspace: workspace, console: console)
        case "baseline": return try BaselineCommand.run(rest, workspace: workspace, console: console)
        case "serve": return try ServeCommand.run(rest, workspace: workspace, console: console)
        case "load": return try LoadCommand.run(rest, workspace: workspace, console: console)
        case "ci": return try CICommand.run(rest, workspace: workspace, console: console)
        case "export": return try ExportCommand.run(rest, workspace: workspace, console: console)
        case "report": return try ReportCommand.run(rest, workspace: workspace, console: console)
        case "history": return try HistoryCommand.run(rest, workspace: workspace, console: console)
        case "merge": return try MergeCommand.run(rest, workspace: workspace, console: console)
        case RepetitionCommand.name: return try RepetitionCommand.run(rest, workspace: workspace, console: console)
        case LockstepProtocol.workerCommand: return try LockstepWorkerCommand.run(rest, workspace: workspace, console: console)
        default:
            if first.hasPrefix("--") { return try RunCommand.run(arguments, workspace: workspace, console: console) }
            let hint = ArgumentParser.suggestion(for: first, among: commands.map(\.name)).map { "; did you mean `bench \($0)`?" } ?? ""
            throw UsageError("unknown command '\(first)'\(hint) (see `bench --help`)")
        }
    }

    static var topLevelHelp: String {
        var text = """
        usage: bench --suite S [options]        run a suite, compare with this machine's baseline
               bench <command> [options]

        BenchKit: benchmarks for ML-serving code (kernels, model serving), result files,
        baselines, and a statistical regression gate for CI.

        commands:

        """
        for command in commands {
            text += "  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += "\n`bench <command> --help` describes each command's options.\n"
        text += "Exit codes: 0 no significant regression, 1 significant regression (with --gate), 2 bad usage or input.\n"
        return text
    }
}

/// Where the suites, results and baselines live (the current directory by default).
public struct Workspace: Sendable {
    public let root: String
    public init(root: String) { self.root = root }
    public static var current: Workspace { Workspace(root: FileManager.default.currentDirectoryPath) }
    public var suites: String { root + "/suites" }
    public var results: String { root + "/results" }
    public var baselines: String { root + "/baselines" }
}

/// Where output goes. Tests capture it; the executable writes to stdout/stderr.
public struct Console: Sendable {
    public let write: @Sendable (String) -> Void
    public let writeError: @Sendable (String) -> Void
    /// Whether stdout is a terminal (colour, progress line).
    public let isTerminal: Bool

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
        self.writeError = writeError
    }

    public static var standard: Console {
        Console(isTerminal: isatty(STDOUT_FILENO) == 1,
                write: { FileHandle.standardOutput.write(Data($0.utf8)) },
                writeError: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    func print(_ text: String) { write(text.hasSuffix("\n") ? text : text + "\n") }
    /// One line on stderr, escaped for the terminal (it may quote names from files).
    func note(_ text: String) { writeError(text.escapedForTerminal + "\n") }
    /// One error line on stderr, escaped for the terminal.
    func error(_ text: String) { writeError("error: " + text.escapedForTerminal + "\n") }
}
