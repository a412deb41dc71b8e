import BenchKit
import Benchmarks
import Foundation

/// The hidden command a parent `bench` runs in each fresh process: measure the
/// selected instances once and write a partial result file for the parent to merge.
enum RepetitionCommand: Command {
    typealias Field = RepetitionRequest.Flag

    static let suite = Option.text(Field.suite.rawValue, "PATH", "suite file")
    static let filter = Option.text(Field.filter.rawValue, "REGEX", "instances to run")
    static let timeBudget = Option.number(Field.timeBudget.rawValue, "SECONDS", in: 0.001...3600,
                                          expected: "seconds between 0.001 and 3600", "override the suite's budget")
    static let threshold = Option.number(Field.threshold.rawValue, "FRACTION", in: 0...10, expected: "a fraction such as 0.05 (5%)",
                                         "override the suite's threshold")
    static let processes = Option.text("processes", "N", "ignored here (parents before RepetitionRequest sent it)")
    static let timerOverhead = Option.number(Field.timerOverhead.rawValue, "NS", in: 0...1e6, expected: "nanoseconds",
                                             "clock read cost measured by the parent")
    static let seed = Option.text(Field.seed.rawValue, "N", "seeds layout randomization and benchmark order")
    static let label = Option.text(Field.label.rawValue, "TEXT", "progress prefix")
    static let output = Option.text(Field.output.rawValue, "PATH", "partial result file to write")
    static let countIterations = Option.integer(Field.countIterations.rawValue, "N", in: 1...1_000_000,
                                                "run bodies in measured regions of N operations for valgrind, untimed")
    static let countLayouts = Option.integer(Field.countLayouts.rawValue, "K", in: 1...64,
                                             "with --count-iterations: regions under K memory layouts per benchmark")
    static let quiet = Flag(Field.quiet.rawValue, "no progress")

    static let configuration = CommandConfiguration(
        name: RepetitionRequest.command,
        abstract: "internal: one process repetition of a run, started by `bench` itself",
        usage: ["\(RepetitionRequest.command) --suite PATH --output PATH --seed N [options]"],
        options: [suite.declaration, filter.declaration, timeBudget.declaration, threshold.declaration, processes.declaration,
                  timerOverhead.declaration, seed.declaration, label.declaration, output.declaration,
                  countIterations.declaration, countLayouts.declaration, quiet.declaration],
        hidden: true)

    /// The request the parent's flags describe.
    static func parse(_ arguments: ParsedArguments, context: CommandContext) throws -> RepetitionRequest {
        guard let suitePath = try arguments.value(suite), let outputPath = try arguments.value(output),
              let seed = try arguments.value(seed).flatMap(UInt64.init) else {
            throw UsageError("\(RepetitionRequest.command) is internal: it needs --suite, --output and --seed")
        }
        return RepetitionRequest(
            suitePath: suitePath, output: outputPath, seed: seed, filter: try arguments.value(filter),
            timeBudget: try arguments.value(timeBudget), threshold: try arguments.value(threshold),
            timerOverheadNs: try arguments.value(timerOverhead), label: try arguments.value(label),
            quiet: arguments.isSet(quiet), countIterations: try arguments.value(countIterations),
            countLayouts: try arguments.value(countLayouts))
    }

    static func run(_ request: RepetitionRequest, context: CommandContext) throws -> Int32 {
        let selection = try Selection(suite: request.suitePath, filter: request.filter, timeBudget: request.timeBudget,
                                      threshold: request.threshold, processes: nil, workspace: context.workspace)
        try Catalog.checkCPU()
        let overhead = request.timerOverheadNs ?? MonotonicClock.characterize().overheadNs
        let progress = context.console.progressReporter(context.console.progressStyle(quiet: request.quiet), label: request.label ?? "")
        var runner = InProcessRunner(timerOverheadNs: overhead, seed: request.seed, progress: progress)
        runner.countingIterations = request.countIterations
        let benchmarks = try runner.countingIterations == nil ? runner.run(selection.instances)
            : runner.runCounting(selection.instances, layouts: request.countLayouts ?? 1)
        try JSONFiles.writeAtomically(ResultFile(suite: selection.plan.suite, createdAt: nil, environment: nil,
                                                 benchmarks: benchmarks), to: request.output)
        return ExitCode.success
    }
}
