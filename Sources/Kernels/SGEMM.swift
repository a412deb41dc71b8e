/// Single-precision GEMM in the GotoBLAS/BLIS structure: five loops around the 6×16
/// micro-kernel. A KC×NC block of B is packed to stay in L2; each 6×KC panel of packed A
/// stays in L1 while the micro-kernel walks along a row of C tiles, so the C rows are
/// touched sequentially (the hardware prefetcher follows them; Swift has no prefetch).

/// Cache-blocking parameters (elements), tuned on Zen 4 (32 KiB L1d, 1 MiB L2 per core)
/// against OpenBLAS.
struct GemmBlocking {
    let mc: Int, kc: Int, nc: Int

    /// Many rows of A: a 6×KC A panel is 6 KiB (L1), a KC×NC block of B is 512 KiB (L2).
    static let large = GemmBlocking(mc: 288, kc: 256, nc: 512)
    /// Few rows of A (the inference shapes): each packed block of B serves only a few row
    /// panels, so reading B dominates; a wide, short block (still 512 KiB) makes packing read
    /// long row segments and halves the passes over C's rows per block.
    static let small = GemmBlocking(mc: 288, kc: 64, nc: 2048)

    /// The blocking for an m-row product.
    static func forRows(_ m: Int) -> GemmBlocking { m <= smallRowLimit ? small : large }
    /// Up to this many rows use `small` (at m = 48 `large` was already faster).
    static let smallRowLimit = 32
}

/// Where the micro-kernel finds a kc×nc block of B: ⌈nc/16⌉ panels of kc rows × 16 columns,
/// `panelStride` floats apart (kc·16 when packed per call, k·16 when packed at load).
struct PanelBlock {
    let panels: UnsafePointer<Float>
    let panelStride: Int
}

/// A source of B blocks for the driver: dense fp32 or int8 weights packed into `scratch` per
/// call (int8 dequantized while packing), or weights packed once at load (`PackedWeights`).
protocol PackableB {
    /// Whether `block` packs into the scratch buffer (the driver allocates one only then,
    /// and otherwise passes nil).
    var packsPerCall: Bool { get }
    /// The cache blocking for an m-row product (weights packed at load fix kc).
    func blocking(rows m: Int) -> GemmBlocking
    /// Rows [p0, p0+kc) × columns [j0, j0+nc) in the panel layout of `packB`.
    func block(p0: Int, j0: Int, kc: Int, nc: Int, scratch: UnsafeMutablePointer<Float>?) -> PanelBlock
}

extension PackableB {
    func blocking(rows m: Int) -> GemmBlocking { GemmBlocking.forRows(m) }
}

/// Dense row-major fp32 B with row stride `ldb`, packed per call.
struct DenseB: PackableB {
    let b: UnsafePointer<Float>
    let ldb: Int

    var packsPerCall: Bool { true }

    func block(p0: Int, j0: Int, kc: Int, nc: Int, scratch: UnsafeMutablePointer<Float>?) -> PanelBlock {
        packB(kc: kc, nc: nc, b: b + p0 * ldb + j0, ldb: ldb, into: scratch!)
        return PanelBlock(panels: scratch!, panelStride: kc * gemmNR)
    }
}

/// Row-major `C[m×n] = A[m×k] · B[k×n]` (fp32), on `threads` threads.
public func sgemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                  c: UnsafeMutablePointer<Float>, threads: Int = 1) {
    sgemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: c, ldc: n, accumulate: false, threads: threads)
}

/// `C (+)= A · B` with explicit row strides; `accumulate` adds to C instead of overwriting it.
public func sgemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int = 1) {
    guard m > 0, n > 0 else { return }
    if m == 1 {
        sgemv(n: n, k: k, a: a, b: b, ldb: ldb, c: c, accumulate: accumulate, threads: threads)
        return
    }
    gemmDriver(m: m, n: n, k: k, a: a, lda: lda, source: DenseB(b: b, ldb: ldb), c: c, ldc: ldc,
               accumulate: accumulate, threads: threads)
}

