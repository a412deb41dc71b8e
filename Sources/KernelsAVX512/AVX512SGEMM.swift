/// The 512-bit fp32 micro-kernel, alone in this module with the VNNI routines so that only
/// it is compiled with AVX-512 (see VNNIInt8.swift). A 12×32 tile of C in 24 zmm accumulators
/// (of AVX-512's 32 registers), read from two adjacent 6-row panels of packed A and two
/// adjacent 16-column panels of packed B in the layouts of the AVX2 kernel, so nothing is
/// packed differently: per k step 2 loads of B and 12 broadcasts of A feed 24 multiply-adds.
/// Measured on an AMD EPYC Zen 4 (2 vCPUs, KVM), 512-bit FMAs have the same peak as 256-bit
/// ones (116.5 vs 116.6 GFLOP/s per core, scripts/kernels/fma_peak.c); on Intel Xeons with two
/// 512-bit FMA units the peak doubles. `Kernels` calls it only when this CPU has AVX-512,
/// `BENCHKIT_KERNELS_NO_AVX512` is unset (as for the VNNI int8 kernel) and `fmaWidthGain()`
/// finds 512-bit multiply-adds faster than 256-bit ones here (on Zen 4 the kernel ran 0-6%
/// slower than the AVX2 one).

#if KERNELS_AVX512VNNI
#if canImport(Glibc)
import Glibc
#endif

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

/// C[12×32] (+)= A · B over `kc` steps.
/// - a0, a1: two packed 6-row A panels (rows 0-5 and 6-11), element (i, p) at `a[p * 6 + i]`.
/// - b0, b1: two packed 16-column B panels (columns 0-15 and 16-31), row p at `b + p * 16`.
/// - c: the tile's top-left element, rows `ldc` apart; the whole 12×32 tile is written.
@inline(never)
public func avx512SgemmKernel12x32(kc: Int, a0: UnsafePointer<Float>, a1: UnsafePointer<Float>, b0: UnsafePointer<Float>,
                                   b1: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    var r0 = TileRow(), r1 = TileRow(), r2 = TileRow(), r3 = TileRow(), r4 = TileRow(), r5 = TileRow()
    var r6 = TileRow(), r7 = TileRow(), r8 = TileRow(), r9 = TileRow(), r10 = TileRow(), r11 = TileRow()
    var pa0 = a0, pa1 = a1, pb0 = UnsafeRawPointer(b0), pb1 = UnsafeRawPointer(b1)
    for _ in 0..<kc {
        let v0 = pb0.loadUnaligned(as: Floats.self), v1 = pb1.loadUnaligned(as: Floats.self)
        r0.add(pa0[0], v0, v1); r1.add(pa0[1], v0, v1); r2.add(pa0[2], v0, v1)
        r3.add(pa0[3], v0, v1); r4.add(pa0[4], v0, v1); r5.add(pa0[5], v0, v1)
        r6.add(pa1[0], v0, v1); r7.add(pa1[1], v0, v1); r8.add(pa1[2], v0, v1)
        r9.add(pa1[3], v0, v1); r10.add(pa1[4], v0, v1); r11.add(pa1[5], v0, v1)
        pa0 += 6
        pa1 += 6
        pb0 += 64
        pb1 += 64
    }
    r0.store(c, accumulate: accumulate); r1.store(c + ldc, accumulate: accumulate)
    r2.store(c + 2 * ldc, accumulate: accumulate); r3.store(c + 3 * ldc, accumulate: accumulate)
    r4.store(c + 4 * ldc, accumulate: accumulate); r5.store(c + 5 * ldc, accumulate: accumulate)
    r6.store(c + 6 * ldc, accumulate: accumulate); r7.store(c + 7 * ldc, accumulate: accumulate)
    r8.store(c + 8 * ldc, accumulate: accumulate); r9.store(c + 9 * ldc, accumulate: accumulate)
    r10.store(c + 10 * ldc, accumulate: accumulate); r11.store(c + 11 * ldc, accumulate: accumulate)
}

/// fp32 FLOPs per CPU second of 512-bit multiply-adds over those of 256-bit ones, measured
/// here in about a millisecond: twelve independent accumulator chains each (enough to cover
/// latency × pipes), alternated three times, best of each. About 1.0 on Zen 4, which splits
/// 512-bit operations in two; about 1.9 on Xeons with two 512-bit FMA units.
@inline(never)
public func fmaWidthGain() -> Double {
    var best256 = Double.infinity, best512 = Double.infinity
    var sink: Float = 0
    for _ in 0..<3 {
        var start = threadSeconds()
        sink += fmaChains(SIMD8<Float>.self, steps: 40000)
        best256 = min(best256, threadSeconds() - start)
        start = threadSeconds()
        sink += fmaChains(Floats.self, steps: 20000)
        best512 = min(best512, threadSeconds() - start)
    }
    return sink.isFinite ? best256 / best512 : 1
}

/// Σ of twelve chains of `steps` multiply-adds on vectors of `V` (the sum keeps them live).
@inline(__always)
private func fmaChains<V: SIMD>(_: V.Type, steps: Int) -> Float where V.Scalar == Float {
    let b = V(repeating: 0.999_999), c = V(repeating: 1e-7)
    var x = (V(repeating: 1), V(repeating: 2), V(repeating: 3), V(repeating: 4), V(repeating: 5), V(repeating: 6))
    var y = (V(repeating: 7), V(repeating: 8), V(repeating: 9), V(repeating: 10), V(repeating: 11), V(repeating: 12))
    for _ in 0..<steps {
        x.0.addProduct(b, c); x.1.addProduct(b, c); x.2.addProduct(b, c)
        x.3.addProduct(b, c); x.4.addProduct(b, c); x.5.addProduct(b, c)
        y.0.addProduct(b, c); y.1.addProduct(b, c); y.2.addProduct(b, c)
        y.3.addProduct(b, c); y.4.addProduct(b, c); y.5.addProduct(b, c)
    }
    let sum = x.0 + x.1 + x.2 + x.3 + x.4 + x.5 + y.0 + y.1 + y.2 + y.3 + y.4 + y.5
    return sum.sum()
}

private func threadSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
#endif
