import BenchKit
import BenchStats

/// Earlier runs of the baseline's suite, turned into a run-to-run spread per metric.
///
/// The series for a metric is the centre (`ProcessLevelTest.runCentre`) of each earlier
/// run that has it with samples, in the order given, followed by the baseline's. The most
/// recent `maximumRuns` are used, so the estimate follows the machine as it is now.
public struct RunHistory {
    /// Fewest runs (baseline included) from which a spread is estimated: with fewer, the
    /// estimate is too rough to be useful and no run-level test is made.
    public static let minimumRuns = 5
    /// Most recent runs used.
    public static let maximumRuns = 30

    private let files: [ResultFile]

    init(earlier: [ResultFile], baseline: ResultFile) {
        files = Array((earlier + [baseline]).suffix(Self.maximumRuns))
    }

    /// Runs available, baseline included.
    var runs: Int { files.count }

    /// The run-to-run spread of `metric` of `benchmark`, or nil with too few runs.
    func spread(benchmark: String, metric: String) -> RunToRunSpread? {
        let centres = files.compactMap { file -> Double? in
            guard let samples = file.benchmarks.first(where: { $0.name == benchmark })?.metrics[metric]?.samples
            else { return nil }
            return ProcessLevelTest.runCentre(samples)
        }
        guard centres.count >= Self.minimumRuns else { return nil }
        return try? RunToRunSpread(centres: centres)
    }
}
