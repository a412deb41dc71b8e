import XCTest
@testable import Kernels

/// Weights packed at load get memory that suits streaming them every call: cache-line
/// aligned, and huge-page aligned once they are large enough to be worth huge pages.
final class WeightMemoryTests: XCTestCase {
    func testSmallBuffersAreCacheLineAlignedAndLargeOnesHugePageAligned() {
        let small = WeightMemory.allocate(Float.self, count: 1000)
        defer { small.deallocate() }
        XCTAssertEqual(Int(bitPattern: small) % 64, 0)

        let count = WeightMemory.hugePageThreshold / MemoryLayout<UInt32>.stride + 5
        let large = WeightMemory.allocate(UInt32.self, count: count)
        defer { large.deallocate() }
        XCTAssertEqual(Int(bitPattern: large) % WeightMemory.hugePage, 0)
        large.initialize(repeating: 7, count: count)
        XCTAssertEqual(large[count - 1], 7)
        XCTAssertEqual(large[0], 7)
    }

    func testPackedWeightsOfALargeLayerStillMultiplyCorrectly() throws {
        let k = 1024, n = 1100 // 4.4 MiB of packed fp32 panels: the huge-page path
        let b = Matrix(rows: k, cols: n, seed: 3), a = Matrix(rows: 3, cols: k, seed: 4)
        let weights = PackedWeights(b)
        var c = Matrix(rows: 3, cols: n, repeating: .nan)
        c.values.withUnsafeMutableBufferPointer { sgemm(m: 3, a: a.values, weights: weights, c: $0.baseAddress!) }
        assertClose(c, try referenceMatmul(a, b), tolerance: 1e-4, "3x1100x1024 on weights in huge pages")
    }
}
