/// Packing for the integer int8 GEMM: A and B are copied into the panel layouts the
/// micro-kernel streams through, with `int8WordK` consecutive k values folded into each
/// 32-bit word (four bytes for VNNI, two 16-bit halves for AVX2 `vpmaddwd`). k is padded
/// with zeros to whole words, rows of A to whole 6-row panels, columns of B to whole panels
/// (NR = 32 with VNNI, 16 with AVX2).

#if KERNELS_AVX2
/// Words that hold `k` values (k rounded up to whole words).
@inline(__always)
func int8Groups(_ k: Int) -> Int { (k + int8WordK - 1) / int8WordK }

/// Words of packed A for an m×k matrix: ⌈m/6⌉ panels of 6 × ⌈k/wordK⌉ words.
func packedInt8ACount(m: Int, k: Int) -> Int { roundUp(m, int8MR) * int8Groups(k) }

/// One k value as its field of a word: biased (VNNI wants unsigned activations) and masked.
@inline(__always)
private func activationField(_ code: Int32) -> UInt32 { UInt32(bitPattern: code &+ int8ActivationBias) & int8FieldMask }

/// Stores 8 consecutive activation codes (starting at a word boundary) as 8/wordK words,
/// `stride` words apart (consecutive words of one row of A are 6 words apart in a panel).
@inline(__always)
private func storeActivationWords(_ codes: Int32Vector, _ dst: UnsafeMutablePointer<UInt32>, stride: Int) {
    #if KERNELS_AVX512VNNI
    let words = unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: codes &+ int8ActivationBias), to: SIMD2<UInt32>.self)
    dst[0] = words[0]; dst[stride] = words[1]
    #else
    let words = unsafeBitCast(SIMD8<UInt16>(truncatingIfNeeded: codes &+ int8ActivationBias), to: SIMD4<UInt32>.self)
    dst[0] = words[0]; dst[stride] = words[1]; dst[2 * stride] = words[2]; dst[3 * stride] = words[3]
    #endif
}

/// Packs m rows of k activation codes into A panels: word (i, g) of the panel holding row i
/// sits at `dst[(i / 6) * 6 * groups + g * 6 + i % 6]`; rows past m are zero words.
/// `codes(row, p)` gives 8 codes from column p (a multiple of 8); `code(row, p)` one code.
@inline(__always)
private func packA(m: Int, k: Int, into dst: UnsafeMutablePointer<UInt32>,
                   codes: (Int, Int) -> Int32Vector, code: (Int, Int) -> Int32) {
    let groups = int8Groups(k)
    let vectorEnd = k & ~7
    for i in 0..<roundUp(m, int8MR) {
        let row = dst + (i / int8MR) * int8MR * groups + i % int8MR
        guard i < m else {
            for g in 0..<groups { row[g * int8MR] = 0 }
            continue
        }
        for p in stride(from: 0, to: vectorEnd, by: 8) {
            storeActivationWords(codes(i, p), row + (p / int8WordK) * int8MR, stride: int8MR)
        }
        for g in (vectorEnd / int8WordK)..<groups {
            var word: UInt32 = 0
            for q in 0..<int8WordK where g * int8WordK + q < k {
                word |= activationField(code(i, g * int8WordK + q)) << (q * int8FieldBits)
            }
            row[g * int8MR] = word
        }
    }
}

/// Eight int8 values widened to int32, element-wise so LLVM emits one `vpmovsxbd`.
@inline(__always)
func loadInt8AsInt32(_ p: UnsafePointer<Int8>) -> Int32Vector {
    Int32Vector(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3]), Int32(p[4]), Int32(p[5]), Int32(p[6]), Int32(p[7]))
}

/// Packs row-major int8 A (m×k) into panels (see `packA`).
func packInt8A(m: Int, k: Int, a: UnsafePointer<Int8>, into dst: UnsafeMutablePointer<UInt32>) {
    packA(m: m, k: k, into: dst, codes: { i, p in loadInt8AsInt32(a + i * k + p) }, code: { i, p in Int32(a[i * k + p]) })
}

/// 1.5 · 2^23: adding it to |v| < 2^22 rounds v to the nearest integer (ties to even) and
/// leaves that integer in the low mantissa bits.
private let roundingMagic: Float = 12_582_912

/// Quantizes row-major fp32 activations (m×k) to symmetric int8 codes, exactly as
/// `QuantizedActivations` does (clamp(round(x · inverseScale), ±127)), and packs them.
func quantizeAndPackA(m: Int, k: Int, x: UnsafePointer<Float>, inverseScale: Float,
                      into dst: UnsafeMutablePointer<UInt32>) {
    let inverse = FloatVector(repeating: inverseScale)
    let low = FloatVector(repeating: -int8Limit), high = FloatVector(repeating: int8Limit)
    let magic = FloatVector(repeating: roundingMagic)
    let magicBits = Int32Vector(repeating: Int32(bitPattern: roundingMagic.bitPattern))
    packA(m: m, k: k, into: dst, codes: { i, p in
        let clamped = lanewiseMin(high, lanewiseMax(low, loadVector(x + i * k + p) * inverse))
        return unsafeBitCast(clamped + magic, to: Int32Vector.self) &- magicBits
    }, code: { i, p in Int32(quantize(x[i * k + p], inverseScale: inverseScale)) })
}

