#if canImport(Glibc)
import Glibc
#endif

/// The instruction set the kernels were compiled for, and a run-time check that this CPU
/// supports it. Package.swift picks the level at build time; a binary moved to an older CPU
/// would die with SIGILL on the first vector instruction, so callers check first.
public enum KernelISA {
    /// "avx512vnni" (Haswell level plus AVX-512F and VNNI, for the int8 GEMM), "avx2"
    /// (Haswell level: AVX2, FMA, BMI2, F16C) or "baseline" (x86-64 SSE2 / portable).
    public static var compiled: String {
        #if KERNELS_AVX512VNNI
        return "avx512vnni"
        #elseif KERNELS_AVX2
        return "avx2"
        #else
        return "baseline"
        #endif
    }

    /// CPU feature flags (as named in /proc/cpuinfo) the compiled level requires.
    public static var requiredFeatures: [String] {
        #if KERNELS_AVX512VNNI
        return ["avx", "avx2", "fma", "bmi2", "f16c", "avx512f", "avx512_vnni"]
        #elseif KERNELS_AVX2
        return ["avx", "avx2", "fma", "bmi2", "f16c"]
        #else
        return []
        #endif
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
        requiredFeatures.filter { !cpuFlags.contains($0) }
    }

    /// Feature flags of the first CPU in /proc/cpuinfo (empty when unreadable).
    public static func currentCPUFlags() -> Set<String> {
        guard let text = readFile("/proc/cpuinfo") else { return [] }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    private static func readFile(_ path: String) -> String? {
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
