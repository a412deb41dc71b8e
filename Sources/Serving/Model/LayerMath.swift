/// The arithmetic behind the model's layers, kept in one place so the implementation
/// (portable loops here, the `Kernels` library once available) is a local change.
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

    /// Y (rows×out) = X (rows×in) · W, with W int8 (in×out) scaled per output column and X
    /// quantized per row to int8 (symmetric); int32 accumulation.
    static func int8Matmul(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                           weights: UnsafePointer<Int8>, scales: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        var q = [Int8](repeating: 0, count: inputs)
        var acc = [Int32](repeating: 0, count: outputs)
        for r in 0..<rows {
            let xr = x + r * inputs
            var maxAbs: Float = 0
            for i in 0..<inputs { maxAbs = max(maxAbs, abs(xr[i])) }
            let scale = maxAbs > 0 ? maxAbs / 127 : 1
            let inverse = 1 / scale
            for i in 0..<inputs { q[i] = Int8((xr[i] * inverse).rounded()) }
            for j in 0..<outputs { acc[j] = 0 }
            acc.withUnsafeMutableBufferPointer { accp in
                for i in 0..<inputs {
                    let qi = Int32(q[i])
                    if qi == 0 { continue }
                    let wrow = weights + i * outputs
                    for j in 0..<outputs { accp[j] &+= qi &* Int32(wrow[j]) }
                }
            }
            let yr = y + r * outputs
            for j in 0..<outputs { yr[j] = Float(acc[j]) * scale * scales[j] }
        }
    }

    /// Y (rows×out) = X (rows×in) · Wᵀ with W (out×in) in CSR form.
    static func csrMatmul(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                          rowStart: UnsafePointer<Int32>, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
                          y: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let xr = x + r * inputs
            let yr = y + r * outputs
            for o in 0..<outputs {
                var s: Float = 0
                for p in Int(rowStart[o])..<Int(rowStart[o + 1]) { s += values[p] * xr[Int(columns[p])] }
                yr[o] = s
            }
        }
    }
}
