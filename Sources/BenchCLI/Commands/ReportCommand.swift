import BenchCompare
import BenchKit
import BenchReport
import Foundation

/// `bench report BASE.json NEW.json -o report.html`: the comparison as one self-contained
/// HTML page with plots, plus the suite's history when asked.
enum ReportCommand: Command {
    struct Options {
        var basePath: String
        var newPath: String
        var output: String
        var historySuite: String?
        var resultsDirectory: String?
        var threshold: Double?
        var historyDirectory: String?
    }

    static let output = OutputOptions.output("the HTML file to write")
    static let historySuite = Option.text("history-suite", "S", "add history charts over results/<S>-*.json with change points")

    static let configuration = CommandConfiguration(
        name: "report",
        abstract: "write a self-contained HTML report with plots of a comparison and the suite's history",
        usage: ["report BASE.json NEW.json [--history-suite S] -o report.html"],
        discussion: """
        Writes one HTML file, readable offline (inline SVG, no JavaScript): a forest plot
        of every metric's change with its confidence interval and threshold, the table of
        verdicts, baseline and new distributions per process for each benchmark, and
        with --history-suite the suite's history with change points.
        """,
        options: [output.declaration, historySuite.declaration, SuiteOptions.resultsDirectory.declaration, GateOptions.threshold.declaration,
                  HistoryOption.option.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.count == 2 else {
            throw UsageError("report: expected two result files, BASE.json and NEW.json, got \(arguments.positionals.count)",
                             remedy: "see `bench report --help`")
        }
        guard let path = try arguments.value(output) else {
            throw UsageError("report: where to? pass -o report.html", option: "--output")
        }
        return Options(basePath: arguments.positionals[0], newPath: arguments.positionals[1], output: context.resolve(path),
                       historySuite: try arguments.value(historySuite), resultsDirectory: try arguments.value(SuiteOptions.resultsDirectory).map(context.resolve),
                       threshold: try arguments.value(GateOptions.threshold),
                       historyDirectory: try arguments.value(HistoryOption.option).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let base = try JSONFiles.readResultFile(context.resolve(options.basePath))
        let new = try JSONFiles.readResultFile(context.resolve(options.newPath))
        let comparison = try compare(baseline: base, new: new,
                                     history: HistoryOption.earlierRuns(in: options.historyDirectory, before: base, console: context.console),
                                     options: ComparisonOptions(threshold: options.threshold))
        var history: ResultHistory?
        var historyReport: HistoryReport?
        if let suite = options.historySuite {
            let loaded = try ResultHistory.load(suite: suite, directory: options.resultsDirectory ?? context.workspace.results)
            history = loaded
            historyReport = try HistoryReport(history: loaded)
        }
        let report = HTMLReport(baseline: base, baselineLabel: options.basePath, new: new, newLabel: options.newPath,
                                comparison: comparison, history: history, historyReport: historyReport)
        try JSONFiles.checkWritable(options.output)
        try JSONFiles.writeAtomically(Data(report.render().utf8), to: options.output)
        context.console.note("wrote \(options.output)")
        return ExitCode.success
    }
}
