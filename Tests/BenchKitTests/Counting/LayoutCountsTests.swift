import XCTest
@testable import BenchKit

final class LayoutCountsTests: XCTestCase {
    private let cache = SimulatedCache()

    func testMetricsAreDeterministicValuesWithTinyAbsoluteTolerances() throws {
        let same = OperationCounts(instructions: 10_000, d1Misses: 200, llMisses: 0)
        let metrics = LayoutCounts([same, same, same]).metrics(source: "callgrind 3.19.0", cache: cache)
        let instructions = try XCTUnwrap(metrics["instructions"])
        XCTAssertEqual(instructions.value, 10_000)
        XCTAssertNil(instructions.samples)
        XCTAssertEqual(instructions.unit, "instructions")
        XCTAssertEqual(instructions.better, .lower)
        XCTAssertEqual(try XCTUnwrap(instructions.tolerance), 10, accuracy: 1e-9, "0.1% of the value, in instructions")
        XCTAssertEqual(instructions.source, "callgrind 3.19.0")
        XCTAssertEqual(try XCTUnwrap(metrics["d1_misses"]?.tolerance), 2, accuracy: 1e-9, "1% of the value")
        XCTAssertEqual(metrics["ll_misses"]?.tolerance, 0.5, "one whole extra miss per operation is a change")
        XCTAssertEqual(metrics["d1_misses"]?.source, "callgrind 3.19.0, simulated D1 32 KiB 8-way, LL 32 MiB 16-way, 64 B lines")
    }

    func testTheValueIsTheMedianAndTheToleranceCoversTheLayoutSpread() throws {
        let layouts = [100_300.0, 100_000, 100_150, 99_900, 100_200].map {
            OperationCounts(instructions: $0, d1Misses: 50, llMisses: 1)
        }
        let metrics = LayoutCounts(layouts).metrics(source: "callgrind 3.19.0", cache: cache)
        XCTAssertEqual(metrics["instructions"]?.value, 100_150)
        XCTAssertEqual(metrics["instructions"]?.tolerance, 400, "alignment alone moved the count by 400")
        XCTAssertEqual(LayoutCounts.median([3, 1, 2, 10]), 2.5)
    }

    func testEachLayoutRunsItsOwnSetUpTheOutputIsVerifiedOnceAndOneResultIsReturned() throws {
        final class Calls: @unchecked Sendable { var setUps = 0, verifications = 0 }
        let calls = Calls()
        let benchmark = Benchmark("work", summary: "") { _ in
            calls.setUps += 1
            return Workload(verify: { calls.verifications += 1 }, body: {})
        }
        var runner = InProcessRunner(timerOverheadNs: 20, seed: 0, progress: ProgressReporter(style: .quiet))
        runner.countingIterations = 1
        let instance = PlannedBenchmark(benchmark: benchmark, parameters: Parameters([:]), name: "work",
                                        timeBudget: 1, warmup: 1, threshold: nil)
        let results = try runner.runCounting([instance], layouts: 5)
        XCTAssertEqual(calls.setUps, 5)
        XCTAssertEqual(calls.verifications, 1)
        XCTAssertEqual(results.map(\.name), ["work"], "one result per instance, so names stay unique")
    }

    func testAWrongOutputStopsCountingWhicheverLayoutVerifies() {
        let wrong = Benchmark("wrong", summary: "") { _ in
            Workload(verify: { throw VerificationError("C[0,0] = 3, expected 4") }, body: {})
        }
        var runner = InProcessRunner(timerOverheadNs: 20, seed: 7, progress: ProgressReporter(style: .quiet))
        runner.countingIterations = 1
        let instance = PlannedBenchmark(benchmark: wrong, parameters: Parameters([:]), name: "wrong",
                                        timeBudget: 1, warmup: 1, threshold: nil)
        XCTAssertThrowsError(try runner.runCounting([instance], layouts: 3))
    }
}
