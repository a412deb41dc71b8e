/// Full int8 GEMM: int8 activations × int8 weights with exact int32 accumulation, then one
/// fp32 rescale per output. With AVX2 the products run on integer instructions (AVX-512 VNNI
/// `vpdpbusd` where the build, the CPU and the environment allow it, else `vpmaddwd`; see
/// Int8Instructions.swift) in the GotoBLAS loop structure of the fp32 GEMM; both are exact
/// for any int8 values and any k (wrapping int32, like the reference). Without AVX2, and for
/// m = 1, the fp32 route of Int8ViaFloat.swift runs instead.

/// Exact `C[m×n] (Int32) = A[m×k] (Int8) · B[k×n] (Int8)`, row-major, any int8 values
/// including -128, on `threads` threads.
public func int8MatmulInt32(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, b: UnsafePointer<Int8>,
                            c: UnsafeMutablePointer<Int32>, threads: Int = 1) {
    int8MatmulInt32(m: m, n: n, k: k, a: a, b: b, c: c, threads: threads, route: .selected)
}

/// `int8MatmulInt32` on the given route (tests run every route this CPU has).
func int8MatmulInt32(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, b: UnsafePointer<Int8>,
                     c: UnsafeMutablePointer<Int32>, threads: Int, route: Int8Route) {
    guard m > 0, n > 0 else { return }
    switch route {
    #if KERNELS_AVX2
    case .avx2: int8IntegerMatmul(Int8OnAVX2.self, m: m, n: n, k: k, a: a, b: b, c: c, threads: threads)
    #else
    case .viaFloat:
        let codes = (0..<(m * k)).map { Float(a[$0]) }
        int8ProductsExact(m: m, n: n, k: k, codes: codes, b: b, c: c, threads: threads)
    #endif
    #if KERNELS_AVX512VNNI
    case .vnni: int8IntegerMatmul(Int8OnVNNI.self, m: m, n: n, k: k, a: a, b: b, c: c, threads: threads)
    #endif
    }
}

/// Quantized layer `C[m×n] ≈ A[m×k] · W`: activations quantized dynamically (per tensor),
/// int32 accumulation, fp32 output `scaleA · scaleW[j] · Σ qa·qw`. Throws on a size
/// mismatch or non-finite activations.
public func int8Gemm(m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights,
                     c: UnsafeMutableBufferPointer<Float>, threads: Int = 1) throws {
    try int8Gemm(m: m, a: a, weights: weights, c: c, threads: threads, route: .selected)
}

/// `int8Gemm` on the given route (tests run every route this CPU has).
func int8Gemm(m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights, c: UnsafeMutableBufferPointer<Float>,
              threads: Int, route: Int8Route) throws {
    let n = weights.cols
    guard c.count == m * n else {
        throw KernelError.shapeMismatch(what: "int8Gemm output \(m)x\(n)", expected: m * n, actual: c.count)
    }
    switch route {
    #if KERNELS_AVX2
    case .avx2: try int8IntegerGemm(Int8OnAVX2.self, m: m, a: a, weights: weights, c: c, threads: threads)
    #else
    case .viaFloat: try int8GemmViaFloat(m: m, a: a, weights: weights, c: c, threads: threads)
    #endif
    #if KERNELS_AVX512VNNI
    case .vnni: try int8IntegerGemm(Int8OnVNNI.self, m: m, a: a, weights: weights, c: c, threads: threads)
    #endif
    }
}

/// `int8Gemm` on the fp32 route: quantize the activations, then Int8ViaFloat.swift.
private func int8GemmViaFloat(m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights,
                              c: UnsafeMutableBufferPointer<Float>, threads: Int) throws {
    let activations = try QuantizedActivations(a, rows: m, cols: weights.rows)
    guard m > 0, weights.cols > 0 else { return }
    int8GemmViaFloat(m: m, activations: activations, weights: weights, c: c.baseAddress!, threads: threads)
}

