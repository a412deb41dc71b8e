/// Sparse × dense matrix multiply, `C[m×n] = S[m×k] · B[k×n]`, with S in CSR or block-CSR.
/// Work is split over column strips of B/C: a strip of B stays in L2 while every sparse row
/// streams through it, and the accumulators for one row (or block row) of the strip stay in
/// registers.

/// Columns per strip for CSR: 64 (eight 8-lane accumulators).
let csrStrip = 64
/// Columns per strip for block-CSR with 4-row blocks: 16 (4 rows × 2 vectors = 8 accumulators).
let blockStrip = 16

/// `C = S · B` with S in CSR; B is row-major k×n (k = S.cols), C row-major m×n (m = S.rows).
public func spmm(_ s: CSRMatrix, b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>, threads: Int = 1) {
    guard s.rows > 0, n > 0 else { return }
    s.rowStarts.withUnsafeBufferPointer { starts in
        s.columns.withUnsafeBufferPointer { columns in
            s.values.withUnsafeBufferPointer { values in
                let ranges = splitRange(n, parts: threads, granule: csrStrip)
                let shared = UnsafeSendable(value: (starts.baseAddress!, columns.baseAddress, values.baseAddress, b, c))
                parallelFor(parts: ranges.count) { part in
                    let (starts, columns, values, b, c) = shared.value
                    csrStrips(rows: s.rows, columnRange: ranges[part], n: n, starts: starts, columns: columns,
                              values: values, b: b, c: c)
                }
            }
        }
    }
}

/// One thread's share of CSR SpMM: columns `columnRange` of C for every row.
func csrStrips(rows: Int, columnRange: Range<Int>, n: Int, starts: UnsafePointer<Int32>, columns: UnsafePointer<Int32>?,
               values: UnsafePointer<Float>?, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
    var j0 = columnRange.lowerBound
    while j0 < columnRange.upperBound {
        let width = min(csrStrip, columnRange.upperBound - j0)
        for i in 0..<rows {
            let begin = Int(starts[i]), end = Int(starts[i + 1])
            let out = c + i * n + j0
            guard begin < end, let columns, let values else {
                out.update(repeating: 0, count: width)
                continue
            }
            if width == csrStrip {
                csrRow64(begin: begin, end: end, columns: columns, values: values, b: b + j0, n: n, c: out)
            } else {
                csrRowNarrow(width: width, begin: begin, end: end, columns: columns, values: values, b: b + j0, n: n, c: out)
            }
        }
        j0 += width
    }
}

/// c[0..<64] = Σ over the row's nonzeros of value · B[column, 0..<64], in eight registers.
@inline(__always)
func csrRow64(begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
              b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>) {
    var acc0 = FloatVector(), acc1 = FloatVector(), acc2 = FloatVector(), acc3 = FloatVector()
    var acc4 = FloatVector(), acc5 = FloatVector(), acc6 = FloatVector(), acc7 = FloatVector()
    for index in begin..<end {
        let v = FloatVector(repeating: values[index])
        let row = b + Int(columns[index]) &* n
        multiplyAdd(&acc0, v, loadVector(row)); multiplyAdd(&acc1, v, loadVector(row + 8))
        multiplyAdd(&acc2, v, loadVector(row + 16)); multiplyAdd(&acc3, v, loadVector(row + 24))
        multiplyAdd(&acc4, v, loadVector(row + 32)); multiplyAdd(&acc5, v, loadVector(row + 40))
        multiplyAdd(&acc6, v, loadVector(row + 48)); multiplyAdd(&acc7, v, loadVector(row + 56))
    }
    storeVector(acc0, c); storeVector(acc1, c + 8); storeVector(acc2, c + 16); storeVector(acc3, c + 24)
    storeVector(acc4, c + 32); storeVector(acc5, c + 40); storeVector(acc6, c + 48); storeVector(acc7, c + 56)
}

