import BenchCompare
import BenchKit
import XCTest

final class ComparatorTests: XCTestCase {
    func testClearSlowdownIsARegressionWithItsEvidence() throws {
        let (base, new) = Fixture.pair(factor: 1.2)
        let m = try compare(baseline: base, new: new).metrics[0]
        XCTAssertEqual(m.verdict, .regression)
        XCTAssertEqual(m.change, 0.2, accuracy: 0.01)
        XCTAssertLessThan(m.changeLower!, m.change)
        XCTAssertGreaterThan(m.changeUpper!, m.change)
        XCTAssertLessThan(m.adjustedPValue!, 0.01)
        XCTAssertEqual(m.threshold, ComparisonOptions.standardThreshold)
        XCTAssertEqual(m.baseline.processes, 10)
        XCTAssertEqual(m.new.samples, 100)
        XCTAssertEqual(m.baseline.center, 1000, accuracy: 5)
    }

    func testClearSpeedupIsAnImprovementAndNeverFailsTheGate() throws {
        let (base, new) = Fixture.pair(factor: 0.8)
        let comparison = try compare(baseline: base, new: new)
        XCTAssertEqual(comparison.metrics[0].verdict, .improvement)
        XCTAssertEqual(comparison.gateDecision(), .pass)
    }

    func testHigherIsBetterMetricsRegressWhenTheyDrop() throws {
        let base = BenchmarkResult(name: "g", metrics: ["gflops": MetricResult(unit: "GFLOP/s", better: .higher,
                                                                               samples: Fixture.samples(80, seed: 1))])
        let new = BenchmarkResult(name: "g", metrics: ["gflops": MetricResult(unit: "GFLOP/s", better: .higher,
                                                                              samples: Fixture.samples(70, seed: 2))])
        XCTAssertEqual(try compare(baseline: Fixture.file([base]), new: Fixture.file([new])).metrics[0].verdict, .regression)
    }

    func testSignificantChangeWithinThresholdIsUnchanged() throws {
        let (base, new) = Fixture.pair(factor: 1.02)
        let m = try compare(baseline: base, new: new).metrics[0]
        XCTAssertLessThan(m.adjustedPValue!, 0.01)
        XCTAssertEqual(m.verdict, .unchanged)
        XCTAssertTrue(m.notes.contains("significant change within the threshold"))
    }

    func testThresholdPrecedence() throws {
        let (base, new) = Fixture.pair(factor: 1.2, threshold: 0.5)
        XCTAssertEqual(try compare(baseline: base, new: new).metrics[0].verdict, .unchanged, "file threshold 50%")
        XCTAssertEqual(try compare(baseline: base, new: new).metrics[0].threshold, 0.5)
        let overridden = try compare(baseline: base, new: new, options: ComparisonOptions(threshold: 0.1))
        XCTAssertEqual(overridden.metrics[0].verdict, .regression, "--threshold overrides the file")
        let (plainBase, plainNew) = Fixture.pair(factor: 1.2)
        let fallback = try compare(baseline: plainBase, new: plainNew, options: ComparisonOptions(defaultThreshold: 0.25))
        XCTAssertEqual(fallback.metrics[0].threshold, 0.25)
        XCTAssertEqual(fallback.metrics[0].verdict, .unchanged)
    }

    func testOneProcessPerRunIsInconclusiveNotAnAlarm() throws {
        let (base, new) = Fixture.pair(factor: 2, processes: 1)
        let m = try compare(baseline: base, new: new).metrics[0]
        XCTAssertEqual(m.verdict, .inconclusive)
        XCTAssertNil(m.pValue)
        XCTAssertEqual(m.change, 1, accuracy: 0.02)
        XCTAssertTrue(m.notes[0].contains("at least 2 per side"))
    }

    func testEnoughProcessesUseTheExactRankTestAndSetAsideSlowProcesses() throws {
        var (base, new) = Fixture.pair(factor: 1.08)
        base.benchmarks[0].metrics["time"]!.samples![3] = base.benchmarks[0].metrics["time"]!.samples![3].map { $0 * 1.6 }
        let m = try compare(baseline: base, new: new).metrics[0]
        XCTAssertEqual(m.test, .mannWhitney)
        XCTAssertEqual(m.verdict, .regression)
        XCTAssertEqual(m.change, 0.08, accuracy: 0.01)
        XCTAssertEqual(m.notes.first, "set aside as far out (likely unlucky processes): 1 of 10 baseline, 0 of 10 new processes")
    }

