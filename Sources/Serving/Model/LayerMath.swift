/// The arithmetic behind the model's layers in one place: training uses the portable
/// loops below (so trained weights do not depend on the kernel build); inference of the
/// variants goes through the `Kernels` library.
enum LayerMath {
    /// C (m×n) = A (m×k) · B (k×n), all row-major.
    static func matmul(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                       m: Int, n: Int, k: Int) {
        c.update(repeating: 0, count: m * n)
        for i in 0..<m {
            let row = c + i * n
            for p in 0..<k {
                let x = a[i * k + p]
                if x == 0 { continue }
                let brow = b + p * n
                for j in 0..<n { row[j] += x * brow[j] }
            }
        }
    }

    /// C (m×n) = Aᵀ · B where A is k×m and B is k×n.
    static func matmulTransposedA(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                                  m: Int, n: Int, k: Int) {
        c.update(repeating: 0, count: m * n)
        for p in 0..<k {
            let brow = b + p * n
            for i in 0..<m {
                let x = a[p * m + i]
                if x == 0 { continue }
                let row = c + i * n
                for j in 0..<n { row[j] += x * brow[j] }
            }
        }
    }

    /// C (m×k) = A · Bᵀ where A is m×n and B is k×n.
    static func matmulTransposedB(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                                  m: Int, n: Int, k: Int) {
        for i in 0..<m {
            for p in 0..<k {
                var s: Float = 0
                for j in 0..<n { s += a[i * n + j] * b[p * n + j] }
                c[i * k + p] = s
            }
        }
    }

    /// Y (rows×out) = X (rows×in) · W with W int8 (in×out), one scale per output column.
    /// Each row's activations are quantized on their own (symmetric int8), so a row's answer
    /// does not depend on the other rows of its batch; products accumulate exactly in int32
    /// (`Kernels.int8MatmulInt32`). A row whose activations are not finite yields NaN.
    static func int8Matmul(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                           weights: UnsafePointer<Int8>, scales: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        var codes = [Int8](repeating: 0, count: rows * inputs)
        var rowScales = [Float](repeating: .nan, count: rows)
        for r in 0..<rows {
            guard let q = try? QuantizedActivations(UnsafeBufferPointer(start: x + r * inputs, count: inputs), rows: 1, cols: inputs)
            else { continue }
            rowScales[r] = q.scale
            for i in 0..<inputs { codes[r * inputs + i] = q.values[i] }
        }
        var acc = [Int32](repeating: 0, count: rows * outputs)
        codes.withUnsafeBufferPointer { a in
            acc.withUnsafeMutableBufferPointer { c in
                int8MatmulInt32(m: rows, n: outputs, k: inputs, a: a.baseAddress!, b: weights, c: c.baseAddress!)
            }
        }
        for r in 0..<rows {
            for j in 0..<outputs { y[r * outputs + j] = Float(acc[r * outputs + j]) * rowScales[r] * scales[j] }
        }
    }

    /// Y (rows×out) = X (rows×in) · Wᵀ with W (out×in) sparse: Yᵀ = W · Xᵀ by `Kernels.spmm`.
    static func csrMatmul(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int, weights: CSRMatrix,
                          y: UnsafeMutablePointer<Float>) {
        if rows == 1 {
            spmm(weights, b: x, n: 1, c: y)
            return
        }
        var xt = [Float](repeating: 0, count: rows * inputs)
        for r in 0..<rows { for i in 0..<inputs { xt[i * rows + r] = x[r * inputs + i] } }
        var yt = [Float](repeating: 0, count: rows * outputs)
        xt.withUnsafeBufferPointer { b in
            yt.withUnsafeMutableBufferPointer { c in spmm(weights, b: b.baseAddress!, n: rows, c: c.baseAddress!) }
        }
        for o in 0..<outputs { for r in 0..<rows { y[r * outputs + o] = yt[o * rows + r] } }
    }
}

import Kernels
