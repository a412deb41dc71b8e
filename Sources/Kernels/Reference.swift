/// The naive triple loop with Double accumulation: the ground truth every kernel is
/// checked against. Row-major `C[m×n] = A[m×k] · B[k×n]`.
public func referenceMatmul(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                            c: UnsafeMutablePointer<Float>) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
            c[i * n + j] = Float(sum)
        }
    }
}

/// `referenceMatmul` on `Matrix` values; throws when the inner dimensions differ.
public func referenceMatmul(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    guard a.cols == b.rows else {
        throw KernelError.shapeMismatch(what: "inner dimension", expected: a.cols, actual: b.rows)
    }
    var out = Matrix(rows: a.rows, cols: b.cols)
    if out.values.isEmpty || a.cols == 0 { return out }
    referenceMatmul(m: a.rows, n: b.cols, k: a.cols, a: a.values, b: b.values, c: &out.values)
    return out
}

/// Relative error of selected rows of an m×n product `result` of `a · b` against the naive
/// reference computed for those rows only: a cheap independent check for large outputs
/// (the full reference costs m·n·k Double operations). Throws on shape mismatches or a row
/// out of range.
public func sampledRelativeError(_ result: [Float], a: Matrix, b: Matrix, rows: [Int]) throws -> Double {
    guard a.cols == b.rows, result.count == a.rows * b.cols else {
        throw KernelError.shapeMismatch(what: "sampledRelativeError result of \(a.rows)x\(a.cols) · \(b.rows)x\(b.cols)",
                                        expected: a.rows * b.cols, actual: result.count)
    }
    if let bad = rows.first(where: { $0 < 0 || $0 >= a.rows }) {
        throw KernelError.invalidArgument(what: "sampled row", value: "\(bad)", expected: "a row in 0..<\(a.rows)")
    }
    let n = b.cols, k = a.cols
    var picked: [Float] = [], reference = [Float](repeating: 0, count: rows.count * n)
    for (slot, i) in rows.enumerated() {
        picked.append(contentsOf: result[(i * n)..<((i + 1) * n)])
        var sums = [Double](repeating: 0, count: n)
        for p in 0..<k {
            let x = Double(a.values[i * k + p])
            for j in 0..<n { sums[j] += x * Double(b.values[p * n + j]) }
        }
        for j in 0..<n { reference[slot * n + j] = Float(sums[j]) }
    }
    return try relativeError(picked, reference: reference)
}

/// Relative error ‖result − reference‖_F / ‖reference‖_F, the accuracy metric of quantized
/// and pruned kernels. Returns the absolute norm of `result` when the reference is all zero.
public func relativeError(_ result: [Float], reference: [Float]) throws -> Double {
    guard result.count == reference.count else {
        throw KernelError.shapeMismatch(what: "relativeError operands", expected: reference.count, actual: result.count)
    }
    var diff = 0.0, norm = 0.0
    for i in 0..<result.count {
        let d = Double(result[i]) - Double(reference[i])
        diff += d * d
        norm += Double(reference[i]) * Double(reference[i])
    }
    return norm == 0 ? diff.squareRoot() : (diff / norm).squareRoot()
}
