import XCTest
@testable import Kernels

final class SGEMMTests: XCTestCase {
    /// Shapes around every blocking boundary: vector width 8, tile 6×16, KC 256 (64 for m ≤ 32), MC 288.
    let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (1, 7, 33), (7, 1, 33), (33, 7, 1), (2, 16, 5), (6, 16, 8), (7, 17, 257),
        (13, 33, 300), (145, 40, 20), (1, 1000, 7), (5, 1000, 33), (1000, 9, 7), (37, 70, 513),
    ]

    func testMatchesReferenceOnOddShapes() {
        for (index, s) in shapes.enumerated() {
            let a = Matrix(rows: s.m, cols: s.k, seed: UInt64(index)), b = Matrix(rows: s.k, cols: s.n, seed: UInt64(100 + index))
            let expected = try! referenceMatmul(a, b)
            for threads in [1, 2, 3] {
                assertClose(sgemmMatrix(a, b, threads: threads), expected, tolerance: 1e-4,
                            "\(s.m)x\(s.n)x\(s.k) threads \(threads)")
            }
        }
    }

    func testInferenceShapeSmallM() {
        for m in [1, 8, 32] {
            let a = Matrix(rows: m, cols: 96, seed: 1), b = Matrix(rows: 96, cols: 384, seed: 2)
            assertClose(sgemmMatrix(a, b, threads: 2), try! referenceMatmul(a, b), tolerance: 1e-4, "m=\(m)")
        }
    }

    /// m = 1...9 (the GEMV path and the small-m blocking, with 4-, 2- and 1-row remainder
    /// kernels) on n and k off every vector, tile and block multiple: k 130 crosses the small
    /// blocking's kc 64 twice, n 2100 crosses its nc 2048; the larger shapes are above the
    /// parallel cut-off, so two threads really split them.
    func testSmallRowCountsOnOddShapes() {
        let sizes: [(n: Int, k: Int)] = [(1, 1), (7, 33), (33, 7), (1000, 1), (17, 1000), (2100, 130), (1000, 333)]
        for m in 1...9 {
            for (index, s) in sizes.enumerated() {
                let a = Matrix(rows: m, cols: s.k, seed: UInt64(m * 10 + index)), b = Matrix(rows: s.k, cols: s.n, seed: UInt64(index))
                let expected = try! referenceMatmul(a, b)
                for threads in [1, 2] {
                    assertClose(sgemmMatrix(a, b, threads: threads), expected, tolerance: 1e-4, "\(m)x\(s.n)x\(s.k) threads \(threads)")
                }
            }
        }
    }

    func testRowCountsAroundTheSmallBlockingLimit() {
        for m in [GemmBlocking.smallRowLimit, GemmBlocking.smallRowLimit + 1] {
            let a = Matrix(rows: m, cols: 300, seed: 7), b = Matrix(rows: 300, cols: 2070, seed: 8)
            assertClose(sgemmMatrix(a, b, threads: 2), try! referenceMatmul(a, b), tolerance: 1e-4, "m=\(m)")
        }
    }

    /// Up to `mc` rows, A is packed once for every column block; one row more packs it block
    /// by block. Both over several k and column blocks, weights packed per call and at load.
    func testRowCountsAroundOneRowBlock() throws {
        let mc = GemmBlocking.large.mc
        for m in [mc, mc + 1] {
            let a = Matrix(rows: m, cols: 270, seed: 3), b = Matrix(rows: 270, cols: 530, seed: 4)
            let expected = try referenceMatmul(a, b)
            let weights = PackedWeights(b)
            for threads in [1, 2] {
                assertClose(sgemmMatrix(a, b, threads: threads), expected, tolerance: 1e-4, "m=\(m) per call, threads \(threads)")
                var c = Matrix(rows: m, cols: 530, repeating: .nan)
                a.values.withUnsafeBufferPointer { pa in
                    c.values.withUnsafeMutableBufferPointer { sgemm(m: m, a: pa.baseAddress!, weights: weights, c: $0.baseAddress!, threads: threads) }
                }
                assertClose(c, expected, tolerance: 1e-4, "m=\(m) packed at load, threads \(threads)")
            }
        }
    }

    func testPackedBPanelsHoldRowsOfSixteenColumnsZeroPadded() {
        let kc = 11, nc = 37, ldb = 40
        let b = (0..<(kc * ldb)).map(Float.init)
        var packed = [Float](repeating: .nan, count: kc * 48)
        packB(kc: kc, nc: nc, b: b, ldb: ldb, into: &packed)
        for panel in 0..<3 {
            for p in 0..<kc {
                for j in 0..<16 {
                    let column = panel * 16 + j
                    XCTAssertEqual(packed[panel * 16 * kc + p * 16 + j], column < nc ? b[p * ldb + column] : 0,
                                   "panel \(panel) row \(p) column \(j)")
                }
            }
        }
    }

    func testSmallProductsRunOnOneThread() {
        XCTAssertEqual(usefulThreads(2, flops: 2 * 64 * 64), 1)
        XCTAssertEqual(usefulThreads(2, flops: 2 * 768 * 3072), 2)
        XCTAssertEqual(usefulThreads(1, flops: 1 << 40), 1)
    }

    func testZeroInnerDimensionGivesZeros() {
        var c = [Float](repeating: .nan, count: 12)
        let a: [Float] = [0], b: [Float] = [0]
        sgemm(m: 3, n: 4, k: 0, a: a, b: b, c: &c)
        XCTAssertEqual(c, [Float](repeating: 0, count: 12))
    }

    func testZerosAndExtremeValues() {
        let zero = Matrix(rows: 9, cols: 20, repeating: 0), b = Matrix(rows: 20, cols: 18, seed: 3)
        XCTAssertEqual(sgemmMatrix(zero, b).values, [Float](repeating: 0, count: 9 * 18))
        let big = Matrix(rows: 7, cols: 20, repeating: 1e18), ones = Matrix(rows: 20, cols: 17, repeating: 1e18)
        assertClose(sgemmMatrix(big, ones), try! referenceMatmul(big, ones), tolerance: 1e-5, "large")
        let huge = Matrix(rows: 2, cols: 3, repeating: .greatestFiniteMagnitude), one = Matrix(rows: 3, cols: 2, repeating: 1)
        XCTAssertTrue(sgemmMatrix(huge, one).values.allSatisfy { $0 == .infinity }, "overflow must give +inf")
    }

    func testAccumulateAddsToC() {
        let a = Matrix(rows: 7, cols: 300, seed: 4), b = Matrix(rows: 300, cols: 19, seed: 5)
        let ab = try! referenceMatmul(a, b)
        for m in [1, 7] {
            var c = [Float](repeating: 2, count: m * 19)
            a.values.withUnsafeBufferPointer { pa in b.values.withUnsafeBufferPointer { pb in
                sgemm(m: m, n: 19, k: 300, a: pa.baseAddress!, lda: 300, b: pb.baseAddress!, ldb: 19, c: &c, ldc: 19,
                      accumulate: true, threads: 2)
            } }
            let expected = try! Matrix(rows: m, cols: 19, values: ab.values[0..<(m * 19)].map { $0 + 2 })
            assertClose(try! Matrix(rows: m, cols: 19, values: c), expected, tolerance: 1e-4, "accumulate m=\(m)")
        }
    }

    func testMatrixMultipliedChecksInnerDimension() {
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 3).multiplied(by: Matrix(rows: 4, cols: 2)))
    }
}

