import XCTest
@testable import BenchKit

final class ResultMergerTests: XCTestCase {
    private func result(_ name: String, time: [Double], accuracy: Double? = nil) -> BenchmarkResult {
        var metrics = ["time": MetricResult(unit: "ns", better: .lower, samples: [time])]
        if let accuracy { metrics["accuracy"] = MetricResult(unit: "", better: .higher, value: accuracy, tolerance: 0.01) }
        return BenchmarkResult(name: name, metrics: metrics, iterationsPerSample: [10], cpuTime: [time.map { $0 / 2 }])
    }

    func testEachProcessBecomesOneInnerArray() {
        let merged = ResultMerger.merge([
            [result("a", time: [1, 2]), result("b", time: [5], accuracy: 0.9)],
            [result("b", time: [6, 7], accuracy: 0.9), result("a", time: [3])],
            [result("a", time: [4]), result("b", time: [8])],
        ])
        XCTAssertEqual(merged.map(\.name), ["a", "b"], "first process's order")
        XCTAssertEqual(merged[0].metrics["time"]?.samples, [[1, 2], [3], [4]])
        XCTAssertEqual(merged[1].metrics["time"]?.samples, [[5], [6, 7], [8]])
        XCTAssertEqual(merged[1].metrics["accuracy"]?.value, 0.9)
        XCTAssertEqual(merged[0].iterationsPerSample, [10, 10, 10])
        XCTAssertEqual(merged[0].cpuTime, [[0.5, 1], [1.5], [2]], "CPU times keep the shape of the time samples")
    }

    func testASingleProcessIsUnchanged() {
        let one = [result("a", time: [1, 2])]
        XCTAssertEqual(ResultMerger.merge([one]), one)
        XCTAssertEqual(ResultMerger.merge([]), [])
    }
}
