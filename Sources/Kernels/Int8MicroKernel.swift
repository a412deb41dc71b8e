/// The register-blocked heart of the integer int8 GEMM on AVX2: a 6×16 tile of C held in 12
/// int32 vector accumulators (6 rows × 2 ymm registers). Each 32-bit lane of packed A and B
/// holds one word of two consecutive k values as 16-bit halves (int8 values widened while
/// packing), and `vpmaddwd` + `vpaddd` multiply-add a whole word: two s16 × s16 products
/// summed into each int32 lane, exactly. Swift has no intrinsic for it, so it is called as
/// an LLVM intrinsic through the `Builtin` module (enabled for this target in Package.swift).
/// The AVX-512 VNNI kernel (6×32, `vpdpbusd`) lives in the KernelsAVX512 module.

#if KERNELS_AVX2
import Builtin

/// Eight int32 lanes: the AVX2 accumulator, and the unit of packing and of the final rescale.
typealias Int32Vector = SIMD8<Int32>

/// Bytes of one accumulator vector.
private let vectorBytes = MemoryLayout<Int32Vector>.size

/// `acc += Σ over the word's two 16-bit halves of a · b`, lane-wise, exact in wrapping int32.
@inline(__always)
private func dotAccumulate(_ acc: inout Int32Vector, _ a: Int32Vector, _ b: Int32Vector) {
    let a16 = unsafeBitCast(a, to: SIMD16<Int16>.self), b16 = unsafeBitCast(b, to: SIMD16<Int16>.self)
    var products = Int32Vector()
    products._storage._value = Builtin.int_x86_avx2_pmadd_wd(a16._storage._value, b16._storage._value)
    acc &+= products
}

@inline(__always)
func loadInt32Vector(_ p: UnsafeRawPointer) -> Int32Vector { p.loadUnaligned(as: Int32Vector.self) }

@inline(__always)
func storeInt32Vector(_ v: Int32Vector, _ p: UnsafeMutableRawPointer) { p.storeBytes(of: v, as: Int32Vector.self) }

/// C[6×16] (+)= Apanel · Bpanel (int32) over `groups` words of k.
/// - a: packed A panel, word (i, g) at byte offset `(g * 6 + i) * 4`.
/// - b: packed B panel, word (g, j) at byte offset `(g * 16 + j) * 4`.
/// - c: the tile's top-left int32, rows `ldc` int32s apart; all 6×16 are written.
func int8AVX2Kernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                    accumulate: Bool) {
    var c00 = Int32Vector(), c01 = Int32Vector(), c10 = Int32Vector(), c11 = Int32Vector()
    var c20 = Int32Vector(), c21 = Int32Vector(), c30 = Int32Vector(), c31 = Int32Vector()
    var c40 = Int32Vector(), c41 = Int32Vector(), c50 = Int32Vector(), c51 = Int32Vector()
    var pa = a
    var pb = b
    for _ in 0..<groups {
        let b0 = loadInt32Vector(pb), b1 = loadInt32Vector(pb + vectorBytes)
        var av = Int32Vector(repeating: pa.load(as: Int32.self))
        dotAccumulate(&c00, av, b0); dotAccumulate(&c01, av, b1)
        av = Int32Vector(repeating: pa.load(fromByteOffset: 4, as: Int32.self))
        dotAccumulate(&c10, av, b0); dotAccumulate(&c11, av, b1)
        av = Int32Vector(repeating: pa.load(fromByteOffset: 8, as: Int32.self))
        dotAccumulate(&c20, av, b0); dotAccumulate(&c21, av, b1)
        av = Int32Vector(repeating: pa.load(fromByteOffset: 12, as: Int32.self))
        dotAccumulate(&c30, av, b0); dotAccumulate(&c31, av, b1)
        av = Int32Vector(repeating: pa.load(fromByteOffset: 16, as: Int32.self))
        dotAccumulate(&c40, av, b0); dotAccumulate(&c41, av, b1)
        av = Int32Vector(repeating: pa.load(fromByteOffset: 20, as: Int32.self))
        dotAccumulate(&c50, av, b0); dotAccumulate(&c51, av, b1)
        pa += 4 * int8MR
        pb += 4 * Int8OnAVX2.tileColumns
    }
    let rowBytes = 4 * ldc
    storeInt32Row(c00, c01, c, accumulate)
    storeInt32Row(c10, c11, c + rowBytes, accumulate)
    storeInt32Row(c20, c21, c + 2 * rowBytes, accumulate)
    storeInt32Row(c30, c31, c + 3 * rowBytes, accumulate)
    storeInt32Row(c40, c41, c + 4 * rowBytes, accumulate)
    storeInt32Row(c50, c51, c + 5 * rowBytes, accumulate)
}

