import BenchCompare
import BenchKit
import BenchReport
import Foundation

/// `bench export --format F RESULT.json` or `bench export --format F BASE.json NEW.json`:
/// a result file, or the comparison of two, in a format other tools consume.
enum ExportCommand {
    static let options: [OptionSpec] = [
        .value("format", "FORMAT", ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")),
        .value("output", "PATH", "write to PATH instead of stdout"),
        .value("threshold", "FRACTION", "practical threshold when comparing two files"),
        HistoryOption.spec,
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench export --format FORMAT RESULT.json | BASE.json NEW.json [--output PATH]",
        description: """
        junit: JUnit XML, one test case per benchmark metric; with two files a regression
          is a failure carrying the evidence (change, interval, p-value, threshold).
        github-benchmark / github-benchmark-bigger: JSON for github-action-benchmark
          (tool customSmallerIsBetter / customBiggerIsBetter), lower- / higher-is-better metrics.
        google-benchmark: Google Benchmark JSON (one run per process + aggregates), for compare.py.
        openmetrics: OpenMetrics / Prometheus text for a push gateway; with two files it
          adds the change, its interval, the adjusted p-value and a regression flag.
        With two files the newer one is exported, judged against the first.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "export")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard let formatName = parsed.value("format") else {
            throw UsageError("export: which format? pass --format \(ExportFormat.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        guard let format = ExportFormat(rawValue: formatName) else {
            throw UsageError("export: --format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(formatName)'")
        }
        let threshold = try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)")
        let input: ExportInput
        switch parsed.positionals.count {
        case 1:
            input = ExportInput(result: try JSONFiles.readResultFile(parsed.positionals[0]))
        case 2:
            let base = try JSONFiles.readResultFile(parsed.positionals[0])
            let new = try JSONFiles.readResultFile(parsed.positionals[1])
            let history = try HistoryOption.earlierRuns(parsed, before: base, console: console)
            input = ExportInput(result: new, comparison: try compare(baseline: base, new: new, history: history,
                                                                     options: ComparisonOptions(threshold: threshold)))
        default:
            throw UsageError("export: expected RESULT.json or BASE.json NEW.json, got \(parsed.positionals.count) files (see `bench export --help`)")
        }
        let text = try input.render(format)
        if let output = parsed.value("output") {
            try JSONFiles.checkWritable(output)
            try JSONFiles.writeAtomically(Data(text.utf8), to: output)
            console.note("wrote \(output)")
        } else {
            console.write(text)
        }
        return BenchCLI.ExitCode.success
    }
}
