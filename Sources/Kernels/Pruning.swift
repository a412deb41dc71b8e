/// Weight pruning: zero the least important weights so sparse kernels can skip them.
/// Each function returns a new matrix; `Matrix.sparsity` reports what was achieved.
public enum Pruning {
    /// Unstructured magnitude pruning: zeroes the round(sparsity · count) smallest-|w| elements
    /// (ties broken by position, so the zero count is exact).
    public static func magnitude(_ matrix: Matrix, sparsity: Double) throws -> Matrix {
        try checkSparsity(sparsity)
        let count = matrix.values.count
        let prune = min(count, Int((sparsity * Double(count)).rounded()))
        var out = matrix
        guard prune > 0 else { return out }
        // Everything below the prune-th smallest magnitude goes; ties at it go in index order.
        let threshold = matrix.values.map(abs).sorted()[prune - 1]
        var remaining = prune - matrix.values.lazy.filter { abs($0) < threshold }.count
        for index in out.values.indices {
            let magnitude = abs(out.values[index])
            if magnitude < threshold {
                out.values[index] = 0
            } else if magnitude == threshold && remaining > 0 {
                out.values[index] = 0
                remaining -= 1
            }
        }
        return out
    }

    /// 2:4 structured pruning along each row: in every group of four consecutive elements the
    /// two smallest-|w| are zeroed (a trailing group of r < 4 keeps min(r, 2)), i.e. 50%.
    public static func twoOfFour(_ matrix: Matrix) -> Matrix {
        var out = matrix
        for i in 0..<matrix.rows {
            for g in stride(from: 0, to: matrix.cols, by: 4) {
                let group = (g..<min(g + 4, matrix.cols)).map { i * matrix.cols + $0 }
                let ranked = group.sorted { abs(matrix.values[$0]) < abs(matrix.values[$1]) || (abs(matrix.values[$0]) == abs(matrix.values[$1]) && $0 < $1) }
                for index in ranked.prefix(max(0, group.count - 2)) { out.values[index] = 0 }
            }
        }
        return out
    }

    /// Block pruning: tiles the matrix into blockRows×blockCols blocks (edge blocks may be
    /// smaller), ranks them by L2 norm and zeroes the round(sparsity · blockCount) weakest.
    public static func blocks(_ matrix: Matrix, blockRows: Int, blockCols: Int, sparsity: Double) throws -> Matrix {
        try checkSparsity(sparsity)
        guard blockRows > 0, blockCols > 0 else {
            throw KernelError.invalidArgument(what: "block shape", value: "\(blockRows)x\(blockCols)", expected: "positive sizes")
        }
        let gridRows = (matrix.rows + blockRows - 1) / blockRows
        let gridCols = (matrix.cols + blockCols - 1) / blockCols
        var norms = [Double](repeating: 0, count: gridRows * gridCols)
        for i in 0..<matrix.rows {
            for j in 0..<matrix.cols {
                let w = Double(matrix[i, j])
                norms[(i / blockRows) * gridCols + j / blockCols] += w * w
            }
        }
        let prune = min(norms.count, Int((sparsity * Double(norms.count)).rounded()))
        let order = norms.indices.sorted { norms[$0] < norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        var pruned = [Bool](repeating: false, count: norms.count)
        for block in order[0..<prune] { pruned[block] = true }
        var out = matrix
        for i in 0..<matrix.rows {
            for j in 0..<matrix.cols where pruned[(i / blockRows) * gridCols + j / blockCols] { out[i, j] = 0 }
        }
        return out
    }

    private static func checkSparsity(_ sparsity: Double) throws {
        guard sparsity >= 0, sparsity <= 1 else {
            throw KernelError.invalidArgument(what: "sparsity", value: "\(sparsity)", expected: "a fraction in [0, 1]")
        }
    }
}
