import XCTest
@testable import BenchKit

final class InProcessRunnerTests: XCTestCase {
    private func instance(_ benchmark: Benchmark, budget: Double = 0.01) -> PlannedBenchmark {
        PlannedBenchmark(benchmark: benchmark, parameters: Parameters([:]), name: benchmark.name,
                         timeBudget: budget, warmup: 0.001, threshold: 0.1)
    }

    private let runner = InProcessRunner(timerOverheadNs: 20, seed: 1, progress: ProgressReporter(style: .quiet))

    func testAWrongKernelIsNeverTimed() {
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        let wrong = Benchmark("wrong", summary: "") { _ in
            Workload(verify: { throw VerificationError("C[0,0] = 3, expected 4") }, body: { counter.calls += 1 })
        }
        XCTAssertThrowsError(try runner.run([instance(wrong)])) { error in
            guard case .verificationFailed(let name, let detail)? = error as? BenchError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "wrong")
            XCTAssertTrue(detail.contains("expected 4"))
        }
        XCTAssertEqual(counter.calls, 0)
    }

    func testTimeAndDerivedThroughputAndValuesAreRecorded() throws {
        let benchmark = Benchmark("work", summary: "") { _ in
            Workload(throughputs: [Throughput("gops", unit: "Gop/s", workPerOperation: 1e-9 * 1000)],
                     values: ["accuracy": MetricResult(unit: "", better: .higher, value: 0.95, tolerance: 0.01)],
                     body: { var x = 0; for i in 0..<identity(1000) { x &+= i }; blackHole(x) })
        }
        let result = try XCTUnwrap(runner.run([instance(benchmark)]).first)
        let time = try XCTUnwrap(result.metrics["time"]?.samples)
        let rate = try XCTUnwrap(result.metrics["gops"]?.samples)
        XCTAssertEqual(time.count, 1, "one process, one inner array")
        XCTAssertEqual(rate[0].count, time[0].count)
        for (t, r) in zip(time[0], rate[0]) { XCTAssertEqual(r, 1000 / t, accuracy: 1e-9 * r) }
        XCTAssertEqual(result.metrics["gops"]?.better, .higher)
        XCTAssertEqual(result.metrics["accuracy"]?.value, 0.95)
        XCTAssertEqual(result.threshold, 0.1)
    }

    func testResultsComeBackInPlanOrderWhateverTheRunOrder() throws {
        let benchmarks = (0..<6).map { index in Benchmark("b\(index)", summary: "") { _ in Workload(body: {}) } }
        let results = try runner.run(benchmarks.map { instance($0, budget: 0.001) })
        XCTAssertEqual(results.map(\.name), benchmarks.map(\.name))
    }

    func testSetUpErrorsNameTheBenchmark() {
        struct Boom: Error {}
        let failing = Benchmark("failing", summary: "") { _ in throw Boom() }
        XCTAssertThrowsError(try runner.run([instance(failing)])) { error in
            guard case .setUpFailed("failing", _)? = error as? BenchError else { return XCTFail("\(error)") }
        }
    }
}