/// Splits C among threads; each part runs the whole blocked algorithm with its own packing
/// buffers, so threads never synchronize. A part packs all the A rows it multiplies and, when
/// B is packed per call, all the B columns: by columns when n ≥ m (each part packs all of
/// A, the smaller operand), else by rows; with B packed at load, by rows already when m ≥ n,
/// so no row of A is packed twice (packing A is 5% of a one-thread 1024³ product).
func gemmDriver<Source: PackableB>(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, source: Source,
                                   c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int) {
    let byColumns = source.packsPerCall ? n >= m : n > m
    let threads = usefulThreads(threads, flops: 2 * m * n * k)
    let ranges = byColumns ? splitRange(n, parts: threads, granule: fp32ColumnGranule())
                           : splitRange(m, parts: threads, granule: gemmMR)
    let shared = UnsafeSendable(value: (a, c))
    parallelFor(parts: ranges.count) { part in
        let (a, c) = shared.value
        let r = ranges[part]
        if byColumns {
            gemmBlocked(m: m, n: r.count, k: k, a: a, lda: lda, source: source, j0: r.lowerBound,
                        c: c + r.lowerBound, ldc: ldc, accumulate: accumulate)
        } else {
            gemmBlocked(m: r.count, n: n, k: k, a: a + r.lowerBound * lda, lda: lda, source: source, j0: 0,
                        c: c + r.lowerBound * ldc, ldc: ldc, accumulate: accumulate)
        }
    }
}

/// The single-threaded five-loop algorithm on columns [j0, j0+n) of the B source.
func gemmBlocked<Source: PackableB>(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, source: Source, j0: Int,
                                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if source.packsPerCall {
        gemmPackingB(m: m, n: n, k: k, a: a, lda: lda, source: source, j0: j0, c: c, ldc: ldc, accumulate: accumulate)
    } else {
        gemmOnPackedB(m: m, n: n, k: k, a: a, lda: lda, source: source, j0: j0, c: c, ldc: ldc, accumulate: accumulate)
    }
}

/// B packed per call: each kc×nc block of B is packed once and serves every block of A. With
/// one block of rows (the inference shapes) A is packed once, every k block, for all column
/// blocks; otherwise one mc×kc block at a time, again for every column block.
private func gemmPackingB<Source: PackableB>(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, source: Source,
                                             j0: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let blocking = source.blocking(rows: m)
    let wholeA = m <= blocking.mc
    let paddedM = roundUp(m, gemmMR)
    let kcMax = min(blocking.kc, k)
    let ncMax = min(blocking.nc, roundUp(n, gemmNR))
    withAlignedBuffer(of: Float.self, count: wholeA ? paddedM * k : blocking.mc * kcMax) { bufA in
        withAlignedBuffer(of: Float.self, count: kcMax * ncMax) { bufB in
            if wholeA {
                for pc in stride(from: 0, to: k, by: blocking.kc) {
                    packA(mc: m, kc: min(blocking.kc, k - pc), a: a + pc, lda: lda, into: bufA + paddedM * pc)
                }
            }
            for jc in stride(from: 0, to: n, by: blocking.nc) {
                let nc = min(blocking.nc, n - jc)
                for pc in stride(from: 0, to: k, by: blocking.kc) {
                    let kc = min(blocking.kc, k - pc)
                    let blockB = source.block(p0: pc, j0: j0 + jc, kc: kc, nc: nc, scratch: bufB)
                    for ic in stride(from: 0, to: m, by: blocking.mc) {
                        let mc = min(blocking.mc, m - ic)
                        if !wholeA { packA(mc: mc, kc: kc, a: a + ic * lda + pc, lda: lda, into: bufA) }
                        macroKernel(mc: mc, nc: nc, kc: kc, packedA: wholeA ? bufA + paddedM * pc : bufA, packedB: blockB,
                                    c: c + ic * ldc + jc, ldc: ldc, accumulate: accumulate || pc > 0)
                    }
                }
            }
        }
    }
}

