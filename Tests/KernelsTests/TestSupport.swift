import XCTest
@testable import Kernels

/// C = A · B through `sgemm` on Matrix values.
func sgemmMatrix(_ a: Matrix, _ b: Matrix, threads: Int = 1) -> Matrix {
    var c = Matrix(rows: a.rows, cols: b.cols, repeating: .nan)
    a.values.withUnsafeBufferPointer { pa in
        b.values.withUnsafeBufferPointer { pb in
            c.values.withUnsafeMutableBufferPointer { pc in
                sgemm(m: a.rows, n: b.cols, k: a.cols, a: pa.baseAddress!, b: pb.baseAddress!, c: pc.baseAddress!,
                      threads: threads)
            }
        }
    }
    return c
}

/// Asserts every element is within `tolerance · (1 + |reference|)`, with the first failing index.
func assertClose(_ result: Matrix, _ reference: Matrix, tolerance: Float, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(result.rows, reference.rows, label, file: file, line: line)
    XCTAssertEqual(result.cols, reference.cols, label, file: file, line: line)
    for i in 0..<min(result.values.count, reference.values.count) {
        let r = reference.values[i], x = result.values[i]
        if !(abs(x - r) <= tolerance * (1 + abs(r))) {
            XCTFail("\(label): element \(i) (row \(i / max(result.cols, 1))) is \(x), expected \(r)", file: file, line: line)
            return
        }
    }
}
