/// Full int8 GEMM: int8 activations × int8 weights with exact int32 accumulation, then one
/// fp32 rescale per output. With AVX2 the products run on integer instructions (AVX-512 VNNI
/// `vpdpbusd`, else `vpmaddwd`; see Int8MicroKernel.swift) in the GotoBLAS loop structure of
/// the fp32 GEMM; both are exact for any int8 values and any k (wrapping int32, like the
/// reference). Without AVX2, and for m = 1, the fp32 route of Int8ViaFloat.swift runs instead.

/// Exact `C[m×n] (Int32) = A[m×k] (Int8) · B[k×n] (Int8)`, row-major, any int8 values
/// including -128, on `threads` threads.
public func int8MatmulInt32(m: Int, n: Int, k: Int, a: UnsafePointer<Int8>, b: UnsafePointer<Int8>,
                            c: UnsafeMutablePointer<Int32>, threads: Int = 1) {
    guard m > 0, n > 0 else { return }
    #if KERNELS_AVX2
    guard k > 0 else {
        c.update(repeating: 0, count: m * n)
        return
    }
    withAlignedBuffer(of: UInt32.self, count: packedInt8ACount(m: m, k: k)) { packedA in
        packInt8A(m: m, k: k, a: a, into: packedA)
        int8PackedProduct(m: m, n: n, k: k, packedA: packedA, b: b, c: UnsafeMutableRawPointer(c), output: .int32,
                          threads: threads)
    }
    #else
    let codes = (0..<(m * k)).map { Float(a[$0]) }
    int8ProductsExact(m: m, n: n, k: k, codes: codes, b: b, c: c, threads: threads)
    #endif
}

/// Quantized layer `C[m×n] ≈ A[m×k] · W`: activations quantized dynamically (per tensor),
/// int32 accumulation, fp32 output `scaleA · scaleW[j] · Σ qa·qw`. Throws on a size
/// mismatch or non-finite activations.
public func int8Gemm(m: Int, a: UnsafeBufferPointer<Float>, weights: QuantizedWeights,
                     c: UnsafeMutableBufferPointer<Float>, threads: Int = 1) throws {
    let k = weights.rows, n = weights.cols
    guard c.count == m * n else {
        throw KernelError.shapeMismatch(what: "int8Gemm output \(m)x\(n)", expected: m * n, actual: c.count)
    }
    #if KERNELS_AVX2
    if m > 1 {
        let scale = try QuantizedActivations.scale(of: a, rows: m, cols: k)
        guard n > 0 else { return }
        guard k > 0 else {
            c.update(repeating: 0)
            return
        }
        let outputScales = weights.columnScales.map { $0 * scale }
        withAlignedBuffer(of: UInt32.self, count: packedInt8ACount(m: m, k: k)) { packedA in
            quantizeAndPackA(m: m, k: k, x: a.baseAddress!, inverseScale: 1 / scale, into: packedA)
            weights.values.withUnsafeBufferPointer { w in
                outputScales.withUnsafeBufferPointer { s in
                    int8PackedProduct(m: m, n: n, k: k, packedA: packedA, b: w.baseAddress!,
                                      c: UnsafeMutableRawPointer(c.baseAddress!), output: .float(scales: s.baseAddress!),
                                      threads: threads)
                }
            }
        }
        return
    }
    #endif
    let activations = try QuantizedActivations(a, rows: m, cols: k)
    guard m > 0, n > 0 else { return }
    int8GemmViaFloat(m: m, activations: activations, weights: weights, c: c.baseAddress!, threads: threads)
}

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
