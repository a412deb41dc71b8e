/// The 512-bit fp32 micro-kernel, alone in this module with the VNNI routines so that only
/// it is compiled with AVX-512 (see VNNIInt8.swift). A tile of up to 12 rows × 32 columns of C
/// in zmm accumulators (of AVX-512's 32 registers), read from two adjacent 6-row panels of
/// packed A and two adjacent 16-column panels of packed B in the layouts of the AVX2 kernels,
/// so nothing is packed differently: per k step 2 loads of B and one broadcast of A per row
/// feed two multiply-adds per row. Every element of C is the same chain of fused
/// multiply-adds as on the AVX2 route, so both give the same floats: where the AVX2 route
/// runs a 2-row remainder with even and odd k in separate sums, so does this kernel.
/// Measured on an AMD EPYC Zen 4 (2 vCPUs, KVM), 512-bit FMAs have the same peak as 256-bit
/// ones (116.5 vs 116.6 GFLOP/s per core, scripts/kernels/fma_peak.c), yet this kernel was
/// faster and much steadier than the AVX2 6×16 one on that shared VM (it issues half the
/// instructions per multiply-add and reads each B row once for all rows of the tile); on
/// Intel Xeons with two 512-bit FMA units the peak doubles. `Kernels` runs it wherever
/// AVX-512 runs (`FP32Route`).

#if KERNELS_AVX512VNNI

private typealias Floats = SIMD16<Float>

/// Two zmm accumulators: one row of the tile, 32 columns.
private struct TileRow {
    var low = Floats(), high = Floats()

    @inline(__always)
    mutating func add(_ a: Float, _ b0: Floats, _ b1: Floats) {
        let av = Floats(repeating: a)
        low.addProduct(av, b0)
        high.addProduct(av, b1)
    }

    @inline(__always)
    static func + (lhs: TileRow, rhs: TileRow) -> TileRow {
        TileRow(low: lhs.low + rhs.low, high: lhs.high + rhs.high)
    }

    @inline(__always)
    func store(_ c: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let raw = UnsafeMutableRawPointer(c)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: Floats.self) + low, as: Floats.self)
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 64, as: Floats.self) + high, toByteOffset: 64, as: Floats.self)
        } else {
            raw.storeBytes(of: low, as: Floats.self)
            raw.storeBytes(of: high, toByteOffset: 64, as: Floats.self)
        }
    }
}

/// The rows of the tile that come from one 6-row panel of packed A: 6 or 4 rows summed in k
/// order (the AVX2 6×16 and 4-row kernels), or 2 rows with even and odd k summed apart (the
/// AVX2 2-row kernel), `rows` a literal at every call so unused accumulators fold away.
private struct PanelRows {
    var r0 = TileRow(), r1 = TileRow(), r2 = TileRow(), r3 = TileRow(), r4 = TileRow(), r5 = TileRow()
    /// Odd-k sums of rows 0 and 1 when the panel has 2 rows.
    var odd0 = TileRow(), odd1 = TileRow()

    /// One step of k: A's column `a[0..<6]`, B's row (b0, b1).
    @inline(__always)
    mutating func step(_ rows: Int, _ a: UnsafePointer<Float>, _ b0: Floats, _ b1: Floats) {
        r0.add(a[0], b0, b1)
        if rows > 1 { r1.add(a[1], b0, b1) }
        if rows > 2 { r2.add(a[2], b0, b1); r3.add(a[3], b0, b1) }
        if rows > 4 { r4.add(a[4], b0, b1); r5.add(a[5], b0, b1) }
    }

    /// Two steps of k (p, then p + 1 from `a + 6` and (c0, c1)); a 2-row panel adds the odd
    /// step into its odd-k sums.
    @inline(__always)
    mutating func pair(_ rows: Int, _ a: UnsafePointer<Float>, _ b0: Floats, _ b1: Floats, _ c0: Floats, _ c1: Floats) {
        if rows == 2 {
            r0.add(a[0], b0, b1); r1.add(a[1], b0, b1)
            odd0.add(a[6], c0, c1); odd1.add(a[7], c0, c1)
        } else {
            step(rows, a, b0, b1)
            step(rows, a + 6, c0, c1)
        }
    }

