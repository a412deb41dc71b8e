import BenchCompare
import BenchKit
import BenchReport
import BenchStats

/// `bench history --suite S`: change points in each metric over the suite's result files.
enum HistoryCommand: Command {
    struct Options {
        var suite: String
        var format: ReportFormat
        var changePoints: ChangePointOptions
        var resultsDirectory: String?
    }

    private static let defaults = ChangePointOptions()

    static let suite = Option.text("suite", "S", "suite whose results/<S>-<time>.json files to read")
    static let format = OutputOptions.format(among: [ReportFormat.text, .json], default: .text)
    static let pValue = Option.number("p-value", "P", in: 1e-12...0.5, expected: "a p-value in (0, 0.5], e.g. 0.001",
                                      "largest p-value of a reported change point")
        .defaulting(to: defaults.maxPValue)
    static let magnitude = Option.number("magnitude", "FRACTION", in: 0...10, expected: "a fraction such as 0.02 (2%)",
                                         "smallest relative change reported, e.g. 0.02 (0: any)")
        .defaulting(to: defaults.minMagnitude)

    static let configuration = CommandConfiguration(
        name: "history",
        abstract: "list change points in the suite's result history",
        usage: ["history --suite S [--format text|json] [--p-value P] [--magnitude FRACTION]"],
        discussion: """
        Reads the suite's result files in time order (createdAt) and finds change points
        in each metric's series of per-run values (median of process medians)
        with E-divisive means and a deterministic t-test, as Apache Otava / Hunter do.
        Lists each with the commit and date of the first run at the new level, the
        change, and its p-value.
        """,
        options: [suite.declaration, format.declaration, pValue.declaration, magnitude.declaration, SuiteOptions.resultsDirectory.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.isEmpty else {
            throw UsageError("history: unexpected argument '\(arguments.positionals[0])'", remedy: "see `bench history --help`")
        }
        guard let name = try arguments.value(suite) else {
            throw UsageError("history: which suite? pass --suite S", option: "--suite")
        }
        var changePoints = ChangePointOptions()
        changePoints.maxPValue = try arguments.value(pValue)
        changePoints.minMagnitude = try arguments.value(magnitude)
        return Options(suite: name, format: try arguments.value(format), changePoints: changePoints,
                       resultsDirectory: try arguments.value(SuiteOptions.resultsDirectory).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let history = try ResultHistory.load(suite: options.suite, directory: options.resultsDirectory ?? context.workspace.results)
        let report = try HistoryReport(history: history, options: options.changePoints)
        context.console.print(options.format == .json ? try report.renderJSON() : report.renderText())
        return ExitCode.success
    }
}
