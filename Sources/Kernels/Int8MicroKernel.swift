/// The register-blocked heart of the integer int8 GEMM: a 6-row tile of C held in 12 int32
/// vector accumulators (6 rows × 2 vectors). Each 32-bit lane of packed A and B holds one
/// "word" of `int8WordK` consecutive k values, and one instruction multiply-adds a whole word:
/// - AVX-512 VNNI (`vpdpbusd` on 512-bit vectors, 6×32 tile): four u8 × s8 products summed
///   into each int32 lane, exactly (no 16-bit intermediate, so no saturation). A is stored
///   biased to unsigned (a + 128); the driver subtracts 128 · Σ_p B[p, j] per column after.
///   512-bit vectors need only AVX-512F + VNNI, not AVX-512VL, which would let LLVM move the
///   fp32 kernels' 256-bit code onto EVEX registers (measured 13-16% slower on Zen 4).
/// - AVX2 (`vpmaddwd` + `vpaddd` on 256-bit vectors, 6×16 tile): two s16 × s16 products
///   summed into each int32 lane, exactly, on int8 values widened to 16 bits while packing.
/// Swift has no intrinsics for these, so they are called as LLVM intrinsics through the
/// `Builtin` module (enabled for this target in Package.swift).

#if KERNELS_AVX2
import Builtin

/// Eight int32 lanes: the unit of packing and of the final rescale.
typealias Int32Vector = SIMD8<Int32>

#if KERNELS_AVX512VNNI
/// The micro-kernel's accumulator: one zmm register.
typealias Int8KernelVector = SIMD16<Int32>
/// k values per 32-bit lane: four bytes for `vpdpbusd`.
let int8WordK = 4
/// Added to each activation code so it fits `vpdpbusd`'s unsigned operand.
let int8ActivationBias: Int32 = 128
#else
/// The micro-kernel's accumulator: one ymm register.
typealias Int8KernelVector = SIMD8<Int32>
/// k values per 32-bit lane: two 16-bit halves for `vpmaddwd`.
let int8WordK = 2
let int8ActivationBias: Int32 = 0
#endif

/// Bits of one k value inside a word (8 or 16), and the mask selecting them.
let int8FieldBits = 32 / int8WordK
let int8FieldMask = UInt32.max >> (32 - int8FieldBits)

/// Rows (MR) and columns (NR, two accumulator vectors) of the integer micro-tile.
let int8MR = 6
let int8NR = 2 * Int8KernelVector.scalarCount
/// Bytes of one accumulator vector.
private let kernelVectorBytes = MemoryLayout<Int8KernelVector>.size

/// `acc += Σ over the word's k values of a · b`, lane-wise, exact in wrapping int32.
@inline(__always)
func dotAccumulate(_ acc: inout Int8KernelVector, _ a: Int8KernelVector, _ b: Int8KernelVector) {
    #if KERNELS_AVX512VNNI
    acc._storage._value = Builtin.int_x86_avx512_vpdpbusd_512(acc._storage._value, a._storage._value, b._storage._value)
    #else
    let a16 = unsafeBitCast(a, to: SIMD16<Int16>.self), b16 = unsafeBitCast(b, to: SIMD16<Int16>.self)
    var products = Int8KernelVector()
    products._storage._value = Builtin.int_x86_avx2_pmadd_wd(a16._storage._value, b16._storage._value)
    acc &+= products
    #endif
}

@inline(__always)
func loadInt32Vector(_ p: UnsafeRawPointer) -> Int32Vector { p.loadUnaligned(as: Int32Vector.self) }

@inline(__always)
func storeInt32Vector(_ v: Int32Vector, _ p: UnsafeMutableRawPointer) { p.storeBytes(of: v, as: Int32Vector.self) }

@inline(__always)
private func loadKernelVector(_ p: UnsafeRawPointer) -> Int8KernelVector { p.loadUnaligned(as: Int8KernelVector.self) }

@inline(__always)
private func storeKernelVector(_ v: Int8KernelVector, _ p: UnsafeMutableRawPointer) {
    p.storeBytes(of: v, as: Int8KernelVector.self)
}

