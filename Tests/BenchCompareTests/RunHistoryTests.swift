import BenchCompare
import BenchKit
import XCTest

/// Earlier runs tell whole-run shifts (a busy machine for the length of a run) from
/// regressions: a change must stand out from how much whole runs moved before.
final class RunHistoryTests: XCTestCase {
    /// Earlier runs of benchmark "b" whose centres sit at `levels` (relative to 1000 ns).
    func history(_ levels: [Double]) -> [ResultFile] {
        levels.enumerated().map { i, level in
            Fixture.file([BenchmarkResult(name: "b", metrics: ["time": Fixture.time(
                Fixture.samples(1000 * level, seed: 100 + UInt64(i)))])])
        }
    }

    func testAShiftLikeThoseBetweenEarlierRunsIsNotARegression() throws {
        let (base, new) = Fixture.pair(factor: 1.10)
        XCTAssertEqual(try compare(baseline: base, new: new).metrics[0].verdict, .regression,
                       "two files alone cannot tell a whole-run shift from a regression")
        let restless = history([1.0, 1.09, 0.97, 1.08, 0.95, 1.1, 1.0, 0.93, 1.07, 1.0])
        let comparison = try compare(baseline: base, new: new, history: restless)
        let metric = comparison.metrics[0]
        XCTAssertNotEqual(metric.verdict, .regression)
        let evidence = try XCTUnwrap(metric.runLevel)
        XCTAssertEqual(evidence.runs, 11)
        XCTAssertGreaterThan(evidence.spread, 0.04)
        XCTAssertEqual(evidence.change, 0.10, accuracy: 0.01)
        XCTAssertEqual(metric.pValue, evidence.pValue, "the larger p-value decides")
        XCTAssertLessThan(try XCTUnwrap(evidence.processPValue), 0.001)
        XCTAssertLessThanOrEqual(try XCTUnwrap(metric.changeLower), 0, "the interval covers the run-to-run spread")
        XCTAssertTrue(metric.notes.contains { $0.contains("whole runs vary") }, "\(metric.notes)")
        XCTAssertEqual(comparison.historyRuns, 11)
        XCTAssertTrue(comparison.summaryLine.contains("whole-run spread from 11 runs"))
    }

    func testAChangeBeyondTheRunToRunSpreadIsStillARegression() throws {
        let (base, new) = Fixture.pair(factor: 1.10)
        let quiet = history([1.0, 1.004, 0.997, 1.002, 0.998, 1.003, 1.0, 0.996, 1.001, 1.0])
        let metric = try compare(baseline: base, new: new, history: quiet).metrics[0]
        XCTAssertEqual(metric.verdict, .regression)
        XCTAssertLessThan(try XCTUnwrap(metric.runLevel).pValue, 1e-4)
    }

    func testTooFewEarlierRunsLeaveTheTwoFileTest() throws {
        let (base, new) = Fixture.pair(factor: 1.10)
        let comparison = try compare(baseline: base, new: new, history: history([1.0, 1.09, 0.95]))
        XCTAssertNil(comparison.metrics[0].runLevel)
        XCTAssertEqual(comparison.metrics[0].verdict, .regression)
        XCTAssertEqual(comparison.historyRuns, 4)
    }

    func testEarlierRunsWithoutTheBenchmarkDoNotCount() throws {
        let (base, new) = Fixture.pair(factor: 1.10)
        let unrelated = (0..<8).map { i in
            Fixture.file([BenchmarkResult(name: "other", metrics: ["time": Fixture.time(Fixture.samples(50, seed: UInt64(i)))])])
        }
        XCTAssertNil(try compare(baseline: base, new: new, history: unrelated).metrics[0].runLevel)
    }
}
