import XCTest
@testable import Serving

/// A run is VALID when it counted enough queries, stayed within the error budget and met
/// its latency bound; sweeps and searches report every step, each with its own seed.
final class LoadVerdictTests: XCTestCase {
    private func report(ok: Int, errors: Int, latencyNanos: UInt64) -> LoadReport {
        var histogram = LatencyHistogram()
        histogram.record(latencyNanos, count: UInt64(max(ok, 1)))
        let p = LatencyPercentiles(histogram)
        return LoadReport(scenario: "server", targetRate: 100, arrival: .poisson, seed: 1, connections: 1, durationSeconds: 1,
                          requests: ok, errors: errors, achievedRate: Double(ok), scheduledRate: Double(ok + errors),
                          latency: p, serviceLatency: p, sendDelay: p, connectionWait: p, connectionWaits: 0,
                          engineScheduling: .normal, histogram: histogram, statusCounts: ["503": errors],
                          transportErrors: 0, timeouts: 0, errorSamples: [])
    }

    func testVerdictNamesEveryUnmetCondition() {
        var r = report(ok: 990, errors: 10, latencyNanos: 2_000_000)
        r.judge(minQueries: 1000, maxErrorRate: 0.01, constraint: LatencyConstraint(percentile: 99, milliseconds: 5))
        XCTAssertEqual(r.verdict, LoadReport.valid, "10 errors in 1000 is exactly the 1% budget")
        r.judge(minQueries: 1001, maxErrorRate: 0.005, constraint: LatencyConstraint(percentile: 90, milliseconds: 1))
        XCTAssertEqual(r.verdict, LoadReport.invalid)
        XCTAssertEqual(r.verdictReasons.count, 3, "\(r.verdictReasons)")
        XCTAssertTrue(r.verdictReasons[0].contains("fewer than the minimum 1001"))
        XCTAssertTrue(r.verdictReasons[1].contains("error rate 1.00%"))
        XCTAssertTrue(r.verdictReasons[2].contains("p90 latency"))
        XCTAssertTrue(r.text.contains("errors: 10 (1.00%): HTTP 503 ×10"), r.text)
        XCTAssertTrue(r.text.contains("verdict: INVALID"), r.text)
    }

    func testCSVHasAHeaderAndOneRowPerStep() {
        var sweep = report(ok: 10, errors: 0, latencyNanos: 1000)
        sweep.steps = [report(ok: 5, errors: 0, latencyNanos: 1000), report(ok: 10, errors: 0, latencyNanos: 1000)]
        let lines = sweep.csv.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("step,scenario,arrival,seed,connections,offered_rate,scheduled_rate,achieved_rate"))
        XCTAssertTrue(lines[1].hasPrefix("1,server,poisson,1,1,100.000,"), String(lines[1]))
        XCTAssertEqual(lines[0].split(separator: ",").count, lines[2].split(separator: ",", omittingEmptySubsequences: false).count)
    }

    func testEachStepHasItsOwnSeed() {
        let seeds = (0..<100).map { LoadGenerator.seed(7, step: $0) }
        XCTAssertEqual(Set(seeds).count, 100)
        XCTAssertEqual(LoadGenerator.seed(7, step: 3), LoadGenerator.seed(7, step: 3))
    }

    func testStabilityNeedsTheLastWindowsToAgreeInRateAndMeanLatency() {
        func window(_ ok: Int, latencyNanos: UInt64) -> LoadGenerator.Window {
            var result = EngineResult()
            result.succeeded = ok
            result.latency.record(latencyNanos, count: UInt64(ok))
            return LoadGenerator.Window(result: result, seconds: 1, scheduling: nil)
        }
        let check = Stability(percent: 10, windows: 3, maxWindows: 10)
        XCTAssertFalse(check.holds(for: [window(100, latencyNanos: 1000), window(100, latencyNanos: 1000)]), "too few windows")
        XCTAssertTrue(check.holds(for: [window(50, latencyNanos: 9000), window(100, latencyNanos: 1000),
                                         window(105, latencyNanos: 1050), window(96, latencyNanos: 980)]), "the first window does not count")
        XCTAssertFalse(check.holds(for: [window(100, latencyNanos: 1000), window(100, latencyNanos: 1000), window(130, latencyNanos: 1000)]))
        XCTAssertFalse(check.holds(for: [window(100, latencyNanos: 1000), window(100, latencyNanos: 1000), window(100, latencyNanos: 1400)]))
    }
}