/// C[6×NR] (+)= Apanel · Bpanel (int32) over `groups` words of k.
/// - a: packed A panel, word (i, g) at byte offset `(g * 6 + i) * 4`.
/// - b: packed B panel, word (g, j) at byte offset `(g * NR + j) * 4`.
/// - c: the tile's top-left int32, rows `ldc` int32s apart; all 6×NR are written.
@inline(__always)
func int8MicroKernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                     accumulate: Bool) {
    var c00 = Int8KernelVector(), c01 = Int8KernelVector()
    var c10 = Int8KernelVector(), c11 = Int8KernelVector()
    var c20 = Int8KernelVector(), c21 = Int8KernelVector()
    var c30 = Int8KernelVector(), c31 = Int8KernelVector()
    var c40 = Int8KernelVector(), c41 = Int8KernelVector()
    var c50 = Int8KernelVector(), c51 = Int8KernelVector()
    var pa = a
    var pb = b
    for _ in 0..<groups {
        let b0 = loadKernelVector(pb)
        let b1 = loadKernelVector(pb + kernelVectorBytes)
        var av = Int8KernelVector(repeating: pa.load(as: Int32.self))
        dotAccumulate(&c00, av, b0); dotAccumulate(&c01, av, b1)
        av = Int8KernelVector(repeating: pa.load(fromByteOffset: 4, as: Int32.self))
        dotAccumulate(&c10, av, b0); dotAccumulate(&c11, av, b1)
        av = Int8KernelVector(repeating: pa.load(fromByteOffset: 8, as: Int32.self))
        dotAccumulate(&c20, av, b0); dotAccumulate(&c21, av, b1)
        av = Int8KernelVector(repeating: pa.load(fromByteOffset: 12, as: Int32.self))
        dotAccumulate(&c30, av, b0); dotAccumulate(&c31, av, b1)
        av = Int8KernelVector(repeating: pa.load(fromByteOffset: 16, as: Int32.self))
        dotAccumulate(&c40, av, b0); dotAccumulate(&c41, av, b1)
        av = Int8KernelVector(repeating: pa.load(fromByteOffset: 20, as: Int32.self))
        dotAccumulate(&c50, av, b0); dotAccumulate(&c51, av, b1)
        pa += 4 * int8MR
        pb += 4 * int8NR
    }
    let rowBytes = 4 * ldc
    storeInt32Row(c00, c01, c, accumulate)
    storeInt32Row(c10, c11, c + rowBytes, accumulate)
    storeInt32Row(c20, c21, c + 2 * rowBytes, accumulate)
    storeInt32Row(c30, c31, c + 3 * rowBytes, accumulate)
    storeInt32Row(c40, c41, c + 4 * rowBytes, accumulate)
    storeInt32Row(c50, c51, c + 5 * rowBytes, accumulate)
}

@inline(__always)
private func storeInt32Row(_ v0: Int8KernelVector, _ v1: Int8KernelVector, _ c: UnsafeMutableRawPointer,
                           _ accumulate: Bool) {
    let c1 = c + kernelVectorBytes
    if accumulate {
        storeKernelVector(loadKernelVector(c) &+ v0, c)
        storeKernelVector(loadKernelVector(c1) &+ v1, c1)
    } else {
        storeKernelVector(v0, c)
        storeKernelVector(v1, c1)
    }
}

/// The micro-kernel on a full tile (one specialized copy for the driver's hot loop).
func int8PackedKernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                      accumulate: Bool) {
    int8MicroKernel(groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
}

/// The micro-kernel for a partial tile (`rows` ≤ 6, `cols` ≤ NR) through a scratch tile, so
/// nothing outside C is touched.
func int8PackedKernelEdge(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                          ldc: Int, rows: Int, cols: Int, accumulate: Bool) {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: int8MR * int8NR) { tile in
        let t = tile.baseAddress!
        int8MicroKernel(groups: groups, a: a, b: b, c: UnsafeMutableRawPointer(t), ldc: int8NR, accumulate: false)
        for i in 0..<rows {
            for j in 0..<cols {
                let offset = 4 * (i * ldc + j)
                let value = t[i * int8NR + j]
                c.storeBytes(of: accumulate ? c.load(fromByteOffset: offset, as: Int32.self) &+ value : value,
                             toByteOffset: offset, as: Int32.self)
            }
        }
    }
}
#endif
