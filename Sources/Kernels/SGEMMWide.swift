/// The fp32 GEMM's 512-bit route: the macro-kernel in 12×32 tiles of `avx512SgemmKernel12x32`
/// (module KernelsAVX512) over the same packed panels as the AVX2 route, whose 6×16 kernels
/// finish the edges. Chosen at run time, like the VNNI int8 route: only where the build, the
/// CPU and `BENCHKIT_KERNELS_NO_AVX512` allow AVX-512 (so valgrind still counts the AVX2
/// route), and only where 512-bit multiply-adds are measured to be faster (`FP32Route`).

#if KERNELS_AVX512VNNI
import KernelsAVX512

/// Which fp32 micro-kernel this process runs.
enum FP32Route {
    /// Whether 12×32 tiles of the 512-bit kernel are used: this process runs AVX-512
    /// (`KernelISA.active`) and 512-bit multiply-adds were measured at least `minimumGain`
    /// times as fast as 256-bit ones on this CPU (not so on Zen 4, where the 512-bit kernel
    /// ran 0-6% slower).
    static let wide = KernelISA.active == "avx512vnni" && fmaWidthGain() >= minimumGain

    /// Well above Zen 4's 1.0 and well below the 1.9 of two 512-bit FMA units.
    static let minimumGain = 1.4
}

/// Rows and columns of the 512-bit tile: two 6-row A panels, two 16-column B panels.
let wideMR = 2 * gemmMR, wideNR = 2 * gemmNR

/// `macroKernel` in 12×32 tiles; partial tiles fall back to the 6×16 kernels.
func wideMacroKernel(mc: Int, nc: Int, kc: Int, packedA: UnsafePointer<Float>, packedB: PanelBlock,
                     c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    for ir in stride(from: 0, to: mc, by: wideMR) {
        for jr in stride(from: 0, to: nc, by: wideNR) {
            if mc - ir >= wideMR && nc - jr >= wideNR {
                let b0 = packedB.panels + (jr / gemmNR) * packedB.panelStride
                avx512SgemmKernel12x32(kc: kc, a0: packedA + ir * kc, a1: packedA + (ir + gemmMR) * kc, b0: b0,
                                       b1: b0 + packedB.panelStride, c: c + ir * ldc + jr, ldc: ldc, accumulate: accumulate)
                continue
            }
            for i in stride(from: ir, to: min(mc, ir + wideMR), by: gemmMR) {
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
