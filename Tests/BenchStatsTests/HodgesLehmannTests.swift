import XCTest
import BenchStats

final class HodgesLehmannTests: XCTestCase {
    func testMatchesNumpy() throws {
        assertClose(try hodgesLehmannShift(baseline: Reference.hodgesLehmannBaseline,
                                           candidate: Reference.hodgesLehmannCandidate),
                    Reference.hodgesLehmannShift)
        assertClose(try hodgesLehmannRatio(baseline: Reference.hodgesLehmannBaseline,
                                           candidate: Reference.hodgesLehmannCandidate),
                    Reference.hodgesLehmannRatio)
    }

    func testPureShiftAndPureScaleAreRecovered() throws {
        let base = [3.0, 1.0, 4.0, 1.5, 5.0, 9.0]
        XCTAssertEqual(try hodgesLehmannShift(baseline: base, candidate: base.map { $0 + 2 }), 2)
        assertClose(try hodgesLehmannRatio(baseline: base, candidate: base.map { $0 * 1.1 }), 1.1)
        XCTAssertEqual(try hodgesLehmannShift(baseline: [1], candidate: [4]), 3)
    }

    func testRatioRejectsNonPositiveValues() {
        XCTAssertThrowsError(try hodgesLehmannRatio(baseline: [1, 0], candidate: [1])) { error in
            XCTAssertEqual(error as? StatsError, .notPositive(what: "a Hodges-Lehmann ratio input", value: 0))
        }
        XCTAssertThrowsError(try hodgesLehmannShift(baseline: [], candidate: [1]))
    }
}
