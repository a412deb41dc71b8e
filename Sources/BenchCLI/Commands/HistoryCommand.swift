import BenchKit
import BenchReport
import BenchStats

/// `bench history --suite S`: change points in each metric over the suite's result files.
enum HistoryCommand {
    static let options: [OptionSpec] = [
        .value("suite", "S", "suite whose results/<S>-<time>.json files to read"),
        .value("format", "FORMAT", "text (default) or json"),
        .value("p-value", "P", "largest p-value of a reported change point (default 0.001)"),
        .value("magnitude", "FRACTION", "smallest relative change reported, e.g. 0.02 (default 0: any)"),
        .value("results", "DIR", "results folder (default results/)"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench history --suite S [--format text|json] [--p-value P] [--magnitude FRACTION]",
        description: """
        Reads the suite's result files in time order (createdAt) and finds change points
        in each metric's series of per-run values (geometric mean of process medians)
        with E-divisive means and a deterministic t-test, as Apache Otava / Hunter do.
        Lists each with the commit and date of the first run at the new level, the
        change, and its p-value.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "history")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.isEmpty else {
            throw UsageError("history: unexpected argument '\(parsed.positionals[0])' (see `bench history --help`)")
        }
        guard let suite = parsed.value("suite") else { throw UsageError("history: which suite? pass --suite S") }
        let format = try parsed.choice("format", ["text", "json"]) ?? "text"
        let options = try changePointOptions(parsed)
        let history = try ResultHistory.load(suite: suite, directory: parsed.value("results") ?? workspace.results)
        let report = try HistoryReport(history: history, options: options)
        console.print(format == "json" ? try report.renderJSON() : report.renderText())
        return BenchCLI.ExitCode.success
    }

    static func changePointOptions(_ parsed: ParsedArguments) throws -> ChangePointOptions {
        var options = ChangePointOptions()
        if let p = try parsed.double("p-value", in: 1e-12...0.5, what: "a p-value in (0, 0.5], e.g. 0.001") { options.maxPValue = p }
        if let m = try parsed.double("magnitude", in: 0...10, what: "a fraction such as 0.02 (2%)") { options.minMagnitude = m }
        return options
    }
}
