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

final class HodgesLehmannIntervalTests: XCTestCase {
    func testNullDistributionMatchesEnumeration() {
        let distribution = mannWhitneyNullDistribution(n1: 6, n2: 7)
        XCTAssertEqual(distribution.count, Reference.uNull6x7.count)
        for (a, e) in zip(distribution, Reference.uNull6x7) { assertClose(a, e, tolerance: 1e-15) }
        XCTAssertEqual(mannWhitneyNullDistribution(n1: 0, n2: 3), [1])
    }

    func testMosesIntervalsMatchReference() throws {
        for c in Reference.shiftIntervals {
            let ci = try hodgesLehmannShiftInterval(baseline: c.x, candidate: c.y, level: c.level)
            assertClose(ci.estimate, c.estimate)
            XCTAssertEqual(ci.lower, c.lower, "level \(c.level), n \(c.x.count)")
            XCTAssertEqual(ci.upper, c.upper, "level \(c.level), n \(c.x.count)")
        }
        let ratio = try hodgesLehmannRatioInterval(baseline: Array(Reference.shiftIntervals[0].x),
                                                   candidate: Array(Reference.shiftIntervals[0].y), level: 0.9)
        assertClose(ratio.estimate, Reference.ratioInterval90.estimate)
        assertClose(ratio.lower, Reference.ratioInterval90.lower)
        assertClose(ratio.upper, Reference.ratioInterval90.upper)
    }

    func testBadInput() {
        XCTAssertThrowsError(try hodgesLehmannShiftInterval(baseline: [], candidate: [1]))
        XCTAssertThrowsError(try hodgesLehmannShiftInterval(baseline: [1], candidate: [1], level: 1))
        XCTAssertThrowsError(try hodgesLehmannRatioInterval(baseline: [-1], candidate: [1]))
    }
}
