/// The instruction sets the integer int8 GEMM runs on, and which one this process uses.
/// The driver (Int8Blocked.swift) and packing (Int8Packing.swift) are generic over
/// `Int8Instructions` and specialized for each; only the micro-kernel and the packing of
/// full B panels touch the instructions themselves.
/// - `Int8OnAVX2`: `vpmaddwd` on 256-bit vectors, 6×16 tile, int8 values widened to 16 bits
///   while packing (Int8MicroKernel.swift).
/// - `Int8OnVNNI`: AVX-512 VNNI `vpdpbusd` on 512-bit vectors, 6×32 tile, in the separate
///   `KernelsAVX512` module, the only code compiled with AVX-512 enabled. Used only when the
///   build has it, this CPU supports it and `BENCHKIT_KERNELS_NO_AVX512` does not disable
///   it (see `KernelISA.active`).

#if KERNELS_AVX2
#if KERNELS_AVX512VNNI
import KernelsAVX512
#endif

/// One instruction set for the integer int8 GEMM: how k values fold into 32-bit words, the
/// micro-tile's width, and the two routines that use the instructions.
protocol Int8Instructions {
    /// k values per 32-bit word of packed A and B.
    static var wordK: Int { get }
    /// Columns of the micro-tile (NR); rows are `int8MR` for both.
    static var tileColumns: Int { get }
    /// Added to each activation code while packing A; the driver subtracts
    /// `activationBias · Σ_p B[p, j]` from each column afterwards.
    static var activationBias: Int32 { get }
    /// C[6×NR] (+)= A panel · B panel in int32 over `groups` words of k; see `int8AVX2Kernel`.
    static func kernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                       accumulate: Bool)
    /// `kernel` for the first `rows` (1...5) rows of the A panel, all NR columns of C.
    static func kernelRows(_ rows: Int, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                           ldc: Int, accumulate: Bool)
    /// Packs rows [0, kc) × NR columns of int8 B into one panel of ⌈kc/wordK⌉ × NR words and,
    /// when `activationBias` is non-zero, adds Σ_p B[p, j] to `columnSums[j]`.
    static func packPanel(kc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>,
                          columnSums: UnsafeMutablePointer<Int32>)
    /// c[NR] (int32) += Σ_g a[g] · B panel word row g over `groups` words: one row of A (the
    /// m = 1 product), its words consecutive; see `int8AVX2RowKernel`.
    static func rowKernel(groups: Int, a: UnsafePointer<UInt32>, b: UnsafeRawPointer, c: UnsafeMutableRawPointer)
}

extension Int8Instructions {
    /// Bits of one k value inside a word (8 or 16), and the mask selecting them.
    static var fieldBits: Int { 32 / wordK }
    static var fieldMask: UInt32 { UInt32.max >> (32 - fieldBits) }

    /// Words that hold `k` values (k rounded up to whole words).
    static func groups(_ k: Int) -> Int { (k + wordK - 1) / wordK }
}

/// Rows (MR) of the integer micro-tile, on every instruction set.
let int8MR = 6

/// AVX2: two s16 × s16 products summed into each int32 lane by `vpmaddwd`, exactly.
enum Int8OnAVX2: Int8Instructions {
    static var wordK: Int { 2 }
    static var tileColumns: Int { 2 * Int32Vector.scalarCount }
    static var activationBias: Int32 { 0 }

    static func kernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                       accumulate: Bool) {
        int8AVX2Kernel(groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// The whole 6-row tile through scratch (no row-count variant of the AVX2 kernel yet).
    static func kernelRows(_ rows: Int, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                           ldc: Int, accumulate: Bool) {
        int8KernelEdge(Self.self, groups: groups, a: a, b: b, c: c, ldc: ldc, rows: rows, cols: tileColumns, accumulate: accumulate)
    }

    static func packPanel(kc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>,
                          columnSums: UnsafeMutablePointer<Int32>) {
        packAVX2Panel(kc: kc, b: b, ldb: ldb, into: dst)
    }

    static func rowKernel(groups: Int, a: UnsafePointer<UInt32>, b: UnsafeRawPointer, c: UnsafeMutableRawPointer) {
        int8AVX2RowKernel(groups: groups, a: a, b: b, c: c)
    }
}

#if KERNELS_AVX512VNNI
/// AVX-512 VNNI: four u8 × s8 products summed into each int32 lane by `vpdpbusd`, exactly
/// (no 16-bit intermediate to saturate); activations biased to unsigned by +128.
enum Int8OnVNNI: Int8Instructions {
    static var wordK: Int { 4 }
    static var tileColumns: Int { 32 }
    static var activationBias: Int32 { 128 }

    static func kernel(groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer, ldc: Int,
                       accumulate: Bool) {
        vnniInt8Kernel(groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    }

    static func kernelRows(_ rows: Int, groups: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutableRawPointer,
                           ldc: Int, accumulate: Bool) {
        vnniInt8KernelRows(rows, groups: groups, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    }

    static func packPanel(kc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>,
                          columnSums: UnsafeMutablePointer<Int32>) {
        vnniPackInt8BPanel(kc: kc, b: b, ldb: ldb, into: dst, columnSums: columnSums)
    }

    static func rowKernel(groups: Int, a: UnsafePointer<UInt32>, b: UnsafeRawPointer, c: UnsafeMutableRawPointer) {
        vnniInt8RowKernel(groups: groups, a: a, b: b, c: c)
    }
}
#endif
#endif

/// Which instructions an int8 GEMM call runs on: the integer routes of this build, or the
/// fp32 FMA route (Int8ViaFloat.swift) of a build without AVX2.
enum Int8Route: Equatable, Sendable {
    #if KERNELS_AVX2
    case avx2
    #else
    case viaFloat
    #endif
    #if KERNELS_AVX512VNNI
    case vnni
    #endif

    /// The route of this process, as `KernelISA.active` says.
    static let selected: Int8Route = {
        #if KERNELS_AVX512VNNI
        if KernelISA.active == "avx512vnni" { return .vnni }
        #endif
        #if KERNELS_AVX2
        return .avx2
        #else
        return .viaFloat
        #endif
    }()

    /// Every route this build can run on this CPU (tests check each for exactness).
    static var runnable: [Int8Route] {
        #if KERNELS_AVX512VNNI
        if KernelISA.missingFeatures(KernelISA.vnniFeatures, cpuFlags: KernelISA.currentCPUFlags()).isEmpty {
            return [.avx2, .vnni]
        }
        #endif
        #if KERNELS_AVX2
        return [.avx2]
        #else
        return [.viaFloat]
        #endif
    }

    /// The `KernelISA` level this route corresponds to.
    var isa: String {
        switch self {
        #if KERNELS_AVX2
        case .avx2: return "avx2"
        #else
        case .viaFloat: return "baseline"
        #endif
        #if KERNELS_AVX512VNNI
        case .vnni: return "avx512vnni"
        #endif
        }
    }
}
