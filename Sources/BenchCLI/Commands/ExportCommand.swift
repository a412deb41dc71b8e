import BenchCompare
import BenchKit
import BenchReport
import Foundation

/// `bench export --format F RESULT.json` or `bench export --format F BASE.json NEW.json`:
/// a result file, or the comparison of two, in a format other tools consume.
enum ExportCommand: Command {
    struct Options {
        var format: ExportFormat
        var files: [String]
        var output: String?
        var threshold: Double?
        var historyDirectory: String?
    }

    static let format = Option.choice("format", "FORMAT", among: ExportFormat.allCases, "the format to write")
    static let output = OutputOptions.output("write to PATH instead of stdout")

    static let configuration = CommandConfiguration(
        name: "export",
        abstract: "write a result or comparison as JUnit, benchmark-action JSON, Google Benchmark JSON or OpenMetrics",
        usage: ["export --format FORMAT RESULT.json | BASE.json NEW.json [--output PATH]"],
        discussion: """
        junit: JUnit XML, one test case per benchmark metric; with two files a regression
          is a failure carrying the evidence (change, interval, p-value, threshold).
        github-benchmark / github-benchmark-bigger: JSON for github-action-benchmark
          (tool customSmallerIsBetter / customBiggerIsBetter), lower- / higher-is-better metrics.
        google-benchmark: Google Benchmark JSON (one run per process + aggregates), for compare.py.
        openmetrics: OpenMetrics / Prometheus text for a push gateway; with two files it
          adds the change, its interval, the adjusted p-value and a regression flag.
        With two files the newer one is exported, judged against the first. Stdout holds
        only the document.
        """,
        options: [format.declaration, output.declaration, GateOptions.threshold.declaration, HistoryOption.option.declaration])

    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> Options {
        guard let chosen = try arguments.value(format) else {
            throw UsageError("export: which format? pass --format \(ExportFormat.allCases.map(\.rawValue).joined(separator: "|"))",
                             option: "--format")
        }
        guard (1...2).contains(arguments.positionals.count) else {
            throw UsageError("export: expected RESULT.json or BASE.json NEW.json, got \(arguments.positionals.count) files",
                             remedy: "see `bench export --help`")
        }
        return Options(format: chosen, files: arguments.positionals.map(context.resolve),
                       output: try arguments.value(output).map(context.resolve), threshold: try arguments.value(GateOptions.threshold),
                       historyDirectory: try arguments.value(HistoryOption.option).map(context.resolve))
    }

    static func run(_ options: Options, context: CommandContext) throws -> Int32 {
        let input: ExportInput
        if options.files.count == 1 {
            input = ExportInput(result: try JSONFiles.readResultFile(options.files[0]))
        } else {
            let base = try JSONFiles.readResultFile(options.files[0])
            let new = try JSONFiles.readResultFile(options.files[1])
            let history = try HistoryOption.earlierRuns(in: options.historyDirectory, before: base, console: context.console)
            input = ExportInput(result: new, comparison: try compare(baseline: base, new: new, history: history,
                                                                     options: ComparisonOptions(threshold: options.threshold)))
        }
        let text = try input.render(options.format)
        if let output = options.output {
            try JSONFiles.checkWritable(output)
            try JSONFiles.writeAtomically(Data(text.utf8), to: output)
            context.console.note("wrote \(output)")
        } else {
            context.console.write(text)
        }
        return ExitCode.success
    }
}
