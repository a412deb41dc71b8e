#if canImport(Glibc)
import Glibc
#endif

/// The instruction set the kernels were compiled for, the one this process runs, and a
/// run-time check that this CPU supports the build. Package.swift picks the level at build
/// time; a binary moved to an older CPU would die with SIGILL on the first vector
/// instruction, so callers check first. The `avx512vnni` level compiles the kernels for AVX2
/// and only the int8 VNNI routines (module KernelsAVX512) for AVX-512, chosen at run time.
public enum KernelISA {
    /// The build level: "avx512vnni" (the `avx2` level plus the AVX-512 VNNI int8 GEMM),
    /// "avx2" (Haswell level: AVX2, FMA, BMI2, F16C) or "baseline" (x86-64 SSE2 / portable).
    public static var compiled: String {
        #if KERNELS_AVX512VNNI
        return "avx512vnni"
        #elseif KERNELS_AVX2
        return "avx2"
        #else
        return "baseline"
        #endif
    }

    /// CPU feature flags (as named in /proc/cpuinfo) the build requires to run at all; the
    /// VNNI int8 GEMM is optional (`vnniFeatures`, checked at run time).
    public static var requiredFeatures: [String] {
        #if KERNELS_AVX2
        return ["avx", "avx2", "fma", "bmi2", "f16c"]
        #else
        return []
        #endif
    }

    /// CPU feature flags the VNNI int8 GEMM needs.
    public static let vnniFeatures = ["avx512f", "avx512_vnni"]

    /// Environment variable that, set to anything but "" or "0", keeps this process off
    /// AVX-512 (the int8 GEMM then runs on AVX2). Counting under valgrind sets it: valgrind
    /// does not run AVX-512 code yet passes the host's /proc/cpuinfo through.
    public static let disableAVX512Variable = "BENCHKIT_KERNELS_NO_AVX512"

    /// The level this process runs: `compiled`, except "avx2" for an `avx512vnni` build on a
    /// CPU without AVX-512 VNNI or with `disableAVX512Variable` set. Results record this.
    public static let active: String = level(
        compiled: compiled, cpuFlags: currentCPUFlags(),
        disableAVX512: getenv(disableAVX512Variable).map { String(cString: $0) })

    /// The level a process started with `environment` runs on this CPU (a counting run asks
    /// this for the children it starts under valgrind).
    public static func active(environment: [String: String]) -> String {
        level(compiled: compiled, cpuFlags: currentCPUFlags(), disableAVX512: environment[disableAVX512Variable])
    }

    /// The run-time choice, pure so it can be tested: `disableAVX512` is the value of
    /// `disableAVX512Variable`, nil when unset.
    public static func level(compiled: String, cpuFlags: Set<String>, disableAVX512: String?) -> String {
        guard compiled == "avx512vnni" else { return compiled }
        let disabled = disableAVX512.map { !$0.isEmpty && $0 != "0" } ?? false
        return !disabled && missingFeatures(vnniFeatures, cpuFlags: cpuFlags).isEmpty ? "avx512vnni" : "avx2"
    }

    /// Throws `KernelError.unsupportedCPU` when the running CPU lacks a required feature.
    public static func checkSupported() throws {
        let missing = missingFeatures(cpuFlags: currentCPUFlags())
        if !missing.isEmpty {
            throw KernelError.unsupportedCPU(compiledFor: compiled, missing: missing)
        }
    }

    /// The required features absent from `cpuFlags`; pure, so it can be tested.
    public static func missingFeatures(cpuFlags: Set<String>) -> [String] {
        missingFeatures(requiredFeatures, cpuFlags: cpuFlags)
    }

    static func missingFeatures(_ features: [String], cpuFlags: Set<String>) -> [String] {
        features.filter { !cpuFlags.contains($0) }
    }

    /// Feature flags of the first CPU in /proc/cpuinfo (empty when unreadable).
    public static func currentCPUFlags() -> Set<String> {
        guard let text = readFile("/proc/cpuinfo") else { return [] }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
