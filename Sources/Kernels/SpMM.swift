/// Sparse × dense matrix multiply, `C[m×n] = S[m×k] · B[k×n]`, with S in CSR or block-CSR.
/// Work goes strip by strip over the columns of B and C. Each strip of B is first copied into
/// a contiguous k×width buffer: read in place, its rows sit n floats apart, map onto a few
/// cache sets and thrash L2; packed, the strip stays in L2 while every sparse row streams
/// through it, and the accumulators for one row (or block row) of the strip stay in registers.

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
                    withAlignedBuffer(of: Float.self, count: s.cols * csrStrip) { strip in
                        csrStrips(rows: s.rows, k: s.cols, columnRange: ranges[part], n: n, starts: starts, columns: columns,
                                  values: values, b: b, strip: strip, c: c)
                    }
                }
            }
        }
    }
}

/// Copies columns [j0, j0+width) of the k×n matrix B into `strip` (row stride `width`).
func packStrip(k: Int, width: Int, b: UnsafePointer<Float>, n: Int, j0: Int, into strip: UnsafeMutablePointer<Float>) {
    for p in 0..<k { (strip + p &* width).update(from: b + (p &* n &+ j0), count: width) }
}

/// One thread's share of CSR SpMM: columns `columnRange` of C for every row.
func csrStrips(rows: Int, k: Int, columnRange: Range<Int>, n: Int, starts: UnsafePointer<Int32>,
               columns: UnsafePointer<Int32>?, values: UnsafePointer<Float>?, b: UnsafePointer<Float>,
               strip: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>) {
    var j0 = columnRange.lowerBound
    while j0 < columnRange.upperBound {
        let width = min(csrStrip, columnRange.upperBound - j0)
        packStrip(k: k, width: width, b: b, n: n, j0: j0, into: strip)
        for i in 0..<rows {
            let begin = Int(starts[i]), end = Int(starts[i + 1])
            let out = c + i * n + j0
            guard begin < end, let columns, let values else {
                out.update(repeating: 0, count: width)
                continue
            }
            if width == csrStrip {
                csrRow64(begin: begin, end: end, columns: columns, values: values, b: strip, c: out)
            } else {
                csrRowNarrow(width: width, begin: begin, end: end, columns: columns, values: values, b: strip, c: out)
            }
        }
        j0 += width
    }
}

/// c[0..<64] = Σ over the row's nonzeros of value · strip[column, 0..<64], in eight registers.
@inline(__always)
func csrRow64(begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
              b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
    var acc0 = FloatVector(), acc1 = FloatVector(), acc2 = FloatVector(), acc3 = FloatVector()
    var acc4 = FloatVector(), acc5 = FloatVector(), acc6 = FloatVector(), acc7 = FloatVector()
    for index in begin..<end {
        let v = FloatVector(repeating: values[index])
        let row = b + Int(columns[index]) &* csrStrip
        multiplyAdd(&acc0, v, loadVector(row)); multiplyAdd(&acc1, v, loadVector(row + 8))
        multiplyAdd(&acc2, v, loadVector(row + 16)); multiplyAdd(&acc3, v, loadVector(row + 24))
        multiplyAdd(&acc4, v, loadVector(row + 32)); multiplyAdd(&acc5, v, loadVector(row + 40))
        multiplyAdd(&acc6, v, loadVector(row + 48)); multiplyAdd(&acc7, v, loadVector(row + 56))
    }
    storeVector(acc0, c); storeVector(acc1, c + 8); storeVector(acc2, c + 16); storeVector(acc3, c + 24)
    storeVector(acc4, c + 32); storeVector(acc5, c + 40); storeVector(acc6, c + 48); storeVector(acc7, c + 56)
}

/// A strip narrower than 64 columns (row stride `width`): one vector at a time, then scalars.
@inline(__always)
func csrRowNarrow(width: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
                  b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
    var j = 0
    while j + 8 <= width {
        var acc = FloatVector()
        for index in begin..<end {
            multiplyAdd(&acc, FloatVector(repeating: values[index]), loadVector(b + (Int(columns[index]) &* width &+ j)))
        }
        storeVector(acc, c + j)
        j += 8
    }
    while j < width {
        var sum: Float = 0
        for index in begin..<end { sum += values[index] * b[Int(columns[index]) &* width &+ j] }
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
                let stripWidth = s.blockRows == 4 ? blockStrip : csrStrip
                let ranges = splitRange(n, parts: threads, granule: stripWidth)
                let shared = UnsafeSendable(value: (starts.baseAddress!, columns.baseAddress, values.baseAddress, b, c))
                parallelFor(parts: ranges.count) { part in
                    let (starts, columns, values, b, c) = shared.value
                    withAlignedBuffer(of: Float.self, count: s.cols * stripWidth) { strip in
                        blockStrips(s, stripWidth: stripWidth, columnRange: ranges[part], n: n, starts: starts,
                                    columns: columns, values: values, b: b, strip: strip, c: c)
                    }
                }
            }
        }
    }
}

