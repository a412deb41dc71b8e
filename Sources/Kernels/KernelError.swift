/// Errors raised by the kernels for bad input or an unusable CPU; each carries what went
/// wrong, where, and what to do about it.
public enum KernelError: Error, CustomStringConvertible, Equatable {
    /// The CPU lacks instructions the module was compiled for.
    case unsupportedCPU(compiledFor: String, missing: [String])
    /// A buffer's size does not match the shape it is said to hold.
    case shapeMismatch(what: String, expected: Int, actual: Int)
    /// A parameter is outside its valid range.
    case invalidArgument(what: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unsupportedCPU(isa, missing):
            return "Kernels were compiled for \(isa) but this CPU lacks \(missing.joined(separator: ", ")); "
                + "rebuild with BENCHKIT_KERNEL_ISA=baseline swift build -c release"
        case let .shapeMismatch(what, expected, actual):
            return "\(what): expected \(expected) elements, got \(actual); check the rows/cols you passed"
        case let .invalidArgument(what, value, expected):
            return "\(what) = \(value) is invalid; expected \(expected)"
        }
    }
}

extension KernelError {
    /// Throws unless `weights` holds `rows`×`cols` finite values (`what` names the type).
    static func checkWeights(_ weights: [Float], rows: Int, cols: Int, what: String) throws {
        guard rows >= 0, cols >= 0, weights.count == rows * cols else {
            throw KernelError.shapeMismatch(what: "\(what) \(rows)x\(cols) weights", expected: rows * cols, actual: weights.count)
        }
        if let bad = weights.firstIndex(where: { !$0.isFinite }) {
            throw KernelError.invalidArgument(what: "weight at row \(bad / max(cols, 1)), column \(bad % max(cols, 1))",
                                              value: "\(weights[bad])", expected: "a finite value")
        }
    }

    /// Throws unless a layer `C[m×n] = A[m×k] · W` gets m×k activations and m×n outputs.
    static func checkLayer(_ what: String, m: Int, k: Int, n: Int, activations: Int, outputs: Int) throws {
        guard activations == m * k else {
            throw KernelError.shapeMismatch(what: "\(what) activations \(m)x\(k)", expected: m * k, actual: activations)
        }
        guard outputs == m * n else {
            throw KernelError.shapeMismatch(what: "\(what) output \(m)x\(n)", expected: m * n, actual: outputs)
        }
    }
}