#if KERNELS_AVX2
/// The integer product on `I`: A packed whole, then the blocked driver.
private func int8IntegerMatmul<I: Int8Instructions>(_: I.Type, m: Int, n: Int, k: Int, a: UnsafePointer<Int8>,
                                                    b: UnsafePointer<Int8>, c: UnsafeMutablePointer<Int32>, threads: Int) {
    guard k > 0 else {
        c.update(repeating: 0, count: m * n)
        return
    }
    let groups = I.groups(k)
    withAlignedBuffer(of: UInt32.self, count: packedInt8ACount(I.self, m: m, k: k)) { packedA in
        let shared = UnsafeSendable(value: packedA)
        int8PackedProduct(I.self, m: m, n: n, k: k, packedA: packedA, packRows: { rows in
            packInt8A(I.self, m: rows.count, k: k, a: a + rows.lowerBound * k, into: shared.value + rows.lowerBound * groups)
        }, b: .rowMajor(b, ldb: n), c: UnsafeMutableRawPointer(c), output: .int32, threads: threads)
    }
}

/// The quantized layer on `I` for m > 1 with B packed per call; m ≤ 1 takes the fp32
/// streaming route (packing all of B for one row would cost more than the product).
private func int8IntegerGemm<I: Int8Instructions>(_: I.Type, m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights,
                                                  c: UnsafeMutableBufferPointer<Float>, threads: Int) throws {
    guard m > 1 else { return try int8GemmViaFloat(m: m, a: a, weights: weights, c: c, threads: threads) }
    try weights.values.withUnsafeBufferPointer { w in
        try weights.columnScales.withUnsafeBufferPointer { s in
            try int8QuantizedProduct(I.self, m: m, k: weights.rows, n: weights.cols, a: a,
                                     b: .rowMajor(w.baseAddress!, ldb: weights.cols), columnScales: s.baseAddress!, c: c,
                                     threads: threads)
        }
    }
}

/// C = (A quantized per tensor) · B, rescaled by `columnScales[j]` and the activation scale:
/// activations quantized straight into packed A, the rescale fused into the driver's last pass.
func int8QuantizedProduct<I: Int8Instructions>(_: I.Type, m: Int, k: Int, n: Int, a: UnsafeBufferPointer<Float>,
                                               b: Int8BSource, columnScales: UnsafePointer<Float>,
                                               c: UnsafeMutableBufferPointer<Float>, threads: Int) throws {
    let scale = try QuantizedActivations.scale(of: a, rows: m, cols: k, threads: threads)
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        c.update(repeating: 0)
        return
    }
    let outputScales = (0..<n).map { columnScales[$0] * scale }
    let groups = I.groups(k)
    withAlignedBuffer(of: UInt32.self, count: packedInt8ACount(I.self, m: m, k: k)) { packedA in
        let shared = UnsafeSendable(value: (a.baseAddress!, packedA))
        outputScales.withUnsafeBufferPointer { s in
            int8PackedProduct(I.self, m: m, n: n, k: k, packedA: packedA, packRows: { rows in
                let (x, packedA) = shared.value
                quantizeAndPackA(I.self, m: rows.count, k: k, x: x + rows.lowerBound * k, inverseScale: 1 / scale,
                                 into: packedA + rows.lowerBound * groups)
            }, b: b, c: UnsafeMutableRawPointer(c.baseAddress!), output: .float(scales: s.baseAddress!), threads: threads)
        }
    }
}
#endif

/// The exact int32 reference for `int8MatmulInt32`: a naive triple loop.
public func referenceInt8Matmul(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, b: UnsafePointer<Int8>,
                                c: UnsafeMutablePointer<Int32>) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Int32 = 0
            for p in 0..<k { sum &+= Int32(a[i * k + p]) * Int32(b[p * n + j]) }
            c[i * n + j] = sum
        }
    }
}
