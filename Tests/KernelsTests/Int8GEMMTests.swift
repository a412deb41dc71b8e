import BenchStats
import XCTest
@testable import Kernels

/// The full int8 GEMM is exact: its int32 sums equal the naive integer reference bit for
/// bit, whatever the shape, the values (including the -128 / 127 extremes, where a 16-bit
/// intermediate would saturate) and the length of k.
final class Int8GEMMTests: XCTestCase {
    /// Shapes off every vector, word (4), panel (6×16) and block (512) boundary, split by
    /// columns (n ≥ m) and by rows (m > n) across two threads.
    let oddShapes = [(1, 1, 1), (7, 33, 5), (33, 7, 1030), (1, 1000, 7), (13, 19, 301), (1000, 9, 13), (6, 1000, 19),
                     (2, 17, 1), (37, 530, 3)]

    /// Every route this build can run on this CPU (VNNI and AVX2 here): each must be exact.
    let routes = Int8Route.runnable

    func int8Product(_ m: Int, _ n: Int, _ k: Int, _ a: [Int8], _ b: [Int8], threads: Int = 2,
                     route: Int8Route) -> [Int32] {
        var c = [Int32](repeating: -1, count: m * n)
        int8MatmulInt32(m: m, n: n, k: k, a: a, b: b, c: &c, threads: threads, route: route)
        return c
    }

    func reference(_ m: Int, _ n: Int, _ k: Int, _ a: [Int8], _ b: [Int8]) -> [Int32] {
        var c = [Int32](repeating: -1, count: m * n)
        referenceInt8Matmul(m: m, n: n, k: k, a: a, b: b, c: &c)
        return c
    }

