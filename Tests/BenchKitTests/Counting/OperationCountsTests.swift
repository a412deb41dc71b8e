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

    func testMetricsAreDeterministicValuesWithTinyAbsoluteTolerances() throws {
        let metrics = OperationCounts(instructions: 10_000, d1Misses: 200, llMisses: 0)
            .metrics(source: "callgrind 3.19.0", cache: SimulatedCache())
        let instructions = try XCTUnwrap(metrics["instructions"])
        XCTAssertEqual(instructions.value, 10_000)
        XCTAssertNil(instructions.samples)
        XCTAssertEqual(instructions.unit, "instructions")
        XCTAssertEqual(instructions.better, .lower)
        XCTAssertEqual(try XCTUnwrap(instructions.tolerance), 10, accuracy: 1e-9, "0.1% of the value, in instructions")
        XCTAssertEqual(instructions.source, "callgrind 3.19.0")
        XCTAssertEqual(try XCTUnwrap(metrics["d1_misses"]?.tolerance), 2, accuracy: 1e-9, "1% of the value")
        XCTAssertEqual(metrics["ll_misses"]?.tolerance, 0.5, "one whole extra miss per operation is a change")
        XCTAssertEqual(metrics["d1_misses"]?.source, "callgrind 3.19.0, simulated D1 32 KiB 8-way, LL 32 MiB 16-way, 64 B lines")
    }
}
