import BenchKit
import Benchmarks
import Foundation

/// The hidden command a parent `bench` runs in each fresh process: measure the
/// selected instances once and write a partial result file for the parent to merge.
enum RepetitionCommand {
    static let name = "run-repetition"

    static let options: [OptionSpec] = [
        .value("suite", "PATH", "suite file"),
        .value("filter", "REGEX", "instances to run"),
        .value("time-budget", "SECONDS", "override the suite's budget"),
        .value("threshold", "FRACTION", "override the suite's threshold"),
        .value("processes", "N", "ignored here"),
        .value("timer-overhead", "NS", "clock read cost measured by the parent"),
        .value("seed", "N", "seeds layout randomization and benchmark order"),
        .value("label", "TEXT", "progress prefix"),
        .value("output", "PATH", "partial result file to write"),
        .value("count-iterations", "N", "run bodies in measured regions of N operations for valgrind, untimed"),
        .value("count-layouts", "K", "with --count-iterations: regions under K memory layouts per benchmark"),
        .flag("quiet", "no progress"),
    ]

    static func run(_ arguments: [String], workspace: Workspace, console: Console) throws -> Int32 {
        let parsed = try ArgumentParser.parse(arguments, options: options, command: name)
        guard let suite = parsed.value("suite"), let output = parsed.value("output"),
              let seed = parsed.value("seed").flatMap(UInt64.init) else {
            throw UsageError("\(name) is internal: it needs --suite, --output and --seed")
        }
        let selection = try Selection(parsed: parsed, suite: suite, workspace: workspace)
        try Catalog.checkCPU()
        let overhead = try parsed.double("timer-overhead", in: 0...1e6, what: "nanoseconds") ?? MonotonicClock.characterize().overheadNs
        let style: ProgressReporter.Style = parsed.has("quiet") ? .quiet : (isatty(STDERR_FILENO) == 1 ? .terminal : .lines)
        var runner = InProcessRunner(timerOverheadNs: overhead, seed: seed,
                                     progress: ProgressReporter(style: style, label: parsed.value("label") ?? ""))
        runner.countingIterations = try parsed.int("count-iterations", in: 1...1_000_000)
        let layouts = try parsed.int("count-layouts", in: 1...64) ?? 1
        let benchmarks = try runner.countingIterations == nil ? runner.run(selection.instances)
            : runner.runCounting(selection.instances, layouts: layouts)
        try JSONFiles.writeAtomically(ResultFile(suite: selection.plan.suite, createdAt: nil, environment: nil,
                                                 benchmarks: benchmarks), to: output)
        return BenchCLI.ExitCode.success
    }
}
