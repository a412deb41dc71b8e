/// The m = 1 case (a single activation row, the memory-bound serving shape): c = a · B.
/// Packing B would read it twice, so B is streamed row by row, four rows at a time, into an
/// output row that stays in L1.

/// Row-major `c[n] (+)= a[k] · B[k×n]` on `threads` threads (split by columns).
func sgemv(n: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
           c: UnsafeMutablePointer<Float>, accumulate: Bool, threads: Int) {
    let ranges = splitRange(n, parts: threads, granule: 64)
    let shared = UnsafeSendable(value: (a, b, c))
    parallelFor(parts: ranges.count) { part in
        let (a, b, c) = shared.value
        let r = ranges[part]
        for j0 in stride(from: r.lowerBound, to: r.upperBound, by: sgemvColumnChunk) {
            let width = min(sgemvColumnChunk, r.upperBound - j0)
            axpyRows(width: width, k: k, a: a, b: b + j0, ldb: ldb, c: c + j0, accumulate: accumulate)
        }
    }
}

/// Columns handled per pass: 4096 floats (16 KiB) of c stay in L1.
let sgemvColumnChunk = 4096

/// c[width] (+)= Σ_p a[p] · B[p, 0..<width], four B rows per pass over c.
@inline(__always)
func axpyRows(width: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
              c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    if !accumulate { c.update(repeating: 0, count: width) }
    let vectorEnd = width & ~7
    var p = 0
    while p + 4 <= k {
        let a0 = FloatVector(repeating: a[p]), a1 = FloatVector(repeating: a[p + 1])
        let a2 = FloatVector(repeating: a[p + 2]), a3 = FloatVector(repeating: a[p + 3])
        let b0 = b + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
        var j = 0
        while j < vectorEnd {
            var acc = loadVector(c + j)
            multiplyAdd(&acc, a0, loadVector(b0 + j))
            multiplyAdd(&acc, a1, loadVector(b1 + j))
            multiplyAdd(&acc, a2, loadVector(b2 + j))
            multiplyAdd(&acc, a3, loadVector(b3 + j))
            storeVector(acc, c + j)
            j += 8
        }
        while j < width {
            c[j] += a[p] * b0[j] + a[p + 1] * b1[j] + a[p + 2] * b2[j] + a[p + 3] * b3[j]
            j += 1
        }
        p += 4
    }
    while p < k {
        let ap = a[p]
        let row = b + p * ldb
        for j in 0..<width { c[j] += ap * row[j] }
        p += 1
    }
}
