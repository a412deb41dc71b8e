/// Packing for the integer int8 GEMM: A and B are copied into the panel layouts the
/// micro-kernel streams through, with `I.wordK` consecutive k values folded into each
/// 32-bit word (four bytes for VNNI, two 16-bit halves for AVX2 `vpmaddwd`). k is padded
/// with zeros to whole words, rows of A to whole 6-row panels, columns of B to whole panels
/// (NR = 32 with VNNI, 16 with AVX2). Full B panels are packed by `I.packPanel` (for VNNI in
/// the KernelsAVX512 module); everything else here runs on AVX2 for both.

#if KERNELS_AVX2
/// Words of packed A for an m×k matrix: ⌈m/6⌉ panels of 6 × ⌈k/wordK⌉ words.
func packedInt8ACount<I: Int8Instructions>(_: I.Type, m: Int, k: Int) -> Int { roundUp(m, int8MR) * I.groups(k) }

/// Stores 8 consecutive activation codes (starting at a word boundary), biased, as 8/wordK
/// words `stride` words apart (consecutive words of one row of A are 6 words apart in a panel).
@inline(__always)
private func storeActivationWords<I: Int8Instructions>(_: I.Type, _ codes: Int32Vector, _ dst: UnsafeMutablePointer<UInt32>,
                                                       stride: Int) {
    let biased = codes &+ I.activationBias
    if I.wordK == 4 {
        let words = unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: biased), to: SIMD2<UInt32>.self)
        dst[0] = words[0]; dst[stride] = words[1]
    } else {
        let words = unsafeBitCast(SIMD8<UInt16>(truncatingIfNeeded: biased), to: SIMD4<UInt32>.self)
        dst[0] = words[0]; dst[stride] = words[1]; dst[2 * stride] = words[2]; dst[3 * stride] = words[3]
    }
}

/// Packs m rows of k activation codes into A panels of `panelRows` rows: word (i, g) sits at
/// `dst[(i / panelRows) * panelRows * groups + g * panelRows + i % panelRows]`; rows past m
/// are zero words. Panels of 6 feed the micro-kernel; one row of consecutive words (panelRows
/// 1) feeds the m = 1 row kernel. `codes(row, p)` gives 8 codes from column p (a multiple of
/// 8); `code(row, p)` one code.
@inline(__always)
private func packA<I: Int8Instructions>(_: I.Type, m: Int, k: Int, panelRows: Int, into dst: UnsafeMutablePointer<UInt32>,
                                        codes: (Int, Int) -> Int32Vector, code: (Int, Int) -> Int32) {
    let groups = I.groups(k)
    let vectorEnd = k & ~7
    for i in 0..<roundUp(m, panelRows) {
        let row = dst + (i / panelRows) * panelRows * groups + i % panelRows
        guard i < m else {
            for g in 0..<groups { row[g * panelRows] = 0 }
            continue
        }
        for p in stride(from: 0, to: vectorEnd, by: 8) {
            storeActivationWords(I.self, codes(i, p), row + (p / I.wordK) * panelRows, stride: panelRows)
        }
        for g in (vectorEnd / I.wordK)..<groups {
            var word: UInt32 = 0
            for q in 0..<I.wordK where g * I.wordK + q < k {
                let field = UInt32(bitPattern: code(i, g * I.wordK + q) &+ I.activationBias) & I.fieldMask
                word |= field << (q * I.fieldBits)
            }
            row[g * panelRows] = word
        }
    }
}

/// Eight int8 values widened to int32, element-wise so LLVM emits one `vpmovsxbd`.
@inline(__always)
func loadInt8AsInt32(_ p: UnsafePointer<Int8>) -> Int32Vector {
    Int32Vector(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3]), Int32(p[4]), Int32(p[5]), Int32(p[6]), Int32(p[7]))
}

/// Packs row-major int8 A (m×k) into panels (see `packA`).
func packInt8A<I: Int8Instructions>(_: I.Type, m: Int, k: Int, a: UnsafePointer<Int8>, into dst: UnsafeMutablePointer<UInt32>) {
    packA(I.self, m: m, k: k, panelRows: int8MR, into: dst, codes: { i, p in loadInt8AsInt32(a + i * k + p) },
          code: { i, p in Int32(a[i * k + p]) })
}

/// 1.5 · 2^23: adding it to |v| < 2^22 rounds v to the nearest integer (ties to even) and
/// leaves that integer in the low mantissa bits.
private let roundingMagic: Float = 12_582_912

