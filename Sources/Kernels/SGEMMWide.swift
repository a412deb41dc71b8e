/// The fp32 GEMM's 512-bit route: the macro-kernel in tiles of up to 12×32 of
/// `avx512SgemmKernel` (module KernelsAVX512) over the same packed panels as the AVX2 route,
/// whose 6×16 kernels finish the edges; both routes give the same floats. Chosen at run time,
/// like the VNNI int8 route: only where the build, the CPU and `BENCHKIT_KERNELS_NO_AVX512`
/// allow AVX-512 (so valgrind still counts the AVX2 route), see `FP32Route`.

#if KERNELS_AVX512VNNI
import KernelsAVX512

/// Which fp32 micro-kernel this process runs for a block of rows.
enum FP32Route {
    /// This process runs AVX-512 (`KernelISA.active`).
    static let avx512 = KernelISA.active == "avx512vnni"

    /// Whether many-row blocks use the 512-bit kernel: only where 512-bit multiply-adds
    /// were measured at least `minimumGain` times as fast as 256-bit ones (not on Zen 4,
    /// where it ran 0-6% slower than the AVX2 kernel at 1024³).
    static let wideForManyRows = avx512 && fmaWidthGain() >= minimumGain

    /// Well above Zen 4's 1.0 and well below the 1.9 of two 512-bit FMA units.
    static let minimumGain = 1.4

    /// Whether a block of `rows` rows runs the 512-bit kernel: always where AVX-512 runs for
    /// the inference shapes (up to `GemmBlocking.smallRowLimit` rows), where it was faster
    /// and steadier even on Zen 4 (8×768×3072, median call 197-206 against 161-192 GFLOP/s
    /// on two threads); otherwise as `wideForManyRows` says.
    @inline(__always)
    static func wide(rows: Int) -> Bool {
        rows <= GemmBlocking.smallRowLimit ? avx512 : wideForManyRows
    }
}

/// Rows and columns of the largest 512-bit tile: two 6-row A panels, two 16-column B panels.
let wideMR = 2 * gemmMR, wideNR = 2 * gemmNR

/// `macroKernel` in tiles of up to 12×32; tiles the 512-bit kernel does not take (an odd
/// number of rows, fewer than 32 columns) fall back to the 6×16 kernels.
func wideMacroKernel(mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: PanelBlock,
                     c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    for ir in stride(from: 0, to: mc, by: wideMR) {
        let rows = min(wideMR, mc - ir)
        for jr in stride(from: 0, to: nc, by: wideNR) {
            let b0 = packedB.panels + (jr / gemmNR) * packedB.panelStride
            if nc - jr >= wideNR,
               avx512SgemmKernel(rows: rows, kc: kc, a0: packedA + ir * kc, a1: packedA + (ir + gemmMR) * kc, b0: b0,
                                 b1: b0 + packedB.panelStride, c: c + ir * ldc + jr, ldc: ldc, accumulate: accumulate) {
                continue
            }
            for i in stride(from: ir, to: ir + rows, by: gemmMR) {
                for j in stride(from: jr, to: min(nc, jr + wideNR), by: gemmNR) {
                    kernelTile(ir: i, jr: j, mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc,
                               accumulate: accumulate)
                }
            }
        }
    }
}
#endif

/// Runs `wideMacroKernel` and returns true when this build has it (tests check it on CPUs
/// that do not choose it); false otherwise.
func runWideMacroKernel(mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: PanelBlock,
                        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) -> Bool {
    #if KERNELS_AVX512VNNI
    wideMacroKernel(mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc, accumulate: accumulate)
    return true
    #else
    return false
    #endif
}

/// The column granule of a split among threads for an m-row product: whole 32-column tiles
/// where the 512-bit kernel runs, so no part ends in a 16-column tile of the AVX2 kernel.
func fp32ColumnGranule(rows m: Int) -> Int {
    #if KERNELS_AVX512VNNI
    if FP32Route.wide(rows: m) { return wideNR }
    #endif
    return gemmNR
}