/// c[16] (int32) += Σ_g a[g] · B panel words (g, 0..<16), one row of A: two pairs of
/// independent accumulator chains over consecutive words.
/// - a: `groups` consecutive words of packed activations.
/// - b: packed B panel, word (g, j) at byte offset `(g * 16 + j) * 4`.
func int8AVX2RowKernel(groups: Int, a: UnsafePointer<UInt32>, b: UnsafeRawPointer, c: UnsafeMutableRawPointer) {
    var x0 = Int32Vector(), y0 = Int32Vector(), x1 = Int32Vector(), y1 = Int32Vector()
    var pb = b
    var g = 0
    while g + 2 <= groups {
        let a0 = Int32Vector(repeating: Int32(bitPattern: a[g])), a1 = Int32Vector(repeating: Int32(bitPattern: a[g + 1]))
        dotAccumulate(&x0, a0, loadInt32Vector(pb)); dotAccumulate(&y0, a0, loadInt32Vector(pb + vectorBytes))
        dotAccumulate(&x1, a1, loadInt32Vector(pb + 2 * vectorBytes)); dotAccumulate(&y1, a1, loadInt32Vector(pb + 3 * vectorBytes))
        pb += 4 * vectorBytes
        g += 2
    }
    if g < groups {
        let a0 = Int32Vector(repeating: Int32(bitPattern: a[g]))
        dotAccumulate(&x0, a0, loadInt32Vector(pb)); dotAccumulate(&y0, a0, loadInt32Vector(pb + vectorBytes))
    }
    storeInt32Vector(loadInt32Vector(c) &+ (x0 &+ x1), c)
    storeInt32Vector(loadInt32Vector(c + vectorBytes) &+ (y0 &+ y1), c + vectorBytes)
}

@inline(__always)
private func storeInt32Row(_ v0: Int32Vector, _ v1: Int32Vector, _ c: UnsafeMutableRawPointer, _ accumulate: Bool) {
    let c1 = c + vectorBytes
    if accumulate {
        storeInt32Vector(loadInt32Vector(c) &+ v0, c)
        storeInt32Vector(loadInt32Vector(c1) &+ v1, c1)
    } else {
        storeInt32Vector(v0, c)
        storeInt32Vector(v1, c1)
    }
}

/// The micro-kernel of `I` for a partial tile (`rows` ≤ 6, `cols` ≤ NR) through a scratch
/// tile, so nothing outside C is touched.
func int8KernelEdge<I: Int8Instructions>(_: I.Type, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer,
                                         c: UnsafeMutableRawPointer, ldc: Int, rows: Int, cols: Int, accumulate: Bool) {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: int8MR * I.tileColumns) { tile in
        let t = tile.baseAddress!
        I.kernel(groups: groups, a: a, b: b, c: UnsafeMutableRawPointer(t), ldc: I.tileColumns, accumulate: false)
        for i in 0..<rows {
            for j in 0..<cols {
                let offset = 4 * (i * ldc + j)
                let value = t[i * I.tileColumns + j]
                c.storeBytes(of: accumulate ? c.load(fromByteOffset: offset, as: Int32.self) &+ value : value,
                             toByteOffset: offset, as: Int32.self)
            }
        }
    }
}
#endif
