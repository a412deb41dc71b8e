import XCTest
import BenchStats

final class MultipleTestingTests: XCTestCase {
    func testHolmMatchesReference() throws {
        for (a, e) in zip(try holmAdjusted(Reference.rawPValues), Reference.holm) { assertClose(a, e) }
    }

    func testBenjaminiHochbergMatchesSciPy() throws {
        for (a, e) in zip(try benjaminiHochbergAdjusted(Reference.rawPValues), Reference.benjaminiHochberg) {
            assertClose(a, e)
        }
    }

    func testEdgeCases() throws {
        XCTAssertEqual(try holmAdjusted([]), [])
        XCTAssertEqual(try benjaminiHochbergAdjusted([]), [])
        XCTAssertEqual(try holmAdjusted([0.03]), [0.03])
        XCTAssertEqual(try holmAdjusted([0.5, 0.5]), [1, 1])
        XCTAssertThrowsError(try holmAdjusted([0.1, 1.2]))
        XCTAssertThrowsError(try benjaminiHochbergAdjusted([.nan]))
    }
}