/// Quantizes row-major fp32 activations (m×k) to symmetric int8 codes, exactly as
/// `QuantizedActivations` does (clamp(round(x · inverseScale), ±127)), and packs them into
/// panels of `panelRows` rows (see `packA`).
func quantizeAndPackA<I: Int8Instructions>(_: I.Type, m: Int, k: Int, x: UnsafePointer<Float>, inverseScale: Float,
                                           panelRows: Int = int8MR, into dst: UnsafeMutablePointer<UInt32>) {
    let inverse = FloatVector(repeating: inverseScale)
    let low = FloatVector(repeating: -int8Limit), high = FloatVector(repeating: int8Limit)
    let magic = FloatVector(repeating: roundingMagic)
    let magicBits = Int32Vector(repeating: Int32(bitPattern: roundingMagic.bitPattern))
    packA(I.self, m: m, k: k, panelRows: panelRows, into: dst, codes: { i, p in
        let clamped = lanewiseMin(high, lanewiseMax(low, loadVector(x + i * k + p) * inverse))
        return unsafeBitCast(clamped + magic, to: Int32Vector.self) &- magicBits
    }, code: { i, p in Int32(quantize(x[i * k + p], inverseScale: inverseScale)) })
}

/// The two AVX2 accumulator vectors of words packing `rows` (≤ 2) consecutive rows of B from
/// `p` (row stride ldb), 16 columns wide, as sign-extended 16-bit halves; inlined with a
/// literal `rows` the loop unrolls.
@inline(__always)
private func avx2WeightWords(_ p: UnsafePointer<Int8>, ldb: Int, rows: Int) -> (Int32Vector, Int32Vector) {
    let mask = Int32Vector(repeating: 0xFFFF)
    var word0 = Int32Vector(), word1 = Int32Vector()
    for q in 0..<rows {
        let row = p + q &* ldb
        word0 |= (loadInt8AsInt32(row) & mask) &<< Int32(q &* 16)
        word1 |= (loadInt8AsInt32(row + Int32Vector.scalarCount) & mask) &<< Int32(q &* 16)
    }
    return (word0, word1)
}

/// `Int8OnAVX2.packPanel`: rows [0, kc) × 16 columns of B into ⌈kc/2⌉ × 16 words (no column
/// sums: AVX2 does not bias the activations).
func packAVX2Panel(kc: Int, b: UnsafePointer<Int8>, ldb: Int, into dst: UnsafeMutablePointer<UInt32>) {
    let columns = Int8OnAVX2.tileColumns
    for g in 0..<((kc + 1) / 2) {
        let (word0, word1) = kc - 2 * g >= 2 ? avx2WeightWords(b + 2 * g * ldb, ldb: ldb, rows: 2)
                                             : avx2WeightWords(b + 2 * g * ldb, ldb: ldb, rows: 1)
        let out = UnsafeMutableRawPointer(dst + g * columns)
        storeInt32Vector(word0, out)
        storeInt32Vector(word1, out + MemoryLayout<Int32Vector>.size)
    }
}

/// Packs rows [0, kc) × columns [0, nc) of int8 B (row stride ldb) into ⌈nc/NR⌉ panels of
/// ⌈kc/wordK⌉ × NR words: panel s holds word (g, j) at `dst[s * NR * groups + g * NR + j]`;
/// columns past nc are zero. Adds Σ_p B[p, j] to `columnSums[j]` when `I` biases activations.
func packInt8B<I: Int8Instructions>(_: I.Type, kc: Int, nc: Int, b: UnsafePointer<Int8>, ldb: Int,
                                    into dst: UnsafeMutablePointer<UInt32>, columnSums: UnsafeMutablePointer<Int32>) {
    let groups = I.groups(kc)
    var panel = dst
    for j0 in stride(from: 0, to: nc, by: I.tileColumns) {
        let cols = min(I.tileColumns, nc - j0)
        if cols == I.tileColumns {
            I.packPanel(kc: kc, b: b + j0, ldb: ldb, into: panel, columnSums: columnSums + j0)
        } else {
            for g in 0..<groups {
                for j in 0..<I.tileColumns {
                    var word: UInt32 = 0
                    if j < cols {
                        for q in 0..<min(I.wordK, kc - g * I.wordK) {
                            let value = Int32(b[(g * I.wordK + q) * ldb + j0 + j])
                            word |= (UInt32(bitPattern: value) & I.fieldMask) << (q * I.fieldBits)
                            columnSums[j0 + j] &+= value
                        }
                    }
                    panel[g * I.tileColumns + j] = word
                }
            }
        }
        panel += I.tileColumns * groups
    }
}
#endif