/// The strip remainder (< 64 columns): one vector at a time, then scalars.
@inline(__always)
func csrRowNarrow(width: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
                  b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>) {
    var j = 0
    while j + 8 <= width {
        var acc = FloatVector()
        for index in begin..<end {
            multiplyAdd(&acc, FloatVector(repeating: values[index]), loadVector(b + Int(columns[index]) &* n + j))
        }
        storeVector(acc, c + j)
        j += 8
    }
    while j < width {
        var sum: Float = 0
        for index in begin..<end { sum += values[index] * b[Int(columns[index]) * n + j] }
        c[j] = sum
        j += 1
    }
}

/// `C = S · B` with S in block-CSR; B is row-major k×n (k = S.cols), C row-major m×n.
public func spmm(_ s: BlockCSRMatrix, b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>, threads: Int = 1) {
    guard s.rows > 0, n > 0 else { return }
    s.blockRowStarts.withUnsafeBufferPointer { starts in
        s.blockColumns.withUnsafeBufferPointer { columns in
            s.values.withUnsafeBufferPointer { values in
                let granule = s.blockRows == 4 ? blockStrip : csrStrip
                let ranges = splitRange(n, parts: threads, granule: granule)
                let shared = UnsafeSendable(value: (starts.baseAddress!, columns.baseAddress, values.baseAddress, b, c))
                parallelFor(parts: ranges.count) { part in
                    let (starts, columns, values, b, c) = shared.value
                    blockStrips(s, columnRange: ranges[part], n: n, starts: starts, columns: columns, values: values, b: b, c: c)
                }
            }
        }
    }
}

/// One thread's share of block-CSR SpMM, strip by strip so each strip of B stays in L2.
/// Interior 4-row blocks use the 4×16 register tile; other shapes (and blocks cut by the
/// matrix edge) go one row of the block row at a time.
func blockStrips(_ s: BlockCSRMatrix, columnRange: Range<Int>, n: Int, starts: UnsafePointer<Int32>,
                 columns: UnsafePointer<Int32>?, values: UnsafePointer<Float>?, b: UnsafePointer<Float>,
                 c: UnsafeMutablePointer<Float>) {
    let br = s.blockRows, bc = s.blockCols
    let blockRowCount = (s.rows + br - 1) / br
    let strip = br == 4 ? blockStrip : csrStrip
    var j0 = columnRange.lowerBound
    while j0 < columnRange.upperBound {
        let j1 = min(j0 + strip, columnRange.upperBound)
        for bi in 0..<blockRowCount {
            let begin = Int(starts[bi]), end = Int(starts[bi + 1])
            let rowCount = min(br, s.rows - bi * br)
            let cRows = c + bi * br * n
            guard begin < end, let columns, let values else {
                for r in 0..<rowCount { (cRows + r * n + j0).update(repeating: 0, count: j1 - j0) }
                continue
            }
            let clipped = (Int(columns[end - 1]) + 1) * bc > s.cols
            if br == 4 && rowCount == 4 && !clipped && j1 - j0 == blockStrip {
                block4Row16(bc: bc, begin: begin, end: end, columns: columns, values: values, b: b + j0, n: n, c: cRows + j0)
            } else {
                for r in 0..<rowCount {
                    blockRowGeneric(r: r, blockRows: br, blockCols: bc, cols: s.cols, begin: begin, end: end,
                                    columns: columns, values: values, b: b, n: n, j0: j0, j1: j1, c: cRows + r * n)
                }
            }
        }
        j0 = j1
    }
}

/// C[4 rows, 16 cols] = Σ over the block row's blocks of block(4×bc) · B[bc rows, 16 cols].
@inline(__always)
func block4Row16(bc: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
                 b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>) {
    var c00 = FloatVector(), c01 = FloatVector(), c10 = FloatVector(), c11 = FloatVector()
    var c20 = FloatVector(), c21 = FloatVector(), c30 = FloatVector(), c31 = FloatVector()
    for index in begin..<end {
        let block = values + index &* 4 &* bc
        let bRows = b + Int(columns[index]) &* bc &* n
        for q in 0..<bc {
            let row = bRows + q &* n
            let b0 = loadVector(row), b1 = loadVector(row + 8)
            var v = FloatVector(repeating: block[q])
            multiplyAdd(&c00, v, b0); multiplyAdd(&c01, v, b1)
            v = FloatVector(repeating: block[bc &+ q])
            multiplyAdd(&c10, v, b0); multiplyAdd(&c11, v, b1)
            v = FloatVector(repeating: block[2 &* bc &+ q])
            multiplyAdd(&c20, v, b0); multiplyAdd(&c21, v, b1)
            v = FloatVector(repeating: block[3 &* bc &+ q])
            multiplyAdd(&c30, v, b0); multiplyAdd(&c31, v, b1)
        }
    }
    storeVector(c00, c); storeVector(c01, c + 8)
    storeVector(c10, c + n); storeVector(c11, c + n + 8)
    storeVector(c20, c + 2 * n); storeVector(c21, c + 2 * n + 8)
    storeVector(c30, c + 3 * n); storeVector(c31, c + 3 * n + 8)
}

