import BenchStats
import XCTest
@testable import Kernels

/// Weights packed at load give the product within fp32 rounding (fp32), and exactly the
/// rescaled integer product for int8 on every route, m = 1 included.
final class PackedWeightsTests: XCTestCase {
    /// Shapes off every vector, panel (16 / 32 columns), word (4) and block boundary (kc 64,
    /// 256, 512; nc 512, 2048), with m = 1 (the row kernels) and m around the 6-row tile; a
    /// square one large enough for two threads (split by rows).
    let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 7, 33), (1, 1000, 7), (1, 2100, 130), (1, 70, 2100), (2, 16, 5), (6, 33, 8), (7, 17, 257),
        (8, 530, 515), (13, 33, 300), (33, 2070, 65), (145, 40, 20), (37, 70, 513), (150, 150, 300),
    ]

    func packedProduct(_ a: Matrix, _ weights: PackedWeights, threads: Int) -> Matrix {
        var c = Matrix(rows: a.rows, cols: weights.cols, repeating: .nan)
        a.values.withUnsafeBufferPointer { pa in
            c.values.withUnsafeMutableBufferPointer { sgemm(m: a.rows, a: pa.baseAddress!, weights: weights, c: $0.baseAddress!, threads: threads) }
        }
        return c
    }

    func testFP32PackedAtLoadMatchesPackedPerCall() throws {
        for (index, s) in shapes.enumerated() {
            let a = Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), b = Matrix(rows: s.k, cols: s.n, seed: UInt64(50 + index))
            let weights = PackedWeights(b)
            let expected = try referenceMatmul(a, b)
            for threads in [1, 2] {
                let label = "\(s.m)x\(s.n)x\(s.k) threads \(threads)"
                assertClose(packedProduct(a, weights, threads: threads), expected, tolerance: 1e-4, label)
            }
        }
    }

    func testFP32PackedWithZeroInnerDimensionGivesZeros() {
        let none: [Float] = [0]
        let weights = PackedWeights(none, rows: 0, cols: 5)
        for m in [1, 3] {
            var c = [Float](repeating: .nan, count: m * 5)
            sgemm(m: m, a: none, weights: weights, c: &c)
            XCTAssertEqual(c, [Float](repeating: 0, count: m * 5), "m = \(m)")
        }
    }

    func testFP32PackedBlocksHoldTheirRowsPanelByPanel() {
        let (k, n) = (PackedWeights.blockK + 5, 20)
        let b = (0..<(k * n)).map(Float.init)
        let weights = PackedWeights(b, rows: k, cols: n)
        for p in 0..<k {
            for column in 0..<32 {
                let p0 = p / PackedWeights.blockK * PackedWeights.blockK
                let block = weights.block(p0: p0, j0: column / 16 * 16)
                XCTAssertEqual(block.panels[(p - p0) * 16 + column % 16], column < n ? b[p * n + column] : 0, "(\(p), \(column))")
            }
        }
    }

    func testFP32PackedWeightsAreEqualWhenTheyHoldTheSameWeights() {
        let b = Matrix(rows: 300, cols: 20, seed: 1)
        var other = b
        other[299, 19] += 1
        XCTAssertEqual(PackedWeights(b), PackedWeights(b))
        XCTAssertNotEqual(PackedWeights(b), PackedWeights(other))
        XCTAssertNotEqual(PackedWeights(b.values, rows: 20, cols: 300), PackedWeights(b))
    }

    func testInt8PackedAtLoadEqualsRescaledIntegerProductOnEveryRoute() throws {
        for (index, s) in shapes.enumerated() {
            let a = Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), w = Matrix(rows: s.k, cols: s.n, seed: UInt64(70 + index))
            for granularity in QuantizationGranularity.allCases {
                let qw = try QuantizedWeights(w, granularity: granularity)
                let qa = try a.values.withUnsafeBufferPointer { try QuantizedActivations($0, rows: s.m, cols: s.k) }
                var acc = [Int32](repeating: 0, count: s.m * s.n)
                referenceInt8Matmul(m: s.m, n: s.n, k: s.k, a: qa.values, b: qw.values, c: &acc)
                let expected = (0..<(s.m * s.n)).map { Float(acc[$0]) * (qa.scale * qw.scale(column: $0 % s.n)) }
                for route in Int8Route.runnable {
                    let packed = PackedInt8Weights(qw, route: route)
                    for threads in [1, 2] {
                        var c = [Float](repeating: .nan, count: s.m * s.n)
                        try a.values.withUnsafeBufferPointer { pa in
                            try c.withUnsafeMutableBufferPointer { try int8Gemm(m: s.m, a: pa, weights: packed, c: $0, threads: threads) }
                        }
                        XCTAssertEqual(c, expected, "\(s.m)x\(s.n)x\(s.k) \(granularity) \(route) threads \(threads)")
                    }
                }
            }
        }
    }

    func testInt8PackedIsExactAtTheExtremesWithLongK() throws {
        // ±1 inputs quantize to ±127 codes; at m = 1 the row kernel's sums pass 2^24 and Int16.max.
        for (m, n, k) in [(1, 33, 5001), (1, 5, 1025), (3, 40, 3001)] {
            let a = try Matrix(rows: m, cols: k, values: (0..<(m * k)).map { $0 % 7 < 4 ? 1 : -1 })
            let w = try Matrix(rows: k, cols: n, values: (0..<(k * n)).map { $0 % 3 == 0 ? -1 : 1 })
            let qw = try QuantizedWeights(w, granularity: .perTensor)
            var perCall = [Float](repeating: .nan, count: m * n)
            try a.values.withUnsafeBufferPointer { pa in try perCall.withUnsafeMutableBufferPointer { try int8Gemm(m: m, a: pa, weights: qw, c: $0) } }
            for route in Int8Route.runnable {
                var c = [Float](repeating: .nan, count: m * n)
                try a.values.withUnsafeBufferPointer { pa in
                    try c.withUnsafeMutableBufferPointer { try int8Gemm(m: m, a: pa, weights: PackedInt8Weights(qw, route: route), c: $0) }
                }
                XCTAssertEqual(c, perCall, "\(m)x\(n)x\(k) \(route)")
            }
        }
    }

    func testInt8PackedRejectsAWrongOutputSize() throws {
        let packed = PackedInt8Weights(try QuantizedWeights(Matrix(rows: 4, cols: 3, seed: 1), granularity: .perChannel))
        let a = [Float](repeating: 1, count: 4)
        var c = [Float](repeating: 0, count: 2)
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { pa in try c.withUnsafeMutableBufferPointer {
            try int8Gemm(m: 1, a: pa, weights: packed, c: $0) } })
    }
}
