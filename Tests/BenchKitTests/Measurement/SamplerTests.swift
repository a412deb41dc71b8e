import XCTest
@testable import BenchKit

final class SamplerTests: XCTestCase {
    func testSamplesLastAtLeastTheTimerFloorSoOverheadIsNegligible() {
        let settings = MeasurementSettings(timeBudget: 0.05, warmup: 0.01, timerOverheadNs: 25)
        let iterations = Sampler.iterationsPerSample(estimatedNsPerOperation: 1, settings: settings)
        XCTAssertGreaterThanOrEqual(Double(iterations) * 1, settings.minimumSampleNs)
        XCTAssertGreaterThanOrEqual(settings.minimumSampleNs, 1000 * settings.timerOverheadNs)
    }

    func testCalibrationDividesTheBudgetIntoTargetSamples() {
        let settings = MeasurementSettings(timeBudget: 1, warmup: 0, targetSamples: 20, timerOverheadNs: 20)
        // 50 ms per sample at 1 µs per operation: 50,000 iterations.
        XCTAssertEqual(Sampler.iterationsPerSample(estimatedNsPerOperation: 1000, settings: settings), 50_000)
        // An operation slower than a sample still runs once per sample.
        XCTAssertEqual(Sampler.iterationsPerSample(estimatedNsPerOperation: 2e9, settings: settings), 1)
    }

    func testMeasureRespectsBudgetAndMinimumSamples() {
        let settings = MeasurementSettings(timeBudget: 0.02, warmup: 0.005, minSamples: 3, timerOverheadNs: 20)
        let started = MonotonicClock.now()
        let result = Sampler.measure(settings: settings) { blackHole(identity(1) + 1) }
        let elapsed = Double(MonotonicClock.now() - started) / 1e9
        XCTAssertGreaterThanOrEqual(result.nanosecondsPerOperation.count, 3)
        XCTAssertLessThan(elapsed, 2, "a 20 ms budget must not run for seconds")
        XCTAssertTrue(result.nanosecondsPerOperation.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    func testSlowOperationsStillGetMinimumSamples() {
        let settings = MeasurementSettings(timeBudget: 0.001, warmup: 0, minSamples: 3, timerOverheadNs: 20)
        let result = Sampler.measure(settings: settings) { usleep(2000) }
        XCTAssertEqual(result.iterationsPerSample, 1)
        XCTAssertEqual(result.nanosecondsPerOperation.count, 3)
        XCTAssertTrue(result.nanosecondsPerOperation.allSatisfy { $0 >= 2e6 }, "\(result.nanosecondsPerOperation)")
    }

    /// A sleeping body uses almost no CPU; a spinning one uses about its wall time.
    func testCPUTimeIsRecordedBesideEachSample() {
        let settings = MeasurementSettings(timeBudget: 0.001, warmup: 0, minSamples: 3, timerOverheadNs: 20)
        let sleeping = Sampler.measure(settings: settings) { usleep(2000) }
        XCTAssertEqual(sleeping.cpuNanosecondsPerOperation.count, sleeping.nanosecondsPerOperation.count)
        XCTAssertTrue(sleeping.cpuNanosecondsPerOperation.allSatisfy { $0 < 1e6 }, "sleeping 2 ms: \(sleeping.cpuNanosecondsPerOperation)")
        let spinning = Sampler.measure(settings: settings) {
            let until = MonotonicClock.now() + 2_000_000
            while MonotonicClock.now() < until {}
        }
        XCTAssertTrue(spinning.cpuNanosecondsPerOperation.contains { $0 > 1e6 }, "spinning 2 ms: \(spinning.cpuNanosecondsPerOperation)")
    }

    func testWarmUpRunsAtLeastOnceAndEstimatesTheCost() {
        var calls = 0
        let estimate = Sampler.warmUp(seconds: 0) { calls += 1; usleep(1000) }
        XCTAssertEqual(calls, 1)
        XCTAssertGreaterThan(estimate, 9e5)
    }

    func testClockIsMonotonicAndCheap() {
        var previous = MonotonicClock.now()
        for _ in 0..<10_000 {
            let now = MonotonicClock.now()
            XCTAssertGreaterThanOrEqual(now, previous)
            previous = now
        }
        let timer = MonotonicClock.characterize(reads: 1000)
        XCTAssertGreaterThan(timer.resolutionNs, 0)
        XCTAssertLessThan(timer.overheadNs, 10_000)
    }
}