/// One thread's share of block-CSR SpMM. Interior 4-row blocks use the 4×16 register tile;
/// other shapes (and blocks cut by the matrix edge) go one row of the block row at a time.
func blockStrips(_ s: BlockCSRMatrix, stripWidth: Int, columnRange: Range<Int>, n: Int, starts: UnsafePointer<Int32>,
                 columns: UnsafePointer<Int32>?, values: UnsafePointer<Float>?, b: UnsafePointer<Float>,
                 strip: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>) {
    let br = s.blockRows, bc = s.blockCols
    let blockRowCount = (s.rows + br - 1) / br
    var j0 = columnRange.lowerBound
    while j0 < columnRange.upperBound {
        let width = min(stripWidth, columnRange.upperBound - j0)
        packStrip(k: s.cols, width: width, b: b, n: n, j0: j0, into: strip)
        for bi in 0..<blockRowCount {
            let begin = Int(starts[bi]), end = Int(starts[bi + 1])
            let rowCount = min(br, s.rows - bi * br)
            let cRows = c + bi * br * n + j0
            guard begin < end, let columns, let values else {
                for r in 0..<rowCount { (cRows + r * n).update(repeating: 0, count: width) }
                continue
            }
            let clipped = (Int(columns[end - 1]) + 1) * bc > s.cols
            if br == 4 && rowCount == 4 && !clipped && width == blockStrip {
                block4Row16(bc: bc, begin: begin, end: end, columns: columns, values: values, b: strip, c: cRows, ldc: n)
            } else {
                for r in 0..<rowCount {
                    blockRow(r: r, blockRows: br, blockCols: bc, cols: s.cols, begin: begin, end: end, columns: columns,
                             values: values, b: strip, width: width, c: cRows + r * n)
                }
            }
        }
        j0 += width
    }
}

/// C[4 rows, 16 cols] = Σ over the block row's blocks of block(4×bc) · strip[bc rows, 16 cols].
@inline(__always)
func block4Row16(bc: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>,
                 b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int) {
    var c00 = FloatVector(), c01 = FloatVector(), c10 = FloatVector(), c11 = FloatVector()
    var c20 = FloatVector(), c21 = FloatVector(), c30 = FloatVector(), c31 = FloatVector()
    for index in begin..<end {
        let block = values + index &* 4 &* bc
        let bRows = b + Int(columns[index]) &* bc &* blockStrip
        for q in 0..<bc {
            let row = bRows + q &* blockStrip
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
    storeVector(c10, c + ldc); storeVector(c11, c + ldc + 8)
    storeVector(c20, c + 2 * ldc); storeVector(c21, c + 2 * ldc + 8)
    storeVector(c30, c + 3 * ldc); storeVector(c31, c + 3 * ldc + 8)
}

/// Row r of a block row over one packed strip (row stride `width`): eight registers for a
/// full 64-column strip, else vectors of 8 then scalars; blocks cut by the matrix's right
/// edge are clipped.
func blockRow(r: Int, blockRows: Int, blockCols: Int, cols: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>,
              values: UnsafePointer<Float>, b: UnsafePointer<Float>, width: Int, c: UnsafeMutablePointer<Float>) {
    if width == csrStrip {
        blockRow64(r: r, blockRows: blockRows, blockCols: blockCols, cols: cols, begin: begin, end: end,
                   columns: columns, values: values, b: b, c: c)
        return
    }
    var j = 0
    while j + 8 <= width {
        var acc = FloatVector()
        for index in begin..<end {
            let col0 = Int(columns[index]) &* blockCols
            let weights = values + (index &* blockRows &* blockCols &+ r &* blockCols)
            for q in 0..<min(blockCols, cols &- col0) {
                multiplyAdd(&acc, FloatVector(repeating: weights[q]), loadVector(b + ((col0 &+ q) &* width &+ j)))
            }
        }
        storeVector(acc, c + j)
        j += 8
    }
    while j < width {
        var sum: Float = 0
        for index in begin..<end {
            let col0 = Int(columns[index]) &* blockCols
            let weights = values + (index &* blockRows &* blockCols &+ r &* blockCols)
            for q in 0..<min(blockCols, cols &- col0) { sum += weights[q] * b[(col0 &+ q) &* width &+ j] }
        }
        c[j] = sum
        j += 1
    }
}

/// Row r of a block row over a full 64-column strip, in eight registers (the CSR kernel with
/// blockCols consecutive strip rows per stored block).
@inline(__always)
func blockRow64(r: Int, blockRows: Int, blockCols: Int, cols: Int, begin: Int, end: Int, columns: UnsafePointer<Int32>,
                values: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
    var acc0 = FloatVector(), acc1 = FloatVector(), acc2 = FloatVector(), acc3 = FloatVector()
    var acc4 = FloatVector(), acc5 = FloatVector(), acc6 = FloatVector(), acc7 = FloatVector()
    for index in begin..<end {
        let col0 = Int(columns[index]) &* blockCols
        let weights = values + (index &* blockRows &* blockCols &+ r &* blockCols)
        for q in 0..<min(blockCols, cols &- col0) {
            let v = FloatVector(repeating: weights[q])
            let row = b + (col0 &+ q) &* csrStrip
            multiplyAdd(&acc0, v, loadVector(row)); multiplyAdd(&acc1, v, loadVector(row + 8))
            multiplyAdd(&acc2, v, loadVector(row + 16)); multiplyAdd(&acc3, v, loadVector(row + 24))
            multiplyAdd(&acc4, v, loadVector(row + 32)); multiplyAdd(&acc5, v, loadVector(row + 40))
            multiplyAdd(&acc6, v, loadVector(row + 48)); multiplyAdd(&acc7, v, loadVector(row + 56))
        }
    }
    storeVector(acc0, c); storeVector(acc1, c + 8); storeVector(acc2, c + 16); storeVector(acc3, c + 24)
    storeVector(acc4, c + 32); storeVector(acc5, c + 40); storeVector(acc6, c + 48); storeVector(acc7, c + 56)
}
