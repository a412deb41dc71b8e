import BenchKit
import Benchmarks
import Foundation

/// How a run measures its benchmarks: under valgrind, in this process, or in fresh
/// processes (`--processes`), each with its own seed.
struct Measurement {
    let selection: Selection
    let timerOverheadNs: Double
    let progressStyle: ProgressReporter.Style
    let valgrind: Valgrind?
    let countIterations: Int
    /// The `bench` binary the child processes run.
    let executable: String
    let console: Console

    /// Measures `instances`; `filter` is the regular expression that selects exactly them in
    /// a child process.
    func run(_ instances: [PlannedBenchmark], filter: String?, seed date: Date) throws -> [BenchmarkResult] {
        let progress = console.progressReporter(progressStyle)
        if let valgrind {
            let counter = CallgrindCounter(valgrind: valgrind, iterations: countIterations, executable: executable,
                                           progress: progress, warn: console.note)
            return try counter.count(instances) { suite, output in
                RepetitionRequest(suitePath: suite, output: output, seed: 0, timerOverheadNs: 0, quiet: true,
                                  countIterations: countIterations, countLayouts: counter.layouts).arguments
            }
        }
        let baseSeed = UInt64(date.timeIntervalSince1970 * 1000)
        if selection.processes == 1 {
            return try InProcessRunner(timerOverheadNs: timerOverheadNs, seed: baseSeed, progress: progress).run(instances)
        }
        let count = selection.processes
        return try ProcessRepetitions(executable: executable) { [selection, timerOverheadNs, progressStyle] index, output in
            RepetitionRequest(suitePath: selection.plan.path, output: output, seed: baseSeed &+ UInt64(index) &* 0x9E37_79B9,
                              filter: filter, timeBudget: selection.timeBudget, threshold: selection.threshold,
                              timerOverheadNs: timerOverheadNs, label: "process \(index)/\(count)",
                              quiet: !Self.reportsProgress(process: index, style: progressStyle)).arguments
        }.run(count: count)
    }

    /// Whether process repetition `index` (1-based) shows progress: every process on a
    /// terminal (one self-updating line); on a log only the first, so each benchmark
    /// gets one line instead of one per process; none when quiet.
    static func reportsProgress(process index: Int, style: ProgressReporter.Style) -> Bool {
        switch style {
        case .terminal: return true
        case .lines: return index == 1
        case .quiet: return false
        }
    }

    /// Measures the benchmarks `names` of `selection` again (a gate confirming regressions)
    /// and writes them to results/<suite>-again-<time>.json.
    func again(_ names: [String], of selection: Selection, suite: String, environment: EnvironmentInfo,
               workspace: Workspace) throws -> (result: ResultFile, path: String) {
        let date = Date()
        let chosen = selection.instances.filter { names.contains($0.name) }
        let rerun = ResultFile(suite: suite, createdAt: Timestamps.iso(date), environment: environment,
                               benchmarks: try run(chosen, filter: Shards.exactPattern(names), seed: date))
        let path = try ResultDestination.store(ResultStore(directory: workspace.results), suite: suite + "-again").write(rerun, date: date)
        return (rerun, path)
    }
}
