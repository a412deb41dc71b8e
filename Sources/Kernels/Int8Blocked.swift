/// The blocked driver of the integer int8 GEMM: the fp32 GEMM's loop structure (threads
/// split C; per thread, KC×NC blocks of B packed into L2-sized buffers; 6-row A panels
/// walked along a row of C tiles) around the integer micro-kernel. A is packed (quantizing
/// activations goes straight into that layout) by the part that multiplies those rows, or
/// whole beforehand for a split by columns. The int32 sums of a row panel are finished in
/// place right after its last k block, while they are in L1: the VNNI bias term removed and,
/// for the quantized layer, converted to fp32 and rescaled (a separate pass over a 1024×512
/// column block of C, 2 MiB, went through L3).

#if KERNELS_AVX2
/// Cache-blocking parameters (k values, columns): a KC×NC block of packed B is 256 KiB with
/// VNNI (512 KiB as 16-bit values with AVX2), inside Zen 4's 1 MiB L2; a 6-row A panel of KC
/// k values (3–6 KiB) stays in L1 while the micro-kernel walks along a row of C tiles.
enum Int8Blocking {
    /// A multiple of every word size (4), so k blocks start on word boundaries.
    static let kc = 512
    static let nc = 512
}

/// What the driver leaves in C once a block's int32 sums are complete.
enum Int8Output {
    /// The exact int32 sums.
    case int32
    /// `Float(sum) · scales[j]` in the same memory (fp32 is as wide as int32).
    case float(scales: UnsafePointer<Float>)

    /// The same output for a block starting at column `j0`.
    func shifted(by j0: Int) -> Int8Output {
        switch self {
        case .int32: return .int32
        case let .float(scales): return .float(scales: scales + j0)
        }
    }
}

/// Where the driver finds B: row-major int8 packed block by block on every call, or blocks
/// packed at load (`PackedInt8Weights`) together with their column sums.
enum Int8BSource {
    case rowMajor(UnsafePointer<Int8>, ldb: Int)
    /// k blocks of `Int8Blocking.kc` rows (the last shorter), each ⌈n/NR⌉ panels of its
    /// words × NR, `paddedColumns` words per word row; Σ_p B[p, j]; and the first column of
    /// this part.
    case packed(panels: UnsafePointer<UInt32>, paddedColumns: Int, columnSums: UnsafePointer<Int32>, firstColumn: Int)

    /// The same source from column `j0` on (a multiple of NR).
    func columns(from j0: Int) -> Int8BSource {
        switch self {
        case let .rowMajor(b, ldb): return .rowMajor(b + j0, ldb: ldb)
        case let .packed(panels, paddedColumns, sums, first):
            return .packed(panels: panels, paddedColumns: paddedColumns, columnSums: sums, firstColumn: first + j0)
        }
    }

    var packsPerCall: Bool {
        if case .rowMajor = self { return true }
        return false
    }
}

/// The panels of packed k block `pc` (a multiple of `Int8Blocking.kc`, `kc` rows) from
/// column `j0` (a multiple of NR), and the words from one panel to the next.
@inline(__always)
func packedInt8Block<I: Int8Instructions>(_: I.Type, panels: UnsafePointer<UInt32>, paddedColumns: Int, pc: Int, kc: Int,
                                          j0: Int) -> (UnsafePointer<UInt32>, panelWords: Int) {
    (panels + (pc / I.wordK) * paddedColumns + j0 * I.groups(kc), I.groups(kc) * I.tileColumns)
}

/// C[m×n] (row stride n) = A · B on `threads` threads, where `packRows(rows)` packs rows of
/// A (6-row aligned) into `packedA` (`packInt8A` / `quantizeAndPackA` layout). With more rows
/// than columns (or as many, when B was packed at load), the parts are row blocks and each
/// packs its own rows before its product, so no thread waits for the others between packing
/// and multiplying; otherwise all of A is packed first (A is the smaller operand) and the
/// parts are column blocks, so no part packs B's columns that another part packs too.
func int8PackedProduct<I: Int8Instructions>(_: I.Type, m: Int, n: Int, k: Int, packedA: UnsafePointer<UInt32>,
                                            packRows: (Range<Int>) -> Void, b: Int8BSource, c: UnsafeMutableRawPointer,
                                            output: Int8Output, threads: Int) {
    let groups = I.groups(k)
    let flops = 2 * m * n * k
    let shared = UnsafeSendable(value: (packedA, b, c, output))
    if b.packsPerCall ? m > n : m >= n {
        let ranges = splitRange(m, parts: usefulThreads(threads, flops: flops), granule: int8MR)
        parallelFor(parts: ranges.count) { part in
            let (packedA, b, c, output) = shared.value
            let r = ranges[part]
            packRows(r)
            int8Blocked(I.self, m: r.count, n: n, k: k, a: packedA + r.lowerBound * groups, aGroups: groups, b: b,
                        c: c + 4 * r.lowerBound * n, ldc: n, output: output)
        }
        return
    }
    let packParts = splitRange(m, parts: usefulThreads(threads, flops: m * k), granule: int8MR)
    parallelFor(parts: packParts.count) { packRows(packParts[$0]) }
    let ranges = splitRange(n, parts: usefulThreads(threads, flops: flops), granule: I.tileColumns)
    parallelFor(parts: ranges.count) { part in
        let (packedA, b, c, output) = shared.value
        let r = ranges[part]
        int8Blocked(I.self, m: m, n: r.count, k: k, a: packedA, aGroups: groups, b: b.columns(from: r.lowerBound),
                    c: c + 4 * r.lowerBound, ldc: n, output: output.shifted(by: r.lowerBound))
    }
}

