import BenchStats
import XCTest
@testable import Kernels

final class QuantizationTests: XCTestCase {
    func testPerChannelScalesMapEachColumnMaximumTo127() throws {
        let w: [Float] = [1, -4, 0, 0.5, 2, 0]   // 2×3
        let q = try QuantizedWeights(weights: w, rows: 2, cols: 3, granularity: .perChannel)
        XCTAssertEqual(q.scales, [1 / 127, 4 / 127, 1])
        XCTAssertEqual(q.values, [127, -127, 0, 64, 64, 0])
        let perTensor = try QuantizedWeights(weights: w, rows: 2, cols: 3, granularity: .perTensor)
        XCTAssertEqual(perTensor.scales, [4 / 127])
        XCTAssertEqual(perTensor.values, [32, -127, 0, 16, 64, 0])
    }

    func testDequantizationErrorIsAtMostHalfAStep() throws {
        let m = Matrix(rows: 33, cols: 7, seed: 9)
        let q = try QuantizedWeights(m, granularity: .perChannel)
        let back = q.dequantized()
        for p in 0..<33 {
            for j in 0..<7 { XCTAssertLessThanOrEqual(abs(back[p * 7 + j] - m[p, j]), q.scales[j] / 2 * 1.0001) }
        }
    }

    func testActivationCodesRoundToNearestAndSpanTheRange() throws {
        let x: [Float] = [2, -2, 1, 0.5, 0, -1, 0.01, 1.999, -0.75, 3e-9]   // vector part and tail
        let q = try x.withUnsafeBufferPointer { try QuantizedActivations($0, rows: 2, cols: 5) }
        XCTAssertEqual(q.scale, 2 / 127)
        XCTAssertEqual(q.values, [127, -127, 64, 32, 0, -64, 1, 127, -48, 0])
        let bad: [Float] = [1, 2, 3, .nan, 5, 6, 7, 8, 9]
        XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try QuantizedActivations($0, rows: 1, cols: 9) }) {
            XCTAssertTrue("\($0)".contains("column 3"))
        }
        let zeros = try [Float](repeating: 0, count: 12).withUnsafeBufferPointer { try QuantizedActivations($0, rows: 3, cols: 4) }
        XCTAssertEqual(zeros.values, [Int8](repeating: 0, count: 12))
    }

    func testScaleOverRowsSplitAcrossThreadsIsTheSerialScale() throws {
        // 1000×700 values: enough for two parts; the largest magnitude sits in the second part.
        var values = Matrix(rows: 1000, cols: 700, seed: 9).values
        values[800 * 700 + 3] = -7.5
        let serial = try values.withUnsafeBufferPointer { try QuantizedActivations.scale(of: $0, rows: 1000, cols: 700, threads: 1) }
        let split = try values.withUnsafeBufferPointer { try QuantizedActivations.scale(of: $0, rows: 1000, cols: 700, threads: 2) }
        XCTAssertEqual(serial, 7.5 / 127)
        XCTAssertEqual(split, serial)
        values[999 * 700 + 699] = .nan
        XCTAssertThrowsError(try values.withUnsafeBufferPointer { try QuantizedActivations.scale(of: $0, rows: 1000, cols: 700, threads: 2) }) {
            XCTAssertTrue("\($0)".contains("row 999, column 699"), "\($0)")
        }
    }

    func testRejectsBadInput() {
        XCTAssertThrowsError(try QuantizedWeights(weights: [1, 2], rows: 2, cols: 2, granularity: .perTensor))
        XCTAssertThrowsError(try QuantizedWeights(weights: [1, .nan], rows: 1, cols: 2, granularity: .perTensor))
        let a: [Float] = [1, .infinity]
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { try QuantizedActivations($0, rows: 1, cols: 2) })
    }

    func testWeightOnlyMatchesFp32OnDequantizedWeights() throws {
        for (m, n, k) in [(1, 1000, 33), (1, 7, 9), (8, 70, 300), (32, 33, 7)] {
            let a = Matrix(rows: m, cols: k, seed: 11), w = Matrix(rows: k, cols: n, seed: 12)
            for granularity in QuantizationGranularity.allCases {
                let qw = try QuantizedWeights(w, granularity: granularity)
                let expected = try referenceMatmul(a, Matrix(rows: k, cols: n, values: qw.dequantized()))
                var c = [Float](repeating: .nan, count: m * n)
                try a.values.withUnsafeBufferPointer { pa in
                    try c.withUnsafeMutableBufferPointer { try weightOnlyInt8Gemm(m: m, a: pa, weights: qw, c: $0, threads: 2) }
                }
                assertClose(try Matrix(rows: m, cols: n, values: c), expected, tolerance: 1e-4, "\(m)x\(n)x\(k) \(granularity)")
            }
        }
    }

    func testShapeMismatchThrows() throws {
        let qw = try QuantizedWeights(Matrix(rows: 4, cols: 3, seed: 1), granularity: .perChannel)
        let a = [Float](repeating: 1, count: 8)
        var c = [Float](repeating: 0, count: 5)
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { pa in try c.withUnsafeMutableBufferPointer {
            try weightOnlyInt8Gemm(m: 2, a: pa, weights: qw, c: $0) } })
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { pa in try c.withUnsafeMutableBufferPointer {
            try int8Gemm(m: 2, a: pa, weights: qw, c: $0) } })
    }
}