    @inline(__always)
    func store(_ rows: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        if rows == 2 {
            (r0 + odd0).store(c, accumulate: accumulate)
            (r1 + odd1).store(c + ldc, accumulate: accumulate)
            return
        }
        r0.store(c, accumulate: accumulate)
        if rows > 1 { r1.store(c + ldc, accumulate: accumulate) }
        if rows > 2 { r2.store(c + 2 * ldc, accumulate: accumulate); r3.store(c + 3 * ldc, accumulate: accumulate) }
        if rows > 4 { r4.store(c + 4 * ldc, accumulate: accumulate); r5.store(c + 5 * ldc, accumulate: accumulate) }
    }
}

/// C[rows×32] (+)= A · B over `kc` steps, for `rows` in 2, 4, 6, 8, 10 or 12; returns false
/// (and touches nothing) for any other count, which the AVX2 kernels then handle.
/// - a0, a1: two packed 6-row A panels (rows 0-5 and 6-11), element (i, p) at `a[p * 6 + i]`;
///   a1 is read only when rows > 6.
/// - b0, b1: two packed 16-column B panels (columns 0-15 and 16-31), row p at `b + p * 16`.
/// - c: the tile's top-left element, rows `ldc` apart; the whole rows×32 tile is written.
@inline(never)
public func avx512SgemmKernel(rows: Int, kc: Int, a0: UnsafePointer<Float>, a1: UnsafePointer<Float>,
                              b0: UnsafePointer<Float>, b1: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                              ldc: Int, accumulate: Bool) -> Bool {
    switch rows {
    case 12: tile(6, 6, kc, a0, a1, b0, b1, c, ldc, accumulate)
    case 10: tile(6, 4, kc, a0, a1, b0, b1, c, ldc, accumulate)
    case 8: tile(6, 2, kc, a0, a1, b0, b1, c, ldc, accumulate)
    case 6: tile(6, 0, kc, a0, a1, b0, b1, c, ldc, accumulate)
    case 4: tile(4, 0, kc, a0, a1, b0, b1, c, ldc, accumulate)
    case 2: tile(2, 0, kc, a0, a1, b0, b1, c, ldc, accumulate)
    default: return false
    }
    return true
}

/// The tile of `top` rows from panel a0 and `bottom` from a1 (both literals). Only a 2-row
/// panel needs k in pairs; otherwise k is walked one step at a time.
@inline(__always)
private func tile(_ top: Int, _ bottom: Int, _ kc: Int, _ a0: UnsafePointer<Float>, _ a1: UnsafePointer<Float>,
                  _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                  _ ldc: Int, _ accumulate: Bool) {
    var upper = PanelRows(), lower = PanelRows()
    var pa0 = a0, pa1 = a1, pb0 = UnsafeRawPointer(b0), pb1 = UnsafeRawPointer(b1)
    var p = 0
    if top == 2 || bottom == 2 {
        while p + 2 <= kc {
            let v0 = pb0.loadUnaligned(as: Floats.self), v1 = pb1.loadUnaligned(as: Floats.self)
            let w0 = pb0.loadUnaligned(fromByteOffset: 64, as: Floats.self)
            let w1 = pb1.loadUnaligned(fromByteOffset: 64, as: Floats.self)
            upper.pair(top, pa0, v0, v1, w0, w1)
            if bottom > 0 { lower.pair(bottom, pa1, v0, v1, w0, w1) }
            pa0 += 12
            pa1 += 12
            pb0 += 128
            pb1 += 128
            p += 2
        }
    }
    while p < kc {
        let v0 = pb0.loadUnaligned(as: Floats.self), v1 = pb1.loadUnaligned(as: Floats.self)
        upper.step(top, pa0, v0, v1)
        if bottom > 0 { lower.step(bottom, pa1, v0, v1) }
        pa0 += 6
        pa1 += 6
        pb0 += 64
        pb1 += 64
        p += 1
    }
    upper.store(top, c, ldc: ldc, accumulate: accumulate)
    if bottom > 0 { lower.store(bottom, c + 6 * ldc, ldc: ldc, accumulate: accumulate) }
}

#endif