/// The single-threaded loops over k blocks, 6-row A panels and NR-column B panels.
/// - a: packed A whose first panel holds row 0 of this part; `aGroups` words per k row.
/// - c: int32 (or fp32, see `output`) C, row stride `ldc` elements.
func int8Blocked<I: Int8Instructions>(_: I.Type, m: Int, n: Int, k: Int, a: UnsafePointer<UInt32>, aGroups: Int,
                                      b: Int8BSource, c: UnsafeMutableRawPointer, ldc: Int, output: Int8Output) {
    let kcMax = min(Int8Blocking.kc, k)
    let ncMax = min(Int8Blocking.nc, roundUp(n, I.tileColumns))
    withAlignedBuffer(of: UInt32.self, count: b.packsPerCall ? I.groups(kcMax) * ncMax : 0) { bufB in
        withAlignedBuffer(of: Int32.self, count: ncMax) { sumsBuffer in
            for jc in stride(from: 0, to: n, by: Int8Blocking.nc) {
                let nc = min(Int8Blocking.nc, n - jc)
                let columnSums: UnsafePointer<Int32>
                switch b {
                case .rowMajor:
                    sumsBuffer.update(repeating: 0, count: nc)
                    columnSums = UnsafePointer(sumsBuffer)
                case let .packed(_, _, sums, first):
                    columnSums = sums + first + jc
                }
                for pc in stride(from: 0, to: k, by: Int8Blocking.kc) {
                    let kc = min(Int8Blocking.kc, k - pc)
                    let blockB: UnsafePointer<UInt32>, panelWords: Int
                    switch b {
                    case let .rowMajor(b, ldb):
                        packInt8B(I.self, kc: kc, nc: nc, b: b + pc * ldb + jc, ldb: ldb, into: bufB, columnSums: sumsBuffer)
                        (blockB, panelWords) = (UnsafePointer(bufB), I.groups(kc) * I.tileColumns)
                    case let .packed(panels, paddedColumns, _, first):
                        (blockB, panelWords) = packedInt8Block(I.self, panels: panels, paddedColumns: paddedColumns, pc: pc, kc: kc,
                                                               j0: first + jc)
                    }
                    let groups = I.groups(kc)
                    let lastBlock = pc + kc == k
                    for ir in stride(from: 0, to: m, by: int8MR) {
                        let rows = min(int8MR, m - ir)
                        let aPanel = UnsafeRawPointer(a + ir * aGroups + (pc / I.wordK) * int8MR)
                        for jr in stride(from: 0, to: nc, by: I.tileColumns) {
                            let cols = min(I.tileColumns, nc - jr)
                            let bPanel = UnsafeRawPointer(blockB + (jr / I.tileColumns) * panelWords)
                            let cTile = c + 4 * (ir * ldc + jc + jr)
                            if rows == int8MR && cols == I.tileColumns {
                                I.kernel(groups: groups, a: aPanel, b: bPanel, c: cTile, ldc: ldc, accumulate: pc > 0)
                            } else if cols == I.tileColumns {
                                I.kernelRows(rows, groups: groups, a: aPanel, b: bPanel, c: cTile, ldc: ldc, accumulate: pc > 0)
                            } else {
                                int8KernelEdge(I.self, groups: groups, a: aPanel, b: bPanel, c: cTile, ldc: ldc, rows: rows,
                                               cols: cols, accumulate: pc > 0)
                            }
                        }
                        guard lastBlock else { continue }
                        for i in ir..<(ir + rows) {
                            finishInt8Row(I.self, c + 4 * (i * ldc + jc), count: nc, columnSums: columnSums,
                                          output: output.shifted(by: jc))
                        }
                    }
                }
            }
        }
    }
}

/// Turns one row segment of int32 sums into the output: removes the VNNI activation bias
/// (128 · Σ_p B[p, j]) and, for `.float`, converts and rescales in place.
@inline(__always)
func finishInt8Row<I: Int8Instructions>(_: I.Type, _ row: UnsafeMutableRawPointer, count: Int,
                                        columnSums: UnsafePointer<Int32>, output: Int8Output) {
    let vectorEnd = count & ~7
    let bias = Int32Vector(repeating: I.activationBias)
    switch output {
    case .int32:
        guard I.activationBias != 0 else { return }
        for j in stride(from: 0, to: vectorEnd, by: 8) {
            let p = row + 4 * j
            storeInt32Vector(loadInt32Vector(p) &- bias &* loadInt32Vector(columnSums + j), p)
        }
        for j in vectorEnd..<count {
            let sum = row.load(fromByteOffset: 4 * j, as: Int32.self) &- I.activationBias &* columnSums[j]
            row.storeBytes(of: sum, toByteOffset: 4 * j, as: Int32.self)
        }
    case let .float(scales):
        for j in stride(from: 0, to: vectorEnd, by: 8) {
            let p = row + 4 * j
            let v = loadInt32Vector(p) &- bias &* loadInt32Vector(columnSums + j)
            let f = FloatVector(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]),
                                Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
            p.storeBytes(of: f * loadVector(scales + j), as: FloatVector.self)
        }
        for j in vectorEnd..<count {
            let sum = row.load(fromByteOffset: 4 * j, as: Int32.self) &- I.activationBias &* columnSums[j]
            row.storeBytes(of: Float(sum) * scales[j], toByteOffset: 4 * j, as: Float.self)
        }
    }
}
#endif
