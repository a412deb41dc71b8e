/// The AVX-512 VNNI routines of the integer int8 GEMM, alone in this module so that only
/// they are compiled with AVX-512 enabled (Package.swift): with AVX-512 on for the whole
/// `Kernels` module, LLVM also used it in unrelated code (the fp32 GEMM), which then could
/// not run where AVX-512 is missing or not emulated (valgrind). `Kernels` calls these two
/// functions only after checking at run time that this CPU has AVX-512F + VNNI; they are
/// not inlinable, so no AVX-512 instruction ends up in `Kernels`' own code.
///
/// Layout (the contract with `Int8OnVNNI` in Kernels): a 32-bit word holds four consecutive
/// k values, one per byte (k padded with zeros to whole words); the micro-tile is 6 rows ×
/// 32 columns, two 512-bit accumulators per row. A is biased to unsigned (code + 128) for
/// `vpdpbusd`'s u8 operand; the caller subtracts 128 · Σ_p B[p, j] per column afterwards.
/// Compiled only at the `avx512vnni` build level; empty otherwise.

#if KERNELS_AVX512VNNI
import Builtin

/// One zmm register of int32 lanes.
private typealias Lanes = SIMD16<Int32>

private let tileRows = 6
private let tileColumns = 2 * Lanes.scalarCount
private let laneBytes = MemoryLayout<Lanes>.size

/// `acc += Σ over each lane's four bytes of a (unsigned) · b (signed)`, exact in int32.
@inline(__always)
private func dotAccumulate(_ acc: inout Lanes, _ a: Lanes, _ b: Lanes) {
    acc._storage._value = Builtin.int_x86_avx512_vpdpbusd_512(acc._storage._value, a._storage._value, b._storage._value)
}

@inline(__always)
private func load(_ p: UnsafeRawPointer) -> Lanes { p.loadUnaligned(as: Lanes.self) }

@inline(__always)
private func store(_ v: Lanes, _ p: UnsafeMutableRawPointer) { p.storeBytes(of: v, as: Lanes.self) }

/// C[6×32] (+)= A panel · B panel in int32, over `groups` words of k.
/// - a: packed A panel, word (i, g) at byte offset `(g * 6 + i) * 4`.
/// - b: packed B panel, word (g, j) at byte offset `(g * 32 + j) * 4`.
/// - c: the tile's top-left int32, rows `ldc` int32s apart; all 6×32 are written.
@inline(never)
public func vnniInt8Kernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                           ldc: Int, accumulate: Bool) {
    var c00 = Lanes(), c01 = Lanes(), c10 = Lanes(), c11 = Lanes(), c20 = Lanes(), c21 = Lanes()
    var c30 = Lanes(), c31 = Lanes(), c40 = Lanes(), c41 = Lanes(), c50 = Lanes(), c51 = Lanes()
    var pa = a
    var pb = b
    for _ in 0..<groups {
        let b0 = load(pb), b1 = load(pb + laneBytes)
        var av = Lanes(repeating: pa.load(as: Int32.self))
        dotAccumulate(&c00, av, b0); dotAccumulate(&c01, av, b1)
        av = Lanes(repeating: pa.load(fromByteOffset: 4, as: Int32.self))
        dotAccumulate(&c10, av, b0); dotAccumulate(&c11, av, b1)
        av = Lanes(repeating: pa.load(fromByteOffset: 8, as: Int32.self))
        dotAccumulate(&c20, av, b0); dotAccumulate(&c21, av, b1)
        av = Lanes(repeating: pa.load(fromByteOffset: 12, as: Int32.self))
        dotAccumulate(&c30, av, b0); dotAccumulate(&c31, av, b1)
        av = Lanes(repeating: pa.load(fromByteOffset: 16, as: Int32.self))
        dotAccumulate(&c40, av, b0); dotAccumulate(&c41, av, b1)
        av = Lanes(repeating: pa.load(fromByteOffset: 20, as: Int32.self))
        dotAccumulate(&c50, av, b0); dotAccumulate(&c51, av, b1)
        pa += 4 * tileRows
        pb += 4 * tileColumns
    }
    let rowBytes = 4 * ldc
    storeRow(c00, c01, c, accumulate)
    storeRow(c10, c11, c + rowBytes, accumulate)
    storeRow(c20, c21, c + 2 * rowBytes, accumulate)
    storeRow(c30, c31, c + 3 * rowBytes, accumulate)
    storeRow(c40, c41, c + 4 * rowBytes, accumulate)
    storeRow(c50, c51, c + 5 * rowBytes, accumulate)
}

