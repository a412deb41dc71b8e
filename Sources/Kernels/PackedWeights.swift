#if canImport(Glibc)
import Glibc
#endif

/// fp32 weights packed once, as a model server does when it loads a model: every call then
/// skips packing B, which at the inference shapes (m ≤ 32) costs as much as the multiply.
/// The layout is the driver's blocks back to back: k is cut into blocks of `blockK` rows,
/// and each block holds its ⌈n/16⌉ panels of blockK × 16 floats (zero-padded), so a block the
/// driver asks for is one contiguous pointer range. (Panels over all of k put the segments
/// of one block 256 KiB apart at k = 4096: the same L1 and L2 sets, and m = 32 ran at 0.4× of
/// packing per call.) The m = 1 product reads the whole array front to back.

/// B (k×n fp32) in the driver's block and panel layout, made once and shared by every call.
public final class PackedWeights: @unchecked Sendable, Equatable {
    /// k: the input dimension.
    public let rows: Int
    /// n: the output dimension.
    public let cols: Int
    /// k blocks of `blockK` rows (the last shorter), each ⌈n/16⌉ panels of its rows × 16
    /// floats; immutable after init (hence Sendable).
    var panels: UnsafeMutablePointer<Float> { storage.pointer }
    private let storage: WeightBuffer<Float>

    /// Rows of k per block: the kc of the driver's many-row blocking, used for every m.
    static let blockK = GemmBlocking.large.kc

    /// Packs row-major `b` (k×n, row stride `ldb`, n when nil).
    public init(_ b: UnsafePointer<Float>, rows: Int, cols: Int, ldb: Int? = nil) {
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
        let paddedCols = roundUp(self.cols, gemmNR)
        storage = WeightBuffer(zeroed: paddedCols * self.rows)
        guard self.cols > 0 else { return }
        for p0 in stride(from: 0, to: self.rows, by: Self.blockK) {
            packB(kc: min(Self.blockK, self.rows - p0), nc: self.cols, b: b + p0 * (ldb ?? self.cols), ldb: ldb ?? self.cols,
                  into: panels + p0 * paddedCols)
        }
    }

    /// Packs a k×n `Matrix`.
    public convenience init(_ matrix: Matrix) {
        self.init(matrix.values, rows: matrix.rows, cols: matrix.cols)
    }

    /// Equal when they hold the same weights (same shape, same packed floats).
    public static func == (lhs: PackedWeights, rhs: PackedWeights) -> Bool {
        lhs.rows == rhs.rows && lhs.cols == rhs.cols
            && memcmp(lhs.panels, rhs.panels, lhs.storage.count * MemoryLayout<Float>.stride) == 0
    }

    /// The panels of rows [p0, p0 + blockK) from column j0 (p0 a multiple of blockK, j0 of 16).
    func block(p0: Int, j0: Int) -> PanelBlock {
        let kc = min(Self.blockK, rows - p0)
        return PanelBlock(panels: panels + p0 * roundUp(cols, gemmNR) + j0 * kc, panelStride: kc * gemmNR)
    }
}

/// Weights packed at load, as a source of B blocks: a block is a pointer into the panels.
struct PrepackedB: PackableB {
    let weights: PackedWeights

    var packsPerCall: Bool { false }

    func blocking(rows m: Int) -> GemmBlocking { GemmBlocking(mc: GemmBlocking.large.mc, kc: PackedWeights.blockK, nc: GemmBlocking.large.nc) }

    func block(p0: Int, j0: Int, kc: Int, nc: Int, scratch: UnsafeMutablePointer<Float>?) -> PanelBlock {
        weights.block(p0: p0, j0: j0)
    }
}

/// Row-major `C[m×n] = A[m×k] · B` (fp32) for B packed at load, on `threads` threads.
public func sgemm(m: Int, a: UnsafePointer<Float>, weights: PackedWeights, c: UnsafeMutablePointer<Float>,
                  threads: Int = 1) {
    let n = weights.cols, k = weights.rows
    guard m > 0, n > 0 else { return }
    if m == 1 {
        packedGemv(n: n, k: k, a: a, weights: weights, c: c, threads: threads)
        return
    }
    gemmDriver(m: m, n: n, k: k, a: a, lda: k, source: PrepackedB(weights: weights), c: c, ldc: n,
               accumulate: false, threads: threads)
}

/// c[n] = a[k] · B for packed B, block after block of k: each thread streams its panels of
/// the block (blockK × 64 contiguous bytes each) and adds into its part of c, which stays in L1.
func packedGemv(n: Int, k: Int, a: UnsafePointer<Float>, weights: PackedWeights, c: UnsafeMutablePointer<Float>,
                threads: Int) {
    let panelCount = roundUp(n, gemmNR) / gemmNR
    let ranges = splitRange(panelCount, parts: usefulThreads(threads, flops: 2 * n * k), granule: 4)
    let shared = UnsafeSendable(value: (a, c))
    parallelFor(parts: ranges.count) { part in
        let (a, c) = shared.value
        let first = ranges[part].lowerBound * gemmNR
        (c + first).update(repeating: 0, count: min(n, ranges[part].upperBound * gemmNR) - first)
        for p0 in stride(from: 0, to: k, by: PackedWeights.blockK) {
            let block = weights.block(p0: p0, j0: 0)
            let kc = min(PackedWeights.blockK, k - p0)
            for s in ranges[part] {
                let (low, high) = panelDot(k: kc, a: a + p0, panel: block.panels + s * block.panelStride)
                let j0 = s * gemmNR
                if n - j0 >= gemmNR {
                    storeVector(loadVector(c + j0) + low, c + j0)
                    storeVector(loadVector(c + j0 + 8) + high, c + j0 + 8)
                } else {
                    for j in 0..<(n - j0) { c[j0 + j] += j < 8 ? low[j] : high[j - 8] }
                }
            }
        }
    }
}
/// Σ_p a[p] · panel row p, for one k×16 panel, as two 8-column vectors.
@inline(__always)
private func panelDot(k: Int, a: UnsafePointer<Float>, panel: UnsafePointer<Float>) -> (FloatVector, FloatVector) {
    var x0 = FloatVector(), y0 = FloatVector(), x1 = FloatVector(), y1 = FloatVector()
    var x2 = FloatVector(), y2 = FloatVector(), x3 = FloatVector(), y3 = FloatVector()
    var p = 0
    var b = panel
    while p + 4 <= k {
        let a0 = FloatVector(repeating: a[p]), a1 = FloatVector(repeating: a[p + 1])
        let a2 = FloatVector(repeating: a[p + 2]), a3 = FloatVector(repeating: a[p + 3])
        multiplyAdd(&x0, a0, loadVector(b)); multiplyAdd(&y0, a0, loadVector(b + 8))
        multiplyAdd(&x1, a1, loadVector(b + 16)); multiplyAdd(&y1, a1, loadVector(b + 24))
        multiplyAdd(&x2, a2, loadVector(b + 32)); multiplyAdd(&y2, a2, loadVector(b + 40))
        multiplyAdd(&x3, a3, loadVector(b + 48)); multiplyAdd(&y3, a3, loadVector(b + 56))
        b += 4 * gemmNR
        p += 4
    }
    while p < k {
        let ap = FloatVector(repeating: a[p])
        multiplyAdd(&x0, ap, loadVector(b)); multiplyAdd(&y0, ap, loadVector(b + 8))
        b += gemmNR
        p += 1
    }
    return ((x0 + x1) + (x2 + x3), (y0 + y1) + (y2 + y3))
}
