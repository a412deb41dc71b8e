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