    func testFewProcessesUseWelchAndASlowProcessWeakensInsteadOfFaking() throws {
        let (base, new) = Fixture.pair(factor: 1.0, processes: 5)
        var slowed = new
        slowed.benchmarks[0].metrics["time"]!.samples![0] = slowed.benchmarks[0].metrics["time"]!.samples![0].map { $0 * 1.6 }
        let m = try compare(baseline: base, new: slowed).metrics[0]
        XCTAssertEqual(m.test, .welch)
        XCTAssertEqual(m.verdict, .inconclusive)
        XCTAssertTrue(m.notes.contains { $0.hasPrefix("detection weak") }, "\(m.notes)")
        XCTAssertEqual(try compare(baseline: base, new: Fixture.pair(factor: 1.2, processes: 5).1).metrics[0].verdict, .regression)
    }

    func testSingleValuesAreHeldToTheirTolerance() throws {
        func value(_ v: Double, tolerance: Double?) -> ResultFile {
            Fixture.file([BenchmarkResult(name: "acc", metrics: ["accuracy": MetricResult(unit: "", better: .higher, value: v, tolerance: tolerance)])])
        }
        XCTAssertEqual(try compare(baseline: value(0.90, tolerance: 0.01), new: value(0.885, tolerance: 0.01)).metrics[0].verdict, .regression)
        XCTAssertEqual(try compare(baseline: value(0.90, tolerance: 0.01), new: value(0.895, tolerance: 0.01)).metrics[0].verdict, .unchanged)
        XCTAssertEqual(try compare(baseline: value(0.90, tolerance: 0.01), new: value(0.92, tolerance: 0.01)).metrics[0].verdict, .improvement)
        // Without a tolerance the relative threshold applies: 3% of 0.90 = 0.027.
        let m = try compare(baseline: value(0.90, tolerance: nil), new: value(0.88, tolerance: nil)).metrics[0]
        XCTAssertEqual(m.verdict, .unchanged)
        XCTAssertEqual(m.tolerance!, 0.027, accuracy: 1e-12)
        XCTAssertNil(m.pValue)
    }

    func testBenchmarksAndMetricsInOnlyOneFileAreListedAndFailOnlyOnRequest() throws {
        let (base, new) = Fixture.pair(factor: 1)
        var extraBase = base, extraNew = new
        extraBase.benchmarks.append(BenchmarkResult(name: "gone", metrics: ["time": Fixture.time([[1, 2]])]))
        extraNew.benchmarks.append(BenchmarkResult(name: "added", metrics: ["time": Fixture.time([[1, 2]])]))
        extraNew.benchmarks[0].metrics["rss"] = MetricResult(unit: "B", better: .lower, value: 1, tolerance: nil)
        let comparison = try compare(baseline: extraBase, new: extraNew)
        XCTAssertEqual(comparison.onlyInBaseline, ["gone"])
        XCTAssertEqual(comparison.onlyInNew, ["b: rss", "added"])
        XCTAssertEqual(comparison.gateDecision(), .pass)
        let strict = try compare(baseline: extraBase, new: extraNew, options: ComparisonOptions(failOnMissing: true))
        guard case .fail(let reasons) = strict.gateDecision() else { return XCTFail("expected failure") }
        XCTAssertEqual(reasons.count, 3)
    }

    func testChangedUnitIsNotCompared() throws {
        let (base, _) = Fixture.pair(factor: 1)
        let new = Fixture.file([BenchmarkResult(name: "b", metrics: ["time": MetricResult(unit: "us", better: .lower, samples: Fixture.samples(1, seed: 3))])])
        let m = try compare(baseline: base, new: new).metrics[0]
        XCTAssertEqual(m.verdict, .inconclusive)
        XCTAssertTrue(m.notes[0].contains("unit changed"))
    }