/// Row r of a block row, columns [j0, j1) of C: vectors of 8 then scalars; clips blocks at
/// the matrix's right edge.
func blockRowGeneric(r: Int, blockRows: Int, blockCols: Int, cols: Int, begin: Int, end: Int,
                     columns: UnsafePointer<Int32>, values: UnsafePointer<Float>, b: UnsafePointer<Float>, n: Int,
                     j0: Int, j1: Int, c: UnsafeMutablePointer<Float>) {
    var j = j0
    if j1 - j0 == csrStrip {
        blockRow64(r: r, blockRows: blockRows, blockCols: blockCols, cols: cols, begin: begin, end: end,
                   columns: columns, values: values, b: b + j0, n: n, c: c + j0)
        return
    }
    while j + 8 <= j1 {
        var acc = FloatVector()
        for index in begin..<end {
            let col0 = Int(columns[index]) * blockCols
            let weights = values + index * blockRows * blockCols + r * blockCols
            for q in 0..<min(blockCols, cols - col0) {
                multiplyAdd(&acc, FloatVector(repeating: weights[q]), loadVector(b + (col0 + q) * n + j))
            }
        }
        storeVector(acc, c + j)
        j += 8
    }
    while j < j1 {
        var sum: Float = 0
        for index in begin..<end {
            let col0 = Int(columns[index]) * blockCols
            let weights = values + index * blockRows * blockCols + r * blockCols
            for q in 0..<min(blockCols, cols - col0) { sum += weights[q] * b[(col0 + q) * n + j] }
        }
        c[j] = sum
        j += 1
    }
}

/// Row r of a block row over a full 64-column strip, in eight registers (the CSR kernel with
/// blockCols consecutive B rows per stored block).
@inline(__always)
func blockRow64(r: Int, blockRows: Int, blockCols: Int, cols: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>,
                values: UnsafePointer<Float>, b: UnsafePointer<Float>, n: Int, c: UnsafeMutablePointer<Float>) {
    var acc0 = FloatVector(), acc1 = FloatVector(), acc2 = FloatVector(), acc3 = FloatVector()
    var acc4 = FloatVector(), acc5 = FloatVector(), acc6 = FloatVector(), acc7 = FloatVector()
    for index in begin..<end {
        let col0 = Int(columns[index]) &* blockCols
        let weights = values + (index &* blockRows &* blockCols &+ r &* blockCols)
        for q in 0..<min(blockCols, cols &- col0) {
            let v = FloatVector(repeating: weights[q])
            let row = b + (col0 &+ q) &* n
            multiplyAdd(&acc0, v, loadVector(row)); multiplyAdd(&acc1, v, loadVector(row + 8))
            multiplyAdd(&acc2, v, loadVector(row + 16)); multiplyAdd(&acc3, v, loadVector(row + 24))
            multiplyAdd(&acc4, v, loadVector(row + 32)); multiplyAdd(&acc5, v, loadVector(row + 40))
            multiplyAdd(&acc6, v, loadVector(row + 48)); multiplyAdd(&acc7, v, loadVector(row + 56))
        }
    }
    storeVector(acc0, c); storeVector(acc1, c + 8); storeVector(acc2, c + 16); storeVector(acc3, c + 24)
    storeVector(acc4, c + 32); storeVector(acc5, c + 40); storeVector(acc6, c + 48); storeVector(acc7, c + 56)
}
