import XCTest
import BenchStats

final class LockstepPairsTests: XCTestCase {
    func testPairChangesAndTestMatchSciPy() throws {
        for (p, expected) in Reference.lockstepPairChanges.enumerated() {
            assertClose(try LockstepPairs.logChange(base: Reference.lockstepBase[p], head: Reference.lockstepHead[p]), expected)
        }
        let result = try LockstepPairs.test(base: Reference.lockstepBase, head: Reference.lockstepHead)
        XCTAssertEqual(result.pairs, 3)
        assertClose(result.logChange / result.standardError, Reference.lockstepTest.t, tolerance: 1e-9)
        assertClose(result.degreesOfFreedom, Reference.lockstepTest.df)
        assertRelativelyClose(result.pValue, Reference.lockstepTest.p, tolerance: 1e-9)
        let interval = try result.interval(level: 0.95)
        assertClose(interval.lower, Reference.lockstepTest.lower95, tolerance: 1e-10)
        assertClose(interval.upper, Reference.lockstepTest.upper95, tolerance: 1e-10)
    }

    func testWildPairsAreTrimmedAsYuenDoes() throws {
        let result = try LockstepPairs.test(pairLogChanges: Reference.wildPairChanges)
        assertClose(result.logChange, Reference.yuenOneSample.mean, tolerance: 1e-12)
        assertClose(result.logChange / result.standardError, Reference.yuenOneSample.t, tolerance: 1e-9)
        assertClose(result.degreesOfFreedom, Reference.yuenOneSample.df)
        assertRelativelyClose(result.pValue, Reference.yuenOneSample.p, tolerance: 1e-8)
    }

    func testLinearDriftInsideABlockCancels() throws {
        // The machine slows by 1% per sample; head is truly 5% slower. ABBA blocks see 5%.
        let base = [0, 3, 4, 7].map { 1.0 * (1 + 0.01 * Double($0)) }
        let head = [1, 2, 5, 6].map { 1.05 * (1 + 0.01 * Double($0)) }
        XCTAssertEqual(try LockstepPairs.logChange(base: base, head: head), log(1.05), accuracy: 5e-4)
    }

    func testOneOutlyingSampleDoesNotMoveThePairChange() throws {
        let base = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
        let head = [1.02, 1.02, 9.0, 1.02, 1.02, 1.02]
        XCTAssertEqual(try LockstepPairs.logChange(base: base, head: head), log(1.02), accuracy: 1e-12)
    }

    func testFewSamplesFallBackToRatioOfMedians() throws {
        XCTAssertEqual(try LockstepPairs.logChange(base: [2.0], head: [3.0]), log(1.5), accuracy: 1e-12)
    }

    func testRefusesNonPositiveSamplesAndUnequalPairCounts() {
        XCTAssertThrowsError(try LockstepPairs.logChange(base: [1, 0], head: [1, 1]))
        XCTAssertThrowsError(try LockstepPairs.test(base: [[1, 1]], head: [[1, 1], [1, 1]]))
        XCTAssertThrowsError(try LockstepPairs.test(pairLogChanges: [0.01]))
    }

    func testDetectableChangeShrinksWithMorePairs() throws {
        let few = try LockstepPairs.test(pairLogChanges: [0.001, -0.002, 0.003, 0.0])
        let many = try LockstepPairs.test(pairLogChanges: Array(repeating: [0.001, -0.002, 0.003, 0.0], count: 4).flatMap { $0 })
        XCTAssertLessThan(many.detectableLogChange(alpha: 0.01), few.detectableLogChange(alpha: 0.01))
    }
}

final class OneSampleTTestTests: XCTestCase {
    func testMatchesSciPy() throws {
        let r = try oneSampleTTest(Reference.oneSampleX, mean: 0.1)
        assertClose(r.t, Reference.oneSampleAgainst01.t, tolerance: 1e-10)
        assertClose(r.degreesOfFreedom, Reference.oneSampleAgainst01.df)
        assertRelativelyClose(r.pValue, Reference.oneSampleAgainst01.p, tolerance: 1e-9)
        assertRelativelyClose(try oneSampleTTest(Reference.oneSampleX, mean: 0.1, alternative: .greater).pValue,
                              Reference.oneSampleAgainst01.greater, tolerance: 1e-9)
    }
}
