// swift-tools-version:6.0
// BenchKit: a benchmark and performance-regression harness for ML-serving code.
// No third-party packages: only the Swift toolchain's own libraries.
import PackageDescription
import Foundation

/// The instruction set the `Kernels` module is compiled for, chosen when the package is
/// built. Swift targets baseline x86-64 (SSE2) by default, which turns fused multiply-adds
/// into library calls; the kernels need the host's vector units. We enable the Haswell
/// level (AVX2 + FMA) only when the building CPU has it, plus AVX-512 VNNI (int8 dot
/// products, used only by the int8 GEMM, in `KernelsAVX512`) when it has that too;
/// `BENCHKIT_KERNEL_ISA=baseline|avx2|avx512vnni` forces a level. At run time
/// `KernelISA.checkSupported()` refuses to run on a CPU lacking AVX2 when the build assumed
/// it, instead of dying with SIGILL; the VNNI route is taken only where the CPU has it.
let kernelISA: String = {
    let env = ProcessInfo.processInfo.environment["BENCHKIT_KERNEL_ISA"]
    if let env, ["baseline", "avx2", "avx512vnni"].contains(env) { return env }
    #if arch(x86_64)
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?
        .split(separator: " ").map(String.init) ?? [])
    guard ["avx2", "fma", "bmi2", "f16c"].allSatisfy(flags.contains) else { return "baseline" }
    return ["avx512f", "avx512_vnni"].allSatisfy(flags.contains) ? "avx512vnni" : "avx2"
    #else
    return "baseline"
    #endif
}()

/// Kernels: the int8 micro-kernels call LLVM's x86 intrinsics through the `Builtin` module.
/// Both AVX levels compile `Kernels` for Haswell (AVX2 + FMA) only; at the avx512vnni level
/// `KERNELS_AVX512VNNI` adds the VNNI int8 path from `KernelsAVX512`, chosen at run time.
let kernelSettings: [SwiftSetting] = [.enableExperimentalFeature("BuiltinModule")] + {
    switch kernelISA {
    case "avx512vnni":
        return [.define("KERNELS_AVX2"), .define("KERNELS_AVX512VNNI"), .unsafeFlags(["-target-cpu", "haswell"])]
    case "avx2":
        return [.define("KERNELS_AVX2"), .unsafeFlags(["-target-cpu", "haswell"])]
    default:
        return []
    }
}()

/// KernelsAVX512: the only code compiled with AVX-512 (the VNNI int8 micro-kernel and B
/// packing), so LLVM cannot use AVX-512 anywhere else (valgrind cannot run it). AVX-512F +
/// VNNI without VL, preferring 256-bit vectors; empty below the avx512vnni level.
let kernelAVX512Settings: [SwiftSetting] = kernelISA != "avx512vnni" ? [] : [
    .enableExperimentalFeature("BuiltinModule"), .define("KERNELS_AVX512VNNI"),
    .unsafeFlags(["-target-cpu", "haswell", "-Xcc", "-mavx512f", "-Xcc", "-mavx512vnni", "-Xcc", "-mprefer-vector-width=256"]),
]

let package = Package(
    name: "BenchKit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bench", targets: ["bench"]),
        .library(name: "BenchKit", targets: ["BenchKit"]),
        .library(name: "BenchStats", targets: ["BenchStats"]),
    ],
    targets: [
        // Pure statistics: quantiles, bootstrap, rank tests, corrections, change points. No I/O.
        .target(name: "BenchStats"),
        // The compute being benchmarked: GEMM (fp32, int8), pruning, sparse matmul.
        .target(name: "Kernels", dependencies: ["BenchStats", "KernelsAVX512"], swiftSettings: kernelSettings),
        // The AVX-512 VNNI int8 routines, compiled apart so AVX-512 stays out of `Kernels`.
        .target(name: "KernelsAVX512", swiftSettings: kernelAVX512Settings),
        // Measurement engine (processes, lockstep), registry, suite/result/baseline files,
        // environment fingerprint, the `bench ci` pipeline.
        .target(name: "BenchKit", dependencies: ["BenchStats"]),
        // Comparison of result files: verdicts with evidence, and their rendering.
        .target(name: "BenchCompare", dependencies: ["BenchKit", "BenchStats"]),
        // What people and CI systems read: history with change points, exports (JUnit,
        // benchmark-action JSON, OpenMetrics), the HTML report.
        .target(name: "BenchReport", dependencies: ["BenchKit", "BenchCompare", "BenchStats"]),
        // HTTP/1.1, KServe v2 protocol, reference model server, load generator.
        .target(name: "Serving", dependencies: ["Kernels", "BenchStats"]),
        // The benchmarks themselves (code), which suite files (data) select.
        .target(name: "Benchmarks", dependencies: ["BenchKit", "Kernels", "Serving"]),
        // The commands: argument parsing, each subcommand, exit codes. A library so tests
        // can drive it in-process.
        .target(name: "BenchCLI", dependencies: ["BenchKit", "BenchCompare", "BenchReport", "Benchmarks", "Serving"]),
        // The executable: hands its arguments to BenchCLI and exits with its code.
        .executableTarget(name: "bench", dependencies: ["BenchCLI"]),

        .testTarget(name: "BenchStatsTests", dependencies: ["BenchStats"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "BenchStats"]),
        .testTarget(name: "BenchKitTests", dependencies: ["BenchKit", "Benchmarks"]),
        .testTarget(name: "BenchCompareTests", dependencies: ["BenchCompare", "BenchKit", "BenchStats"]),
        .testTarget(name: "BenchReportTests", dependencies: ["BenchReport", "BenchCompare", "BenchKit"]),
        .testTarget(name: "ServingTests", dependencies: ["Serving", "BenchStats"]),
        .testTarget(name: "BenchCLITests", dependencies: ["BenchCLI", "BenchKit", "BenchStats"]),
    ]
)
