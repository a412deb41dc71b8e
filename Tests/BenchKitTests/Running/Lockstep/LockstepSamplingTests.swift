@testable import BenchKit
import XCTest

final class LockstepSamplingTests: XCTestCase {
    func testSamplesLastAFewMillisecondsAndFillTheBudgetInWholeBlocks() {
        let plan = LockstepSampling(timeBudget: 0.1, estimatedNsPerOperation: 100_000, timerOverheadNs: 20)
        XCTAssertEqual(plan.iterations, 40, "4 ms samples (budget / 25) of 0.1 ms operations")
        XCTAssertEqual(plan.samplesPerSide, 26, "0.1 s of 4 ms samples, rounded up to whole ABBA blocks")
    }

    func testLongOperationsTakeOneIterationAndAtLeastEightBlocks() {
        let plan = LockstepSampling(timeBudget: 0.05, estimatedNsPerOperation: 80e6, timerOverheadNs: 20)
        XCTAssertEqual(plan.iterations, 1)
        XCTAssertEqual(plan.samplesPerSide, 16, "a median over 8 blocks passes over a preempted sample")
    }

    func testSampleLengthStaysBetweenOneAndTenMilliseconds() {
        XCTAssertEqual(LockstepSampling(timeBudget: 0.001, estimatedNsPerOperation: 1000, timerOverheadNs: 20).iterations, 1000)
        XCTAssertEqual(LockstepSampling(timeBudget: 10, estimatedNsPerOperation: 1000, timerOverheadNs: 20).iterations, 10_000)
    }
}

final class LockstepStoppingTests: XCTestCase {
    private func pairs(_ changes: [Double]) -> (base: [[Double]], head: [[Double]]) {
        (changes.map { _ in [1, 1, 1, 1] }, changes.map { c in [1, 1, 1, 1].map { $0 * exp(c) } })
    }

    func testPreciseIntervalsStopWhateverTheirEstimate() {
        let rule = LockstepStopping(threshold: 0.03, alpha: 0.01, comparisons: 8)
        let quiet = pairs([0.001, -0.001, 0.002, 0.0, 0.001, -0.002])
        XCTAssertTrue(rule.isResolved(base: quiet.base, head: quiet.head))
        let slower = pairs([0.021, 0.019, 0.022, 0.020, 0.021, 0.018])
        XCTAssertTrue(rule.isResolved(base: slower.base, head: slower.head), "a precise change near the threshold is resolved too")
    }

    func testNoisyPairsGoOnUnlessClearlyBeyondTheThreshold() {
        let rule = LockstepStopping(threshold: 0.03, alpha: 0.01, comparisons: 8)
        let noisy = pairs([0.04, -0.03, 0.02, -0.05, 0.03, 0.0])
        XCTAssertFalse(rule.isResolved(base: noisy.base, head: noisy.head))
        let clear = pairs([0.30, 0.25, 0.35, 0.28, 0.31, 0.27])
        XCTAssertTrue(rule.isResolved(base: clear.base, head: clear.head), "a 30% slowdown needs no more pairs")
        XCTAssertFalse(rule.isResolved(base: [[1, 1]], head: [[2, 2]]), "one pair resolves nothing")
    }
}

final class MeasurementDesignTests: XCTestCase {
    func testOnlyTheTwoSidesOfOneLockstepRunArePaired() {
        let base = MeasurementDesign(kind: .lockstep, session: "s", role: "base")
        let head = MeasurementDesign(kind: .lockstep, session: "s", role: "head")
        XCTAssertTrue(MeasurementDesign.arePaired(base, head))
        XCTAssertFalse(MeasurementDesign.arePaired(base, base), "two files of one side")
        XCTAssertFalse(MeasurementDesign.arePaired(base, MeasurementDesign(kind: .lockstep, session: "t", role: "head")))
        XCTAssertFalse(MeasurementDesign.arePaired(nil, head))
        XCTAssertFalse(MeasurementDesign.arePaired(MeasurementDesign(kind: .processes), head))
    }
}
