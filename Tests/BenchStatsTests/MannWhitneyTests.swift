import XCTest
import BenchStats

final class MannWhitneyTests: XCTestCase {
    func testMatchesSciPyForEveryAlternative() throws {
        for c in Reference.mannWhitney {
            let method = MannWhitneyMethod(rawValue: c.method)!
            let two = try mannWhitneyU(c.x, c.y, method: method)
            XCTAssertEqual(two.u, c.u, c.name)
            XCTAssertEqual(two.method, method, c.name)
            assertRelativelyClose(two.pValue, c.twoSided, tolerance: 1e-12, c.name)
            assertRelativelyClose(try mannWhitneyU(c.x, c.y, alternative: .greater, method: method).pValue,
                                  c.greater, tolerance: 1e-12, c.name)
            assertRelativelyClose(try mannWhitneyU(c.x, c.y, alternative: .less, method: method).pValue,
                                  c.less, tolerance: 1e-12, c.name)
        }
    }

    func testAutomaticUsesExactForSmallSamplesEvenWithTies() throws {
        let tied = Reference.mannWhitney.first { $0.name == "tiesExact" }!
        let r = try mannWhitneyU(tied.x, tied.y)
        XCTAssertEqual(r.method, .exact)
        XCTAssertTrue(r.hasTies)
        assertRelativelyClose(r.pValue, tied.twoSided, tolerance: 1e-12)
        let large = Reference.mannWhitney.first { $0.name == "largeNormal" }!
        XCTAssertEqual(try mannWhitneyU(large.x, large.y).method, .normalApproximation)
    }

    func testContinuityCorrectionCanBeTurnedOff() throws {
        let c = Reference.mannWhitney.first { $0.name == "tiesNormal" }!
        let r = try mannWhitneyU(c.x, c.y, method: .normalApproximation, continuityCorrection: false)
        assertRelativelyClose(r.pValue, Reference.mannWhitneyNoContinuity, tolerance: 1e-12)
    }

    func testFiveVersusFiveCannotGoBelowItsFloor() throws {
        // 2 / C(10, 5) = 2/252: the smallest two-sided p-value five processes per side allow.
        let r = try mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
        assertClose(r.pValue, 2.0 / 252.0)
    }

    func testAllTiesGiveNoEvidence() throws {
        XCTAssertEqual(try mannWhitneyU([2, 2, 2], [2, 2]).pValue, 1)
        XCTAssertEqual(try mannWhitneyU([2, 2, 2], [2, 2], method: .normalApproximation).pValue, 1)
    }

    func testEmptySampleThrows() {
        XCTAssertThrowsError(try mannWhitneyU([], [1, 2]))
        XCTAssertThrowsError(try mannWhitneyU([1], [.infinity]))
    }
}
