import BenchCompare
import BenchKit
import BenchReport
import Foundation

/// `bench report BASE.json NEW.json -o report.html`: the comparison as one self-contained
/// HTML page with plots, plus the suite's history when asked.
enum ReportCommand {
    static let options: [OptionSpec] = [
        .value("output", "PATH", "the HTML file to write (also -o)"),
        .value("history-suite", "S", "add history charts over results/<S>-*.json with change points"),
        .value("results", "DIR", "results folder for --history-suite (default results/)"),
        .value("threshold", "FRACTION", "practical threshold, e.g. 0.05 for 5% (overrides the files)"),
        HistoryOption.spec,
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench report BASE.json NEW.json [--history-suite S] -o report.html",
        description: """
        Writes one HTML file, readable offline (inline SVG, no JavaScript): a forest plot
        of every metric's change with its confidence interval and threshold, the table of
        verdicts, baseline and new distributions per process for each benchmark, and
        with --history-suite the suite's history with change points.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments.map { $0 == "-o" ? "--output" : $0 }, options: options, command: "report")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.count == 2 else {
            throw UsageError("report: expected two result files, BASE.json and NEW.json, got \(parsed.positionals.count) (see `bench report --help`)")
        }
        guard let output = parsed.value("output") else { throw UsageError("report: where to? pass -o report.html") }
        let threshold = try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)")
        let base = try JSONFiles.readResultFile(parsed.positionals[0])
        let new = try JSONFiles.readResultFile(parsed.positionals[1])
        let comparison = try compare(baseline: base, new: new,
                                     history: HistoryOption.earlierRuns(parsed, before: base, console: console),
                                     options: ComparisonOptions(threshold: threshold))
        var history: ResultHistory?
        var historyReport: HistoryReport?
        if let suite = parsed.value("history-suite") {
            let loaded = try ResultHistory.load(suite: suite, directory: parsed.value("results") ?? workspace.results)
            history = loaded
            historyReport = try HistoryReport(history: loaded)
        }
        let report = HTMLReport(baseline: base, baselineLabel: parsed.positionals[0], new: new, newLabel: parsed.positionals[1],
                                comparison: comparison, history: history, historyReport: historyReport)
        try JSONFiles.checkWritable(output)
        try JSONFiles.writeAtomically(Data(report.render().utf8), to: output)
        console.note("wrote \(output)")
        return BenchCLI.ExitCode.success
    }
}
