import BenchStats
/// A dense row-major fp32 matrix: the value type benchmarks and tests pass around.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// Row-major elements: element (i, j) is at `i * cols + j`.
    public var values: [Float]

    /// Wraps `values`; throws when its count is not `rows * cols`.
    public init(rows: Int, cols: Int, values: [Float]) throws {
        guard rows >= 0, cols >= 0 else {
            throw KernelError.invalidArgument(what: "matrix shape", value: "\(rows)x\(cols)", expected: "non-negative")
        }
        guard values.count == rows * cols else {
            throw KernelError.shapeMismatch(what: "Matrix \(rows)x\(cols) values", expected: rows * cols, actual: values.count)
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix filled with `value` (zeros by default).
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
        values = [Float](repeating: value, count: self.rows * self.cols)
    }

    /// A matrix of uniform values in [low, high) drawn from a SplitMix64 seeded with `seed`.
    public init(rows: Int, cols: Int, seed: UInt64, low: Float = -1, high: Float = 1) {
        var rng = SplitMix64(seed: seed)
        self.init(rows: rows, cols: cols)
        for i in values.indices { values[i] = rng.nextFloat(in: low, high) }
    }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// Fraction of elements that are exactly zero.
    public var sparsity: Double {
        values.isEmpty ? 0 : Double(values.lazy.filter { $0 == 0 }.count) / Double(values.count)
    }

    /// `self · other` with the packed SGEMM; throws when the inner dimensions differ.
    public func multiplied(by other: Matrix, threads: Int = 1) throws -> Matrix {
        guard cols == other.rows else {
            throw KernelError.shapeMismatch(what: "inner dimension of \(rows)x\(cols) · \(other.rows)x\(other.cols)",
                                            expected: cols, actual: other.rows)
        }
        var out = Matrix(rows: rows, cols: other.cols)
        if out.values.isEmpty || cols == 0 { return out }
        sgemm(m: rows, n: other.cols, k: cols, a: values, b: other.values, c: &out.values, threads: threads)
        return out
    }
}
