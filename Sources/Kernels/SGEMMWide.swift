/// The fp32 GEMM's 512-bit route: the macro-kernel in tiles of up to 12×32 of
/// `avx512SgemmKernel` (module KernelsAVX512) over the same packed panels as the AVX2 route,
/// whose 6×16 kernels finish the edges; both routes give the same floats. Chosen at run time,
/// like the VNNI int8 route: wherever the build, the CPU and `BENCHKIT_KERNELS_NO_AVX512`
/// allow AVX-512 (so valgrind still counts the AVX2 route), see `FP32Route`.

#if KERNELS_AVX512VNNI
import KernelsAVX512

/// Which fp32 micro-kernel this process runs.
enum FP32Route {
    /// Whether the 512-bit kernel runs: wherever this process runs AVX-512
    /// (`KernelISA.active`). On Intel Xeons with two 512-bit FMA units it doubles the peak;
    /// on Zen 4, which splits 512-bit operations in two, the peak is the same, yet it was
    /// faster and much steadier on the shared 2-vCPU VM (ONNX Runtime and numpy as
    /// references, idle-gated rounds): 8×768×3072 on two threads 0.81 → 1.06 of ONNX
    /// Runtime, 1024³ on two threads 0.95 → 1.08 of numpy/OpenBLAS, 10th percentiles of the
    /// per-round ratios 0.75 → 0.91 and 0.57 → 1.04. It issues half the instructions per
    /// multiply-add, which seems to matter when the host's other tenants share a core.
    static let wide = KernelISA.active == "avx512vnni"
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

/// The column granule of a split among threads: whole 32-column tiles where the 512-bit
/// kernel runs, so no part ends in a 16-column tile of the AVX2 kernel.
func fp32ColumnGranule() -> Int {
    #if KERNELS_AVX512VNNI
    if FP32Route.wide { return wideNR }
    #endif
    return gemmNR
}
