import XCTest
@testable import BenchKit

final class OperationCountsTests: XCTestCase {
    private func dump(_ ir: Int, d1: Int = 0, ll: Int = 0) -> CallgrindDump {
        CallgrindDump(totals: ["Ir": ir, "D1mr": d1, "D1mw": 0, "DLmr": ll, "DLmw": 0])
    }

    func testFixedRegionCostAndPerCallHarnessCostCancel() {
        // Region fixed cost 30, harness 8 per call, body 500 per operation, n = 4.
        let counts = OperationCounts(emptyOnce: dump(30 + 4 * 8), emptyTwice: dump(30 + 8 * 8),
                                     bodyOnce: dump(30 + 4 * 508, d1: 40, ll: 9), bodyTwice: dump(30 + 8 * 508, d1: 60, ll: 13),
                                     iterations: 4)
        XCTAssertEqual(counts, OperationCounts(instructions: 500, d1Misses: 5, llMisses: 1))
    }

    func testNoOperationHasNegativeEvents() {
        let counts = OperationCounts(emptyOnce: dump(10, d1: 1), emptyTwice: dump(20, d1: 3),
                                     bodyOnce: dump(10), bodyTwice: dump(20), iterations: 1)
        XCTAssertEqual(counts.d1Misses, 0)
        XCTAssertEqual(counts.instructions, 0, "a body as cheap as the empty one costs nothing")
    }
}