final class MatrixTests: XCTestCase {
    func testSeededFillIsReproducibleAndInRange() {
        let x = Matrix(rows: 3, cols: 5, seed: 42), y = Matrix(rows: 3, cols: 5, seed: 42)
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, Matrix(rows: 3, cols: 5, seed: 43))
        XCTAssertTrue(x.values.allSatisfy { $0 >= -1 && $0 < 1 })
    }

    func testWrongValueCountThrows() {
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 2, values: [1, 2, 3]))
    }

    func testEmptyInnerDimensionProductIsZero() throws {
        let product = try Matrix(rows: 2, cols: 0).multiplied(by: Matrix(rows: 0, cols: 3))
        XCTAssertEqual(product, Matrix(rows: 2, cols: 3))
    }

    func testRelativeErrorIsFrobeniusRatio() throws {
        XCTAssertEqual(try relativeError([3, 4], reference: [3, 4]), 0)
        XCTAssertEqual(try relativeError([3, 5], reference: [3, 4]), 0.2, accuracy: 1e-12)
        XCTAssertThrowsError(try relativeError([1], reference: [1, 2]))
    }
}

final class SampledReferenceTests: XCTestCase {
    func testSampledErrorIsSmallForSGEMMAndLargeForAWrongResult() throws {
        let a = Matrix(rows: 50, cols: 70, seed: 1), b = Matrix(rows: 70, cols: 30, seed: 2)
        let c = sgemmMatrix(a, b, threads: 2)
        XCTAssertLessThan(try sampledRelativeError(c.values, a: a, b: b, rows: [0, 25, 49]), 1e-6)
        var wrong = c.values
        wrong[25 * 30 + 3] += 10
        XCTAssertGreaterThan(try sampledRelativeError(wrong, a: a, b: b, rows: [25]), 0.1)
        XCTAssertThrowsError(try sampledRelativeError(c.values, a: a, b: b, rows: [50]))
    }
}

