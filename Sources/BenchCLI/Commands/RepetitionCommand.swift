import BenchKit
import Benchmarks
import Foundation

/// The hidden command a parent `bench` runs in each fresh process: measure the
/// selected instances once and write a partial result file for the parent to merge.
enum RepetitionCommand {
    static let name = RepetitionRequest.command
    typealias Flag = RepetitionRequest.Flag

    static let options: [OptionSpec] = [
        .value(Flag.suite.rawValue, "PATH", "suite file"),
        .value(Flag.filter.rawValue, "REGEX", "instances to run"),
        .value(Flag.timeBudget.rawValue, "SECONDS", "override the suite's budget"),
        .value(Flag.threshold.rawValue, "FRACTION", "override the suite's threshold"),
        .value("processes", "N", "ignored here (parents before RepetitionRequest sent it)"),
        .value(Flag.timerOverhead.rawValue, "NS", "clock read cost measured by the parent"),
        .value(Flag.seed.rawValue, "N", "seeds layout randomization and benchmark order"),
        .value(Flag.label.rawValue, "TEXT", "progress prefix"),
        .value(Flag.output.rawValue, "PATH", "partial result file to write"),
        .value(Flag.countIterations.rawValue, "N", "run bodies in measured regions of N operations for valgrind, untimed"),
        .value(Flag.countLayouts.rawValue, "K", "with --count-iterations: regions under K memory layouts per benchmark"),
        .flag(Flag.quiet.rawValue, "no progress"),
    ]

    /// The request the parent's flags describe.
    static func request(_ parsed: ParsedArguments) throws -> RepetitionRequest {
        guard let suite = parsed.value(Flag.suite.rawValue), let output = parsed.value(Flag.output.rawValue),
              let seed = parsed.value(Flag.seed.rawValue).flatMap(UInt64.init) else {
            throw UsageError("\(name) is internal: it needs --suite, --output and --seed")
        }
        return RepetitionRequest(
            suitePath: suite, output: output, seed: seed, filter: parsed.value(Flag.filter.rawValue),
            timeBudget: try parsed.double(Flag.timeBudget.rawValue, in: 0.001...3600, what: "seconds between 0.001 and 3600"),
            threshold: try parsed.double(Flag.threshold.rawValue, in: 0...10, what: "a fraction such as 0.05 (5%)"),
            timerOverheadNs: try parsed.double(Flag.timerOverhead.rawValue, in: 0...1e6, what: "nanoseconds"),
            label: parsed.value(Flag.label.rawValue), quiet: parsed.has(Flag.quiet.rawValue),
            countIterations: try parsed.int(Flag.countIterations.rawValue, in: 1...1_000_000),
            countLayouts: try parsed.int(Flag.countLayouts.rawValue, in: 1...64))
    }

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let request = try request(try ArgumentParser.parse(arguments, options: options, command: name))
        let selection = try Selection(suite: request.suitePath, filter: request.filter, timeBudget: request.timeBudget,
                                      threshold: request.threshold, processes: nil, workspace: workspace)
        try Catalog.checkCPU()
        let overhead = request.timerOverheadNs ?? MonotonicClock.characterize().overheadNs
        let style: ProgressReporter.Style = request.quiet ? .quiet : (isatty(STDERR_FILENO) == 1 ? .terminal : .lines)
        var runner = InProcessRunner(timerOverheadNs: overhead, seed: request.seed,
                                     progress: ProgressReporter(style: style, label: request.label ?? ""))
        runner.countingIterations = request.countIterations
        let benchmarks = try runner.countingIterations == nil ? runner.run(selection.instances)
            : runner.runCounting(selection.instances, layouts: request.countLayouts ?? 1)
        try JSONFiles.writeAtomically(ResultFile(suite: selection.plan.suite, createdAt: nil, environment: nil,
                                                 benchmarks: benchmarks), to: request.output)
        return BenchCLI.ExitCode.success
    }
}
