import BenchKit

/// Every benchmark this binary knows. To add one: write it in its own file, add it to
/// this list, and name it in a suite file.
public enum Catalog {
    public static let registry = Registry([
        HarnessBenchmarks.empty,
        HarnessBenchmarks.sum,
    ])

    /// The instruction set the kernels were compiled for (recorded in results).
    public static var kernelISA: String? { nil }
}
