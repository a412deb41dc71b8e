import XCTest
import BenchStats

final class WelchTTestTests: XCTestCase {
    func testMatchesSciPy() throws {
        let r = try welchTTest(Reference.welchX, Reference.welchY)
        assertClose(r.t, Reference.welchT)
        assertClose(r.degreesOfFreedom, Reference.welchDf)
        assertRelativelyClose(r.pValue, Reference.welchTwoSided)
        assertRelativelyClose(try welchTTest(Reference.welchX, Reference.welchY, alternative: .greater).pValue,
                              Reference.welchGreater)
        assertRelativelyClose(try welchTTest(Reference.welchX, Reference.welchY, alternative: .less).pValue,
                              Reference.welchLess)
        let ci = try r.confidenceInterval(level: 0.95)
        assertClose(ci.lower, Reference.welchCI95.0, tolerance: 1e-10)
        assertClose(ci.upper, Reference.welchCI95.1, tolerance: 1e-10)
    }

    func testDegenerateZeroVariance() throws {
        XCTAssertEqual(try welchTTest([1, 1], [1, 1]).pValue, 1)
        let shifted = try welchTTest([2, 2, 2], [1, 1])
        XCTAssertEqual(shifted.t, .infinity)
        XCTAssertEqual(shifted.pValue, 0)
        XCTAssertEqual(try welchTTest([2, 2, 2], [1, 1], alternative: .less).pValue, 1)
    }

    func testNeedsTwoValuesPerSample() {
        XCTAssertThrowsError(try welchTTest([1], [1, 2])) { error in
            XCTAssertEqual(error as? StatsError, .tooFewValues(what: "t-test x", count: 1, needed: 2))
        }
    }
}