    func testInt32ProductMatchesReferenceOnOddShapes() {
        var rng = SplitMix64(seed: 5)
        for (m, n, k) in oddShapes {
            let a = (0..<(m * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let b = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let expected = reference(m, n, k, a, b)
            for route in routes {
                XCTAssertEqual(int8Product(m, n, k, a, b, route: route), expected, "\(m)x\(n)x\(k) \(route)")
            }
        }
        for route in routes {
            XCTAssertEqual(int8Product(3, 4, 0, [], [], route: route), [Int32](repeating: 0, count: 12), "k = 0, \(route)")
        }
    }

    func testEveryRemainderRowCountIsExact() {
        // m = 7...11 leaves 1...5 rows below the last full 6-row panel, on whole column panels.
        var rng = SplitMix64(seed: 11)
        for m in 7...11 {
            let (n, k) = (64, 37)
            let a = (0..<(m * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let b = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let expected = reference(m, n, k, a, b)
            for route in routes { XCTAssertEqual(int8Product(m, n, k, a, b, threads: 1, route: route), expected, "m = \(m) \(route)") }
        }
    }

    func testInt32ProductIsExactAtTheExtremesWithLongK() {
        // Every product at ±2^14: the sums pass 2^24 (fp32's exact range) and Int16.max by far.
        for (m, n, k) in [(3, 17, 5000), (7, 33, 3001), (1, 5, 1025), (13, 2, 2047)] {
            for (valueA, valueB) in [(Int8(-128), Int8(-128)), (127, -128), (-128, 127), (127, 127)] {
                let a = [Int8](repeating: valueA, count: m * k), b = [Int8](repeating: valueB, count: k * n)
                for route in routes {
                    XCTAssertEqual(int8Product(m, n, k, a, b, route: route),
                                   [Int32](repeating: Int32(k) * Int32(valueA) * Int32(valueB), count: m * n),
                                   "\(m)x\(n)x\(k) \(valueA)·\(valueB) \(route)")
                }
            }
        }
    }

    func testInt32ProductIsExactOnMixedExtremes() {
        // -128 / 127 patterns whose partial sums swing both ways; k not a multiple of 4 or 16.
        let (m, n, k) = (14, 35, 2999)
        let a = (0..<(m * k)).map { $0 % 3 == 0 ? Int8(127) : Int8(-128) }
        let b = (0..<(k * n)).map { $0 % 5 < 2 ? Int8(-128) : Int8(127) }
        let expected = reference(m, n, k, a, b)
        for route in routes { XCTAssertEqual(int8Product(m, n, k, a, b, route: route), expected, "\(route)") }
    }

    func testInt32ProductIsTheSameOnOneAndTwoThreads() {
        var rng = SplitMix64(seed: 8)
        let (m, n, k) = (20, 700, 40)
        let a = (0..<(m * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let b = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        for route in routes {
            XCTAssertEqual(int8Product(m, n, k, a, b, threads: 1, route: route), int8Product(m, n, k, a, b, threads: 2, route: route),
                           "\(route)")
        }
    }

    /// Two-thread splits on products large enough to use both threads (above
    /// `minFlopsPerThread` per thread): by rows with each part packing its own rows (m > n,
    /// and m = n on weights packed at load), by columns after packing all of A; fewer rows
    /// or columns than threads, a lone remainder column panel, 1×1 outputs with long k.
    let splitShapes = [(301, 7, 700), (97, 97, 100), (1000, 1, 400), (2, 1000, 400), (6, 33, 5000), (1, 1, 400_000),
                       (7, 40, 2500), (61, 59, 313)]

    func testInt32ProductSplitAcrossTwoThreadsMatchesReference() {
        var rng = SplitMix64(seed: 13)
        for (m, n, k) in splitShapes {
            XCTAssertGreaterThan(usefulThreads(2, flops: 2 * m * n * k), 1, "\(m)x\(n)x\(k) must use both threads")
            let a = (0..<(m * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let b = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let expected = reference(m, n, k, a, b)
            for route in routes { XCTAssertEqual(int8Product(m, n, k, a, b, route: route), expected, "\(m)x\(n)x\(k) \(route)") }
        }
    }

    func testQuantizedLayerSplitAcrossTwoThreadsIsTheOneThreadResult() throws {
        for (m, n, k) in splitShapes where m * k <= 1_000_000 {
            let a = Matrix(rows: m, cols: k, seed: 3), w = Matrix(rows: k, cols: n, seed: 4)
            let qw = try QuantizedWeights(w, granularity: .perChannel)
            for route in routes {
                var results: [[Float]] = []
                for threads in [1, 2] {
                    var c = [Float](repeating: .nan, count: m * n)
                    try a.values.withUnsafeBufferPointer { pa in
                        try c.withUnsafeMutableBufferPointer { try int8Gemm(m: m, a: pa, weights: PackedInt8Weights(qw, route: route), c: $0, threads: threads) }
                    }
                    results.append(c)
                }
                XCTAssertEqual(results[0], results[1], "\(m)x\(n)x\(k) \(route)")
            }
            try assertGemmIsRescaledExactProduct(a, w, .perChannel)
        }
    }

    /// int8Gemm's output is exactly Float(Σ qa·qw) · (scaleA · scaleW[j]) with the reference sum.
    func assertGemmIsRescaledExactProduct(_ a: Matrix, _ w: Matrix, _ granularity: QuantizationGranularity,
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        let (m, n, k) = (a.rows, w.cols, a.cols)
        let label = "\(m)x\(n)x\(k) \(granularity)"
        let qw = try QuantizedWeights(w, granularity: granularity)
        let qa = try a.values.withUnsafeBufferPointer { try QuantizedActivations($0, rows: m, cols: k) }
        let acc = reference(m, n, k, qa.values, qw.values)
        var c = [Float](repeating: .nan, count: m * n)
        for route in routes {
            try a.values.withUnsafeBufferPointer { pa in
                try c.withUnsafeMutableBufferPointer { try int8Gemm(m: m, a: pa, weights: qw, c: $0, threads: 2, route: route) }
            }
            for i in 0..<m {
                for j in 0..<n where c[i * n + j] != Float(acc[i * n + j]) * (qa.scale * qw.scale(column: j)) {
                    XCTFail("\(label) \(route): element (\(i), \(j)) is \(c[i * n + j]), expected \(Float(acc[i * n + j]) * (qa.scale * qw.scale(column: j)))",
                            file: file, line: line)
                    return
                }
            }
        }
        XCTAssertLessThan(try relativeError(c, reference: try referenceMatmul(a, w).values), 0.02, label, file: file, line: line)
    }

    func testGemmEqualsRescaledIntegerProductOnOddShapes() throws {
        for (m, n, k) in [(1, 7, 33), (1, 70, 2100), (2, 7, 33), (7, 33, 1000), (5, 9, 1500), (33, 16, 8), (1000, 3, 13),
                          (13, 1000, 7)] {
            for granularity in QuantizationGranularity.allCases {
                try assertGemmIsRescaledExactProduct(Matrix(rows: m, cols: k, seed: 1), Matrix(rows: k, cols: n, seed: 2),
                                                     granularity)
            }
        }
    }

    func testGemmIsExactWhenEveryCodeIsAnExtreme() throws {
        // ±1 activations and weights quantize to ±127 codes: every product is ±16129.
        let (m, n, k) = (9, 21, 3001)
        let a = try Matrix(rows: m, cols: k, values: (0..<(m * k)).map { $0 % 7 < 4 ? 1 : -1 })
        let w = try Matrix(rows: k, cols: n, values: (0..<(k * n)).map { $0 % 3 == 0 ? -1 : 1 })
        for granularity in QuantizationGranularity.allCases {
            try assertGemmIsRescaledExactProduct(a, w, granularity)
        }
    }

    func testGemmOfZerosIsZero() throws {
        let qw = try QuantizedWeights(Matrix(rows: 20, cols: 9, seed: 3), granularity: .perTensor)
        let a = [Float](repeating: 0, count: 3 * 20)
        var c = [Float](repeating: .nan, count: 3 * 9)
        try a.withUnsafeBufferPointer { pa in try c.withUnsafeMutableBufferPointer { try int8Gemm(m: 3, a: pa, weights: qw, c: $0) } }
        XCTAssertEqual(c, [Float](repeating: 0, count: 27))
    }

    func testGemmRejectsNonFiniteActivations() throws {
        let qw = try QuantizedWeights(Matrix(rows: 4, cols: 3, seed: 1), granularity: .perChannel)
        let a: [Float] = [1, 2, 3, 4, 5, .infinity, 7, 8]
        var c = [Float](repeating: 0, count: 6)
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { pa in try c.withUnsafeMutableBufferPointer {
            try int8Gemm(m: 2, a: pa, weights: qw, c: $0) } }) { XCTAssertTrue("\($0)".contains("row 1, column 1")) }
    }
}
