import BenchCompare
import BenchKit
import XCTest

/// A regression stands only if a second, independent run of the benchmark shows it too.
final class ConfirmationTests: XCTestCase {
    func file(_ factors: [String: Double], seed: UInt64) -> ResultFile {
        Fixture.file(factors.keys.sorted().map { name in
            BenchmarkResult(name: name, metrics: [
                "time": Fixture.time(Fixture.samples(1000 * factors[name]!, seed: seed)),
                "error": MetricResult(unit: "", better: .lower, value: factors[name]! > 1.3 ? 0.5 : 0.1, tolerance: 0.01),
            ])
        })
    }

    func testOnlyRegressionsSeenAgainStand() throws {
        let base = file(["a": 1, "b": 1, "c": 1], seed: 1)
        let first = try compare(baseline: base, new: file(["a": 1.2, "b": 1.2, "c": 1], seed: 2))
        XCTAssertEqual(first.sampledRegressions, ["a: time", "b: time"])
        let second = try compare(baseline: base, new: file(["a": 1.2, "b": 1.0], seed: 3))
        let confirmed = first.confirmed(by: second)
        let verdicts = Dictionary(uniqueKeysWithValues: confirmed.metrics.filter { $0.metric == "time" }.map { ($0.benchmark, $0.verdict) })
        XCTAssertEqual(verdicts, ["a": .regression, "b": .inconclusive, "c": .unchanged])
        XCTAssertEqual(confirmed.confirmation?.measuredAgain, ["a: time", "b: time"])
        XCTAssertEqual(confirmed.confirmation?.confirmed, ["a: time"])
        XCTAssertEqual(confirmed.summary.regressions, 1)
        let b = try XCTUnwrap(confirmed.metrics.first { $0.benchmark == "b" && $0.metric == "time" })
        XCTAssertTrue(b.notes.contains { $0.contains("not confirmed by a second run") && $0.contains("unchanged") }, "\(b.notes)")
        XCTAssertTrue(confirmed.summaryLine.contains("2 regressed metric(s) measured again, 1 confirmed"), confirmed.summaryLine)
        guard case .fail(let reasons) = confirmed.gateDecision() else { return XCTFail("a confirmed regression fails the gate") }
        XCTAssertEqual(reasons.count, 1)
    }

    func testNothingSeenAgainPassesTheGate() throws {
        let base = file(["a": 1], seed: 1)
        let first = try compare(baseline: base, new: file(["a": 1.2], seed: 2))
        let confirmed = first.confirmed(by: try compare(baseline: base, new: file(["a": 1.0], seed: 3)))
        XCTAssertEqual(confirmed.gateDecision(), .pass)
        XCTAssertFalse(confirmed.hasRegression)
    }

    func testSingleValuesAreNotMeasuredAgain() throws {
        let base = file(["a": 1], seed: 1)
        let first = try compare(baseline: base, new: file(["a": 1.4], seed: 2))
        let confirmed = first.confirmed(by: try compare(baseline: base, new: file(["a": 1.0], seed: 3)))
        XCTAssertEqual(confirmed.metrics.first { $0.metric == "error" }?.verdict, .regression,
                       "a deterministic value needs no second opinion")
        XCTAssertEqual(confirmed.confirmation?.measuredAgain, ["a: time"])
        XCTAssertEqual(confirmed.confirmation?.confirmed, [])
    }
}
