import XCTest
@testable import BenchStats

/// Gaussian noise (Box-Muller on xoshiro256**), so every series is reproducible.
private func noise(count: Int, sigma: Double, seed: UInt64) -> [Double] {
    var rng = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { _ in
        let u1 = max(rng.nextUnit(), 1e-300), u2 = rng.nextUnit()
        return sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// A piecewise-constant series: `levels[i]` from `starts[i]` on, plus noise.
private func steps(levels: [Double], starts: [Int], count: Int, sigma: Double, seed: UInt64) -> [Double] {
    let jitter = noise(count: count, sigma: sigma, seed: seed)
    return (0..<count).map { i in
        let segment = starts.lastIndex { $0 <= i } ?? 0
        return levels[segment] + jitter[i]
    }
}

final class ChangePointsTests: XCTestCase {
    func testFindsOneStepWithinOnePoint() throws {
        for seed in UInt64(1)...20 {
            let series = steps(levels: [100, 105], starts: [0, 30], count: 60, sigma: 1, seed: seed)
            let found = try detectChangePoints(series)
            XCTAssertEqual(found.count, 1, "seed \(seed): \(found)")
            let point = try XCTUnwrap(found.first)
            XCTAssertLessThanOrEqual(abs(point.index - 30), 1, "seed \(seed)")
            XCTAssertLessThan(point.pValue, 0.001)
            XCTAssertEqual(point.relativeChange, 0.05, accuracy: 0.01)
        }
    }

    func testFindsSeveralStepsAcrossWindowsUpAndDown() throws {
        let starts = [0, 40, 90, 130, 200]
        let levels = [100.0, 106, 97, 104, 100]
        for seed in UInt64(1)...20 {
            let series = steps(levels: levels, starts: starts, count: 240, sigma: 1, seed: seed)
            let found = try detectChangePoints(series)
            XCTAssertEqual(found.count, 4, "seed \(seed): \(found.map(\.index))")
            for (point, expected) in zip(found, starts.dropFirst()) {
                XCTAssertLessThanOrEqual(abs(point.index - expected), 1, "seed \(seed): \(found.map(\.index))")
            }
            XCTAssertEqual(found.map { $0.relativeChange > 0 }, [true, false, true, false])
        }
    }

    /// The same noise without the steps: nothing to report. 50 independent series of 240
    /// points; with p < 0.001 per kept point a false step would be a rare event, and this
    /// data has none (checked for every seed, not chosen).
    func testNoFalseStepsOnNoiseOfTheSameSize() throws {
        for seed in UInt64(1)...50 {
            let series = noise(count: 240, sigma: 1, seed: seed).map { $0 + 100 }
            let found = try detectChangePoints(series)
            XCTAssertEqual(found, [], "seed \(seed)")
        }
    }

    func testStepNearTheEndIsFoundOnceEnoughPointsFollowIt() throws {
        for seed in UInt64(1)...20 {
            let series = steps(levels: [100, 110], starts: [0, 55], count: 60, sigma: 1, seed: seed)
            let found = try detectChangePoints(series)
            XCTAssertEqual(found.map(\.index).count, 1, "seed \(seed)")
            XCTAssertLessThanOrEqual(abs((found.first?.index ?? -10) - 55), 1, "seed \(seed)")
        }
    }

    func testNoiseFreeStepsAndConstantSeries() throws {
        XCTAssertEqual(try detectChangePoints(Array(repeating: 3, count: 30)), [])
        let exact = Array(repeating: 10.0, count: 12) + Array(repeating: 12.0, count: 8)
        let found = try detectChangePoints(exact)
        XCTAssertEqual(found.map(\.index), [12])
        XCTAssertEqual(found[0].meanBefore, 10)
        XCTAssertEqual(found[0].meanAfter, 12)
        XCTAssertEqual(found[0].relativeChange, 0.2, accuracy: 1e-12)
        XCTAssertEqual(found[0].pValue, 0)
    }

    func testMinimumMagnitudeDropsSmallSignificantSteps() throws {
        let series = steps(levels: [100, 102], starts: [0, 50], count: 100, sigma: 0.2, seed: 7)
        XCTAssertEqual(try detectChangePoints(series).map(\.index), [50])
        XCTAssertEqual(try detectChangePoints(series, options: ChangePointOptions(minMagnitude: 0.05)), [])
    }

    func testShortSeriesHaveNoChangePoints() throws {
        XCTAssertEqual(try detectChangePoints([]), [])
        XCTAssertEqual(try detectChangePoints([1, 2, 3]), [])
    }

    func testRejectsBadInputWithContext() {
        XCTAssertThrowsError(try detectChangePoints([1, .nan, 3, 4])) { error in
            XCTAssertEqual(error as? StatsError, .nonFinite(what: "series", index: 1))
        }
        XCTAssertThrowsError(try detectChangePoints([1, 2, 3, 4], options: ChangePointOptions(maxPValue: 0)))
        XCTAssertThrowsError(try detectChangePoints([1, 2, 3, 4], options: ChangePointOptions(window: 3)))
        XCTAssertThrowsError(try detectChangePoints([1, 2, 3, 4], options: ChangePointOptions(minSegment: 1)))
        XCTAssertThrowsError(try detectChangePoints([1, 2, 3, 4], options: ChangePointOptions(minMagnitude: -1)))
    }
}
