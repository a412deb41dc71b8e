/// `Matrix`-level entry points to the kernels, with shape checks: the convenient form for
/// callers such as the serving module's small MLP (batch 1...32, layers 64...4096 wide).
public extension Matrix {
    /// `self · weights` with int8 weights and dynamically quantized int8 activations.
    func int8Multiplied(by weights: QuantizedWeights, threads: Int = 1) throws -> Matrix {
        try checkInner(weights.rows, "int8Multiplied")
        var out = Matrix(rows: rows, cols: weights.cols)
        try values.withUnsafeBufferPointer { a in
            try out.values.withUnsafeMutableBufferPointer { try int8Gemm(m: rows, a: a, weights: weights, c: $0, threads: threads) }
        }
        return out
    }

    /// `self · dequantize(weights)` with fp32 activations (weight-only int8).
    func weightOnlyInt8Multiplied(by weights: QuantizedWeights, threads: Int = 1) throws -> Matrix {
        try checkInner(weights.rows, "weightOnlyInt8Multiplied")
        var out = Matrix(rows: rows, cols: weights.cols)
        try values.withUnsafeBufferPointer { a in
            try out.values.withUnsafeMutableBufferPointer {
                try weightOnlyInt8Gemm(m: rows, a: a, weights: weights, c: $0, threads: threads)
            }
        }
        return out
    }

    /// `self · sparse` for a sparse right operand (e.g. pruned k×n layer weights): each
    /// nonzero activation scatters its weight row into the output row.
    func multiplied(bySparse sparse: CSRMatrix) throws -> Matrix {
        try checkInner(sparse.rows, "multiplied(bySparse:)")
        var out = Matrix(rows: rows, cols: sparse.cols)
        for i in 0..<rows {
            for p in 0..<cols {
                let x = values[i * cols + p]
                if x == 0 { continue }
                for index in Int(sparse.rowStarts[p])..<Int(sparse.rowStarts[p + 1]) {
                    out.values[i * sparse.cols + Int(sparse.columns[index])] += x * sparse.values[index]
                }
            }
        }
        return out
    }

    private func checkInner(_ expected: Int, _ what: String) throws {
        guard cols == expected else {
            throw KernelError.shapeMismatch(what: "\(what): columns of the \(rows)x\(cols) left operand vs rows of the right",
                                            expected: expected, actual: cols)
        }
    }
}

public extension CSRMatrix {
    /// `self · dense` (sparse left operand), via `spmm`.
    func multiplied(by dense: Matrix, threads: Int = 1) throws -> Matrix {
        guard cols == dense.rows else {
            throw KernelError.shapeMismatch(what: "CSR \(rows)x\(cols) · \(dense.rows)x\(dense.cols)", expected: cols,
                                            actual: dense.rows)
        }
        var out = Matrix(rows: rows, cols: dense.cols)
        if out.values.isEmpty || dense.values.isEmpty { return out }
        spmm(self, b: dense.values, n: dense.cols, c: &out.values, threads: threads)
        return out
    }
}

public extension BlockCSRMatrix {
    /// `self · dense` (sparse left operand), via `spmm`.
    func multiplied(by dense: Matrix, threads: Int = 1) throws -> Matrix {
        guard cols == dense.rows else {
            throw KernelError.shapeMismatch(what: "block-CSR \(rows)x\(cols) · \(dense.rows)x\(dense.cols)", expected: cols,
                                            actual: dense.rows)
        }
        var out = Matrix(rows: rows, cols: dense.cols)
        if out.values.isEmpty || dense.values.isEmpty { return out }
        spmm(self, b: dense.values, n: dense.cols, c: &out.values, threads: threads)
        return out
    }
}