/// c[32] (int32) += Σ_g a[g] · B panel words (g, 0..<32): one row of A (the m = 1 product),
/// four words per step into eight independent accumulators (vpdpbusd's latency).
/// - a: `groups` consecutive words of biased activation bytes.
/// - b: packed B panel, word (g, j) at byte offset `(g * 32 + j) * 4`.
@inline(never)
public func vnniInt8RowKernel(groups: Int, a: UnsafePointer<UInt32>, b: UnsafeRawPointer, c: UnsafeMutableRawPointer) {
    var x0 = Lanes(), y0 = Lanes(), x1 = Lanes(), y1 = Lanes(), x2 = Lanes(), y2 = Lanes(), x3 = Lanes(), y3 = Lanes()
    var pb = b
    var g = 0
    while g + 4 <= groups {
        let a0 = Lanes(repeating: Int32(bitPattern: a[g])), a1 = Lanes(repeating: Int32(bitPattern: a[g + 1]))
        let a2 = Lanes(repeating: Int32(bitPattern: a[g + 2])), a3 = Lanes(repeating: Int32(bitPattern: a[g + 3]))
        dotAccumulate(&x0, a0, load(pb)); dotAccumulate(&y0, a0, load(pb + laneBytes))
        dotAccumulate(&x1, a1, load(pb + 2 * laneBytes)); dotAccumulate(&y1, a1, load(pb + 3 * laneBytes))
        dotAccumulate(&x2, a2, load(pb + 4 * laneBytes)); dotAccumulate(&y2, a2, load(pb + 5 * laneBytes))
        dotAccumulate(&x3, a3, load(pb + 6 * laneBytes)); dotAccumulate(&y3, a3, load(pb + 7 * laneBytes))
        pb += 8 * laneBytes
        g += 4
    }
    while g < groups {
        let a0 = Lanes(repeating: Int32(bitPattern: a[g]))
        dotAccumulate(&x0, a0, load(pb)); dotAccumulate(&y0, a0, load(pb + laneBytes))
        pb += 2 * laneBytes
        g += 1
    }
    store(load(c) &+ ((x0 &+ x1) &+ (x2 &+ x3)), c)
    store(load(c + laneBytes) &+ ((y0 &+ y1) &+ (y2 &+ y3)), c + laneBytes)
}