/// The 512-bit fp32 route (tiles of up to 12×32, chosen at run time) gives the same floats
/// as the AVX2 6×16 route: every element is the same chain of fused multiply-adds over k,
/// including the 2-row remainders that sum even and odd k apart. Run directly, so it is
/// checked on CPUs that do not choose it. Row counts cover every tile the 512-bit kernel
/// takes (2, 4, 6, 8, 10, 12) and the odd ones it leaves to the AVX2 kernels; odd kc covers
/// the last, unpaired step of k.
final class WideSGEMMTests: XCTestCase {
    func testWideTilesMatchTheAVX2TilesBitForBit() throws {
        guard Int8Route.runnable.contains(where: { $0.isa == "avx512vnni" }) else {
            throw XCTSkip("no AVX-512 build or CPU")
        }
        let shapes = [(12, 32, 1), (13, 40, 7), (30, 70, 256), (24, 64, 33), (5, 100, 9), (8, 64, 33), (8, 96, 256),
                      (2, 32, 5), (4, 48, 2), (6, 32, 3), (10, 96, 17), (32, 80, 31), (9, 32, 3), (20, 33, 8), (3, 64, 1)]
        for (mc, nc, kc) in shapes {
            let a = Matrix(rows: mc, cols: kc, seed: 1), b = Matrix(rows: kc, cols: nc, seed: 2)
            var packedA = [Float](repeating: 0, count: roundUp(mc, gemmMR) * kc)
            var packedB = [Float](repeating: 0, count: roundUp(nc, gemmNR) * kc)
            packA(mc: mc, kc: kc, a: a.values, lda: kc, into: &packedA)
            packB(kc: kc, nc: nc, b: b.values, ldb: nc, into: &packedB)
            for accumulate in [false, true] {
                var wide = [Float](repeating: 1, count: mc * nc), narrow = wide
                packedA.withUnsafeBufferPointer { pa in
                    packedB.withUnsafeBufferPointer { pb in
                        let block = PanelBlock(panels: pb.baseAddress!, panelStride: kc * gemmNR)
                        XCTAssertTrue(runWideMacroKernel(mc: mc, nc: nc, kc: kc, packedA: pa.baseAddress!, packedB: block,
                                                         c: &wide, ldc: nc, accumulate: accumulate))
                        for ir in stride(from: 0, to: mc, by: gemmMR) {
                            for jr in stride(from: 0, to: nc, by: gemmNR) {
                                kernelTile(ir: ir, jr: jr, mc: mc, nc: nc, kc: kc, packedA: pa.baseAddress!, packedB: block,
                                           c: &narrow, ldc: nc, accumulate: accumulate)
                            }
                        }
                    }
                }
                XCTAssertEqual(wide, narrow, "\(mc)x\(nc)x\(kc) accumulate \(accumulate)")
            }
        }
    }
}
