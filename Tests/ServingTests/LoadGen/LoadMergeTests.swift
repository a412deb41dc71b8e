import XCTest
@testable import Serving

/// N generators driving one server at once join into one load: counts and rates add up,
/// and the percentiles come from every request's latency, not from averaged percentiles.
final class LoadMergeTests: XCTestCase {
    /// A server-scenario report of `latencies` (ns), with `seed`.
    private func report(_ latencies: [UInt64], seed: UInt64, errors: Int = 0, scenario: String = "server") -> LoadReport {
        var histogram = LatencyHistogram()
        for latency in latencies { histogram.record(latency) }
        let p = LatencyPercentiles(histogram)
        return LoadReport(scenario: scenario, targetRate: 500, arrival: .poisson, seed: seed, connections: 8, durationSeconds: 10,
                          requests: latencies.count, errors: errors, achievedRate: Double(latencies.count) / 10,
                          scheduledRate: Double(latencies.count + errors) / 10, latency: p, serviceLatency: p, sendDelay: p,
                          connectionWait: p, connectionWaits: 0, engineScheduling: .normal, histogram: histogram,
                          statusCounts: errors == 0 ? [:] : ["503": errors], transportErrors: 0, timeouts: 0, errorSamples: [])
    }

    /// Three generators' latencies: one fast, one slow, one with a long tail.
    private let parts: [[UInt64]] = [
        (1...2000).map { 1_000_000 + $0 * 97 },
        (1...1000).map { 3_000_000 + $0 * 1_013 },
        (1...500).map { $0 % 50 == 0 ? 80_000_000 : 2_000_000 + $0 * 313 },
    ]

    func testMergedHistogramIsTheHistogramOfEveryRequest() throws {
        let reports = parts.enumerated().map { (path: "gen-\($0.offset + 1).json", report: report($0.element, seed: UInt64($0.offset + 1))) }
        let merged = try MergedLoadReport.merge(reports)
        var all = LatencyHistogram()
        for latency in parts.joined() { all.record(latency) }
        XCTAssertEqual(merged.histogram, all)
        XCTAssertEqual(merged.latency, LatencyPercentiles(all))
        let averagedP99 = reports.map(\.report.latency.p99).reduce(0, +) / 3
        XCTAssertNotEqual(merged.latency.p99, averagedP99, accuracy: 0.5, "averaging percentiles would report another p99")
    }

    func testCountsAndRatesAddUp() throws {
        let merged = try MergedLoadReport.merge([("a.json", report(parts[0], seed: 1, errors: 3)),
                                                 ("b.json", report(parts[1], seed: 2, errors: 2))])
        XCTAssertEqual(merged.generators, 2)
        XCTAssertEqual(merged.requests, 3000)
        XCTAssertEqual(merged.errors, 5)
        XCTAssertEqual(merged.statusCounts, ["503": 5])
        XCTAssertEqual(merged.targetRate, 1000)
        XCTAssertEqual(merged.achievedRate, 300)
        XCTAssertEqual(merged.seeds, [1, 2])
        XCTAssertEqual(merged.verdicts, [LoadReport.valid, LoadReport.valid])
    }

    func testRefusesSweepsClosedLoopsAndRepeatedSchedules() {
        XCTAssertThrowsError(try MergedLoadReport.merge([("a.json", report(parts[0], seed: 1)), ("b.json", report(parts[1], seed: 1))])) {
            XCTAssertEqual($0 as? LoadMergeError, .sameSeed(path: "b.json", firstPath: "a.json", seed: 1))
        }
        XCTAssertThrowsError(try MergedLoadReport.merge([("c.json", report(parts[0], seed: 1, scenario: "offline"))])) {
            XCTAssertEqual($0 as? LoadMergeError, .notServerScenario(path: "c.json", scenario: "offline"))
        }
        var sweep = report(parts[0], seed: 1)
        sweep.steps = [report(parts[1], seed: 2)]
        XCTAssertThrowsError(try MergedLoadReport.merge([("s.json", sweep)]))
        XCTAssertThrowsError(try MergedLoadReport.merge([])) { XCTAssertEqual($0 as? LoadMergeError, .noReports) }
    }
}
