import BenchStats
import XCTest
@testable import Kernels

/// The blockwise weight-only product (MatMulNBits style) is exactly Σ over blocks of
/// scaleA[i, b] · scaleW[b, j] · (exact int32 dot of the block's codes), on the VNNI route
/// (8-bit and 4-bit panels) and the portable route alike; its error against the fp32
/// product is that of 8- or 4-bit weights, not more.
final class BlockwiseGEMMTests: XCTestCase {
    /// m = 1 and small batches; k off the block (32, 64) and word (4) boundaries; n off the
    /// 32-column panel; k shorter than one block.
    let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (1, 33, 70), (1, 100, 257), (3, 40, 5), (8, 65, 130), (2, 32, 64)]

    /// Whether this process runs the VNNI route (else only the portable route is checked).
    var vnniRuns: Bool { Int8Route.selected.isa == "avx512vnni" }

    func product(_ a: Matrix, _ weights: BlockQuantizedWeights, threads: Int) throws -> [Float] {
        var c = [Float](repeating: .nan, count: a.rows * weights.cols)
        try a.values.withUnsafeBufferPointer { pa in
            try c.withUnsafeMutableBufferPointer { try weightOnlyGemm(m: a.rows, a: pa, weights: weights, c: $0, threads: threads) }
        }
        return c
    }

    /// The same sums in plain loops: activations quantized per block, exact dots, fp32 fold.
    func reference(_ a: Matrix, _ weights: BlockQuantizedWeights) throws -> [Float] {
        let (m, n, k, size) = (a.rows, weights.cols, weights.rows, weights.blockSize)
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for b in 0..<weights.blocks {
                let range = (b * size)..<min(k, (b + 1) * size)
                let slice = Array(a.values[(i * k + range.lowerBound)..<(i * k + range.upperBound)])
                let q = try slice.withUnsafeBufferPointer { try QuantizedActivations($0, rows: 1, cols: slice.count) }
                let codes = q.values
                for j in 0..<n {
                    var dot: Int32 = 0
                    for (offset, p) in range.enumerated() { dot += Int32(codes[offset]) * Int32(weights.codes[p * n + j]) }
                    c[i * n + j] += (q.scale * weights.scales[b * n + j]) * Float(dot)
                }
            }
        }
        return c
    }

    func testProductIsTheBlockwiseIntegerSumOnEveryRoute() throws {
        for (index, s) in shapes.enumerated() {
            let a = Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), w = Matrix(rows: s.k, cols: s.n, seed: UInt64(30 + index))
            for bits in BlockQuantizedWeights.bitWidths {
                for blockSize in [32, 64] {
                    for vnni in vnniRuns ? [false, true] : [false] {
                        let weights = try BlockQuantizedWeights(weights: w.values, rows: s.k, cols: s.n, bits: bits,
                                                                blockSize: blockSize, packForVNNI: vnni)
                        let expected = try reference(a, weights)
                        for threads in [1, 2] {
                            XCTAssertEqual(try product(a, weights, threads: threads), expected,
                                           "\(s.m)x\(s.n)x\(s.k) \(bits)-bit block \(blockSize) vnni \(vnni) threads \(threads)")
                        }
                    }
                }
            }
        }
    }

    func testErrorIsThatOfTheWeightBits() throws {
        let a = Matrix(rows: 4, cols: 512, seed: 1), w = Matrix(rows: 512, cols: 96, seed: 2)
        let exact = try referenceMatmul(a, w).values
        for (bits, bound) in [(8, 0.01), (4, 0.15)] {
            let error = try relativeError(try product(a, try BlockQuantizedWeights(w, bits: bits, blockSize: 32), threads: 1),
                                          reference: exact)
            XCTAssertLessThan(error, bound, "\(bits)-bit")
        }
    }

    func testCodesSpanTheSymmetricRangeAndDequantizeWithinHalfAStep() throws {
        let w = Matrix(rows: 70, cols: 5, seed: 3)
        for bits in BlockQuantizedWeights.bitWidths {
            let q = try BlockQuantizedWeights(w, bits: bits, blockSize: 32)
            let limit = Int8((1 << (bits - 1)) - 1)
            XCTAssertEqual(q.codes.max(), limit)
            XCTAssertEqual(q.codes.min(), -limit)
            let back = q.dequantized()
            for p in 0..<70 {
                for j in 0..<5 {
                    XCTAssertLessThanOrEqual(abs(back[p * 5 + j] - w[p, j]), q.scales[(p / 32) * 5 + j] / 2 * 1.0001)
                }
            }
        }
    }

    func testRejectsBadInput() throws {
        let w = Matrix(rows: 8, cols: 2, seed: 1)
        XCTAssertThrowsError(try BlockQuantizedWeights(w, bits: 3, blockSize: 32))
        XCTAssertThrowsError(try BlockQuantizedWeights(w, bits: 4, blockSize: 48))
        XCTAssertThrowsError(try BlockQuantizedWeights(weights: [1, .nan], rows: 1, cols: 2, bits: 8, blockSize: 32))
        let weights = try BlockQuantizedWeights(w, bits: 8, blockSize: 32)
        XCTAssertThrowsError(try product(try Matrix(rows: 1, cols: 8, values: [1, 2, 3, .infinity, 5, 6, 7, 8]), weights, threads: 1))
        var c = [Float](repeating: 0, count: 3)
        XCTAssertThrowsError(try [Float](repeating: 1, count: 8).withUnsafeBufferPointer { pa in
            try c.withUnsafeMutableBufferPointer { try weightOnlyGemm(m: 1, a: pa, weights: weights, c: $0) } })
    }
}
