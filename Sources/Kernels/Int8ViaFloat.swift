/// The fp32 route of the int8 kernels: int8 codes run through the fp32 FMA micro-kernel as
/// integer-valued floats. This is exact, not an approximation: every partial sum of at most
/// 1024 products of magnitude ≤ 128·128 = 2^14 is an integer of magnitude ≤ 2^24, which fp32
/// represents exactly; longer sums are chunked and the chunks added in Int32. It serves the
/// weight-only kernel (int8 B dequantized while packing), the m = 1 streaming kernel, and the
/// full int8 GEMM of builds without AVX2 (the integer route is in Int8MicroKernel.swift).

/// The longest k whose int8 dot products fp32 accumulates exactly (1024 · 2^14 = 2^24).
let exactInt8ChunkK = 1024

/// Int8 B (row stride ldb) packed as fp32 panels, optionally multiplied by per-column scales
/// (weight-only dequantization happens here, once per packed block).
struct Int8B: PackableB {
    let b: UnsafePointer<Int8>
    let ldb: Int
    /// Per-column scales (indexed by absolute column), or nil to pack the raw integer codes.
    let scales: UnsafePointer<Float>?

    var packsPerCall: Bool { true }

    func block(p0: Int, j0: Int, kc: Int, nc: Int, scratch: UnsafeMutablePointer<Float>?) -> PanelBlock {
        var panel = scratch!
        var jp = 0
        while jp < nc {
            let cols = min(gemmNR, nc - jp)
            for p in 0..<kc {
                let src = b + (p0 + p) * ldb + j0 + jp
                let d = panel + p * gemmNR
                if cols == gemmNR {
                    storeVector(loadInt8AsFloat(src), d)
                    storeVector(loadInt8AsFloat(src + 8), d + 8)
                } else {
                    for j in 0..<gemmNR { d[j] = j < cols ? Float(src[j]) : 0 }
                }
                if let scales {
                    let s = scales + j0 + jp
                    if cols == gemmNR {
                        storeVector(loadVector(d) * loadVector(s), d)
                        storeVector(loadVector(d + 8) * loadVector(s + 8), d + 8)
                    } else {
                        for j in 0..<cols { d[j] *= s[j] }
                    }
                }
            }
            panel += gemmNR * kc
            jp += gemmNR
        }
        return PanelBlock(panels: scratch!, panelStride: kc * gemmNR)
    }
}

/// C (Int32) = codes · B for integer-valued fp32 `codes` (m×k, int8 range) and int8 B (k×n):
/// the fp32 GEMM on chunks of ≤ 1024 columns of the codes (each chunk exact), summed in Int32.
func int8ProductsExact(m: Int, n: Int, k: Int, codes: UnsafePointer<Float>, b: UnsafePointer<Int8>,
                       c: UnsafeMutablePointer<Int32>, threads: Int) {
    c.update(repeating: 0, count: m * n)
    guard k > 0 else { return }
    withAlignedBuffer(of: Float.self, count: m * n) { partial in
        for p0 in stride(from: 0, to: k, by: exactInt8ChunkK) {
            let kc = min(exactInt8ChunkK, k - p0)
            gemmDriver(m: m, n: n, k: kc, a: codes + p0, lda: k, source: Int8B(b: b + p0 * n, ldb: n, scales: nil),
                       c: partial, ldc: n, accumulate: false, threads: threads)
            for index in 0..<(m * n) { c[index] &+= Int32(partial[index]) }
        }
    }
}

/// row[j] *= scales[j] for j in 0..<count.
@inline(__always)
func scaleRow(_ row: UnsafeMutablePointer<Float>, by scales: UnsafePointer<Float>, count: Int) {
    let vectorEnd = count & ~7
    for j in stride(from: 0, to: vectorEnd, by: 8) { storeVector(loadVector(row + j) * loadVector(scales + j), row + j) }
    for j in vectorEnd..<count { row[j] *= scales[j] }
}

/// c[n] (Int32) = a[k] · W[k×n] for integer-valued fp32 `a` (int8 codes) and int8 W: the
/// streaming m = 1 kernel run on chunks of ≤ 1024 rows of W, each exact in fp32, summed in Int32.
func int8GemvExact(n: Int, k: Int, a: UnsafePointer<Float>, w: UnsafePointer<Int8>, c: UnsafeMutablePointer<Int32>,
                   threads: Int) {
    let ranges = splitRange(n, parts: threads, granule: 64)
    let shared = UnsafeSendable(value: (a, w, c))
    parallelFor(parts: ranges.count) { part in
        let (a, w, c) = shared.value
        let r = ranges[part]
        (c + r.lowerBound).update(repeating: 0, count: r.count)
        withAlignedBuffer(of: Float.self, count: min(r.count, sgemvColumnChunk)) { partial in
            for j0 in stride(from: r.lowerBound, to: r.upperBound, by: sgemvColumnChunk) {
                let width = min(sgemvColumnChunk, r.upperBound - j0)
                for p0 in stride(from: 0, to: k, by: exactInt8ChunkK) {
                    int8AxpyRows(width: width, k: min(exactInt8ChunkK, k - p0), a: a + p0, w: w + p0 * n + j0, ldw: n,
                                 c: partial)
                    for j in 0..<width { c[j0 + j] &+= Int32(partial[j]) }
                }
            }
        }
    }
}

/// The quantized layer of `int8Gemm` on the fp32 route, from already quantized activations:
/// the m = 1 streaming kernel, or the fp32 GEMM on exact chunks of k, then the rescale.
func int8GemmViaFloat(m: Int, activations: QuantizedActivations, weights: QuantizedWeights,
                      c: UnsafeMutablePointer<Float>, threads: Int) {
    let k = weights.rows, n = weights.cols
    let outputScales = weights.columnScales.map { $0 * activations.scale }
    if m == 1 {
        var acc = [Int32](repeating: 0, count: n)
        weights.values.withUnsafeBufferPointer { w in
            int8GemvExact(n: n, k: k, a: activations.codes, w: w.baseAddress!, c: &acc, threads: threads)
        }
        for j in 0..<n { c[j] = Float(acc[j]) * outputScales[j] }
        return
    }
    if k <= exactInt8ChunkK {
        // One exact chunk: accumulate straight into the fp32 output, then rescale in place.
        weights.values.withUnsafeBufferPointer { w in
            gemmDriver(m: m, n: n, k: k, a: activations.codes, lda: k, source: Int8B(b: w.baseAddress!, ldb: n, scales: nil),
                       c: c, ldc: n, accumulate: false, threads: threads)
        }
        outputScales.withUnsafeBufferPointer { scales in
            for i in 0..<m { scaleRow(c + i * n, by: scales.baseAddress!, count: n) }
        }
        return
    }
    var acc = [Int32](repeating: 0, count: m * n)
    weights.values.withUnsafeBufferPointer { w in
        int8ProductsExact(m: m, n: n, k: k, codes: activations.codes, b: w.baseAddress!, c: &acc, threads: threads)
    }
    for i in 0..<m {
        for j in 0..<n { c[i * n + j] = Float(acc[i * n + j]) * outputScales[j] }
    }
}
