/// The register-blocked heart of SGEMM: a 6×16 tile of C held in 12 `SIMD8<Float>`
/// accumulators (6 rows × 2 vectors), the classic AVX2 shape that leaves 4 of the 16 ymm
/// registers for the broadcast of A and the two vectors of B.

typealias FloatVector = SIMD8<Float>

/// Rows of the micro-tile (MR).
let gemmMR = 6
/// Columns of the micro-tile (NR): two 8-lane vectors.
let gemmNR = 16

/// `acc += a * b`. With AVX2+FMA this is one `vfmadd`; on the baseline build a fused
/// multiply-add would become a libm call per lane, so it is split into multiply and add.
@inline(__always)
func multiplyAdd(_ acc: inout FloatVector, _ a: FloatVector, _ b: FloatVector) {
    #if KERNELS_AVX2
    acc.addProduct(a, b)
    #else
    acc = acc + a * b
    #endif
}

@inline(__always)
func loadVector(_ p: UnsafePointer<Float>) -> FloatVector {
    UnsafeRawPointer(p).loadUnaligned(as: FloatVector.self)
}

@inline(__always)
func storeVector(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatVector.self)
}

/// C[6×16] (+)= Apanel · Bpanel over `kc` steps.
/// - a: packed A panel, element (i, p) at `a[p * 6 + i]`.
/// - b: B rows of 16 floats, row p at `b + p * bStride` (16 when packed, ldb when not).
/// - c: the tile's top-left element, rows `ldc` apart; the whole 6×16 tile is written.
@inline(__always)
func microKernel6x16(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int,
                     c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var c00 = FloatVector(), c01 = FloatVector()
    var c10 = FloatVector(), c11 = FloatVector()
    var c20 = FloatVector(), c21 = FloatVector()
    var c30 = FloatVector(), c31 = FloatVector()
    var c40 = FloatVector(), c41 = FloatVector()
    var c50 = FloatVector(), c51 = FloatVector()
    var pa = a
    var pb = b
    for _ in 0..<kc {
        let b0 = loadVector(pb)
        let b1 = loadVector(pb + 8)
        var av = FloatVector(repeating: pa[0])
        multiplyAdd(&c00, av, b0); multiplyAdd(&c01, av, b1)
        av = FloatVector(repeating: pa[1])
        multiplyAdd(&c10, av, b0); multiplyAdd(&c11, av, b1)
        av = FloatVector(repeating: pa[2])
        multiplyAdd(&c20, av, b0); multiplyAdd(&c21, av, b1)
        av = FloatVector(repeating: pa[3])
        multiplyAdd(&c30, av, b0); multiplyAdd(&c31, av, b1)
        av = FloatVector(repeating: pa[4])
        multiplyAdd(&c40, av, b0); multiplyAdd(&c41, av, b1)
        av = FloatVector(repeating: pa[5])
        multiplyAdd(&c50, av, b0); multiplyAdd(&c51, av, b1)
        pa += gemmMR
        pb += bStride
    }
    storeRow(c00, c01, c + 0 * ldc, accumulate)
    storeRow(c10, c11, c + 1 * ldc, accumulate)
    storeRow(c20, c21, c + 2 * ldc, accumulate)
    storeRow(c30, c31, c + 3 * ldc, accumulate)
    storeRow(c40, c41, c + 4 * ldc, accumulate)
    storeRow(c50, c51, c + 5 * ldc, accumulate)
}

@inline(__always)
private func storeRow(_ v0: FloatVector, _ v1: FloatVector, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    if accumulate {
        storeVector(loadVector(c) + v0, c)
        storeVector(loadVector(c + 8) + v1, c + 8)
    } else {
        storeVector(v0, c)
        storeVector(v1, c + 8)
    }
}

/// The micro-kernel on packed panels, writing a full tile (specialized strides).
func packedKernel(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    microKernel6x16(kc: kc, a: a, b: b, bStride: gemmNR, c: c, ldc: ldc, accumulate: accumulate)
}