/// B packed at load: a block of B costs nothing to fetch, so each mc×kc block of A is packed
/// exactly once and multiplied by every column block (packing A per column block was 9% of
/// a one-thread 1024³ product).
private func gemmOnPackedB<Source: PackableB>(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, source: Source,
                                              j0: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let blocking = source.blocking(rows: m)
    withAlignedBuffer(of: Float.self, count: min(blocking.mc, roundUp(m, gemmMR)) * min(blocking.kc, k)) { bufA in
        for ic in stride(from: 0, to: m, by: blocking.mc) {
            let mc = min(blocking.mc, m - ic)
            for pc in stride(from: 0, to: k, by: blocking.kc) {
                let kc = min(blocking.kc, k - pc)
                packA(mc: mc, kc: kc, a: a + ic * lda + pc, lda: lda, into: bufA)
                for jc in stride(from: 0, to: n, by: blocking.nc) {
                    let nc = min(blocking.nc, n - jc)
                    macroKernel(mc: mc, nc: nc, kc: kc, packedA: bufA, packedB: source.block(p0: pc, j0: j0 + jc, kc: kc, nc: nc, scratch: nil),
                                c: c + ic * ldc + jc, ldc: ldc, accumulate: accumulate || pc > 0)
                }
            }
        }
    }
}

/// Loops the micro-kernel over the packed mc×kc block of A and a kc×nc block of B panels:
/// tiles of up to 12×32 of the 512-bit kernel where `FP32Route` chooses it, else 6×16 tiles.
func macroKernel(mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: PanelBlock,
                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    #if KERNELS_AVX512VNNI
    if FP32Route.wide {
        return wideMacroKernel(mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc, accumulate: accumulate)
    }
    #endif
    if columnPanelsOutermost(mc: mc, kc: kc) {
        for jr in stride(from: 0, to: nc, by: gemmNR) {
            for ir in stride(from: 0, to: mc, by: gemmMR) {
                kernelTile(ir: ir, jr: jr, mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc,
                           accumulate: accumulate)
            }
        }
        return
    }
    for ir in stride(from: 0, to: mc, by: gemmMR) {
        for jr in stride(from: 0, to: nc, by: gemmNR) {
            kernelTile(ir: ir, jr: jr, mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc,
                       accumulate: accumulate)
        }
    }
}

/// Whether the macro-kernel walks B's column panels outermost: when the packed mc×kc block
/// of A and one kc×16 panel of B fit in L1d together (m ≤ 12 at kc = 256 in 32 KiB), each B
/// panel then serves every row panel from L1 instead of L2 (8×768×3072: 107 → 110 GFLOP/s
/// best of a run, thread CPU time, Zen 4); otherwise one A panel stays in L1 while it walks
/// the B block in L2.
@inline(__always)
func columnPanelsOutermost(mc: Int, kc: Int) -> Bool {
    (roundUp(mc, gemmMR) + gemmNR) * kc * MemoryLayout<Float>.stride <= CacheSizes.l1Data
}

/// The 6×16 (or smaller, at the edges) tile of C at (ir, jr) on the AVX2 micro-kernels.
@inline(__always)
func kernelTile(ir: Int, jr: Int, mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: PanelBlock,
                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let rows = min(gemmMR, mc - ir), cols = min(gemmNR, nc - jr)
    let aPanel = packedA + ir * kc
    let bPanel = packedB.panels + (jr / gemmNR) * packedB.panelStride
    let cTile = c + ir * ldc + jr
    if rows == gemmMR && cols == gemmNR {
        packedKernel(kc: kc, a: aPanel, b: bPanel, c: cTile, ldc: ldc, accumulate: accumulate)
    } else if cols == gemmNR {
        packedKernelShort(rows: rows, kc: kc, a: aPanel, b: bPanel, c: cTile, ldc: ldc, accumulate: accumulate)
    } else {
        packedKernelEdge(kc: kc, a: aPanel, b: bPanel, c: cTile, ldc: ldc, rows: rows, cols: cols, accumulate: accumulate)
    }
}

@inline(__always)
func roundUp(_ x: Int, _ multiple: Int) -> Int { (x + multiple - 1) / multiple * multiple }
