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

final class YuenTTestTests: XCTestCase {
    func testTrimmedTestMatchesSciPy() throws {
        for c in Reference.yuen {
            let r = try welchTTest(Reference.yuenX, Reference.yuenY, trim: c.trim)
            assertClose(r.t, c.t, "trim \(c.trim)")
            assertClose(r.degreesOfFreedom, c.df, "trim \(c.trim)")
            assertRelativelyClose(r.pValue, c.twoSided, tolerance: 1e-10, "trim \(c.trim)")
            assertRelativelyClose(try welchTTest(Reference.yuenX, Reference.yuenY, alternative: .greater, trim: c.trim).pValue,
                                  c.greater, tolerance: 1e-10, "trim \(c.trim)")
            assertClose(try trimmedMean(Reference.yuenX, trim: c.trim), c.trimmedMeanX)
        }
    }

    func testTrimmingIgnoresOneWildValue() throws {
        let clean = [1.0, 1.1, 0.9, 1.05, 0.95]
        let wild = try welchTTest(clean + [9], clean + [1.0], trim: 0.2)
        XCTAssertEqual(wild.difference, 0, accuracy: 0.05)
    }

    func testInvalidTrimOrTooFewLeftThrows() {
        XCTAssertThrowsError(try welchTTest([1, 2, 3], [1, 2, 3], trim: 0.5))
        XCTAssertThrowsError(try trimmedMean([1, 2], trim: -0.1))
    }
}

final class StudentTTestTests: XCTestCase {
    func testMatchesSciPy() throws {
        for c in Reference.student {
            let r = try studentTTest(c.x, c.y)
            assertClose(r.t, c.t)
            XCTAssertEqual(r.degreesOfFreedom, Double(c.x.count + c.y.count - 2))
            assertRelativelyClose(r.pValue, c.twoSided, tolerance: 1e-10)
            assertRelativelyClose(try studentTTest(c.x, c.y, alternative: .greater).pValue, c.greater, tolerance: 1e-10)
            let ci = try r.confidenceInterval(level: 0.95)
            assertClose(ci.lower, c.low, tolerance: 1e-10)
            assertClose(ci.upper, c.high, tolerance: 1e-10)
        }
    }

    func testNeedsThreeValuesInAll() {
        XCTAssertThrowsError(try studentTTest([1], [2]))
        XCTAssertThrowsError(try studentTTest([], [1, 2]))
    }
}