    func testManyMetricsAreCorrectedTogether() throws {
        let base = Fixture.file((0..<10).map { BenchmarkResult(name: "b\($0)", metrics: ["time": Fixture.time(Fixture.samples(100, seed: UInt64($0)))]) })
        let new = Fixture.file((0..<10).map { BenchmarkResult(name: "b\($0)", metrics: ["time": Fixture.time(Fixture.samples(100, seed: UInt64($0 + 50)))]) })
        for correction in Correction.allCases {
            let comparison = try compare(baseline: base, new: new, options: ComparisonOptions(correction: correction))
            for m in comparison.metrics {
                XCTAssertGreaterThanOrEqual(m.adjustedPValue!, m.pValue!)
                if correction == .none { XCTAssertEqual(m.adjustedPValue, m.pValue) }
            }
        }
    }

    func testADerivedRateIsTestedWithItsSourceAndCountedOnce() throws {
        func file(seedOffset: UInt64, derived: Bool) -> ResultFile {
            Fixture.file((0..<8).map { index in
                let time = Fixture.samples(100, seed: UInt64(index) + seedOffset)
                var rate = MetricResult(unit: "GFLOP/s", better: .higher, samples: time.map { $0.map { 1e3 / $0 } })
                if derived { rate.derivedFrom = "time" }
                return BenchmarkResult(name: "b\(index)", metrics: ["time": Fixture.time(time), "gflops": rate])
            })
        }
        let together = try compare(baseline: file(seedOffset: 0, derived: true), new: file(seedOffset: 50, derived: true))
        let separate = try compare(baseline: file(seedOffset: 0, derived: false), new: file(seedOffset: 50, derived: false))
        for index in 0..<8 {
            let name = "b\(index)"
            let time = try XCTUnwrap(together.metrics.first { $0.benchmark == name && $0.metric == "time" })
            let rate = try XCTUnwrap(together.metrics.first { $0.benchmark == name && $0.metric == "gflops" })
            XCTAssertEqual(rate.adjustedPValue, time.adjustedPValue, "the rate shares its source's test")
            let separateTime = try XCTUnwrap(separate.metrics.first { $0.benchmark == name && $0.metric == "time" })
            XCTAssertLessThanOrEqual(time.adjustedPValue!, separateTime.adjustedPValue!, "a family of 8, not 16")
        }
        XCTAssertTrue(together.summaryLine.contains("over 8 tested metrics (8 derived rates tested with their source)"),
                      together.summaryLine)
        XCTAssertTrue(separate.summaryLine.contains("over 16 tested metrics"), separate.summaryLine)
    }

    func testBadInputIsATypedErrorNamingTheMetric() {
        let (base, _) = Fixture.pair(factor: 1)
        let broken = Fixture.file([BenchmarkResult(name: "b", metrics: ["time": Fixture.time([[1, .nan]])])])
        XCTAssertThrowsError(try compare(baseline: base, new: broken)) { error in
            XCTAssertEqual(error as? CompareError, .invalidMetric(file: "new", benchmark: "b", metric: "time", problem: "samples contain NaN or infinity"))
        }
        let empty = Fixture.file([BenchmarkResult(name: "b", metrics: ["time": Fixture.time([[]])])])
        XCTAssertThrowsError(try compare(baseline: empty, new: base))
        XCTAssertThrowsError(try compare(baseline: base, new: base, options: ComparisonOptions(alpha: 0)))
        XCTAssertThrowsError(try compare(baseline: base, new: base, options: ComparisonOptions(threshold: -1)))
    }
}

final class ZeroValuedMetricTests: XCTestCase {
    func testCountersStuckAtZeroAreUnchangedAndMovingOffZeroIsFlaggedAsUndefined() throws {
        func counter(_ values: [[Double]]) -> ResultFile {
            Fixture.file([BenchmarkResult(name: "c", metrics: ["errors": MetricResult(unit: "", better: .lower, samples: values)])])
        }
        let zeros = counter(Array(repeating: [0, 0, 0], count: 5))
        XCTAssertEqual(try compare(baseline: zeros, new: zeros).metrics[0].verdict, .unchanged)
        let moved = try compare(baseline: zeros, new: counter(Array(repeating: [1, 1, 1], count: 5))).metrics[0]
        XCTAssertEqual(moved.verdict, .inconclusive)
        XCTAssertEqual(moved.notes.first, "baseline is 0: relative change undefined")
    }
}