/// `vnniInt8Kernel` for the first `rows` (1...5) rows of a 6-row A panel: the remainder rows
/// of C (m mod 6) cost only their own multiply-adds, not a padded 6-row tile.
@inline(never)
public func vnniInt8KernelRows(_ rows: Int, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                               ldc: Int, accumulate: Bool) {
    switch rows {
    case 5: int8Rows(5, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    case 4: int8Rows(4, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    case 3: int8Rows(3, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    case 2: int8Rows(2, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    default: int8Rows(1, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    }
}

/// The first `rows` (literal, ≤ 5) rows of the 6×32 tile; inlined so the unused rows fold away.
@inline(__always)
private func int8Rows(_ rows: Int, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                      ldc: Int, accumulate: Bool) {
    var c00 = Lanes(), c01 = Lanes(), c10 = Lanes(), c11 = Lanes(), c20 = Lanes(), c21 = Lanes()
    var c30 = Lanes(), c31 = Lanes(), c40 = Lanes(), c41 = Lanes()
    var pa = a
    var pb = b
    for _ in 0..<groups {
        let b0 = load(pb), b1 = load(pb + laneBytes)
        var av = Lanes(repeating: pa.load(as: Int32.self))
        dotAccumulate(&c00, av, b0); dotAccumulate(&c01, av, b1)
        if rows > 1 {
            av = Lanes(repeating: pa.load(fromByteOffset: 4, as: Int32.self))
            dotAccumulate(&c10, av, b0); dotAccumulate(&c11, av, b1)
        }
        if rows > 2 {
            av = Lanes(repeating: pa.load(fromByteOffset: 8, as: Int32.self))
            dotAccumulate(&c20, av, b0); dotAccumulate(&c21, av, b1)
        }
        if rows > 3 {
            av = Lanes(repeating: pa.load(fromByteOffset: 12, as: Int32.self))
            dotAccumulate(&c30, av, b0); dotAccumulate(&c31, av, b1)
        }
        if rows > 4 {
            av = Lanes(repeating: pa.load(fromByteOffset: 16, as: Int32.self))
            dotAccumulate(&c40, av, b0); dotAccumulate(&c41, av, b1)
        }
        pa += 4 * tileRows
        pb += 4 * tileColumns
    }
    let rowBytes = 4 * ldc
    storeRow(c00, c01, c, accumulate)
    if rows > 1 { storeRow(c10, c11, c + rowBytes, accumulate) }
    if rows > 2 { storeRow(c20, c21, c + 2 * rowBytes, accumulate) }
    if rows > 3 { storeRow(c30, c31, c + 3 * rowBytes, accumulate) }
    if rows > 4 { storeRow(c40, c41, c + 4 * rowBytes, accumulate) }
}

@inline(__always)
private func storeRow(_ v0: Lanes, _ v1: Lanes, _ c: UnsafeMutableRawPointer, _ accumulate: Bool) {
    let c1 = c + laneBytes
    if accumulate {
        store(load(c) &+ v0, c)
        store(load(c1) &+ v1, c1)
    } else {
        store(v0, c)
        store(v1, c1)
    }
}

/// Sixteen fp32 lanes (one zmm register).
private typealias FloatLanes = SIMD16<Float>

/// C[rows×32] (fp32) = Σ_b aScales[i, b] · wScales[b · scaleStride + j] · (dot_b[i, j] −
/// corrections[i, b]) for `rows` ≤ 4 rows: the blockwise weight-only product over one 32-column
/// panel and all of k, where dot_b is block b's int32 dot product of the unsigned weight bytes
/// (8-bit codes + 128, or 4-bit codes + 8 two words to a byte: low nibbles word 2h, high
/// nibbles word 2h + 1, so unpacking is a mask and a shift) with the signed activation bytes.
/// The weights are `vpdpbusd`'s unsigned operand, so the caller's correction is bias · Σ
/// activations, one number per row and block; each weight vector loaded serves every row.
/// Block sums are scaled into fp32 accumulators in registers, multiply then add (no fused
/// multiply-add), as the portable route does, so both give the same floats.
/// - a: row i's activation words at `a + i * aRowWords`, block b's at `+ b * blockWords`.
/// - aScales, corrections: row i's block b at `i * blocks + b`.
/// - b: the panel, block after block (`blockWords` words each, the last `lastBlockWords`).
/// - c: row i at `c + i * ldc`, 32 floats.
@inline(never)
public func vnniBlockwiseKernel(rows: Int, bits: Int, blocks: Int, blockWords: Int, lastBlockWords: Int,
                                a: UnsafePointer<UInt32>, aRowWords: Int, aScales: UnsafePointer<Float>,
                                corrections: UnsafePointer<Int32>, b: UnsafeRawPointer, wScales: UnsafePointer<Float>,
                                scaleStride: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let shape = BlockwiseShape(bits: bits, blocks: blocks, blockWords: blockWords, lastBlockWords: lastBlockWords,
                               aRowWords: aRowWords, scaleStride: scaleStride, ldc: ldc)
    switch rows {
    case 4: blockwiseRows(4, shape, a: a, aScales: aScales, corrections: corrections, b: b, wScales: wScales, c: c)
    case 3: blockwiseRows(3, shape, a: a, aScales: aScales, corrections: corrections, b: b, wScales: wScales, c: c)
    case 2: blockwiseRows(2, shape, a: a, aScales: aScales, corrections: corrections, b: b, wScales: wScales, c: c)
    default: blockwiseRows(1, shape, a: a, aScales: aScales, corrections: corrections, b: b, wScales: wScales, c: c)
    }
}

/// The sizes `vnniBlockwiseKernel` passes on.
private struct BlockwiseShape {
    let bits: Int, blocks: Int, blockWords: Int, lastBlockWords: Int, aRowWords: Int, scaleStride: Int, ldc: Int
}

/// One row's accumulators: two int32 chains per 16 columns (words g and g + 1) and the fp32 sums.
private struct RowAccumulators {
    var x0 = Lanes(), y0 = Lanes(), x1 = Lanes(), y1 = Lanes()
    var f0 = FloatLanes(), f1 = FloatLanes()

    /// Adds words g (w0, w1: columns 0-15, 16-31) and g + 1 (w2, w3) times the row's two words.
    @inline(__always)
    mutating func add(_ w0: Lanes, _ w1: Lanes, _ w2: Lanes, _ w3: Lanes, _ a: UnsafePointer<UInt32>) {
        let a0 = Lanes(repeating: Int32(bitPattern: a[0])), a1 = Lanes(repeating: Int32(bitPattern: a[1]))
        dotAccumulate(&x0, w0, a0); dotAccumulate(&y0, w1, a0)
        dotAccumulate(&x1, w2, a1); dotAccumulate(&y1, w3, a1)
    }

    /// Scales the block's sums into the fp32 sums and clears them.
    @inline(__always)
    mutating func fold(scale: Float, correction: Int32, scales: UnsafeRawPointer) {
        let k = Lanes(repeating: correction), s = FloatLanes(repeating: scale)
        f0 += (s * scales.loadUnaligned(as: FloatLanes.self)) * toFloat((x0 &+ x1) &- k)
        f1 += (s * scales.loadUnaligned(fromByteOffset: laneBytes, as: FloatLanes.self)) * toFloat((y0 &+ y1) &- k)
        x0 = Lanes(); y0 = Lanes(); x1 = Lanes(); y1 = Lanes()
    }

    @inline(__always)
    func store(_ c: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(c).storeBytes(of: f0, as: FloatLanes.self)
        UnsafeMutableRawPointer(c).storeBytes(of: f1, toByteOffset: laneBytes, as: FloatLanes.self)
    }
}

/// `vnniBlockwiseKernel` for a literal row count (inlined, so the unused rows fold away).
@inline(__always)
private func blockwiseRows(_ rows: Int, _ shape: BlockwiseShape, a: UnsafePointer<UInt32>, aScales: UnsafePointer<Float>,
                           corrections: UnsafePointer<Int32>, b: UnsafeRawPointer, wScales: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>) {
    let nibbles = Lanes(repeating: 0x0F0F_0F0F)
    var r0 = RowAccumulators(), r1 = RowAccumulators(), r2 = RowAccumulators(), r3 = RowAccumulators()
    let stride = shape.aRowWords
    var pb = b
    for block in 0..<shape.blocks {
        let words = block == shape.blocks - 1 ? shape.lastBlockWords : shape.blockWords
        var pa = a + block * shape.blockWords
        for _ in 0..<(words / 2) {
            let w0: Lanes, w1: Lanes, w2: Lanes, w3: Lanes
            if shape.bits == 4 {
                let v0 = load(pb), v1 = load(pb + laneBytes)
                (w0, w1, w2, w3) = (v0 & nibbles, v1 & nibbles, (v0 &>> 4) & nibbles, (v1 &>> 4) & nibbles)
                pb += 2 * laneBytes
            } else {
                (w0, w1, w2, w3) = (load(pb), load(pb + laneBytes), load(pb + 2 * laneBytes), load(pb + 3 * laneBytes))
                pb += 4 * laneBytes
            }
            r0.add(w0, w1, w2, w3, pa)
            if rows > 1 { r1.add(w0, w1, w2, w3, pa + stride) }
            if rows > 2 { r2.add(w0, w1, w2, w3, pa + 2 * stride) }
            if rows > 3 { r3.add(w0, w1, w2, w3, pa + 3 * stride) }
            pa += 2
        }
        let scales = UnsafeRawPointer(wScales + block * shape.scaleStride)
        r0.fold(scale: aScales[block], correction: corrections[block], scales: scales)
        if rows > 1 { r1.fold(scale: aScales[shape.blocks + block], correction: corrections[shape.blocks + block], scales: scales) }
        if rows > 2 {
            r2.fold(scale: aScales[2 * shape.blocks + block], correction: corrections[2 * shape.blocks + block], scales: scales)
        }
        if rows > 3 {
            r3.fold(scale: aScales[3 * shape.blocks + block], correction: corrections[3 * shape.blocks + block], scales: scales)
        }
    }
    r0.store(c)
    if rows > 1 { r1.store(c + shape.ldc) }
    if rows > 2 { r2.store(c + 2 * shape.ldc) }
    if rows > 3 { r3.store(c + 3 * shape.ldc) }
}

/// Lane-wise int32 → fp32 (`vcvtdq2ps`).
@inline(__always)
private func toFloat(_ v: Lanes) -> FloatLanes {
    var f = FloatLanes()
    f._storage._value = Builtin.sitofp_Vec16xInt32_Vec16xFPIEEE32(v._storage._value)
    return f
}

/// Sixteen consecutive int8s as the low byte of each lane (their bit patterns).
@inline(__always)
private func loadBytes(_ p: UnsafePointer<Int8>) -> Lanes {
    let u = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
    return Lanes(Int32(u[0]), Int32(u[1]), Int32(u[2]), Int32(u[3]), Int32(u[4]), Int32(u[5]), Int32(u[6]), Int32(u[7]),
                 Int32(u[8]), Int32(u[9]), Int32(u[10]), Int32(u[11]), Int32(u[12]), Int32(u[13]), Int32(u[14]), Int32(u[15]))
}

/// The two accumulator vectors of words packing `rows` (≤ 4) consecutive rows of B from `p`
/// (row stride ldb), 32 columns wide; inlined with a literal `rows` the loop unrolls.
@inline(__always)
private func weightWords(_ p: UnsafePointer<Int8>, ldb: Int, rows: Int) -> (Lanes, Lanes) {
    var word0 = Lanes(), word1 = Lanes()
    for q in 0..<rows {
        let row = p + q &* ldb
        word0 |= loadBytes(row) &<< Int32(q &* 8)
        word1 |= loadBytes(row + Lanes.scalarCount) &<< Int32(q &* 8)
    }
    return (word0, word1)
}

/// Packs rows [0, kc) × 32 columns of int8 B (row stride ldb) into one panel of ⌈kc/4⌉ × 32
/// words (word (g, j) at `dst[g * 32 + j]`), and adds Σ_p B[p, j] to `columnSums[j]` for
/// j < 32, summing each word's four bytes with one `vpdpbusd` against bytes of 1.
@inline(never)
public func vnniPackInt8BPanel(kc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>,
                               columnSums: UnsafeMutablePointer<Int32>) {
    let ones = Lanes(repeating: 0x0101_0101)
    var sum0 = Lanes(), sum1 = Lanes()
    for g in 0..<((kc + 3) / 4) {
        let rows = min(4, kc - 4 * g)
        let (word0, word1) = rows == 4 ? weightWords(b + 4 * g * ldb, ldb: ldb, rows: 4)
                                       : weightWords(b + 4 * g * ldb, ldb: ldb, rows: rows)
        let out = UnsafeMutableRawPointer(dst + g * tileColumns)
        store(word0, out)
        store(word1, out + laneBytes)
        dotAccumulate(&sum0, ones, word0)
        dotAccumulate(&sum1, ones, word1)
    }
    let sums = UnsafeMutableRawPointer(columnSums)
    store(load(sums) &+ sum0, sums)
    store(load(sums + laneBytes) &+ sum1, sums + laneBytes)
}
#endif
