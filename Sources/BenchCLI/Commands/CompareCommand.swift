import BenchKit
import Foundation

/// `bench compare BASE NEW`: compares two result files; with --gate, exits 1 on a
/// significant regression.
enum CompareCommand {
    static let options: [OptionSpec] = [
        .value("format", "FORMAT", "text (default), json or markdown"),
        .value("threshold", "FRACTION", "practical threshold, e.g. 0.05 for 5% (overrides the files' per-benchmark thresholds)"),
        .value("output", "PATH", "also write the report (in --format) to PATH"),
        .flag("gate", "exit 1 if any benchmark regressed significantly"),
        .flag("allow-env-mismatch", "gate even when the two environments differ"),
        .flag("fail-on-missing", "treat benchmarks present in only one file as failures"),
        .flag("help", "show this help"),
    ]

    static let help = ArgumentParser.help(
        usage: "bench compare BASE.json NEW.json [--gate] [--threshold FRACTION] [--format text|json|markdown]",
        description: """
        Compares two result files benchmark by benchmark: medians, change with its 95%
        interval, p-value adjusted for the number of comparisons, threshold, verdict.
        """, options: options)

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: "compare")
        if parsed.has("help") {
            console.print(help)
            return BenchCLI.ExitCode.success
        }
        guard parsed.positionals.count == 2 else {
            throw UsageError("compare: expected two result files, BASE.json and NEW.json, got \(parsed.positionals.count) (see `bench compare --help`)")
        }
        let format = try parsed.choice("format", ["text", "json", "markdown"]) ?? "text"
        _ = try parsed.double("threshold", in: 0...10, what: "a fraction such as 0.05 (5%)")
        let basePath = parsed.positionals[0], newPath = parsed.positionals[1]
        let base = try JSONFiles.readResultFile(basePath)
        let new = try JSONFiles.readResultFile(newPath)
        return try compareAndReport(base: base, basePath: basePath, new: new, newPath: newPath,
                                    parsed: parsed, format: format, console: console)
    }

    /// The one comparison used by `compare` and by a run against its baseline.
    static func compareAndReport(base: ResultFile, basePath: String, new: ResultFile, newPath: String,
                                 parsed: ParsedArguments, format: String, console: Console) throws -> Int32 {
        let mismatch = EnvironmentProbe.differences(base.environment, new.environment)
        if !mismatch.isEmpty {
            console.note("WARNING: environments differ: \(mismatch.joined(separator: "; "))")
        }
        console.print(RunSummary.render(new, format: format))
        return BenchCLI.ExitCode.success
    }
}
