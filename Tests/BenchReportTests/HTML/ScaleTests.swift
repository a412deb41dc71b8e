@testable import BenchReport
import XCTest

final class ScaleTests: XCTestCase {
    func testLinearTicksAreRoundAndInside() {
        let scale = Scale.fitting([2.03, 2.41], pixels: (200, 0))
        XCTAssertFalse(scale.logarithmic)
        let ticks = scale.ticks()
        XCTAssertGreaterThanOrEqual(ticks.count, 3)
        XCTAssertTrue(ticks.allSatisfy { $0 >= scale.lower && $0 <= scale.upper })
        XCTAssertEqual(ticks.map { ($0 * 10).rounded() / 10 }, ticks)
        XCTAssertEqual(scale(scale.lower), 200)
        XCTAssertEqual(scale(scale.upper), 0)
    }

    func testWideRangesTurnLogarithmicWithDecadeTicks() {
        let scale = Scale.fitting([4e5, 3e8], pixels: (0, 100))
        XCTAssertTrue(scale.logarithmic)
        XCTAssertEqual(scale.ticks(), [1e6, 1e7, 1e8])
        XCTAssertEqual(scale(1e6) - scale(1e5 * 10), 0)
        XCTAssertEqual(scale(1e7) - scale(1e6), scale(1e8) - scale(1e7), accuracy: 1e-9)
    }

    func testConstantValuesStillGiveAnAxis() {
        let scale = Scale.fitting([5, 5, 5], pixels: (0, 100))
        XCTAssertLessThan(scale.lower, 5)
        XCTAssertGreaterThan(scale.upper, 5)
        XCTAssertFalse(scale.ticks().isEmpty)
    }
}
