import XCTest
import BenchStats

final class ChangePointsTests: XCTestCase {
    func testMatchesBruteForceReference() throws {
        for (n, c) in Reference.changePoints.enumerated() {
            let points = try detectChangePoints(c.series, options: ChangePointOptions(maxPValue: c.maxPValue, minMagnitude: c.minMagnitude))
            XCTAssertEqual(points.map(\.index), c.points.map(\.index), "case \(n)")
            for (a, e) in zip(points, c.points) {
                assertRelativelyClose(a.pValue, e.pValue, tolerance: 1e-9, "case \(n)")
                assertClose(a.meanBefore, e.meanBefore)
                assertClose(a.meanAfter, e.meanAfter)
                assertClose(a.relativeChange, e.meanAfter / e.meanBefore - 1)
            }
        }
    }

    func testStepsAreFoundAndFlatSeriesHasNone() throws {
        let series = [Double](repeating: 10, count: 15) + [Double](repeating: 12, count: 15)
        let jittered = series.enumerated().map { $1 + Double($0 % 3) * 0.01 }
        XCTAssertEqual(try detectChangePoints(jittered).map(\.index), [15])
        XCTAssertEqual(try detectChangePoints([Double](repeating: 3, count: 30)), [])
    }

    func testShortOrBadInput() throws {
        XCTAssertEqual(try detectChangePoints([]), [])
        XCTAssertEqual(try detectChangePoints([1, 2, 3, 4, 5]), [])
        XCTAssertThrowsError(try detectChangePoints([1, .nan, 3]))
        XCTAssertThrowsError(try detectChangePoints([1, 2], options: ChangePointOptions(minSegment: 1)))
        XCTAssertThrowsError(try detectChangePoints([1, 2], options: ChangePointOptions(maxPValue: 0)))
    }
}
