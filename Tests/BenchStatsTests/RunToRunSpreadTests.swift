import BenchStats
import XCTest

/// Reference values from NumPy/SciPy (scripts/stats/reference_values.py):
/// t = d / (√2·sd), p = 2·t.sf(t, df), half-width = t.ppf(0.975, df)·√2·sd.
final class RunToRunSpreadTests: XCTestCase {
    func testEstimatesFromSuccessiveDifferences() throws {
        let spread = try RunToRunSpread(centres: Reference.runCentres)
        assertClose(spread.standardDeviation, Reference.runSpread.sd, tolerance: 1e-15)
        assertClose(spread.degreesOfFreedom, Reference.runSpread.df, tolerance: 1e-12)
        XCTAssertEqual(spread.runs, Reference.runCentres.count)
    }

    func testPValueAndIntervalMatchSciPy() throws {
        let spread = try RunToRunSpread(centres: Reference.alternatingRunCentres)
        for (difference, p) in Reference.runLevelPValues {
            assertRelativelyClose(try XCTUnwrap(spread.pValue(difference: difference)), p)
        }
        assertRelativelyClose(try spread.halfWidth(level: 0.95), Reference.runLevelHalfWidth95)
        XCTAssertEqual(spread.pValue(difference: 0), 1)
    }

    func testSlowDriftBarelyCountsButJumpsDo() throws {
        let drift = try RunToRunSpread(centres: (0..<20).map { Double($0) * 0.001 })
        let jumps = try RunToRunSpread(centres: (0..<20).map { $0 % 2 == 0 ? 0 : 0.019 })
        XCTAssertLessThan(drift.standardDeviation, 0.001)
        XCTAssertGreaterThan(jumps.standardDeviation, 0.013)
    }

    func testZeroSpreadGivesNoPValue() throws {
        XCTAssertNil(try RunToRunSpread(centres: [1, 1, 1]).pValue(difference: 0.1))
    }

    func testNeedsThreeFiniteRuns() {
        XCTAssertThrowsError(try RunToRunSpread(centres: [1, 2])) { error in
            XCTAssertEqual(error as? StatsError, .tooFewValues(what: "run centres", count: 2, needed: 3))
        }
        XCTAssertThrowsError(try RunToRunSpread(centres: [1, .nan, 2]))
    }
}
