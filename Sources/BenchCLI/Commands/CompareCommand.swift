import BenchCompare
import BenchKit
import Foundation

/// `bench compare BASE NEW`: compares two result files; with --gate, exits 1 on a
/// significant regression.
enum CompareCommand: Command {
    struct Options {
        var basePath: String
        var newPath: String
        var gate: GateOptions
        var format: ReportFormat
        var colour: Bool
        var reportOutput: String?
        var historyDirectory: String?
    }

    static let output = OutputOptions.output("also write the report (in --format) to PATH")

    static let configuration = CommandConfiguration(
        name: "compare",
        abstract: "compare two result files",
        usage: ["compare BASE.json NEW.json [--gate] [--threshold FRACTION] [--history DIR] [--format text|json|markdown]"],
        discussion: """
        Compares two result files benchmark by benchmark: medians, change with its 95%
        interval, p-value adjusted for the number of comparisons, threshold, verdict.
        With --format json or markdown, stdout holds only that document.
        """,
        options: [OutputOptions.reportFormat.declaration, output.declaration, HistoryOption.option.declaration,
                  ColorChoice.option.declaration] + GateOptions.declarations)

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard arguments.positionals.count == 2 else {
            throw UsageError("compare: expected two result files, BASE.json and NEW.json, got \(arguments.positionals.count)",
                             remedy: "see `bench compare --help`")
        }
        return Options(basePath: arguments.positionals[0], newPath: arguments.positionals[1],
                       gate: try GateOptions.parse(arguments), format: try arguments.value(OutputOptions.reportFormat),
                       colour: try arguments.value(ColorChoice.option).isEnabled(for: context.console.output,
                                                                                environment: context.environment),
                       reportOutput: try arguments.value(output).map(context.resolve),
                       historyDirectory: try arguments.value(HistoryOption.option).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let base = try JSONFiles.readResultFile(context.resolve(options.basePath))
        let new = try JSONFiles.readResultFile(context.resolve(options.newPath))
        let history = try HistoryOption.earlierRuns(in: options.historyDirectory, before: base, console: context.console)
        let report = ComparisonReport(base: base, basePath: options.basePath, new: new, newPath: options.newPath,
                                      history: history, gate: options.gate, format: options.format, colour: options.colour,
                                      reportOutput: options.reportOutput)
        return try report.run(console: context.console)
    }
}