/// One accumulator vector of B values from consecutive int8s, each as its field of a word:
/// the byte's bit pattern (VNNI), or the value sign-extended to 16 bits (AVX2).
@inline(__always)
private func loadWeightFields(_ p: UnsafePointer<Int8>) -> Int8KernelVector {
    #if KERNELS_AVX512VNNI
    let u = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
    return Int8KernelVector(
        Int32(u[0]), Int32(u[1]), Int32(u[2]), Int32(u[3]), Int32(u[4]), Int32(u[5]), Int32(u[6]), Int32(u[7]),
        Int32(u[8]), Int32(u[9]), Int32(u[10]), Int32(u[11]), Int32(u[12]), Int32(u[13]), Int32(u[14]), Int32(u[15]))
    #else
    return loadInt8AsInt32(p) & Int8KernelVector(repeating: Int32(bitPattern: int8FieldMask))
    #endif
}

/// The two accumulator vectors of words packing `rows` (≤ wordK) consecutive rows of B from
/// `p` (row stride ldb), NR columns wide; inlined with a literal `rows` the loop unrolls.
@inline(__always)
private func weightWords(_ p: UnsafePointer<Int8>, ldb: Int, rows: Int) -> (Int8KernelVector, Int8KernelVector) {
    var word0 = Int8KernelVector(), word1 = Int8KernelVector()
    for q in 0..<rows {
        let row = p + q &* ldb
        word0 |= loadWeightFields(row) &<< Int32(q &* int8FieldBits)
        word1 |= loadWeightFields(row + Int8KernelVector.scalarCount) &<< Int32(q &* int8FieldBits)
    }
    return (word0, word1)
}

/// Packs rows [0, kc) × columns [0, nc) of int8 B (row stride ldb) into ⌈nc/NR⌉ panels of
/// ⌈kc/wordK⌉ × NR words: panel s holds word (g, j) at `dst[s * NR * groups + g * NR + j]`;
/// columns past nc are zero. With VNNI it also adds Σ_p B[p, j] to `columnSums[j]` (for the
/// correction of the activations' bias), summing each packed word's four bytes with one
/// `vpdpbusd` against bytes of 1.
func packInt8B(kc: Int, nc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>,
               columnSums: UnsafeMutablePointer<Int32>) {
    let groups = int8Groups(kc)
    let lanes = Int8KernelVector.scalarCount
    let ones = Int8KernelVector(repeating: 0x0101_0101)
    var panel = dst
    for j0 in stride(from: 0, to: nc, by: int8NR) {
        let cols = min(int8NR, nc - j0)
        if cols == int8NR {
            var sum0 = Int8KernelVector(), sum1 = Int8KernelVector()
            for g in 0..<groups {
                let rows = g < kc / int8WordK ? int8WordK : kc % int8WordK
                let (word0, word1) = rows == int8WordK
                    ? weightWords(b + g * int8WordK * ldb + j0, ldb: ldb, rows: int8WordK)
                    : weightWords(b + g * int8WordK * ldb + j0, ldb: ldb, rows: rows)
                let out = UnsafeMutableRawPointer(panel + g * int8NR)
                out.storeBytes(of: word0, as: Int8KernelVector.self)
                out.storeBytes(of: word1, toByteOffset: 4 * lanes, as: Int8KernelVector.self)
                if int8ActivationBias != 0 {
                    dotAccumulate(&sum0, ones, word0)
                    dotAccumulate(&sum1, ones, word1)
                }
            }
            if int8ActivationBias != 0 {
                let sums = UnsafeMutableRawPointer(columnSums + j0)
                sums.storeBytes(of: sums.loadUnaligned(as: Int8KernelVector.self) &+ sum0, as: Int8KernelVector.self)
                sums.storeBytes(of: sums.loadUnaligned(fromByteOffset: 4 * lanes, as: Int8KernelVector.self) &+ sum1,
                                toByteOffset: 4 * lanes, as: Int8KernelVector.self)
            }
        } else {
            for g in 0..<groups {
                for j in 0..<int8NR {
                    var word: UInt32 = 0
                    if j < cols {
                        for q in 0..<min(int8WordK, kc - g * int8WordK) {
                            let value = Int32(b[(g * int8WordK + q) * ldb + j0 + j])
                            word |= (UInt32(bitPattern: value) & int8FieldMask) << (q * int8FieldBits)
                            columnSums[j0 + j] &+= value
                        }
                    }
                    panel[g * int8NR + j] = word
                }
            }
        }
        panel += int8NR * groups
    }
}
#endif
