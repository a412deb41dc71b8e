import XCTest
@testable import BenchKit

final class MeasuredRegionTests: XCTestCase {
    private final class Calls: @unchecked Sendable { var count = 0 }

    private func instance(_ benchmark: Benchmark) -> PlannedBenchmark {
        PlannedBenchmark(benchmark: benchmark, parameters: Parameters([:]), name: benchmark.name,
                         timeBudget: 10, warmup: 10, threshold: 0.02)
    }

    func testCountingRunsTheBodyOnceToWarmUpThenInRegionsOfNAndTwoN() throws {
        let calls = Calls()
        let benchmark = Benchmark("work", summary: "") { _ in
            Workload(values: ["accuracy": MetricResult(unit: "", better: .higher, value: 1, tolerance: 0)],
                     body: { calls.count += 1 })
        }
        var runner = InProcessRunner(timerOverheadNs: 20, seed: 1, progress: ProgressReporter(style: .quiet))
        runner.countingIterations = 5
        let result = try XCTUnwrap(runner.run([instance(benchmark)]).first)
        XCTAssertEqual(calls.count, 1 + 5 + 2 * 5, "warm-up, then n and 2n; the empty regions call nothing")
        XCTAssertEqual(MeasuredRegion.regionsPerBenchmark, 4)
        XCTAssertNil(result.metrics["time"], "counting never times (the 10 s budget was not spent)")
        XCTAssertEqual(result.metrics["accuracy"]?.value, 1, "the workload's own values are kept")
        XCTAssertEqual(result.iterationsPerSample, [5])
        XCTAssertEqual(result.threshold, 0.02)
    }

    func testCountingDoesNotRunSelfTimedBenchmarks() throws {
        let calls = Calls()
        let load = Benchmark("load", summary: "") { _ in
            Workload(selfTimed: { _ in calls.count += 1; return [:] })
        }
        var runner = InProcessRunner(timerOverheadNs: 20, seed: 1, progress: ProgressReporter(style: .quiet))
        runner.countingIterations = 1
        let result = try XCTUnwrap(runner.run([instance(load)]).first)
        XCTAssertEqual(calls.count, 0)
        XCTAssertNil(result.iterationsPerSample, "tells the parent there is nothing to count")
    }
}
