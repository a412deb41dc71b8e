/// The m = 1 case (a single activation row, the memory-bound serving shape): c = a · B.
/// Packing B would read it twice, so B is streamed row by row, eight rows at a time, into an
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

/// c[width] (+)= Σ_p a[p] · B[p, 0..<width], eight B rows per pass over c.
func axpyRows(width: Int, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
              c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    if !accumulate { c.update(repeating: 0, count: width) }
    let vectorEnd = width & ~7
    var p = 0
    while p + 8 <= k {
        let a0 = FloatVector(repeating: a[p]), a1 = FloatVector(repeating: a[p + 1])
        let a2 = FloatVector(repeating: a[p + 2]), a3 = FloatVector(repeating: a[p + 3])
        let a4 = FloatVector(repeating: a[p + 4]), a5 = FloatVector(repeating: a[p + 5])
        let a6 = FloatVector(repeating: a[p + 6]), a7 = FloatVector(repeating: a[p + 7])
        let b0 = b + p * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
        let b4 = b3 + ldb, b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb
        var j = 0
        while j < vectorEnd {
            var acc = loadVector(c + j)
            var acc2 = loadVector(b0 + j) * a0
            multiplyAdd(&acc, a1, loadVector(b1 + j))
            multiplyAdd(&acc2, a2, loadVector(b2 + j))
            multiplyAdd(&acc, a3, loadVector(b3 + j))
            multiplyAdd(&acc2, a4, loadVector(b4 + j))
            multiplyAdd(&acc, a5, loadVector(b5 + j))
            multiplyAdd(&acc2, a6, loadVector(b6 + j))
            multiplyAdd(&acc, a7, loadVector(b7 + j))
            storeVector(acc + acc2, c + j)
            j += 8
        }
        while j < width {
            var sum = c[j]
            for q in 0..<8 { sum += a[p + q] * b0[q * ldb + j] }
            c[j] = sum
            j += 1
        }
        p += 8
    }
    while p < k {
        let ap = a[p]
        let row = b + p * ldb
        for j in 0..<width { c[j] += ap * row[j] }
        p += 1
    }
}