/// C[rows×16] (+)= Apanel · Bpanel for the first `rows` ≤ 4 rows of a packed 6-row panel
/// (used with 4; 1 and 2 rows go to `microKernelFewRows`):
/// the remainder rows of C (m mod 6) cost only their own FMAs, not a padded 6-row tile.
/// Called with literal `rows` so the unused accumulators fold away.
@inline(__always)
func microKernelRows(_ rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var c00 = FloatVector(), c01 = FloatVector()
    var c10 = FloatVector(), c11 = FloatVector()
    var c20 = FloatVector(), c21 = FloatVector()
    var c30 = FloatVector(), c31 = FloatVector()
    var pa = a
    var pb = b
    for _ in 0..<kc {
        let b0 = loadVector(pb)
        let b1 = loadVector(pb + 8)
        var av = FloatVector(repeating: pa[0])
        multiplyAdd(&c00, av, b0); multiplyAdd(&c01, av, b1)
        if rows > 1 {
            av = FloatVector(repeating: pa[1])
            multiplyAdd(&c10, av, b0); multiplyAdd(&c11, av, b1)
        }
        if rows > 2 {
            av = FloatVector(repeating: pa[2])
            multiplyAdd(&c20, av, b0); multiplyAdd(&c21, av, b1)
            av = FloatVector(repeating: pa[3])
            multiplyAdd(&c30, av, b0); multiplyAdd(&c31, av, b1)
        }
        pa += gemmMR
        pb += gemmNR
    }
    storeRow(c00, c01, c, accumulate)
    if rows > 1 { storeRow(c10, c11, c + ldc, accumulate) }
    if rows > 2 {
        storeRow(c20, c21, c + 2 * ldc, accumulate)
        storeRow(c30, c31, c + 3 * ldc, accumulate)
    }
}

/// C[rows×16] (+)= Apanel · Bpanel for `rows` ≤ 2 rows with two accumulator sets, even and
/// odd k: one set holds only 2 or 4 independent FMA chains, too few to cover the FMA latency
/// on two pipes (the 2-row remainder of m = 8 ran at half speed, 0.85× ONNX Runtime at
/// 8×768×3072). Called with literal `rows`.
@inline(__always)
func microKernelFewRows(_ rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var c00 = FloatVector(), c01 = FloatVector(), c10 = FloatVector(), c11 = FloatVector()
    var d00 = FloatVector(), d01 = FloatVector(), d10 = FloatVector(), d11 = FloatVector()
    var pa = a
    var pb = b
    var p = 0
    while p + 2 <= kc {
        let b0 = loadVector(pb), b1 = loadVector(pb + 8), e0 = loadVector(pb + gemmNR), e1 = loadVector(pb + gemmNR + 8)
        var av = FloatVector(repeating: pa[0]), ev = FloatVector(repeating: pa[gemmMR])
        multiplyAdd(&c00, av, b0); multiplyAdd(&c01, av, b1)
        multiplyAdd(&d00, ev, e0); multiplyAdd(&d01, ev, e1)
        if rows > 1 {
            av = FloatVector(repeating: pa[1])
            ev = FloatVector(repeating: pa[gemmMR + 1])
            multiplyAdd(&c10, av, b0); multiplyAdd(&c11, av, b1)
            multiplyAdd(&d10, ev, e0); multiplyAdd(&d11, ev, e1)
        }
        pa += 2 * gemmMR
        pb += 2 * gemmNR
        p += 2
    }
    if p < kc {
        let b0 = loadVector(pb), b1 = loadVector(pb + 8)
        var av = FloatVector(repeating: pa[0])
        multiplyAdd(&c00, av, b0); multiplyAdd(&c01, av, b1)
        if rows > 1 {
            av = FloatVector(repeating: pa[1])
            multiplyAdd(&c10, av, b0); multiplyAdd(&c11, av, b1)
        }
    }
    storeRow(c00 + d00, c01 + d01, c, accumulate)
    if rows > 1 { storeRow(c10 + d10, c11 + d11, c + ldc, accumulate) }
}

/// A full-width (16-column) tile of 1...5 rows, as 4-, 2- and 1-row kernels.
func packedKernelShort(rows: Int, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                       c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var done = 0
    if rows - done >= 4 {
        microKernelRows(4, kc: kc, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
        done += 4
    }
    if rows - done >= 2 {
        microKernelFewRows(2, kc: kc, a: a + done, b: b, c: c + done * ldc, ldc: ldc, accumulate: accumulate)
        done += 2
    }
    if rows - done >= 1 {
        microKernelFewRows(1, kc: kc, a: a + done, b: b, c: c + done * ldc, ldc: ldc, accumulate: accumulate)
    }
}

/// The micro-kernel on packed panels for a partial tile (`rows` ≤ 6, `cols` ≤ 16): the tile
/// goes through a scratch buffer so nothing outside C is touched.
func packedKernelEdge(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                      c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int, accumulate: Bool) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: gemmMR * gemmNR) { tile in
        let t = tile.baseAddress!
        microKernel6x16(kc: kc, a: a, b: b, bStride: gemmNR, c: t, ldc: gemmNR, accumulate: false)
        for i in 0..<rows {
            for j in 0..<cols {
                if accumulate { c[i * ldc + j] += t[i * gemmNR + j] } else { c[i * ldc + j] = t[i * gemmNR + j] }
            }
        }
    }
}
