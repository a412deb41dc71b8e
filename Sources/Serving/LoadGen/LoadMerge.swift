/// Why load reports cannot be joined into one run; the command line prints it as one line
/// and exits 2.
public enum LoadMergeError: Error, Equatable, CustomStringConvertible {
    case noReports
    /// Only single open-loop runs (`--scenario server`) add up: a sweep's or search's steps
    /// and a closed loop's concurrency do not.
    case notServerScenario(path: String, scenario: String)
    case sameSeed(path: String, firstPath: String, seed: UInt64)

    public var description: String {
        switch self {
        case .noReports:
            return "merge: no load reports given; pass the generators' `bench load --output` files"
        case .notServerScenario(let path, let scenario):
            return "\(path): scenario \"\(scenario)\"; only server-scenario runs (one open-loop rate, `bench load --shard I/N`) add up to one load"
        case .sameSeed(let path, let firstPath, let seed):
            return "\(path): arrival seed \(seed) is also \(firstPath)'s; the generators drew the same schedule (run them with --shard I/N, each its own I)"
        }
    }
}

/// The load of N generators that drove one server at once (`bench load --shard I/N` on N
/// machines), joined exactly: counts and rates add up, and the latency histograms merge
/// bucket by bucket, so the percentiles are those of every request, not averages of each
/// generator's percentiles. Service time, send delay and connection wait are not joined:
/// reports carry only their percentiles, which do not add up.
public struct MergedLoadReport: Codable, Sendable, Equatable {
    public static let currentSchema = "bench-load-merge/1"

    public var schema = MergedLoadReport.currentSchema
    public var generators: Int
    /// Sum of the generators' offered rates, requests/s.
    public var targetRate: Double
    public var seeds: [UInt64]
    /// The longest generator window, seconds.
    public var durationSeconds: Double
    public var requests: Int
    public var errors: Int
    /// Sums of the generators' rates: their windows ran at the same time.
    public var achievedRate: Double
    public var scheduledRate: Double
    public var statusCounts: [String: Int]
    public var transportErrors: Int
    public var timeouts: Int
    /// Latency from each request's scheduled send time, over every generator's requests.
    public var latency: LatencyPercentiles
    public var histogram: LatencyHistogram
    /// Each generator's own verdict (VALID or INVALID), in the order given.
    public var verdicts: [String]

    /// Joins server-scenario reports with distinct seeds; `path` names each in errors.
    public static func merge(_ reports: [(path: String, report: LoadReport)]) throws -> MergedLoadReport {
        guard !reports.isEmpty else { throw LoadMergeError.noReports }
        var seeds: [UInt64: String] = [:]
        var histogram = LatencyHistogram()
        var statusCounts: [String: Int] = [:]
        for (path, report) in reports {
            guard report.scenario == "server", report.steps == nil else {
                throw LoadMergeError.notServerScenario(path: path, scenario: report.scenario)
            }
            if let firstPath = seeds.updateValue(path, forKey: report.seed) {
                throw LoadMergeError.sameSeed(path: path, firstPath: firstPath, seed: report.seed)
            }
            histogram.merge(report.histogram)
            statusCounts.merge(report.statusCounts, uniquingKeysWith: +)
        }
        let all = reports.map(\.report)
        return MergedLoadReport(
            generators: all.count, targetRate: all.reduce(0) { $0 + ($1.targetRate ?? 0) }, seeds: all.map(\.seed),
            durationSeconds: all.map(\.durationSeconds).max() ?? 0,
            requests: all.reduce(0) { $0 + $1.requests }, errors: all.reduce(0) { $0 + $1.errors },
            achievedRate: all.reduce(0) { $0 + $1.achievedRate }, scheduledRate: all.reduce(0) { $0 + $1.scheduledRate },
            statusCounts: statusCounts, transportErrors: all.reduce(0) { $0 + $1.transportErrors },
            timeouts: all.reduce(0) { $0 + $1.timeouts }, latency: LatencyPercentiles(histogram), histogram: histogram,
            verdicts: all.map(\.verdict))
    }
}
