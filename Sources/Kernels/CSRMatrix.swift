/// Compressed sparse row storage: the nonzeros of each row, in column order.
public struct CSRMatrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// `rows + 1` offsets: row i's nonzeros are at [rowStarts[i], rowStarts[i+1]).
    public let rowStarts: [Int32]
    public let columns: [Int32]
    public let values: [Float]

    /// Compresses a dense matrix, dropping exact zeros.
    public init(dense: Matrix) {
        var rowStarts: [Int32] = [0]
        var columns: [Int32] = [], values: [Float] = []
        rowStarts.reserveCapacity(dense.rows + 1)
        for i in 0..<dense.rows {
            for j in 0..<dense.cols where dense[i, j] != 0 {
                columns.append(Int32(j))
                values.append(dense[i, j])
            }
            rowStarts.append(Int32(values.count))
        }
        rows = dense.rows
        cols = dense.cols
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
    }

    public var nonzeroCount: Int { values.count }

    /// Fraction of elements not stored.
    public var sparsity: Double { rows * cols == 0 ? 0 : 1 - Double(nonzeroCount) / Double(rows * cols) }

    /// The dense matrix this stores.
    public func toDense() -> Matrix {
        var out = Matrix(rows: rows, cols: cols)
        for i in 0..<rows {
            for index in Int(rowStarts[i])..<Int(rowStarts[i + 1]) { out[i, Int(columns[index])] = values[index] }
        }
        return out
    }
}

/// Block compressed sparse row storage: the nonzero blockRows×blockCols blocks of each block
/// row. Blocks are stored whole (row-major inside the block, zero-padded at the matrix edge).
public struct BlockCSRMatrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public let blockRows: Int
    public let blockCols: Int
    /// `⌈rows/blockRows⌉ + 1` offsets into `blockColumns`.
    public let blockRowStarts: [Int32]
    /// Block-column index of each stored block.
    public let blockColumns: [Int32]
    /// blockRows·blockCols values per stored block.
    public let values: [Float]

    /// Compresses a dense matrix, keeping every block with at least one nonzero.
    public init(dense: Matrix, blockRows: Int, blockCols: Int) throws {
        guard blockRows > 0, blockCols > 0 else {
            throw KernelError.invalidArgument(what: "block shape", value: "\(blockRows)x\(blockCols)", expected: "positive sizes")
        }
        var starts: [Int32] = [0]
        var columns: [Int32] = [], values: [Float] = []
        for bi in 0..<((dense.rows + blockRows - 1) / blockRows) {
            for bj in 0..<((dense.cols + blockCols - 1) / blockCols) {
                var block = [Float](repeating: 0, count: blockRows * blockCols)
                var any = false
                for r in 0..<blockRows where bi * blockRows + r < dense.rows {
                    for q in 0..<blockCols where bj * blockCols + q < dense.cols {
                        let w = dense[bi * blockRows + r, bj * blockCols + q]
                        block[r * blockCols + q] = w
                        any = any || w != 0
                    }
                }
                if any {
                    columns.append(Int32(bj))
                    values.append(contentsOf: block)
                }
            }
            starts.append(Int32(columns.count))
        }
        rows = dense.rows
        cols = dense.cols
        self.blockRows = blockRows
        self.blockCols = blockCols
        blockRowStarts = starts
        blockColumns = columns
        self.values = values
    }

    public var blockCount: Int { blockColumns.count }

    /// Fraction of elements outside stored blocks.
    public var sparsity: Double {
        rows * cols == 0 ? 0 : max(0, 1 - Double(values.count) / Double(rows * cols))
    }

    /// The dense matrix this stores.
    public func toDense() -> Matrix {
        var out = Matrix(rows: rows, cols: cols)
        for bi in 0..<(blockRowStarts.count - 1) {
            for index in Int(blockRowStarts[bi])..<Int(blockRowStarts[bi + 1]) {
                let bj = Int(blockColumns[index])
                for r in 0..<blockRows where bi * blockRows + r < rows {
                    for q in 0..<blockCols where bj * blockCols + q < cols {
                        out[bi * blockRows + r, bj * blockCols + q] = values[index * blockRows * blockCols + r * blockCols + q]
                    }
                }
            }
        }
        return out
    }
}
