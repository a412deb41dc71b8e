import BenchKit
import Kernels

/// Checks a kernel's output against the independent Double-precision reference before it
/// is timed. Large outputs are checked on a sample of rows spread over the matrix (all of
/// them when there are few), so verification stays cheap at n = 4096.
enum OutputCheck {
    /// Throws unless the relative (Frobenius) error of the sampled rows of `result`
    /// against `a · b` is at most `tolerance`.
    static func product(_ result: [Float], a: Matrix, b: Matrix, tolerance: Double) throws {
        let rows = Array(Set(stride(from: 0, to: a.rows, by: max(1, a.rows / 8)) + [a.rows - 1])).sorted()
        let error = try sampledRelativeError(result, a: a, b: b, rows: rows)
        guard error <= tolerance else {
            throw VerificationError("relative error \(error) over rows \(rows) exceeds \(tolerance)")
        }
    }
}
