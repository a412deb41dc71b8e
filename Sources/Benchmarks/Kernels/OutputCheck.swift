import BenchKit

/// Checks a kernel's output against an independent reference before it is timed.
/// Large outputs are checked on a sample of rows (every row for small ones), each
/// element within a bound that scales with the dot-product length.
enum OutputCheck {
    /// Compares rows of `c` (m×n) with `reference(row)` for up to `rowsToCheck` rows.
    /// `scale(row, column)` is Σ|a·b| of the element, so the bound is relative to the
    /// magnitude of the products summed, not to a result that may cancel to ~0.
    static func rows(m: Int, n: Int, k: Int, c: [Float], rowsToCheck: Int = 16, tolerance: Double,
                     reference: (_ row: Int) -> (values: [Double], scale: [Double])) throws {
        let stride = max(1, m / rowsToCheck)
        var row = 0
        while row < m {
            let (expected, scale) = reference(row)
            for column in 0..<n {
                let got = Double(c[row * n + column])
                let bound = tolerance * max(scale[column], 1e-30)
                if !(abs(got - expected[column]) <= bound) {
                    throw VerificationError("C[\(row),\(column)] = \(got), reference \(expected[column]) (allowed ±\(bound))")
                }
            }
            row += row == m - 1 ? 1 : min(stride, m - 1 - row)
        }
    }

    /// One row of A·B in Double, with Σ|a·b| per column.
    static func referenceRow(_ row: Int, n: Int, k: Int, a: [Float], b: [Float]) -> (values: [Double], scale: [Double]) {
        var values = [Double](repeating: 0, count: n)
        var scale = [Double](repeating: 0, count: n)
        for p in 0..<k {
            let x = Double(a[row * k + p])
            if x == 0 { continue }
            for j in 0..<n {
                let product = x * Double(b[p * n + j])
                values[j] += product
                scale[j] += abs(product)
            }
        }
        return (values, scale)
    }
}
