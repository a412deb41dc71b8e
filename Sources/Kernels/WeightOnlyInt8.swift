/// Weight-only int8: fp32 activations times int8 weights dequantized on the fly. For the
/// memory-bound m = 1 serving shape this reads a quarter of the bytes of fp32 weights.

/// `C[m×n] = A[m×k] · dequantize(W)`, fp32 in and out. Throws on a size mismatch.
public func weightOnlyInt8Gemm(m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights,
                               c: UnsafeMutableBufferPointer<Float>, threads: Int = 1) throws {
    let k = weights.rows, n = weights.cols
    try KernelError.checkLayer("weightOnlyInt8Gemm", m: m, k: k, n: n, activations: a.count, outputs: c.count)
    guard m > 0, n > 0 else { return }
    if k == 0 {
        c.update(repeating: 0)
        return
    }
    let columnScales = weights.columnScales
    weights.values.withUnsafeBufferPointer { w in
        columnScales.withUnsafeBufferPointer { s in
            if m == 1 {
                int8Gemv(n: n, k: k, a: a.baseAddress!, w: w.baseAddress!, scales: s.baseAddress!, c: c.baseAddress!,
                         threads: threads)
            } else {
                gemmDriver(m: m, n: n, k: k, a: a.baseAddress!, lda: k,
                           source: Int8B(b: w.baseAddress!, ldb: n, scales: s.baseAddress!),
                           c: c.baseAddress!, ldc: n, accumulate: false, threads: threads)
            }
        }
    }
}

/// c[n] = scales ⊙ (a[k] · W[k×n]) with int8 W streamed eight rows at a time.
func int8Gemv(n: Int, k: Int, a: UnsafePointer<Float>, w: UnsafePointer<Int8>, scales: UnsafePointer<Float>,
              c: UnsafeMutablePointer<Float>, threads: Int) {
    let ranges = splitRange(n, parts: threads, granule: 64)
    let shared = UnsafeSendable(value: (a, w, scales, c))
    parallelFor(parts: ranges.count) { part in
        let (a, w, scales, c) = shared.value
        for j0 in stride(from: ranges[part].lowerBound, to: ranges[part].upperBound, by: sgemvColumnChunk) {
            let width = min(sgemvColumnChunk, ranges[part].upperBound - j0)
            int8AxpyRows(width: width, k: k, a: a, w: w + j0, ldw: n, c: c + j0)
            for j in 0..<width { c[j0 + j] *= scales[j0 + j] }
        }
    }
}

/// Eight int8 codes widened to fp32. Written element-wise on purpose: LLVM's SLP vectorizer
/// turns this into `vpmovsxbd` + `vcvtdq2ps` wherever it lands, whereas the generic SIMD
/// conversion initializers are left as calls when the inliner's budget runs out.
@inline(__always)
func loadInt8AsFloat(_ p: UnsafePointer<Int8>) -> FloatVector {
    FloatVector(Float(p[0]), Float(p[1]), Float(p[2]), Float(p[3]), Float(p[4]), Float(p[5]), Float(p[6]), Float(p[7]))
}

/// c[width] = Σ_p a[p] · W[p, 0..<width] (int8 W, fp32 accumulation), eight W rows per pass.
func int8AxpyRows(width: Int, k: Int, a: UnsafePointer<Float>, w: UnsafePointer<Int8>, ldw: Int,
                  c: UnsafeMutablePointer<Float>) {
    c.update(repeating: 0, count: width)
    let vectorEnd = width & ~7
    var p = 0
    while p + 8 <= k {
        let a0 = FloatVector(repeating: a[p]), a1 = FloatVector(repeating: a[p + 1])
        let a2 = FloatVector(repeating: a[p + 2]), a3 = FloatVector(repeating: a[p + 3])
        let a4 = FloatVector(repeating: a[p + 4]), a5 = FloatVector(repeating: a[p + 5])
        let a6 = FloatVector(repeating: a[p + 6]), a7 = FloatVector(repeating: a[p + 7])
        let w0 = w + p * ldw, w1 = w0 + ldw, w2 = w1 + ldw, w3 = w2 + ldw
        let w4 = w3 + ldw, w5 = w4 + ldw, w6 = w5 + ldw, w7 = w6 + ldw
        var j = 0
        while j < vectorEnd {
            var acc = loadVector(c + j)
            var acc2 = loadInt8AsFloat(w0 + j) * a0
            multiplyAdd(&acc, a1, loadInt8AsFloat(w1 + j))
            multiplyAdd(&acc2, a2, loadInt8AsFloat(w2 + j))
            multiplyAdd(&acc, a3, loadInt8AsFloat(w3 + j))
            multiplyAdd(&acc2, a4, loadInt8AsFloat(w4 + j))
            multiplyAdd(&acc, a5, loadInt8AsFloat(w5 + j))
            multiplyAdd(&acc2, a6, loadInt8AsFloat(w6 + j))
            multiplyAdd(&acc, a7, loadInt8AsFloat(w7 + j))
            storeVector(acc + acc2, c + j)
            j += 8
        }
        while j < width {
            var sum = c[j]
            for q in 0..<8 { sum += a[p + q] * Float(w0[q * ldw + j]) }
            c[j] = sum
            j += 1
        }
        p += 8
    }
    while p < k {
        let ap = a[p]
        let row = w + p * ldw
        for j in 0..<width { c[j] += ap * Float(row[j]) }
        p += 1
    }
}
