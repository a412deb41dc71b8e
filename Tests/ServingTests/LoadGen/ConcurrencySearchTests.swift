import XCTest
@testable import Serving

/// The concurrency search tries levels by doubling, then bisects to the highest passing one.
final class ConcurrencySearchTests: XCTestCase {
    private func search(_ levels: ClosedRange<Int>, steps: Int = 10, passingUpTo limit: Int) -> (best: Int?, tried: [Int]) {
        var tried: [Int] = []
        let best = ConcurrencySearch(levels: levels, bisectionSteps: steps).run { level in
            tried.append(level)
            return level <= limit
        }
        return (best, tried)
    }

    func testDoublesUntilAFailureThenBisects() {
        let result = search(1...128, passingUpTo: 23)
        XCTAssertEqual(result.best, 23)
        XCTAssertEqual(result.tried, [1, 2, 4, 8, 16, 32, 24, 20, 22, 23])
    }

    func testEveryLevelPassingEndsAtTheHighestLevelWithoutBisecting() {
        let result = search(3...40, passingUpTo: 1000)
        XCTAssertEqual(result.best, 40)
        XCTAssertEqual(result.tried, [3, 6, 12, 24, 40])
    }

    func testTheLowestLevelFailingMeansNone() {
        let result = search(4...64, passingUpTo: 3)
        XCTAssertNil(result.best)
        XCTAssertEqual(result.tried, [4])
    }

    func testBisectionStepsBoundTheRunsAndKeepTheLastPassingLevel() {
        let result = search(1...128, steps: 2, passingUpTo: 23)
        XCTAssertEqual(result.best, 20, "after 32 fails: 24 fails, 20 passes; the third bisection step is not taken")
        XCTAssertEqual(result.tried.count, 8)
    }

    func testFindsEachLimitExactlyInARange() {
        for limit in 1...64 {
            XCTAssertEqual(search(1...64, passingUpTo: limit).best, limit, "limit \(limit)")
        }
    }
}
